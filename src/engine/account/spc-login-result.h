/* spc-login-result.h — what a login check (and its test message) found
 *
 * Facts only: codes, the server's replies, the mechanism, which safety rule
 * stopped the check. The words for them are made in advice/ (spc-login-text).
 * Written by SpcLogin (spc-login-result-private.h), read by everyone else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-ports.h"
#include "spc-result.h"

G_BEGIN_DECLS

/* Registered by glib-mkenums (spc-enums.h: SPC_TYPE_LOGIN_OUTCOME …); the
 * nicks are the CLI's JSON contract: "ok", "rejected", … */
typedef enum {
  SPC_LOGIN_PENDING,
  SPC_LOGIN_OK,                /* 235 */
  SPC_LOGIN_REJECTED,          /* 4xx/5xx to AUTH (or to EHLO, the greeting) */
  SPC_LOGIN_NOT_OFFERED,       /* no usable mechanism after TLS */
  SPC_LOGIN_REFUSED_INSECURE,  /* stopped by a safety rule before any credential */
  SPC_LOGIN_ERROR,             /* the connection or the protocol broke */
  SPC_LOGIN_TIMEOUT,           /* a stage deadline passed */
  SPC_LOGIN_CANCELLED,         /* the user stopped it */
} SpcLoginOutcome;

/* Which of our own rules stopped a check: why it was refused as insecure
 * (SPC_LOGIN_REFUSED_INSECURE), or why it could not go on (SPC_LOGIN_ERROR) */
typedef enum {
  SPC_LOGIN_REFUSAL_NONE,
  SPC_LOGIN_REFUSAL_NO_TLS,               /* the port has no TLS (or lost STARTTLS) */
  SPC_LOGIN_REFUSAL_CERTIFICATE,          /* the certificate is not trusted */
  SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY, /* the mechanism is offered only in clear */
  SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED,  /* not the certificate the probe saw */
  SPC_LOGIN_REFUSAL_STARTTLS_INJECTION,   /* bytes after the STARTTLS 220 */
  SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN,      /* the probe did not end with a usable port */
  SPC_LOGIN_REFUSAL_NO_CREDENTIALS,       /* no user name, or neither password nor token */
  SPC_LOGIN_REFUSAL_INVALID_ADDRESS,      /* the test message's sender or recipient */
  SPC_LOGIN_REFUSAL_SASL_FAILED,          /* GNU SASL could not start or go on */
  SPC_LOGIN_REFUSAL_TOO_MANY_STEPS,       /* the server kept sending challenges */
} SpcLoginRefusal;

typedef enum {
  SPC_TEST_MESSAGE_NOT_SENT,
  SPC_TEST_MESSAGE_ACCEPTED,   /* 250 after the data */
  SPC_TEST_MESSAGE_REJECTED,   /* 4xx/5xx to MAIL, RCPT or DATA */
  SPC_TEST_MESSAGE_ERROR,
  SPC_TEST_MESSAGE_TIMEOUT,
} SpcTestMessageOutcome;

/* Where the check ended */
typedef enum {
  SPC_LOGIN_STAGE_CHECK,      /* before connecting: the probe's findings */
  SPC_LOGIN_STAGE_CONNECT,
  SPC_LOGIN_STAGE_TLS,
  SPC_LOGIN_STAGE_GREETING,
  SPC_LOGIN_STAGE_EHLO,
  SPC_LOGIN_STAGE_STARTTLS,
  SPC_LOGIN_STAGE_AUTH,
  SPC_LOGIN_STAGE_MAIL,
  SPC_LOGIN_STAGE_RCPT,
  SPC_LOGIN_STAGE_DATA,
  SPC_LOGIN_STAGE_QUIT,
  SPC_LOGIN_STAGE_DONE,
} SpcLoginStage;

#define SPC_TYPE_LOGIN_RESULT (spc_login_result_get_type ())

G_DECLARE_FINAL_TYPE (SpcLoginResult, spc_login_result, SPC, LOGIN_RESULT, GObject)

const char            *spc_login_result_get_host         (SpcLoginResult *self);
guint16                spc_login_result_get_port         (SpcLoginResult *self);
SpcMode                spc_login_result_get_mode         (SpcLoginResult *self);
const char            *spc_login_result_get_user         (SpcLoginResult *self);
SpcLoginOutcome        spc_login_result_get_outcome      (SpcLoginResult *self);
SpcLoginRefusal        spc_login_result_get_refusal      (SpcLoginResult *self);
SpcLoginStage          spc_login_result_get_stage        (SpcLoginResult *self);
/* The mechanism tried (or refused), upper case; NULL when none was chosen */
const char            *spc_login_result_get_mechanism    (SpcLoginResult *self);
/* The server's last reply to the login, "535 5.7.8 Error: authentication
 * failed"; 0 / NULL when none came */
guint                  spc_login_result_get_reply_code   (SpcLoginResult *self);
const char            *spc_login_result_get_reply        (SpcLoginResult *self);
/* "5.7.8" from the reply (RFC 3463), NULL when it has none */
const char            *spc_login_result_get_enhanced_code (SpcLoginResult *self);
/* What broke (an error message, for SPC_LOGIN_ERROR), NULL otherwise */
const char            *spc_login_result_get_error        (SpcLoginResult *self);
/* Mechanisms the server offered before TLS (STARTTLS ports) and inside it */
const char * const    *spc_login_result_get_auth_before_tls (SpcLoginResult *self);
const char * const    *spc_login_result_get_auth_after_tls  (SpcLoginResult *self);
/* The certificate fingerprints the probe saw and this connection saw */
const char            *spc_login_result_get_expected_sha256 (SpcLoginResult *self);
const char            *spc_login_result_get_seen_sha256     (SpcLoginResult *self);
/* The conversation, credentials masked ("AUTH PLAIN ****"): SpcTranscriptLine* */
GPtrArray             *spc_login_result_get_transcript   (SpcLoginResult *self);

/* The test message, when one was asked for */
SpcTestMessageOutcome  spc_login_result_get_message_outcome (SpcLoginResult *self);
const char            *spc_login_result_get_message_from    (SpcLoginResult *self);
const char            *spc_login_result_get_message_to      (SpcLoginResult *self);
guint                  spc_login_result_get_message_reply_code (SpcLoginResult *self);
const char            *spc_login_result_get_message_reply   (SpcLoginResult *self);
const char            *spc_login_result_get_message_enhanced_code (SpcLoginResult *self);
/* "<…@example.org>" as written in the header */
const char            *spc_login_result_get_message_id      (SpcLoginResult *self);
/* The queue id from "250 2.0.0 Ok: queued as 4Xyz", NULL when not found */
const char            *spc_login_result_get_queue_id        (SpcLoginResult *self);

/* "5.7.8" at the start of @text (RFC 3463 class.subject.detail), or NULL */
char                  *spc_enhanced_code_parse (const char *text);

G_END_DECLS
