/* spc-result-private.h — how the engine fills a result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-result.h"

G_BEGIN_DECLS

/* One type over several files: spc-result.c (the object, its setters),
 * spc-result-getters.c, spc-result-sanitize.c, spc-capabilities.c,
 * spc-certificate-facts.c (what is read from the certificate),
 * spc-result-copy.c (one result brought up to another) */
struct _SpcResult
{
  GObject               parent_instance;

  guint16               port;
  SpcMode               mode;
  SpcStage              stage;
  SpcStatus             status;
  SpcVerdict            verdict;
  gboolean              finished;
  SpcDetail             detail;

  char                 *host;
  char                 *connect_address;
  guint                 deadline_ms;
  guint                 reply_code;
  char                 *reply_text;
  GError               *error;

  char                 *address;
  char                 *greeting;
  gint64                timings[SPC_N_TIMINGS];

  char                 *tls_version;
  char                 *tls_cipher;
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  certificate_errors;
  char                 *cert_subject;
  char                 *cert_issuer;
  GDateTime            *cert_not_before;
  GDateTime            *cert_not_after;
  char                **cert_dns_names;
  char                 *cert_sha256;
  char                **cert_ip_addresses;
  SpcCertificateInspection cert_inspection;   /* its names sanitized */

  SpcCapabilities       capabilities;
  SpcCapabilities      *capabilities_before_tls;   /* NULL: no STARTTLS */

  GPtrArray            *transcript;
  guint                 transcript_left_out;

  SpcReference         *reference;
  SpcLegacyTls          legacy_tls1_0;
  SpcLegacyTls          legacy_tls1_1;
};

/* Network text made safe to show anywhere: valid UTF-8, no control
 * characters, bounded; @keep_newlines keeps "\n" between lines */
char      *_spc_result_sanitize_text      (const char           *text,
                                           gssize                length,
                                           gboolean              keep_newlines);
/* Sets the certificate and the facts read from it (subject, issuer, dates,
 * names, fingerprint), which change together; no notification */
void       _spc_result_read_certificate   (SpcResult            *self,
                                           GTlsCertificate      *certificate);
/* What validation leaves out, from the certificate, cipher and errors;
 * TRUE when the faults changed */
gboolean   _spc_result_inspect_certificate (SpcResult           *self);

SpcResult *spc_result_new                 (guint16               port,
                                           SpcMode               mode);
void       spc_result_set_stage           (SpcResult            *self,
                                           SpcStage              stage);
/* Sets status, the verdict that follows from it, the detail, and finished
 * (TRUE unless status is PENDING); notifies once. */
void       spc_result_finish              (SpcResult            *self,
                                           SpcStatus             status,
                                           SpcDetail             detail);
void       spc_result_set_host            (SpcResult            *self,
                                           const char           *host,
                                           const char           *connect_address);
void       spc_result_set_deadline_ms     (SpcResult            *self,
                                           guint                 deadline_ms);
/* @text: the first line of the reply, without its code */
void       spc_result_set_reply           (SpcResult            *self,
                                           guint                 code,
                                           const char           *text);
void       spc_result_set_error           (SpcResult            *self,
                                           const GError         *error);
void       spc_result_set_address         (SpcResult            *self,
                                           const char           *address);
void       spc_result_set_greeting        (SpcResult            *self,
                                           const char           *greeting);
void       spc_result_set_timing          (SpcResult            *self,
                                           SpcTiming             timing,
                                           gint64                ms);
/* Records version, cipher and the peer certificate with its facts, and
 * inspects its chain (spc_certificate_inspect()) as of now */
void       spc_result_set_tls             (SpcResult            *self,
                                           const char           *version,
                                           const char           *cipher,
                                           GTlsCertificate      *certificate,
                                           GTlsCertificateFlags  errors);
/* Takes ownership of nothing: copies @caps */
void       spc_result_set_capabilities    (SpcResult            *self,
                                           const SpcCapabilities *caps);
/* The EHLO answer in clear, before STARTTLS; set before the capabilities
 * inside TLS, whose notification covers it */
void       spc_result_set_capabilities_before_tls (SpcResult     *self,
                                           const SpcCapabilities *caps);
void       spc_result_add_transcript      (SpcResult            *self,
                                           SpcDirection          direction,
                                           const char           *text,
                                           gint64                t_ms);
/* A NOTE line: @text and @extra are its arguments (NULL when none) */
void       spc_result_add_note            (SpcResult            *self,
                                           SpcNote               note,
                                           const char           *text,
                                           const char           *extra,
                                           guint                 number,
                                           gint64                t_ms);

/* A silent port's reference check: pending, then its outcome; NULL when
 * none was made (the port answered after all) */
void       spc_result_set_reference       (SpcResult            *self,
                                           SpcReference         *reference);

/* Brings @self to @source's state (spc-result-copy.c): copies every
 * fact, then notifies each property that changed, "finished" last, on the
 * calling thread. @self is new or holds an earlier state of @source (its
 * transcript a beginning of @source's); port and mode match. */
void       spc_result_update_from         (SpcResult            *self,
                                           SpcResult            *source);

/* What the second connection found out about TLS 1.0 and 1.1; notifies
 * "legacy-tls1-0" / "legacy-tls1-1" for each that changed */
void       spc_result_set_legacy_tls      (SpcResult            *self,
                                           SpcLegacyTls          tls1_0,
                                           SpcLegacyTls          tls1_1);

gboolean   spc_capabilities_equal         (const SpcCapabilities *a,
                                           const SpcCapabilities *b);
/* Frees everything @caps holds; nothing is left allocated (auth NULL) */
void       spc_capabilities_clear         (SpcCapabilities      *caps);
/* Fills @caps from the lines of an EHLO reply (the first line is the greeting
 * name); its auth is then a list, empty when none was offered */
void       spc_capabilities_parse_ehlo    (SpcCapabilities      *caps,
                                           const char * const   *lines);

G_END_DECLS
