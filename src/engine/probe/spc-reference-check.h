/* spc-reference-check.h — a silent port tried on a host that must answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-request.h"
#include "spc-result.h"

G_BEGIN_DECLS

/* The reference check of @result's port. Whom to ask: for port 25 the MX
 * hosts of the server's domain (its name, then its parent's), lowest
 * preference first, then @request's reference host; for any other port the
 * reference host. Hosts named like the server, or whose address is one of
 * @server_addresses (GInetAddress), are skipped: the server cannot be its
 * own reference. Each MX lookup waits for a slot of the request's
 * handshake queue and has the stage deadline from then; the hosts' lookups
 * share one; then at most ONE TCP connection is made, with the request's
 * stage deadline (the time the server had), and closed at once: nothing is
 * sent on it.
 *
 * @result's "reference" becomes pending when the connection starts, then
 * the outcome (dns-error when no host to ask could be resolved); it stays
 * NULL when there is no host to ask at all. Never fails. */
void spc_reference_check_run_async  (SpcRequest          *request,
                                     SpcResult           *result,
                                     GList               *server_addresses,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
void spc_reference_check_run_finish (GAsyncResult        *result);

G_END_DECLS
