/* spc-status.h — what happened on a port, and the traffic light it earns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "spc-detail.h"

G_BEGIN_DECLS

typedef enum {
  SPC_STATUS_PENDING,             /* still running */
  SPC_STATUS_OK,
  SPC_STATUS_NO_AUTH,
  SPC_STATUS_CERTIFICATE_INVALID,
  SPC_STATUS_PLAINTEXT_ONLY,
  SPC_STATUS_FILTERED,
  SPC_STATUS_REFUSED,
  SPC_STATUS_UNREACHABLE,
  SPC_STATUS_DNS_ERROR,
  SPC_STATUS_NO_GREETING,
  SPC_STATUS_TIMEOUT,
  SPC_STATUS_NOT_SMTP,
  SPC_STATUS_REJECTED,
  SPC_STATUS_TLS_FAILED,
  SPC_STATUS_STARTTLS_INJECTION,
  SPC_STATUS_MODE_MISMATCH,
  SPC_STATUS_PROTOCOL_ERROR,
  SPC_STATUS_CANCELLED,
} SpcStatus;

typedef enum {
  SPC_VERDICT_NONE,    /* not decided yet */
  SPC_VERDICT_GREEN,
  SPC_VERDICT_YELLOW,
  SPC_VERDICT_RED,
  SPC_VERDICT_GREY,    /* cancelled */
} SpcVerdict;

/* Where a probe is; each stage has its own deadline */
typedef enum {
  SPC_STAGE_WAITING,
  SPC_STAGE_RESOLVE,
  SPC_STAGE_CONNECT,
  SPC_STAGE_TLS,        /* implicit TLS handshake */
  SPC_STAGE_GREETING,
  SPC_STAGE_EHLO,
  SPC_STAGE_STARTTLS,   /* STARTTLS command, 220, handshake */
  SPC_STAGE_EHLO_TLS,   /* EHLO again inside TLS */
  SPC_STAGE_QUIT,
  SPC_STAGE_DONE,
} SpcStage;

/* Registered as SPC_TYPE_STATUS, SPC_TYPE_VERDICT, SPC_TYPE_STAGE (spc-enums.h);
 * the identifiers below are their nicks */

/* "ok", "no-auth", "certificate-invalid", … (the enum's nicks, used in the JSON); "pending" */
const char *spc_status_to_string         (SpcStatus  status);
gboolean    spc_status_from_string       (const char *text,
                                          SpcStatus  *status);
SpcVerdict  spc_status_get_verdict       (SpcStatus  status);
/* The verdict of a finished port: its status's, except that a caveat
 * (a certificate about to expire) makes green yellow */
SpcVerdict  spc_status_get_verdict_for_detail (SpcStatus  status,
                                               SpcDetail  detail);
/* "green", "yellow", "red", "grey", "none" */
const char *spc_verdict_to_string        (SpcVerdict verdict);
/* Words, never colour alone: "Works", "Works with a warning", "Does not work",
 * "Stopped", "Checking…" (translated) */
const char *spc_verdict_get_label        (SpcVerdict verdict);
/* "Connecting", "Waiting for the greeting" … (translated) */
const char *spc_stage_get_label          (SpcStage   stage);
/* "connect", "greeting", "ehlo", "tls", "starttls" — stable identifiers */
const char *spc_stage_to_string          (SpcStage   stage);

G_END_DECLS
