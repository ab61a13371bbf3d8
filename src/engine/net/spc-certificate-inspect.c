/* spc-certificate-inspect.c — what glib-networking does not check in a server's chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "spc-certificate-inspect.h"

/* Bounds on what a hostile certificate can make us loop over */
#define MAX_CHAIN_LENGTH  16
#define MAX_KEY_PURPOSES  64
#define MAX_ACCESS_ITEMS  16

#define OID_ANY_EXTENDED_KEY_USAGE "2.5.29.37.0"

/* What the inspection reads from one certificate: it depends on the DER
 * alone, so certificates with the same bytes can share one reading */
typedef struct {
  gboolean     readable;
  gboolean     wrong_purpose;
  gboolean     has_key_usage;
  unsigned int key_usage;
  int          key_algorithm;   /* gnutls_pk_algorithm_t, < 0 unknown */
  unsigned int key_bits;
  gboolean     names_issuer_location;
  gboolean     self_issued;
  gboolean     ca;
} CertificateFacts;

struct _SpcCertificateFacts {
  gsize            ready;   /* g_once_init_enter() */
  CertificateFacts facts;
};

static GQuark
facts_quark (void)
{
  return g_quark_from_static_string ("spc-certificate-facts");
}

/* The DER of @certificate in a GnuTLS certificate; NULL when unreadable */
static gnutls_x509_crt_t
import_der (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL || der->len == 0 || gnutls_x509_crt_init (&crt) < 0)
    return NULL;

  datum.data = der->data;
  datum.size = der->len;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

/* Extended key usage present and not for TLS servers */
static gboolean
has_wrong_purpose (gnutls_x509_crt_t crt)
{
  gboolean any = FALSE;

  for (guint i = 0; i < MAX_KEY_PURPOSES; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int ret = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (ret == GNUTLS_E_SHORT_MEMORY_BUFFER)
        {
          /* An OID longer than any real one: not serverAuth */
          any = TRUE;
          continue;
        }
      if (ret < 0)
        break;

      any = TRUE;
      if (strcmp (oid, GNUTLS_KP_TLS_WWW_SERVER) == 0 || strcmp (oid, OID_ANY_EXTENDED_KEY_USAGE) == 0)
        return FALSE;
    }

  return any;
}

/* The certificate names where its issuer can be fetched (AIA caIssuers),
 * as every certificate from a public authority does */
