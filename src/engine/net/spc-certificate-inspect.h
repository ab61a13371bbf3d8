/* spc-certificate-inspect.h — what glib-networking does not check in a server's chain
 *
 * glib-networking 2.74 accepts a certificate whose extended key usage has
 * no serverAuth, whose key usage forbids what the handshake did with the
 * key, or whose key is too weak (RSA under 2048 bits), while gnutls-cli,
 * OpenSSL and Python refuse them. It also reports a chain fault as the
 * leaf's ("expired", "unknown-ca"). This reads the chain the server sent
 * with GnuTLS's x509 API and names each fault; facts only, no words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A certificate this close to its end still works but needs renewing */
#define SPC_CERTIFICATE_EXPIRY_WARNING_DAYS 14

/* Registered as SPC_TYPE_CERTIFICATE_FAULTS (spc-enums.h); the nicks are
 * the JSON's identifiers beside GTlsCertificateFlags' */
typedef enum { /*< flags >*/
  SPC_CERTIFICATE_FAULT_NONE                 = 0,
  /* extended key usage present, without serverAuth (nor anyExtendedKeyUsage) */
  SPC_CERTIFICATE_FAULT_WRONG_PURPOSE        = 1 << 0,
  /* key usage present, without what the handshake needed: digitalSignature
   * (TLS 1.3, ECDHE) or keyEncipherment (RSA key exchange) */
  SPC_CERTIFICATE_FAULT_KEY_USAGE            = 1 << 1,
  /* RSA under 2048 bits, any DSA key, elliptic curves under 256 bits */
  SPC_CERTIFICATE_FAULT_WEAK_KEY             = 1 << 2,
  /* an intermediate the server sent is past its end date */
  SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE = 1 << 3,
  /* unknown authority because the server leaves out the intermediate that
   * signed its certificate: the chain ends in a certificate that is no CA,
   * not self-signed, and that names where its issuer can be fetched */
  SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE = 1 << 4,
} SpcCertificateFaults;

typedef struct {
  SpcCertificateFaults  faults;
  char                 *key_algorithm;   /* "RSA", "EC/ECDSA", "DSA", "EdDSA (Ed25519)"; NULL unknown */
  guint                 key_bits;        /* 0 unknown */
  /* The first expired intermediate (raw, as GIO gives it) and its end */
  char                 *expired_intermediate;
  GDateTime            *expired_intermediate_not_after;
} SpcCertificateInspection;

/* What the inspection reads from a certificate's bytes, shared by every
 * certificate given the same cell (spc_tls_database.c gives one per DER):
 * the ports and hosts that serve one chain parse it once. Thread-safe. */
typedef struct _SpcCertificateFacts SpcCertificateFacts;

SpcCertificateFacts *spc_certificate_facts_new   (void);
SpcCertificateFacts *spc_certificate_facts_ref   (SpcCertificateFacts *self);
void                 spc_certificate_facts_unref (SpcCertificateFacts *self);
/* @certificate reads its facts from (or into) @facts from now on; only
 * for certificates with the same DER */
void                 spc_certificate_share_facts (GTlsCertificate     *certificate,
                                                  SpcCertificateFacts *facts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcCertificateFacts, spc_certificate_facts_unref)

/* Fills @out from @leaf and the chain it carries (its "issuer" links, as
 * the server sent them). @cipher is the negotiated suite's name ("TLS_…")
 * or NULL; @errors what validation found; @now the time to judge dates by. */
void     spc_certificate_inspect          (GTlsCertificate          *leaf,
                                           const char               *cipher,
                                           GTlsCertificateFlags      errors,
                                           GDateTime                *now,
                                           SpcCertificateInspection *out);
void     spc_certificate_inspection_clear (SpcCertificateInspection *self);

/* Days from @now to @not_after, a day begun counting as one; 0 or less
 * once past */
gint64   spc_certificate_days_left        (GDateTime                *not_after,
                                           GDateTime                *now);

G_END_DECLS
