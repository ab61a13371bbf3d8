/* spc-keyring.c — the password in the Secret Service, as msmtp keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "spc-keyring.h"

/* Matches entries whatever schema stored them (secret-tool stores none) */
static const SecretSchema msmtp_schema = {
  "org.example.SmtpPort.Password", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Copies libsecret's non-pageable string into an SpcSecret and frees it */
static SpcSecret *
take_password (char *password)
{
  SpcSecret *secret;

  if (password == NULL)
    return NULL;
  secret = spc_secret_new (password, strlen (password));
  secret_password_free (password);
  return secret;
}

SpcSecret *
spc_keyring_lookup (const char    *host,
                    const char    *user,
                    GCancellable  *cancellable,
                    GError       **error)
{
  char *password;

  /* Non-pageable: libsecret keeps it in locked memory until we copy it */
  password = secret_password_lookup_nonpageable_sync (&msmtp_schema, cancellable, error,
                                                      "host", host,
                                                      "service", "smtp",
                                                      "user", user,
                                                      NULL);
  return take_password (password);
}

static char *
dup_label (const char *host,
           const char *user)
{
  /* Translators: the label of the password in Passwords and Keys (Seahorse) */
  return g_strdup_printf (_("Mail password for %s on %s"), user, host);
}

gboolean
spc_keyring_store (const char       *host,
                   const char       *user,
                   const SpcSecret  *password,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autofree char *label = dup_label (host, user);

  return secret_password_store_sync (&msmtp_schema, SECRET_COLLECTION_DEFAULT, label,
                                     spc_secret_get (password), cancellable, error,
                                     "host", host,
                                     "service", "smtp",
                                     "user", user,
                                     NULL);
}

void
spc_keyring_lookup_async (const char          *host,
                          const char          *user,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  secret_password_lookup (&msmtp_schema, cancellable, callback, user_data,
                          "host", host,
                          "service", "smtp",
                          "user", user,
                          NULL);
}

SpcSecret *
spc_keyring_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  return take_password (secret_password_lookup_nonpageable_finish (result, error));
}

void
spc_keyring_store_async (const char          *host,
                         const char          *user,
                         const SpcSecret     *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *label = dup_label (host, user);

  /* libsecret copies the password into its own non-pageable memory at once */
  secret_password_store (&msmtp_schema, SECRET_COLLECTION_DEFAULT, label,
                         spc_secret_get (password), cancellable, callback, user_data,
                         "host", host,
                         "service", "smtp",
                         "user", user,
                         NULL);
}

gboolean
spc_keyring_store_finish (GAsyncResult  *result,
                          GError       **error)
{
  return secret_password_store_finish (result, error);
}
