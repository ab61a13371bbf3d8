/* spc-result.h — one port's outcome, updated live while its probe runs
 *
 * The engine writes it (spc-result-private.h); the CLI, the report and the
 * window only read it. Every fact that changes while the probe runs is a
 * read-only property with explicit notification, emitted only when its value
 * really changes, on the main context that runs the probe: "stage", "status",
 * "verdict", "detail" (registered enums), "finished", "address", "greeting",
 * "connect-ms" … "total-ms", "tls-version", "tls-cipher", "certificate" (its
 * subject, dates, names and fingerprint change with it), "certificate-errors",
 * "capabilities", "reference" (spc-reference.h), "legacy-tls1-0" and
 * "legacy-tls1-1" (spc-legacy-tls.h, set after "finished"), and "transcript-length" /
 * "transcript-left-out" for the transcript. "port" and "mode" are fixed at construction.
 *
 * A result holds facts only: codes, numbers and what the server sent. Its
 * sentences are made in advice/ (spc-summary.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-certificate-inspect.h"
#include "spc-detail.h"
#include "spc-legacy-tls.h"
#include "spc-ports.h"
#include "spc-reference.h"
#include "spc-status.h"

G_BEGIN_DECLS

#define SPC_TYPE_RESULT (spc_result_get_type ())

G_DECLARE_FINAL_TYPE (SpcResult, spc_result, SPC, RESULT, GObject)

typedef enum {
  SPC_TIMING_CONNECT,
  SPC_TIMING_GREETING,
  SPC_TIMING_EHLO,
  SPC_TIMING_TLS,       /* the TLS handshake (implicit or after STARTTLS) */
  SPC_TIMING_TOTAL,
  SPC_N_TIMINGS,        /*< skip >*/
} SpcTiming;

typedef enum {
  SPC_DIRECTION_CLIENT,  /* "C" */
  SPC_DIRECTION_SERVER,  /* "S" */
  SPC_DIRECTION_NOTE,    /* "*": what the probe did that is not a line ("TLS handshake done: TLS 1.3") */
} SpcDirection;

typedef struct {
  SpcDirection direction;
  char        *text;     /* valid UTF-8, one line, no terminator; for a note,
                          * its argument (NULL when it has none) */
  gint64       t_ms;     /* since the probe started */
  SpcNote      note;     /* SPC_DIRECTION_NOTE: what it says (spc_summary_describe_line()) */
  char        *extra;    /* a note's second argument, or NULL */
  guint        number;   /* a note's number (a port, a count, milliseconds) */
} SpcTranscriptLine;

/* Frees a line and its texts (a GDestroyNotify for a transcript's array) */
void spc_transcript_line_free (gpointer line);

/* ESMTP capabilities of the last EHLO answer (inside TLS when TLS was used) */
typedef struct {
  gboolean  ehlo_answered;
  char    **auth;        /* mechanisms, upper case; NULL-terminated, may be empty
                          * (NULL only in a struct just cleared) */
  gboolean  starttls;
  guint64   size;        /* 0 when not announced or SIZE without a number */
  gboolean  has_size;
  gboolean  size_invalid; /* SIZE with a value that is not a number */
  gboolean  pipelining;
  gboolean  eight_bit_mime;
  gboolean  smtputf8;
  gboolean  chunking;
  gboolean  enhanced_status_codes;
  gboolean  dsn;
} SpcCapabilities;

#define SPC_TRANSCRIPT_MAX_LINES 200

#define SPC_TYPE_CAPABILITIES (spc_capabilities_get_type ())

GType                spc_capabilities_get_type      (void) G_GNUC_CONST;
SpcCapabilities     *spc_capabilities_copy          (const SpcCapabilities *caps);
void                 spc_capabilities_free          (SpcCapabilities *caps);
/* The extensions announced that are only a flag (STARTTLS, PIPELINING,
 * 8BITMIME, …) as their EHLO keywords, always in the same order; free
 * the array alone with g_free(), its strings are static */
const char         **spc_capabilities_list_extensions (const SpcCapabilities *caps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcCapabilities, spc_capabilities_free)

guint16              spc_result_get_port            (SpcResult *self);
SpcMode              spc_result_get_mode            (SpcResult *self);
SpcStage             spc_result_get_stage           (SpcResult *self);
SpcStatus            spc_result_get_status          (SpcResult *self);
SpcVerdict           spc_result_get_verdict         (SpcResult *self);
gboolean             spc_result_get_finished        (SpcResult *self);
/* What exactly happened (SPC_DETAIL_NONE while running); the sentence is
 * spc_summary_for_result() */
SpcDetail            spc_result_get_detail          (SpcResult *self);
/* The server identity checked (certificates are checked against it) */
const char          *spc_result_get_host            (SpcResult *self);
/* --resolve: the address connected to instead of @host's; NULL otherwise */
const char          *spc_result_get_connect_address (SpcResult *self);
/* The deadline the detail speaks of, in ms (0 when none passed) */
guint                spc_result_get_deadline_ms     (SpcResult *self);
/* The server's reply that ended the check (a refusal), 0 / NULL when none;
 * the text is its first line without the code */
