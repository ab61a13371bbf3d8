/* spc-certificate-text.c — a certificate's dates and problems in words
 *
 * Each problem is named for what it is (the leaf's date or an
 * intermediate's, a missing intermediate rather than an unknown authority)
 * and says who can fix it and how: this computer's clock, the CA file, the
 * right name, or the server's administrator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-certificate-text.h"
#include "spc-display-text.h"

/* What is wrong, most telling first; one problem may stand for several
 * facts (an unknown authority explained by a missing intermediate) */
typedef enum {
  PROBLEM_EXPIRED,
  PROBLEM_EXPIRED_INTERMEDIATE,
  PROBLEM_EXPIRED_CHAIN,          /* "expired", but neither the leaf nor a sent intermediate */
  PROBLEM_NOT_ACTIVATED,
  PROBLEM_BAD_IDENTITY,
  PROBLEM_MISSING_INTERMEDIATE,
  PROBLEM_SELF_SIGNED,
  PROBLEM_UNKNOWN_CA,
  PROBLEM_WRONG_PURPOSE,
  PROBLEM_KEY_USAGE,
  PROBLEM_WEAK_KEY,
  PROBLEM_REVOKED,
  PROBLEM_INSECURE,
  PROBLEM_GENERIC,
  PROBLEM_EXPIRES_SOON,           /* not an error: a reason to renew */
  N_PROBLEMS,
} Problem;

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

static gboolean
is_past (GDateTime *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return date != NULL && g_date_time_compare (date, now) < 0;
}

/* Whole days left, when the certificate is valid and ends within the
 * warning period; -1 otherwise */
static gint64
days_left_if_soon (SpcResult *result)
{
  GDateTime *not_after = spc_result_get_cert_not_after (result);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 days;

  if (not_after == NULL || !spc_result_get_certificate_valid (result))
    return -1;
  days = spc_certificate_days_left (not_after, now);
  return days > 0 && days <= SPC_CERTIFICATE_EXPIRY_WARNING_DAYS ? days : -1;
}

/* Which problems @result has, in the order of Problem */
static gboolean
has_problem (SpcResult *result,
             Problem    problem)
{
  GTlsCertificateFlags flags = spc_result_get_certificate_errors (result);
  SpcCertificateFaults faults = spc_result_get_certificate_faults (result);
  const char *issuer = spc_result_get_cert_issuer (result);
  gboolean self_signed = issuer != NULL && g_strcmp0 (issuer, spc_result_get_cert_subject (result)) == 0;
  GDateTime *not_after = spc_result_get_cert_not_after (result);
  /* Without its date, "expired" is taken to be the certificate's own */
  gboolean leaf_expired = not_after == NULL || is_past (not_after);

  switch (problem)
    {
    case PROBLEM_EXPIRED:
      return (flags & G_TLS_CERTIFICATE_EXPIRED) && leaf_expired;
    case PROBLEM_EXPIRED_INTERMEDIATE:
      return (faults & SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE) != 0;
    case PROBLEM_EXPIRED_CHAIN:
      return (flags & G_TLS_CERTIFICATE_EXPIRED) && !leaf_expired &&
             !(faults & SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE);
    case PROBLEM_NOT_ACTIVATED:
      return (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED) != 0;
    case PROBLEM_BAD_IDENTITY:
      return (flags & G_TLS_CERTIFICATE_BAD_IDENTITY) != 0;
    case PROBLEM_MISSING_INTERMEDIATE:
      return (faults & SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE) != 0;
    case PROBLEM_SELF_SIGNED:
      return (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) && self_signed;
    case PROBLEM_UNKNOWN_CA:
      return (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) && !self_signed &&
             !(faults & SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE);
    case PROBLEM_WRONG_PURPOSE:
      return (faults & SPC_CERTIFICATE_FAULT_WRONG_PURPOSE) != 0;
    case PROBLEM_KEY_USAGE:
      return (faults & SPC_CERTIFICATE_FAULT_KEY_USAGE) != 0;
    case PROBLEM_WEAK_KEY:
      return (faults & SPC_CERTIFICATE_FAULT_WEAK_KEY) != 0;
    case PROBLEM_REVOKED:
      return (flags & G_TLS_CERTIFICATE_REVOKED) != 0;
    case PROBLEM_INSECURE:
      return (flags & G_TLS_CERTIFICATE_INSECURE) != 0;
    case PROBLEM_GENERIC:
      return (flags & G_TLS_CERTIFICATE_GENERIC_ERROR) != 0;
    case PROBLEM_EXPIRES_SOON:
      return days_left_if_soon (result) >= 0;
    case N_PROBLEMS:
    default:
      return FALSE;
    }
}

