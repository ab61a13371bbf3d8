/* spc-tls-database.c — two certificate databases layered as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-error.h"
#include "spc-tls-database.h"

struct _SpcTlsDatabase
{
  GTlsDatabase  parent_instance;

  GTlsDatabase *primary;
  GTlsDatabase *fallback;
};

G_DEFINE_FINAL_TYPE (SpcTlsDatabase, spc_tls_database, G_TYPE_TLS_DATABASE)

static guint
count_flags (GTlsCertificateFlags flags)
{
  return (guint) __builtin_popcount ((unsigned int) flags);
}

/* A chain is as good as its best verdict: anchored in either database.
 * Never combine flags from both (an intersection could hide a problem that
 * each database sees under another name); keep the smaller complete set. */
static GTlsCertificateFlags
spc_tls_database_verify_chain (GTlsDatabase             *database,
                               GTlsCertificate          *chain,
                               const char               *purpose,
                               GSocketConnectable       *identity,
                               GTlsInteraction          *interaction,
                               GTlsDatabaseVerifyFlags   flags,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  SpcTlsDatabase *self = SPC_TLS_DATABASE (database);
  GTlsCertificateFlags primary_flags;
  GTlsCertificateFlags fallback_flags;
  g_autoptr(GError) local_error = NULL;

  primary_flags = g_tls_database_verify_chain (self->primary, chain, purpose, identity,
                                               interaction, flags, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return G_TLS_CERTIFICATE_GENERIC_ERROR;
    }

  if (primary_flags == 0 || self->fallback == NULL)
    return primary_flags;

  fallback_flags = g_tls_database_verify_chain (self->fallback, chain, purpose, identity,
                                                interaction, flags, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return G_TLS_CERTIFICATE_GENERIC_ERROR;
    }

  return count_flags (fallback_flags) < count_flags (primary_flags) ? fallback_flags : primary_flags;
}

static GTlsCertificate *
spc_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                            GTlsCertificate          *certificate,
                                            GTlsInteraction          *interaction,
                                            GTlsDatabaseLookupFlags   flags,
                                            GCancellable             *cancellable,
                                            GError                  **error)
{
  SpcTlsDatabase *self = SPC_TLS_DATABASE (database);
  GTlsCertificate *issuer;

  issuer = g_tls_database_lookup_certificate_issuer (self->primary, certificate, interaction,
                                                     flags, cancellable, error);
  if (issuer != NULL || self->fallback == NULL || (error != NULL && *error != NULL))
    return issuer;

  return g_tls_database_lookup_certificate_issuer (self->fallback, certificate, interaction,
                                                   flags, cancellable, error);
}

static GList *
spc_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                GByteArray               *issuer_raw_dn,
                                                GTlsInteraction          *interaction,
                                                GTlsDatabaseLookupFlags   flags,
                                                GCancellable             *cancellable,
                                                GError                  **error)
{
  SpcTlsDatabase *self = SPC_TLS_DATABASE (database);
  GList *found;

  found = g_tls_database_lookup_certificates_issued_by (self->primary, issuer_raw_dn, interaction,
                                                        flags, cancellable, error);
  if (self->fallback == NULL || (error != NULL && *error != NULL))
    return found;

  return g_list_concat (found,
                        g_tls_database_lookup_certificates_issued_by (self->fallback, issuer_raw_dn,
                                                                      interaction, flags,
                                                                      cancellable, error));
}

static void
spc_tls_database_finalize (GObject *object)
{
  SpcTlsDatabase *self = SPC_TLS_DATABASE (object);

  g_clear_object (&self->primary);
  g_clear_object (&self->fallback);

  G_OBJECT_CLASS (spc_tls_database_parent_class)->finalize (object);
}

static void
spc_tls_database_class_init (SpcTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = spc_tls_database_finalize;

  /* The *_async variants default to running these in a thread */
  database_class->verify_chain = spc_tls_database_verify_chain;
  database_class->lookup_certificate_issuer = spc_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by = spc_tls_database_lookup_certificates_issued_by;
}

static void
spc_tls_database_init (SpcTlsDatabase *self)
{
}

GTlsDatabase *
spc_tls_database_new (GTlsDatabase *primary,
                      GTlsDatabase *fallback)
{
  SpcTlsDatabase *self;

  g_return_val_if_fail (G_IS_TLS_DATABASE (primary), NULL);
  g_return_val_if_fail (fallback == NULL || G_IS_TLS_DATABASE (fallback), NULL);

  self = g_object_new (SPC_TYPE_TLS_DATABASE, NULL);
  self->primary = g_object_ref (primary);
  self->fallback = fallback != NULL ? g_object_ref (fallback) : NULL;

  return G_TLS_DATABASE (self);
}

GTlsDatabase *
spc_tls_database_new_with_ca_file (const char  *ca_file,
                                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTlsDatabase) file_database = NULL;
  g_autoptr(GTlsDatabase) system_database = NULL;
  GList *certificates;

  g_return_val_if_fail (ca_file != NULL, NULL);

  /* GTlsFileDatabase accepts a file without certificates; a CA file that
   * trusts nothing is a mistake the user must hear about. */
  certificates = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” cannot be read: %s"), ca_file, local_error->message);
      return NULL;
    }

  if (certificates == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” holds no PEM certificate"), ca_file);
      return NULL;
    }

  g_list_free_full (certificates, g_object_unref);

  file_database = g_tls_file_database_new (ca_file, &local_error);
  if (file_database == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” cannot be used: %s"), ca_file, local_error->message);
      return NULL;
    }

  system_database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  return spc_tls_database_new (file_database, system_database);
}