guint                spc_result_get_reply_code      (SpcResult *self);
const char          *spc_result_get_reply_text      (SpcResult *self);
/* The error that ended the check, NULL when none (message sanitized) */
const GError        *spc_result_get_error           (SpcResult *self);
/* The address that answered, "192.0.2.1" or "2001:db8::1"; NULL before connect */
const char          *spc_result_get_address         (SpcResult *self);
/* The greeting text (220 line(s) joined), NULL when none */
const char          *spc_result_get_greeting        (SpcResult *self);
/* Milliseconds, or -1 when that stage did not happen */
gint64               spc_result_get_timing          (SpcResult *self,
                                                     SpcTiming  timing);
/* TLS facts: NULL / 0 when no TLS session was made */
const char          *spc_result_get_tls_version     (SpcResult *self);  /* "TLS 1.3" */
const char          *spc_result_get_tls_cipher      (SpcResult *self);
GTlsCertificate     *spc_result_get_certificate     (SpcResult *self);
GTlsCertificateFlags spc_result_get_certificate_errors (SpcResult *self);
/* Certificate facts, extracted once (NULL when there is no certificate) */
const char          *spc_result_get_cert_subject    (SpcResult *self);
const char          *spc_result_get_cert_issuer     (SpcResult *self);
GDateTime           *spc_result_get_cert_not_before (SpcResult *self);
GDateTime           *spc_result_get_cert_not_after  (SpcResult *self);
const char * const  *spc_result_get_cert_dns_names  (SpcResult *self);
const char          *spc_result_get_cert_sha256     (SpcResult *self);  /* "AB:CD:…" */
/* The certificate's IP address entries ("127.0.0.1", "::1"); NULL-terminated */
const char * const  *spc_result_get_cert_ip_addresses (SpcResult *self);
/* What validation does not check (net/spc-certificate-inspect.h): faults
 * found in the chain the server sent, with its key; they make the port's
 * certificate invalid as validation errors do. They change with
 * "certificate-errors". */
SpcCertificateFaults spc_result_get_certificate_faults (SpcResult *self);
/* The one test of "this port's certificate is good", for the probe's
 * verdict, the summary and the checklist alike: it has no validation error
 * (GTls flags) and none of the faults above. TRUE without a certificate. */
gboolean             spc_result_get_certificate_valid (SpcResult *self);
/* "RSA", "EC/ECDSA" … and its size in bits; NULL / 0 when unknown */
const char          *spc_result_get_cert_key_algorithm (SpcResult *self);
guint                spc_result_get_cert_key_bits   (SpcResult *self);
/* The first intermediate the server sent that has expired, and its end;
 * NULL when none */
const char          *spc_result_get_cert_expired_intermediate (SpcResult *self);
GDateTime           *spc_result_get_cert_expired_intermediate_not_after (SpcResult *self);
const SpcCapabilities *spc_result_get_capabilities  (SpcResult *self);
/* What the EHLO answer in clear announced before STARTTLS, when a STARTTLS
 * handshake was made; NULL otherwise (then the capabilities above are the
 * only ones). Changes with "capabilities". */
const SpcCapabilities *spc_result_get_capabilities_before_tls (SpcResult *self);
/* Array of SpcTranscriptLine*, bounded by SPC_TRANSCRIPT_MAX_LINES (a last
 * NOTE line says how much was left out) */
GPtrArray           *spc_result_get_transcript      (SpcResult *self);
/* A silent (filtered) port's reference check: NULL when none was made
 * (turned off, no reference host, or the port answered after all) */
SpcReference        *spc_result_get_reference       (SpcResult *self);
/* Whether the server also accepts TLS 1.0 / 1.1 when offered only them
 * (spc-legacy-tls.h); NOT_CHECKED until a check of them starts */
SpcLegacyTls         spc_result_get_legacy_tls1_0   (SpcResult *self);
SpcLegacyTls         spc_result_get_legacy_tls1_1   (SpcResult *self);

/* "AB:CD:…": SHA-256 over the certificate's DER bytes; NULL without them */
char                *spc_certificate_dup_sha256     (GTlsCertificate *certificate);

/* "unknown-ca", "bad-identity", "not-activated", "expired", "revoked",
 * "insecure", "generic-error" (GTlsCertificateFlags' nicks) for each flag
 * set; NULL-terminated, free with g_strfreev */
char               **spc_certificate_flags_to_strv  (GTlsCertificateFlags flags);
/* Those for @self's certificate errors, then "wrong-purpose", "key-usage",
 * "weak-key", "expired-intermediate", "missing-intermediate" for each of
 * its faults (SpcCertificateFaults' nicks); free with g_strfreev */
char               **spc_result_dup_certificate_problems (SpcResult *self);

G_END_DECLS
