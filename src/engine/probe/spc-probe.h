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

#include "spc-ports.h"
#include "spc-result.h"

G_BEGIN_DECLS

typedef enum {
  SPC_FAMILY_ANY,
  SPC_FAMILY_IPV4,
  SPC_FAMILY_IPV6,
} SpcFamily;

#define SPC_DEFAULT_TIMEOUT_MS 10000

#define SPC_TYPE_PROBE (spc_probe_get_type ())

G_DECLARE_FINAL_TYPE (SpcProbe, spc_probe, SPC, PROBE, GObject)

/* @host: the server identity (certificates are checked against it; an IDN
 * in its ASCII form); @connect_address: NULL to resolve @host, or an IP
 * address to connect to instead (--resolve); @addresses: NULL, or already
 * resolved GInetAddress list shared by every port of a diagnosis (so DNS
 * costs one deadline, not one per port). */
SpcProbe  *spc_probe_new               (const char          *host,
                                        guint16              port,
                                        SpcMode              mode);
void       spc_probe_set_timeout_ms    (SpcProbe            *self,
                                        guint                timeout_ms);
void       spc_probe_set_family        (SpcProbe            *self,
                                        SpcFamily            family);
void       spc_probe_set_connect_address (SpcProbe          *self,
                                        const char          *address);
void       spc_probe_set_addresses     (SpcProbe            *self,
                                        GList               *inet_addresses);
/* NULL: the system's default database */
void       spc_probe_set_tls_database  (SpcProbe            *self,
                                        GTlsDatabase        *database);
/* The result object, live from the start; owned by the probe */
SpcResult *spc_probe_get_result        (SpcProbe            *self);
/* Never fails: the outcome (cancelled included) is in the result */
void       spc_probe_run_async         (SpcProbe            *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SpcResult *spc_probe_run_finish        (SpcProbe            *self,
                                        GAsyncResult        *result);

/* Reads a PEM file of extra trusted CAs, layered over the system database:
 * certificates anchored in either are trusted. */
GTlsDatabase *spc_tls_database_new_with_ca_file (const char *ca_file,
                                                 GError    **error);

G_END_DECLS
