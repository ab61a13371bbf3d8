/* spc-probe.h — one port: an asynchronous state machine with per-stage deadlines
 *
 * resolve → connect → [implicit TLS] → greeting → EHLO →
 *   [STARTTLS → 220 → no buffered bytes → TLS handshake → EHLO] → QUIT
 *
 * Never AUTH, never MAIL. Never sends before the greeting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-lookup.h"
#include "spc-ports.h"
#include "spc-request.h"
#include "spc-result.h"

G_BEGIN_DECLS

#define SPC_TYPE_PROBE (spc_probe_get_type ())

G_DECLARE_FINAL_TYPE (SpcProbe, spc_probe, SPC, PROBE, GObject)

/* @request: the host (the server identity: certificates are checked
 * against it; an IDN in its ASCII form), the deadline, the family, the
 * connect address (--resolve) and the trust; only read here.
 * @addresses: NULL, or already resolved GInetAddress list shared by every
 * port of a diagnosis (so DNS costs one deadline, not one per port). */
SpcProbe  *spc_probe_new               (SpcRequest          *request,
                                        guint16              port,
                                        SpcMode              mode);
void       spc_probe_set_addresses     (SpcProbe            *self,
                                        GList               *inet_addresses);
/* The result object, live from the start; owned by the probe */
SpcResult *spc_probe_get_result        (SpcProbe            *self);
/* Never fails: the outcome (cancelled included) is in the result */
void       spc_probe_run_async         (SpcProbe            *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SpcResult *spc_probe_run_finish        (SpcProbe            *self,
                                        GAsyncResult        *result);

G_END_DECLS
