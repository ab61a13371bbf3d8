/* spc-certificate-text.c — a certificate's dates and problems in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-certificate-text.h"

char *
spc_certificate_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* Translators: a certificate date, e.g. "2 March 2026"; see g_date_time_format() */
  return g_date_time_format (local != NULL ? local : date, _("%-d %B %Y"));
}

/* The names the certificate was issued for: its DNS names, or its subject */
static char *
describe_names (SpcResult *result)
{
  const char * const *names = spc_result_get_cert_dns_names (result);

  if (names != NULL && names[0] != NULL)
    {
      guint n = g_strv_length ((char **) names);

      if (n > 5)
        {
          g_autofree char *first = g_strdup_printf ("%s, %s, %s", names[0], names[1], names[2]);

          /* Translators: "a.example, b.example, c.example and 7 other names" */
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s and %u other name",
                                               "%s and %u other names",
                                               n - 3),
                                  first, n - 3);
        }

      return g_strjoinv (", ", (char **) names);
    }

  return g_strdup (spc_result_get_cert_subject (result));
}

static char *
describe_expired (SpcResult *result)
{
  g_autofree char *date = spc_certificate_format_date (spc_result_get_cert_not_after (result));

  if (date != NULL)
    return g_strdup_printf (_("The certificate expired on %s."), date);
  return g_strdup (_("The certificate has expired."));
}

static char *
describe_not_activated (SpcResult *result)
{
  g_autofree char *date = spc_certificate_format_date (spc_result_get_cert_not_before (result));

  if (date != NULL)
    return g_strdup_printf (_("The certificate is not valid before %s."), date);
  return g_strdup (_("The certificate is not valid yet."));
}

static char *
describe_bad_identity (SpcResult *result)
{
  const char *host = spc_result_get_host (result);
  g_autofree char *names = describe_names (result);

  if (names != NULL && host != NULL)
    return g_strdup_printf (_("The certificate was issued for %s, not %s."), names, host);
  if (host != NULL)
    return g_strdup_printf (_("The certificate was not issued for %s."), host);
  return g_strdup (_("The certificate was issued for another server."));
}

static char *
describe_unknown_ca (SpcResult *result)
{
  const char *issuer = spc_result_get_cert_issuer (result);

  if (issuer != NULL && g_strcmp0 (issuer, spc_result_get_cert_subject (result)) == 0)
    return g_strdup_printf (_("The certificate is self-signed (%s), so this computer cannot tell it from a forgery."),
                            issuer);
  if (issuer != NULL)
    return g_strdup_printf (_("The certificate is signed by an authority this computer does not trust (%s)."),
                            issuer);
  return g_strdup (_("The certificate is signed by an authority this computer does not trust."));
}

char **
spc_certificate_describe_problems (SpcResult *result)
{
  GTlsCertificateFlags flags;
  GPtrArray *out;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  flags = spc_result_get_certificate_errors (result);
  out = g_ptr_array_new ();

  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (out, describe_expired (result));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (out, describe_not_activated (result));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (out, describe_bad_identity (result));
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (out, describe_unknown_ca (result));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (out, g_strdup (_("The certificate has been revoked by its authority.")));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (out, g_strdup (_("The certificate relies on an insecure algorithm.")));
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_ptr_array_add (out, g_strdup (_("The certificate could not be verified.")));

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}
