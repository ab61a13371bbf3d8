/* fuzz-certificate.c — libFuzzer target: a server's certificate chain,
 * as DER or PEM, through GnuTLS (glib-networking's certificate and the
 * engine's own inspection, spc-certificate-inspect.c), into an SpcResult
 * and out as the words of advice/spc-certificate-text.c and the summary
 *
 * The input: three bytes of set-up, then the certificates.
 *   byte 0, bit 0:    PEM text (a chain, leaf first, as GIO reads a
 *                     file) instead of DER
 *   byte 0, bit 1:    the host checked is an address, not a name
 *   byte 1:           the validation errors (GTlsCertificateFlags)
 *   byte 2:           the negotiated suite (one of a few, or none)
 * DER: one certificate after another, each one's own DER length telling
 * where the next begins; each one after the first is the issuer of the
 * one before.
 *
 * Checked beyond "no crash": every text made of the certificate is valid
 * UTF-8, bounded, with no control character and nothing hidden once
 * escaped for display; the faults and the key are plausible.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "fuzz-display-check.h"
#include "spc-certificate-inspect.h"
#include "spc-certificate-text.h"
#include "spc-result-private.h"
#include "spc-summary.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

#define MAX_CHAIN 8
/* A sentence quoting a name or two (each ≤ 1000 bytes and "…") */
#define MAX_SENTENCE_BYTES 8192
#define ALL_FAULTS (SPC_CERTIFICATE_FAULT_WRONG_PURPOSE | SPC_CERTIFICATE_FAULT_KEY_USAGE | \
                    SPC_CERTIFICATE_FAULT_WEAK_KEY | SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE | \
                    SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE)

static const char *const ciphers[] = {
  NULL,
  "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
};

/* The length of the DER element at @data (tag, length, contents), or 0
 * when it does not fit in @size */
static gsize
der_element_length (const guint8 *data,
                    gsize         size)
{
  gsize header = 2;
  gsize length;

  if (size < 2)
    return 0;
  length = data[1];
  if (length & 0x80)
    {
      guint n = length & 0x7f;

      if (n == 0 || n > 3 || size < 2 + n)
        return 0;
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | data[2 + i];
      header += n;
    }
  return header + length <= size ? header + length : 0;
}

static GTlsCertificate *
certificate_from_der (const guint8    *data,
                      gsize            size,
                      GTlsCertificate *issuer)
{
  g_autoptr(GByteArray) der = g_byte_array_new ();

  g_byte_array_append (der, data, size);
  return g_initable_new (g_tls_backend_get_certificate_type (g_tls_backend_get_default ()),
                         NULL, NULL,
                         "certificate", der,
                         "issuer", issuer,
                         NULL);
}

/* The chain in @data, leaf first; NULL when GnuTLS takes none of it */
static GTlsCertificate *
chain_from_der (const guint8 *data,
                gsize         size)
{
  gsize lengths[MAX_CHAIN];
  gsize offsets[MAX_CHAIN];
  guint n = 0;
  g_autoptr(GTlsCertificate) issuer = NULL;

  for (gsize offset = 0; offset < size && n < MAX_CHAIN; n++)
    {
      gsize length = der_element_length (data + offset, size - offset);

      if (length == 0)
        length = size - offset;
      offsets[n] = offset;
      lengths[n] = length;
      offset += length;
    }

  /* Issuers first, so that each certificate is made with its issuer */
  while (n-- > 0)
    {
      GTlsCertificate *certificate = certificate_from_der (data + offsets[n], lengths[n], issuer);

      if (certificate == NULL)
        g_clear_object (&issuer);
      else
        {
          g_clear_object (&issuer);
          issuer = certificate;
        }
    }
  return g_steal_pointer (&issuer);
}

static void
check_optional_text (const char *text)
{
  if (text != NULL)
    fuzz_assert_displayable (text, MAX_SENTENCE_BYTES);
}

