/* spc-tls-interaction.h — notices that a server asks for a client certificate
 *
 * The probe has no client certificate to give. A server that demands one
 * fails the session after the handshake (TLS 1.3) or during it, often by
 * just closing: without this, that reads as "no greeting". glib-networking
 * asks the connection's interaction for a certificate when the server
 * requests one; this interaction gives none and remembers being asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_TLS_INTERACTION (spc_tls_interaction_get_type ())

G_DECLARE_FINAL_TYPE (SpcTlsInteraction, spc_tls_interaction, SPC, TLS_INTERACTION, GTlsInteraction)

SpcTlsInteraction *spc_tls_interaction_new                       (void);
/* TRUE once the server asked for a client certificate (thread-safe: the
 * request comes on glib-networking's handshake thread) */
gboolean           spc_tls_interaction_get_certificate_requested (SpcTlsInteraction *self);

G_END_DECLS
