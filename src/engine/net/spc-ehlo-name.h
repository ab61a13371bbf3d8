/* spc-ehlo-name.h — the name a client gives in EHLO: its own address literal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "[192.0.2.1]", "[IPv6:2001:db8::1]" (RFC 5321 §4.1.3) for the local end
 * of @connection, not the machine's host name (which leaks and is often
 * not a valid domain) */
char *spc_ehlo_name_for_connection (GSocketConnection *connection);

G_END_DECLS
