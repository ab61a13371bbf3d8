/* spc-tls-database.c — two certificate databases layered as one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "spc-bounded-file.h"
#include "spc-certificate-inspect.h"
#include "spc-error.h"
#include "spc-tls-database.h"

/* A verdict per chain and name is reused for a short while: the ports of
 * one host usually serve the same chain, and glib-networking 2.74 verifies
 * on the handshake's main context, one connection after another (about
 * 2 M instructions each, see docs/benchmarks.md). Short-lived, so a
 * certificate that expires or a CA file that changes is seen soon. */
#define VERDICT_LIFETIME_US (60 * G_USEC_PER_SEC)
#define MAX_VERDICTS        1024
/* Certificates whose inspection is shared (spc-certificate-inspect.h) */
#define MAX_FACTS           1024
#define MAX_CHAIN_LENGTH    16
/* Chains whose certificate objects results share */
#define MAX_CHAINS          1024

typedef struct {
  GTlsCertificateFlags flags;
  gint64               expires_us;
} Verdict;

struct _SpcTlsDatabase
{
  GTlsDatabase  parent_instance;

  GTlsDatabase *primary;
  GTlsDatabase *fallback;

  GMutex        mutex;      /* verify_chain runs on whatever thread calls it */
  GHashTable   *verdicts;   /* SHA-256 of what was asked (hex) → Verdict */
  GHashTable   *facts;      /* DER (GBytes) → SpcCertificateFacts */
  GHashTable   *chains;     /* every DER of a chain (GBytes) → its first GTlsCertificate */
};

G_DEFINE_FINAL_TYPE (SpcTlsDatabase, spc_tls_database, G_TYPE_TLS_DATABASE)

static guint
count_flags (GTlsCertificateFlags flags)
{
  return (guint) __builtin_popcount ((unsigned int) flags);
}

/* The name the identity check compares, with its kind (a name and an
 * address of the same spelling are checked differently) */
static char *
identity_to_string (GSocketConnectable *identity)
{
  g_autofree char *address = NULL;
  const char *name;

  if (identity == NULL)
    return g_strdup ("");
  if (G_IS_NETWORK_ADDRESS (identity))
    name = g_network_address_get_hostname (G_NETWORK_ADDRESS (identity));
  else if (G_IS_NETWORK_SERVICE (identity))
    name = g_network_service_get_domain (G_NETWORK_SERVICE (identity));
  else if (G_IS_INET_SOCKET_ADDRESS (identity))
    name = address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (identity)));
  else
    name = address = g_socket_connectable_to_string (identity);

  return g_strconcat (G_OBJECT_TYPE_NAME (identity), " ", name, NULL);
}

/* Everything the verdict depends on but the time: every certificate of
 * the chain, the name, the purpose and the flags */
static char *
verdict_key (GTlsCertificate         *chain,
             const char              *purpose,
             GSocketConnectable      *identity,
             GTlsDatabaseVerifyFlags  flags)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *name = identity_to_string (identity);
  g_autofree char *head = g_strdup_printf ("%s\n%s\n%u\n", purpose, name, (guint) flags);

  g_checksum_update (checksum, (const guchar *) head, -1);
  for (GTlsCertificate *certificate = chain; certificate != NULL;
       certificate = g_tls_certificate_get_issuer (certificate))
    {
      g_autoptr(GByteArray) der = NULL;
      guint32 length;

      g_object_get (certificate, "certificate", &der, NULL);
      if (der == NULL)
        return NULL;
      length = GUINT32_TO_BE (der->len);
      g_checksum_update (checksum, (const guchar *) &length, sizeof length);
      g_checksum_update (checksum, der->data, der->len);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
lookup_verdict (SpcTlsDatabase       *self,
                const char           *key,
                GTlsCertificateFlags *flags)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  Verdict *verdict = g_hash_table_lookup (self->verdicts, key);

  if (verdict == NULL || verdict->expires_us <= g_get_monotonic_time ())
    return FALSE;
  *flags = verdict->flags;
  return TRUE;
}

