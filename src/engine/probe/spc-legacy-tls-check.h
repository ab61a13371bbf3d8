/* spc-legacy-tls-check.h — does a server that spoke modern TLS also accept TLS 1.0 or 1.1?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-request.h"
#include "spc-result.h"

G_BEGIN_DECLS

/* TRUE when @result's probe ended with a TLS session (implicit TLS, or
 * after STARTTLS) and was not cancelled: only then can the same server be
 * asked again */
gboolean spc_legacy_tls_check_applies    (SpcResult           *result);
/* It applies, @request asks for it, and @cancellable is not cancelled */
gboolean spc_legacy_tls_check_wanted     (SpcRequest          *request,
                                          SpcResult           *result,
                                          GCancellable        *cancellable);

/* The second connection of @result's port, to the address that answered:
 * for STARTTLS ports the greeting, EHLO and STARTTLS in clear (bounded
 * replies), then a handshake (net/spc-legacy-handshake.h) offering TLS 1.1
 * alone; then the same on a third connection, offering TLS 1.0 alone. Nothing but EHLO, STARTTLS and QUIT is ever sent. Every step has
 * the request's stage deadline; the handshake waits for a slot of the
 * request's handshake queue first (no deadline meanwhile), as the probe's
 * own handshakes do. Sets @result's "legacy-tls1-0" / "legacy-tls1-1":
 * checking, then accepted, refused or cannot-tell (not-checked again when
 * @cancellable stops it). Never fails. */
void     spc_legacy_tls_check_run_async  (SpcRequest          *request,
                                          SpcResult           *result,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void     spc_legacy_tls_check_run_finish (GAsyncResult        *result);

G_END_DECLS