static void
check_names (const char * const *names)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    fuzz_assert_displayable (names[i], MAX_SENTENCE_BYTES);
}

static void
check_inspection (GTlsCertificate      *leaf,
                  const char           *cipher,
                  GTlsCertificateFlags  errors)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SpcCertificateInspection inspection = { 0 };

  spc_certificate_inspect (leaf, cipher, errors, now, &inspection);
  g_assert_cmpuint (inspection.faults & ~ALL_FAULTS, ==, 0);
  g_assert_cmpuint (inspection.key_bits, <=, 65536);
  check_optional_text (inspection.key_algorithm);
  if (inspection.faults & SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE)
    g_assert_nonnull (inspection.expired_intermediate_not_after);
  /* Twice: the same facts, and clearing leaves nothing behind */
  spc_certificate_inspection_clear (&inspection);
  spc_certificate_inspect (leaf, cipher, errors, now, &inspection);
  spc_certificate_inspection_clear (&inspection);
  g_assert_null (inspection.key_algorithm);
}

static void
check_result_texts (SpcResult *result)
{
  g_auto(GStrv) problems = spc_certificate_describe_problems (result);
  g_autofree char *summary = NULL;
  g_autofree char *first = NULL;
  g_autofree char *not_after = spc_certificate_format_date (spc_result_get_cert_not_after (result));
  g_autofree char *not_before = spc_certificate_format_date (spc_result_get_cert_not_before (result));
  guint n_problems = 0;

  g_assert_nonnull (problems);
  for (guint i = 0; problems[i] != NULL; i++)
    fuzz_assert_displayable (problems[i], MAX_SENTENCE_BYTES);

  first = spc_certificate_summarize (result, &n_problems);
  /* The summary is the first problem's, none without problems; the
   * details may add a note (a name mixing alphabets) that is none */
  g_assert_cmpuint (n_problems, <=, g_strv_length (problems));
  g_assert_true ((first == NULL) == (n_problems == 0));
  check_optional_text (first);

  check_optional_text (not_after);
  check_optional_text (not_before);
  check_optional_text (spc_result_get_cert_subject (result));
  check_optional_text (spc_result_get_cert_issuer (result));
  check_optional_text (spc_result_get_cert_sha256 (result));
  check_optional_text (spc_result_get_cert_key_algorithm (result));
  check_optional_text (spc_result_get_cert_expired_intermediate (result));
  check_names (spc_result_get_cert_dns_names (result));
  check_names (spc_result_get_cert_ip_addresses (result));

  spc_result_finish (result, SPC_STATUS_CERTIFICATE_INVALID, SPC_DETAIL_CERTIFICATE);
  summary = spc_summary_for_result (result);
  fuzz_assert_displayable (summary, MAX_SENTENCE_BYTES);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GTlsCertificate) leaf = NULL;
  g_autoptr(SpcResult) result = NULL;
  GTlsCertificateFlags errors;
  const char *cipher;

  if (size < 3)
    return 0;

  errors = data[1] & G_TLS_CERTIFICATE_VALIDATE_ALL;
  cipher = ciphers[data[2] % G_N_ELEMENTS (ciphers)];

  if (data[0] & 1)
    {
      g_autofree char *pem = g_strndup ((const char *) data + 3, size - 3);

      leaf = g_tls_certificate_new_from_pem (pem, -1, NULL);
    }
  else
    leaf = chain_from_der (data + 3, size - 3);
  if (leaf == NULL)
    return 0;

  check_inspection (leaf, cipher, errors);

  result = spc_result_new (465, SPC_MODE_TLS);
  spc_result_set_host (result, (data[0] & 2) ? "192.0.2.1" : "mx.example.com", NULL);
  spc_result_set_tls (result, "TLS 1.3", cipher, leaf, errors);
  g_assert_true (spc_result_get_certificate (result) == leaf);
  check_result_texts (result);

  return 0;
}
