/* spc-certificate-facts.c — facts read from a certificate and its errors, no words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-enums.h"
#include "spc-result-private.h"

char *
spc_certificate_dup_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GString *out;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  out = g_string_sized_new (digest_len * 3);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : ":%02X", digest[i]);

  return g_string_free (out, FALSE);
}

static char **
dup_dns_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) names = NULL;
  GPtrArray *out = g_ptr_array_new ();

  g_object_get (certificate, "dns-names", &names, NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (names, i);
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      if (data != NULL && len > 0)
        g_ptr_array_add (out, _spc_result_sanitize_text (data, len, FALSE));
    }

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static char **
dup_ip_addresses (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) addresses = NULL;
  GPtrArray *out = g_ptr_array_new ();

  g_object_get (certificate, "ip-addresses", &addresses, NULL);

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    g_ptr_array_add (out, g_inet_address_to_string (g_ptr_array_index (addresses, i)));

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

/* Certificate problems as identifiers */

/* The nick of each single-bit value of @type set in @flags, in the type's
 * order: neither "validate-all" (every bit) nor "no-flags" (none) */
static void
add_flag_nicks (GPtrArray *out,
                GType      type,
                guint      flags)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);

  for (guint i = 0; i < klass->n_values; i++)
    {
      guint value = klass->values[i].value;

      if (value != 0 && (value & (value - 1)) == 0 && (flags & value))
        g_ptr_array_add (out, g_strdup (klass->values[i].value_nick));
    }
}

char **
spc_certificate_flags_to_strv (GTlsCertificateFlags flags)
{
  GPtrArray *out = g_ptr_array_new ();

  add_flag_nicks (out, G_TYPE_TLS_CERTIFICATE_FLAGS, flags);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

char **
spc_result_dup_certificate_problems (SpcResult *self)
{
  GPtrArray *out;

  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);

  out = g_ptr_array_new ();
  add_flag_nicks (out, G_TYPE_TLS_CERTIFICATE_FLAGS, spc_result_get_certificate_errors (self));
  add_flag_nicks (out, SPC_TYPE_CERTIFICATE_FAULTS, spc_result_get_certificate_faults (self));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

gboolean
spc_result_get_certificate_valid (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), FALSE);

  return spc_result_get_certificate_errors (self) == 0
         && spc_result_get_certificate_faults (self) == SPC_CERTIFICATE_FAULT_NONE;
}

/* The certificate and the facts read from it, which change together; NULL
 * frees them all */
void
_spc_result_read_certificate (SpcResult       *self,
                              GTlsCertificate *certificate)
{
  g_set_object (&self->certificate, certificate);
  g_clear_pointer (&self->cert_subject, g_free);
  g_clear_pointer (&self->cert_issuer, g_free);
  g_clear_pointer (&self->cert_not_before, g_date_time_unref);
  g_clear_pointer (&self->cert_not_after, g_date_time_unref);
  g_clear_pointer (&self->cert_dns_names, g_strfreev);
  g_clear_pointer (&self->cert_sha256, g_free);
  g_clear_pointer (&self->cert_ip_addresses, g_strfreev);

  if (certificate != NULL)
    {
      g_autofree char *subject = NULL;
      g_autofree char *issuer = NULL;

      g_object_get (certificate,
                    "subject-name", &subject,
                    "issuer-name", &issuer,
                    "not-valid-before", &self->cert_not_before,
                    "not-valid-after", &self->cert_not_after,
                    NULL);
      self->cert_subject = _spc_result_sanitize_text (subject, -1, FALSE);
      self->cert_issuer = _spc_result_sanitize_text (issuer, -1, FALSE);
      self->cert_dns_names = dup_dns_names (certificate);
      self->cert_sha256 = spc_certificate_dup_sha256 (certificate);
      self->cert_ip_addresses = dup_ip_addresses (certificate);
    }
}

/* What validation leaves out; TRUE when that changed */
gboolean
_spc_result_inspect_certificate (SpcResult *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SpcCertificateInspection *inspection = &self->cert_inspection;
  SpcCertificateFaults before = inspection->faults;
  char *raw;

  spc_certificate_inspection_clear (inspection);
  spc_certificate_inspect (self->certificate, self->tls_cipher, self->certificate_errors, now, inspection);
  raw = inspection->expired_intermediate;
  if (raw != NULL)
    {
      inspection->expired_intermediate = _spc_result_sanitize_text (raw, -1, FALSE);
      g_free (raw);
    }
  return inspection->faults != before;
}