static gboolean
names_issuer_location (gnutls_x509_crt_t crt)
{
  for (guint seq = 0; seq < MAX_ACCESS_ITEMS; seq++)
    {
      gnutls_datum_t data = { NULL, 0 };
      int ret = gnutls_x509_crt_get_authority_info_access (crt, seq, GNUTLS_IA_CAISSUERS_URI, &data, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return FALSE;
      if (ret < 0)
        continue;   /* another access method (OCSP) */

      gnutls_free (data.data);
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_ca (gnutls_x509_crt_t crt)
{
  unsigned int ca = 0;

  return gnutls_x509_crt_get_basic_constraints (crt, NULL, &ca, NULL) >= 0 && ca != 0;
}

static void
read_facts (GTlsCertificate  *certificate,
            CertificateFacts *out)
{
  gnutls_x509_crt_t crt = import_der (certificate);

  memset (out, 0, sizeof *out);
  out->key_algorithm = -1;
  if (crt == NULL)
    return;

  out->readable = TRUE;
  out->wrong_purpose = has_wrong_purpose (crt);
  out->has_key_usage = gnutls_x509_crt_get_key_usage (crt, &out->key_usage, NULL) >= 0;
  out->key_algorithm = gnutls_x509_crt_get_pk_algorithm (crt, &out->key_bits);
  out->names_issuer_location = names_issuer_location (crt);
  out->self_issued = gnutls_x509_crt_check_issuer (crt, crt) != 0;
  out->ca = is_ca (crt);

  gnutls_x509_crt_deinit (crt);
}

/* Read once per set of bytes when spc_certificate_share_facts() gave
 * @certificate a cell, else every time (parsing a certificate with many
 * names costs GnuTLS millions of instructions) */
static void
get_facts (GTlsCertificate  *certificate,
           CertificateFacts *out)
{
  SpcCertificateFacts *shared = g_object_get_qdata (G_OBJECT (certificate),
                                                    facts_quark ());

  if (shared == NULL)
    {
      read_facts (certificate, out);
      return;
    }
  if (g_once_init_enter (&shared->ready))
    {
      read_facts (certificate, &shared->facts);
      g_once_init_leave (&shared->ready, 1);
    }
  *out = shared->facts;
}

SpcCertificateFacts *
spc_certificate_facts_new (void)
{
  return g_atomic_rc_box_new0 (SpcCertificateFacts);
}

SpcCertificateFacts *
spc_certificate_facts_ref (SpcCertificateFacts *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
spc_certificate_facts_unref (SpcCertificateFacts *self)
{
  g_atomic_rc_box_release (self);
}

void
spc_certificate_share_facts (GTlsCertificate     *certificate,
                             SpcCertificateFacts *facts)
{
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (facts != NULL);

  g_object_set_qdata_full (G_OBJECT (certificate), facts_quark (),
                           spc_certificate_facts_ref (facts),
                           (GDestroyNotify) spc_certificate_facts_unref);
}

/* RFC 5246 §7.4.2, RFC 8446 §4.4.2.2: the key signs the handshake, except
 * in RSA key exchange ("TLS_RSA_WITH_…"), where it decrypts the secret */
static gboolean
key_usage_forbids (const CertificateFacts *facts,
                   const char             *cipher)
{
  gboolean rsa_key_exchange = cipher != NULL && g_str_has_prefix (cipher, "TLS_RSA_WITH_");

  if (!facts->has_key_usage)
    return FALSE;   /* no key usage extension: anything goes */

  if (rsa_key_exchange)
    return (facts->key_usage & GNUTLS_KEY_KEY_ENCIPHERMENT) == 0;
  return (facts->key_usage & GNUTLS_KEY_DIGITAL_SIGNATURE) == 0;
}

static gboolean
is_weak_key (int          algorithm,
             unsigned int bits)
{
  switch (algorithm)
    {
    case GNUTLS_PK_RSA:
    case GNUTLS_PK_RSA_PSS:
      return bits < 2048;
    case GNUTLS_PK_DSA:
      return TRUE;
    case GNUTLS_PK_ECDSA:
      return bits < 256;
    default:
      return FALSE;
    }
}

static void
inspect_key (const CertificateFacts   *facts,
             SpcCertificateInspection *out)
{
  const char *name;

  if (facts->key_algorithm < 0)
    return;

  name = gnutls_pk_algorithm_get_name (facts->key_algorithm);
  out->key_algorithm = name != NULL ? g_strdup (name) : NULL;
  out->key_bits = facts->key_bits;
  if (is_weak_key (facts->key_algorithm, facts->key_bits))
    out->faults |= SPC_CERTIFICATE_FAULT_WEAK_KEY;
}

/* The chain as sent: expired intermediates, and a chain that stops short */
static void
inspect_chain (GTlsCertificate          *leaf,
               const CertificateFacts   *leaf_facts,
               GTlsCertificateFlags      errors,
               GDateTime                *now,
               SpcCertificateInspection *out)
{
  GTlsCertificate *last = leaf;
  GTlsCertificate *cert = g_tls_certificate_get_issuer (leaf);
  CertificateFacts last_facts;

  for (guint i = 0; cert != NULL && i < MAX_CHAIN_LENGTH; i++, cert = g_tls_certificate_get_issuer (cert))
    {
      g_autoptr(GDateTime) not_after = NULL;

      last = cert;
      g_object_get (cert, "not-valid-after", &not_after, NULL);
      if (out->expired_intermediate == NULL && not_after != NULL &&
          g_date_time_compare (not_after, now) < 0)
        {
          g_object_get (cert, "subject-name", &out->expired_intermediate, NULL);
          out->expired_intermediate_not_after = g_date_time_ref (not_after);
          out->faults |= SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE;
        }
    }

  if ((errors & G_TLS_CERTIFICATE_UNKNOWN_CA) == 0 || !leaf_facts->names_issuer_location)
    return;

  if (last == leaf)
    last_facts = *leaf_facts;
  else
    get_facts (last, &last_facts);
  if (!last_facts.readable)
    return;
  /* Self-signed, or a CA whose root is unknown: not a missing intermediate */
  if (!last_facts.self_issued && !last_facts.ca)
    out->faults |= SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE;
}

void
spc_certificate_inspect (GTlsCertificate          *leaf,
                         const char               *cipher,
                         GTlsCertificateFlags      errors,
                         GDateTime                *now,
                         SpcCertificateInspection *out)
{
  CertificateFacts facts;

  g_return_if_fail (out != NULL);
  g_return_if_fail (now != NULL);

  memset (out, 0, sizeof *out);
  if (leaf == NULL)
    return;
  g_return_if_fail (G_IS_TLS_CERTIFICATE (leaf));

  get_facts (leaf, &facts);
  if (!facts.readable)
    return;

  if (facts.wrong_purpose)
    out->faults |= SPC_CERTIFICATE_FAULT_WRONG_PURPOSE;
  if (key_usage_forbids (&facts, cipher))
    out->faults |= SPC_CERTIFICATE_FAULT_KEY_USAGE;
  inspect_key (&facts, out);
  inspect_chain (leaf, &facts, errors, now, out);
}

void
spc_certificate_inspection_clear (SpcCertificateInspection *self)
{
  g_clear_pointer (&self->key_algorithm, g_free);
  g_clear_pointer (&self->expired_intermediate, g_free);
  g_clear_pointer (&self->expired_intermediate_not_after, g_date_time_unref);
  self->faults = SPC_CERTIFICATE_FAULT_NONE;
  self->key_bits = 0;
}

gint64
spc_certificate_days_left (GDateTime *not_after,
                           GDateTime *now)
{
  GTimeSpan span;

  g_return_val_if_fail (not_after != NULL && now != NULL, 0);

  span = g_date_time_difference (not_after, now);
  if (span <= 0)
    return -(-span / G_TIME_SPAN_DAY);
  /* A day begun counts: 6 days and 23 hours are "7 days" */
  return (span + G_TIME_SPAN_DAY - 1) / G_TIME_SPAN_DAY;
}
