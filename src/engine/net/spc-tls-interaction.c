/* spc-tls-interaction.c — notices that a server asks for a client certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-tls-interaction.h"

struct _SpcTlsInteraction
{
  GTlsInteraction parent_instance;

  gint            certificate_requested;  /* atomic */
};

G_DEFINE_FINAL_TYPE (SpcTlsInteraction, spc_tls_interaction, G_TYPE_TLS_INTERACTION)

/* Called on the handshake thread: no certificate, the handshake goes on */
static GTlsInteractionResult
spc_tls_interaction_request_certificate (GTlsInteraction              *interaction,
                                         GTlsConnection               *connection,
                                         GTlsCertificateRequestFlags   flags,
                                         GCancellable                 *cancellable,
                                         GError                      **error)
{
  SpcTlsInteraction *self = SPC_TLS_INTERACTION (interaction);

  g_atomic_int_set (&self->certificate_requested, TRUE);
  return G_TLS_INTERACTION_UNHANDLED;
}

static void
spc_tls_interaction_class_init (SpcTlsInteractionClass *klass)
{
  GTlsInteractionClass *interaction_class = G_TLS_INTERACTION_CLASS (klass);

  interaction_class->request_certificate = spc_tls_interaction_request_certificate;
}

static void
spc_tls_interaction_init (SpcTlsInteraction *self)
{
}

SpcTlsInteraction *
spc_tls_interaction_new (void)
{
  return g_object_new (SPC_TYPE_TLS_INTERACTION, NULL);
}

gboolean
spc_tls_interaction_get_certificate_requested (SpcTlsInteraction *self)
{
  g_return_val_if_fail (SPC_IS_TLS_INTERACTION (self), FALSE);

  return g_atomic_int_get (&self->certificate_requested);
}
