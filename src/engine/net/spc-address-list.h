/* spc-address-list.h — a GSocketConnectable over addresses resolved already
 *
 * Lets GSocketClient race IPv6 and IPv4 (happy eyeballs) over addresses the
 * diagnosis resolved once, without resolving the name again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_ADDRESS_LIST (spc_address_list_get_type ())

G_DECLARE_FINAL_TYPE (SpcAddressList, spc_address_list, SPC, ADDRESS_LIST, GObject)

/* @inet_addresses: GList of GInetAddress (copied, in the order to try) */
SpcAddressList *spc_address_list_new       (GList          *inet_addresses,
                                            guint16         port);

G_END_DECLS