static void
store_verdict (SpcTlsDatabase       *self,
               const char           *key,
               GTlsCertificateFlags  flags)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  Verdict *verdict = g_new (Verdict, 1);

  /* Bounded: a check of more chains than this starts over */
  if (g_hash_table_size (self->verdicts) >= MAX_VERDICTS)
    g_hash_table_remove_all (self->verdicts);
  verdict->flags = flags;
  verdict->expires_us = g_get_monotonic_time () + VERDICT_LIFETIME_US;
  g_hash_table_replace (self->verdicts, g_strdup (key), verdict);
}

/* Every certificate of @chain gets the facts cell of its bytes: glib-networking
 * builds new certificate objects for every connection, and the probes
 * inspect each one (spc_certificate_inspect()) */
static void
share_facts (SpcTlsDatabase  *self,
             GTlsCertificate *chain)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  guint length = 0;

  for (GTlsCertificate *certificate = chain; certificate != NULL && length < MAX_CHAIN_LENGTH;
       certificate = g_tls_certificate_get_issuer (certificate), length++)
    {
      g_autoptr(GByteArray) array = NULL;
      g_autoptr(GBytes) der = NULL;
      SpcCertificateFacts *facts;

      g_object_get (certificate, "certificate", &array, NULL);
      if (array == NULL)
        return;
      der = g_byte_array_free_to_bytes (g_steal_pointer (&array));
      facts = g_hash_table_lookup (self->facts, der);
      if (facts == NULL)
        {
          /* Bounded: a check of more certificates than this starts over */
          if (g_hash_table_size (self->facts) >= MAX_FACTS)
            g_hash_table_remove_all (self->facts);
          facts = spc_certificate_facts_new ();
          g_hash_table_insert (self->facts, g_bytes_ref (der), facts);
        }
      spc_certificate_share_facts (certificate, facts);
    }
}

/* A chain is as good as its best verdict: anchored in either database.
 * Never combine flags from both (an intersection could hide a problem that
 * each database sees under another name); keep the smaller complete set.
 * Errors (a cancel included) are never remembered. */
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
  g_autofree char *key = verdict_key (chain, purpose, identity, flags);
  GTlsCertificateFlags verdict;
  GTlsCertificateFlags fallback_flags;
  g_autoptr(GError) local_error = NULL;

  share_facts (self, chain);
  if (key != NULL && lookup_verdict (self, key, &verdict))
    return verdict;

  verdict = g_tls_database_verify_chain (self->primary, chain, purpose, identity,
                                         interaction, flags, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return G_TLS_CERTIFICATE_GENERIC_ERROR;
    }

  if (verdict != 0 && self->fallback != NULL)
    {
      fallback_flags = g_tls_database_verify_chain (self->fallback, chain, purpose, identity,
                                                    interaction, flags, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return G_TLS_CERTIFICATE_GENERIC_ERROR;
        }
      if (count_flags (fallback_flags) < count_flags (verdict))
        verdict = fallback_flags;
    }

  if (key != NULL)
    store_verdict (self, key, verdict);
  return verdict;
}

/* The bytes of every certificate of @chain, each after its length; NULL
 * when one has none or the chain is longer than any real one */
