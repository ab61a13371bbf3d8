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

SpcSecret *
spc_keyring_lookup (const char    *host,
                    const char    *user,
                    GCancellable  *cancellable,
                    GError       **error)
{
  SpcSecret *secret;
  char *password;

  /* Non-pageable: libsecret keeps it in locked memory until we copy it */
  password = secret_password_lookup_nonpageable_sync (&msmtp_schema, cancellable, error,
                                                      "host", host,
                                                      "service", "smtp",
                                                      "user", user,
                                                      NULL);
  if (password == NULL)
    return NULL;

  secret = spc_secret_new (password, strlen (password));
  secret_password_free (password);
  return secret;
}

gboolean
spc_keyring_store (const char       *host,
                   const char       *user,
                   const SpcSecret  *password,
                   GCancellable     *cancellable,
                   GError          **error)
{
  /* Translators: the label of the password in Passwords and Keys (Seahorse) */
  g_autofree char *label = g_strdup_printf (_("Mail password for %s on %s"), user, host);

  return secret_password_store_sync (&msmtp_schema, SECRET_COLLECTION_DEFAULT, label,
                                     spc_secret_get (password), cancellable, error,
                                     "host", host,
                                     "service", "smtp",
                                     "user", user,
                                     NULL);
}