/* Names a certificate was issued for */

static char *
join_names (const char * const *names)
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

static gboolean
has_entries (const char * const *names)
{
  return names != NULL && names[0] != NULL;
}

/* Its DNS names, else its IP entries, else its subject */
static char *
describe_names (SpcResult *result)
{
  const char * const *dns_names = spc_result_get_cert_dns_names (result);
  const char * const *addresses = spc_result_get_cert_ip_addresses (result);

  if (has_entries (dns_names))
    return join_names (dns_names);
  if (has_entries (addresses))
    return join_names (addresses);
  return g_strdup (spc_result_get_cert_subject (result));
}

static char *
describe_bad_identity (SpcResult *result,
                       gboolean   headline)
{
  const char *host = spc_result_get_host (result);
  const char * const *dns_names = spc_result_get_cert_dns_names (result);
  const char * const *addresses = spc_result_get_cert_ip_addresses (result);
  g_autofree char *names = describe_names (result);
  gboolean host_is_address = host != NULL && g_hostname_is_ip_address (host);

  if (host == NULL)
    return g_strdup (headline ? _("Certificate not trusted: it was issued for another server")
                              : _("The certificate was issued for another server. Ask the provider which server name to use."));
  /* A headline never quotes a raw subject ("O=…,CN=…"): the details do */
  if (names == NULL || (headline && !has_entries (dns_names) && !has_entries (addresses)))
    return g_strdup_printf (headline ? _("Certificate not trusted: it was not issued for %s")
                                     : _("The certificate was not issued for %s. Ask the provider which server name to use."),
                            host);

  /* "192.0.2.1" written as a DNS name never matches the address */
  if (host_is_address && dns_names != NULL && g_strv_contains (dns_names, host))
    return g_strdup_printf (headline ? _("Certificate not trusted: it names %s as a host name, not as an IP address")
                                     : _("The certificate names %s as a host name, not as an IP address, so mail programs do not accept it for that address. Connect with a server name the certificate names, or the server needs a certificate with an IP address entry."),
                            host);

  /* Addresses only, and a name was typed */
  if (!host_is_address && !has_entries (dns_names) && has_entries (addresses))
    return g_strdup_printf (headline ? _("Certificate not trusted: it names only the addresses %s, not %s")
                                     : _("The certificate names only the addresses %s, not the server name %s. Connect with the name the provider gives, or the server needs a certificate for its name."),
                            names, host);

  if (host_is_address)
    return g_strdup_printf (headline ? _("Certificate not trusted: it was issued for %s, not the address %s")
                                     : _("The certificate was issued for %s, not the address %s. Connect with a server name the certificate names instead of the address."),
                            names, host);

  return g_strdup_printf (headline ? _("Certificate not trusted: it was issued for %s, not %s")
                                   : _("The certificate was issued for %s, not %s. Use a server name the certificate names, if it belongs to the same provider, or ask the provider which name to use."),
                          names, host);
}

/* Dates */