static GBytes *
chain_bytes (GTlsCertificate *chain)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint length = 0;

  for (GTlsCertificate *certificate = chain; certificate != NULL;
       certificate = g_tls_certificate_get_issuer (certificate), length++)
    {
      g_autoptr(GByteArray) der = NULL;
      guint32 size;

      if (length == MAX_CHAIN_LENGTH)
        return NULL;
      g_object_get (certificate, "certificate", &der, NULL);
      if (der == NULL)
        return NULL;
      size = GUINT32_TO_BE (der->len);
      g_byte_array_append (all, (const guint8 *) &size, sizeof size);
      g_byte_array_append (all, der->data, der->len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

GTlsCertificate *
spc_tls_database_dup_shared_certificate (SpcTlsDatabase  *self,
                                         GTlsCertificate *chain)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GBytes) key = NULL;
  GTlsCertificate *shared;

  g_return_val_if_fail (SPC_IS_TLS_DATABASE (self), NULL);
  g_return_val_if_fail (chain == NULL || G_IS_TLS_CERTIFICATE (chain), NULL);

  if (chain == NULL || (key = chain_bytes (chain)) == NULL)
    return chain != NULL ? g_object_ref (chain) : NULL;

  locker = g_mutex_locker_new (&self->mutex);
  shared = g_hash_table_lookup (self->chains, key);
  if (shared != NULL)
    return g_object_ref (shared);
  /* Bounded: past this many chains, results keep their own */
  if (g_hash_table_size (self->chains) < MAX_CHAINS)
    g_hash_table_insert (self->chains, g_steal_pointer (&key), g_object_ref (chain));
  return g_object_ref (chain);
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
  g_clear_pointer (&self->verdicts, g_hash_table_unref);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  g_clear_pointer (&self->chains, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

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
  g_mutex_init (&self->mutex);
  self->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->facts = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                       (GDestroyNotify) spc_certificate_facts_unref);
  self->chains = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                        g_object_unref);
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

/* GTlsFileDatabase takes only a path, and reads it again. The user's file
 * is read once, bounded (a pipe such as `<(cat ca.pem)` has nothing left
 * for a second read), and its bytes go to a private copy that lives as
 * long as it takes to build the database. */
static GTlsDatabase *
new_file_database (GBytes      *contents,
                   const char  *ca_file,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *copy = NULL;
  GTlsDatabase *database = NULL;
  GList *certificates = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);
  int fd;

  fd = g_file_open_tmp ("spc-ca-XXXXXX.pem", &copy, &local_error);
  if (fd < 0 || !g_close (fd, &local_error)
      || !g_file_set_contents (copy, data != NULL ? data : "", (gssize) length, &local_error))
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” cannot be used: %s"), ca_file, local_error->message);
      if (copy != NULL)
        g_unlink (copy);
      return NULL;
    }

  /* GTlsFileDatabase accepts a file without certificates; a CA file that
   * trusts nothing is a mistake the user must hear about. */
  certificates = g_tls_certificate_list_new_from_file (copy, &local_error);
  if (local_error != NULL)
    g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                 _("The CA file “%s” cannot be read: %s"), ca_file, local_error->message);
  else if (certificates == NULL)
    g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                 _("The CA file “%s” holds no PEM certificate"), ca_file);
  else if ((database = g_tls_file_database_new (copy, &local_error)) == NULL)
    g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                 _("The CA file “%s” cannot be used: %s"), ca_file, local_error->message);

  g_list_free_full (certificates, g_object_unref);
  g_unlink (copy);
  return database;
}

GTlsDatabase *
spc_tls_database_new_shared (GTlsDatabase *database)
{
  g_autoptr(GTlsDatabase) system_database = NULL;

  g_return_val_if_fail (database == NULL || G_IS_TLS_DATABASE (database), NULL);

  if (database != NULL && SPC_IS_TLS_DATABASE (database))
    return g_object_ref (database);
  if (database != NULL)
    return spc_tls_database_new (database, NULL);

  system_database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  return system_database != NULL ? spc_tls_database_new (system_database, NULL) : NULL;
}

GTlsDatabase *
spc_tls_database_new_with_ca_file (const char  *ca_file,
                                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GTlsDatabase) file_database = NULL;
  g_autoptr(GTlsDatabase) system_database = NULL;

  g_return_val_if_fail (ca_file != NULL, NULL);

  contents = spc_bounded_file_read (ca_file, SPC_BOUNDED_FILE_MAX_BYTES,
                                    SPC_BOUNDED_FILE_TIMEOUT_MS, &local_error);
  if (contents == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file cannot be used: %s"), local_error->message);
      return NULL;
    }

  file_database = new_file_database (contents, ca_file, error);
  if (file_database == NULL)
    return NULL;

  system_database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  return spc_tls_database_new (file_database, system_database);
}