static char *
describe_dates (SpcResult *result,
                Problem    problem,
                gboolean   headline)
{
  g_autofree char *not_after = spc_certificate_format_date (spc_result_get_cert_not_after (result));
  g_autofree char *not_before = spc_certificate_format_date (spc_result_get_cert_not_before (result));
  g_autofree char *intermediate_date =
    spc_certificate_format_date (spc_result_get_cert_expired_intermediate_not_after (result));
  const char *intermediate = spc_result_get_cert_expired_intermediate (result);

  switch (problem)
    {
    case PROBLEM_EXPIRED:
      if (not_after == NULL)
        return g_strdup (headline ? _("Certificate not trusted: it has expired")
                                  : _("The certificate has expired. The server’s administrator must renew it."));
      return g_strdup_printf (headline ? _("Certificate not trusted: it expired on %s")
                                       : _("The certificate expired on %s. The server’s administrator must renew it; if that date is still to come, this computer’s clock is wrong: set it right."),
                              not_after);

    case PROBLEM_EXPIRED_INTERMEDIATE:
      if (headline)
        return g_strdup_printf (_("Certificate not trusted: the intermediate certificate the server sends expired on %s"),
                                intermediate_date != NULL ? intermediate_date : "?");
      return g_strdup_printf (_("The intermediate certificate “%s” that the server sends expired on %s, while the server’s own certificate is still valid. The server’s administrator must install the authority’s current intermediate certificate: tell the provider."),
                              intermediate != NULL ? intermediate : "?",
                              intermediate_date != NULL ? intermediate_date : "?");

    case PROBLEM_EXPIRED_CHAIN:
      return g_strdup (headline ? _("Certificate not trusted: a certificate of its chain has expired")
                                : _("A certificate of the chain between the server’s certificate and the authority has expired. The server’s administrator must install a current chain: tell the provider. If the dates look wrong, check this computer’s clock."));

    case PROBLEM_NOT_ACTIVATED:
      if (not_before == NULL)
        return g_strdup (headline ? _("Certificate not trusted: it is not valid yet")
                                  : _("The certificate is not valid yet. Check this computer’s clock; if it is right, the server’s administrator installed the certificate too early."));
      return g_strdup_printf (headline ? _("Certificate not trusted: it is not valid before %s")
                                       : _("The certificate is not valid before %s. If that date has passed, this computer’s clock is wrong: set it right; otherwise the server’s administrator installed the certificate too early."),
                              not_before);

    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
describe_expires_soon (SpcResult *result,
                       gboolean   headline)
{
  g_autofree char *date = spc_certificate_format_date (spc_result_get_cert_not_after (result));
  guint days = (guint) MAX (days_left_if_soon (result), 0);

  if (headline)
    /* Translators: a summary, "Works, but its certificate expires on 8 December 2026, in 7 days" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Works, but its certificate expires on %s, in %u day: it must be renewed",
                                         "Works, but its certificate expires on %s, in %u days: it must be renewed",
                                         days),
                            date, days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The certificate expires on %s, in %u day. It still works; the server’s administrator must renew it before then.",
                                       "The certificate expires on %s, in %u days. It still works; the server’s administrator must renew it before then.",
                                       days),
                          date, days);
}

/* Trust and chain */

static char *
describe_trust (SpcResult *result,
                Problem    problem,
                gboolean   headline)
{
  const char *issuer = spc_result_get_cert_issuer (result);

  switch (problem)
    {
    case PROBLEM_MISSING_INTERMEDIATE:
      if (headline)
        return g_strdup (_("Certificate not trusted: the server does not send its intermediate certificate"));
      return g_strdup_printf (_("The server does not send the intermediate certificate that links its own to an authority (its issuer, %s). Mail programs do not fetch it themselves: the server’s administrator must send the whole chain; tell the provider."),
                              issuer != NULL ? issuer : "?");

    case PROBLEM_SELF_SIGNED:
      if (headline)
        return g_strdup (_("Certificate not trusted: it is self-signed"));
      return g_strdup_printf (_("The certificate is self-signed (%s), so this computer cannot tell it from a forgery. If this is your own or your organisation’s server, add the certificate as an extra certificate authority (Preferences, or --ca-file); otherwise tell the provider."),
                              issuer);

    case PROBLEM_UNKNOWN_CA:
      /* The issuer's raw name is for the details */
      if (headline)
        return g_strdup (_("Certificate not trusted: signed by an authority this computer does not trust"));
      if (issuer == NULL)
        return g_strdup (_("The certificate is signed by an authority this computer does not trust. If your organisation uses its own certificate authority, add its certificate (Preferences, or --ca-file); otherwise tell the provider."));
      return g_strdup_printf (_("The certificate is signed by an authority this computer does not trust (%s). If your organisation uses its own certificate authority, add its certificate (Preferences, or --ca-file); otherwise tell the provider."),
                              issuer);

    default:
      g_return_val_if_reached (NULL);
    }
}

/* What the key and its extensions allow */

static char *
describe_key (SpcResult *result,
              Problem    problem,
              gboolean   headline)
{
  const char *algorithm = spc_result_get_cert_key_algorithm (result);

  switch (problem)
    {
    case PROBLEM_WRONG_PURPOSE:
      return g_strdup (headline ? _("Certificate not trusted: it is not meant for servers")
                                : _("The certificate is not meant for a server: its extended key usage lacks TLS server authentication (serverAuth), so mail programs refuse it. The server’s administrator must get a certificate for servers."));

    case PROBLEM_KEY_USAGE:
      return g_strdup (headline ? _("Certificate not trusted: its key may not be used by a server")
                                : _("The certificate’s key usage forbids what a TLS server does with its key (digitalSignature or keyEncipherment is missing), so mail programs refuse it. The server’s administrator must get a certificate whose key usage allows TLS servers."));

    case PROBLEM_WEAK_KEY:
      if (headline)
        return g_strdup (_("Certificate not trusted: its key is too weak"));
      return g_strdup_printf (_("The certificate’s %s key of %u bits is too weak to be trusted: RSA needs at least 2048 bits, elliptic curves 256, and DSA is no longer accepted. The server’s administrator must get a certificate with a stronger key."),
                              algorithm != NULL ? algorithm : "?", spc_result_get_cert_key_bits (result));

    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
describe_problem (SpcResult *result,
                  Problem    problem,
                  gboolean   headline)
{
  switch (problem)
    {
    case PROBLEM_EXPIRED:
    case PROBLEM_EXPIRED_INTERMEDIATE:
    case PROBLEM_EXPIRED_CHAIN:
    case PROBLEM_NOT_ACTIVATED:
      return describe_dates (result, problem, headline);
    case PROBLEM_BAD_IDENTITY:
      return describe_bad_identity (result, headline);
    case PROBLEM_MISSING_INTERMEDIATE:
    case PROBLEM_SELF_SIGNED:
    case PROBLEM_UNKNOWN_CA:
      return describe_trust (result, problem, headline);
    case PROBLEM_WRONG_PURPOSE:
    case PROBLEM_KEY_USAGE:
    case PROBLEM_WEAK_KEY:
      return describe_key (result, problem, headline);
    case PROBLEM_REVOKED:
      return g_strdup (headline ? _("Certificate not trusted: it has been revoked")
                                : _("The certificate has been revoked by its authority. The server’s administrator must install a new one: tell the provider."));
    case PROBLEM_INSECURE:
      return g_strdup (headline ? _("Certificate not trusted: it relies on an insecure algorithm")
                                : _("The certificate relies on an insecure algorithm. The server’s administrator must get a new certificate: tell the provider."));
    case PROBLEM_GENERIC:
      return g_strdup (headline ? _("Certificate not trusted: it could not be verified")
                                : _("The certificate could not be verified. Tell the provider."));
    case PROBLEM_EXPIRES_SOON:
      return describe_expires_soon (result, headline);
    case N_PROBLEMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

char **
spc_certificate_describe_problems (SpcResult *result)
{
  GPtrArray *out;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  out = g_ptr_array_new ();
  for (Problem problem = 0; problem < N_PROBLEMS; problem++)
    if (has_problem (result, problem))
      g_ptr_array_add (out, describe_problem (result, problem, FALSE));

  /* A look-alike name is no fault of the certificate, so it is said here,
   * in the details, and never changes the verdict */
  for (const char * const *name = spc_result_get_cert_dns_names (result);
       name != NULL && *name != NULL; name++)
    if (spc_display_text_mixes_scripts (*name))
      {
        g_autofree char *unicode = g_hostname_to_unicode (*name);
        g_autofree char *shown = spc_display_text (unicode != NULL ? unicode : *name);

        g_ptr_array_add (out, g_strdup_printf (_("The certificate names %s, which mixes letters of different alphabets, as look-alike names do. Check that it is your provider's real name."),
                                               shown));
      }

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static SpcCertificateFixes
get_fix (Problem problem)
{
  switch (problem)
    {
    case PROBLEM_EXPIRED:
    case PROBLEM_NOT_ACTIVATED:
      return SPC_CERTIFICATE_FIX_DATES;
    case PROBLEM_EXPIRED_INTERMEDIATE:
    case PROBLEM_EXPIRED_CHAIN:
    case PROBLEM_MISSING_INTERMEDIATE:
      return SPC_CERTIFICATE_FIX_CHAIN;
    case PROBLEM_BAD_IDENTITY:
      return SPC_CERTIFICATE_FIX_NAME;
    case PROBLEM_SELF_SIGNED:
    case PROBLEM_UNKNOWN_CA:
    case PROBLEM_GENERIC:
      return SPC_CERTIFICATE_FIX_TRUST;
    case PROBLEM_WRONG_PURPOSE:
    case PROBLEM_KEY_USAGE:
    case PROBLEM_WEAK_KEY:
    case PROBLEM_REVOKED:
    case PROBLEM_INSECURE:
      return SPC_CERTIFICATE_FIX_REPLACE;
    case PROBLEM_EXPIRES_SOON:
    case N_PROBLEMS:
    default:
      return 0;
    }
}

SpcCertificateFixes
spc_certificate_get_fixes (SpcResult *result)
{
  SpcCertificateFixes fixes = 0;

  g_return_val_if_fail (SPC_IS_RESULT (result), 0);

  for (Problem problem = 0; problem < N_PROBLEMS; problem++)
    if (has_problem (result, problem))
      fixes |= get_fix (problem);
  return fixes;
}

char *
spc_certificate_summarize (SpcResult *result,
                           guint     *n_problems)
{
  char *first = NULL;
  guint n = 0;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  for (Problem problem = 0; problem < N_PROBLEMS; problem++)
    if (has_problem (result, problem))
      {
        if (first == NULL)
          first = describe_problem (result, problem, TRUE);
        n++;
      }

  if (n_problems != NULL)
    *n_problems = n;
  return first;
}
