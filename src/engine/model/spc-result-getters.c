/* spc-result-getters.c — what a result knows, for its readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-result-private.h"

/* Getters */

guint16
spc_result_get_port (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), 0);
  return self->port;
}

SpcMode
spc_result_get_mode (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_MODE_STARTTLS);
  return self->mode;
}

SpcStage
spc_result_get_stage (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_STAGE_WAITING);
  return self->stage;
}

SpcStatus
spc_result_get_status (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_STATUS_PENDING);
  return self->status;
}

SpcVerdict
spc_result_get_verdict (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_VERDICT_NONE);
  return self->verdict;
}

gboolean
spc_result_get_finished (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), FALSE);
  return self->finished;
}

SpcDetail
spc_result_get_detail (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_DETAIL_NONE);
  return self->detail;
}

const char *
spc_result_get_host (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->host;
}

const char *
spc_result_get_connect_address (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->connect_address;
}

guint
spc_result_get_deadline_ms (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), 0);
  return self->deadline_ms;
}

guint
spc_result_get_reply_code (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), 0);
  return self->reply_code;
}

const char *
spc_result_get_reply_text (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->reply_text;
}

const GError *
spc_result_get_error (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->error;
}

const char *
spc_result_get_address (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->address;
}

const char *
spc_result_get_greeting (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->greeting;
}

gint64
spc_result_get_timing (SpcResult *self,
                       SpcTiming  timing)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), -1);
  g_return_val_if_fail (timing < SPC_N_TIMINGS, -1);
  return self->timings[timing];
}

const char *
spc_result_get_tls_version (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->tls_version;
}

const char *
spc_result_get_tls_cipher (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->tls_cipher;
}

GTlsCertificate *
spc_result_get_certificate (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->certificate;
}

GTlsCertificateFlags
spc_result_get_certificate_errors (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), 0);
  return self->certificate_errors;
}

const char *
spc_result_get_cert_subject (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_subject;
}

const char *
spc_result_get_cert_issuer (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_issuer;
}

GDateTime *
spc_result_get_cert_not_before (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_not_before;
}

GDateTime *
spc_result_get_cert_not_after (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_not_after;
}

const char * const *
spc_result_get_cert_dns_names (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return (const char * const *) self->cert_dns_names;
}

const char *
spc_result_get_cert_sha256 (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_sha256;
}

const char * const *
spc_result_get_cert_ip_addresses (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return (const char * const *) self->cert_ip_addresses;
}

SpcCertificateFaults
spc_result_get_certificate_faults (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_CERTIFICATE_FAULT_NONE);
  return self->cert_inspection.faults;
}

const char *
spc_result_get_cert_key_algorithm (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_inspection.key_algorithm;
}

guint
spc_result_get_cert_key_bits (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), 0);
  return self->cert_inspection.key_bits;
}

const char *
spc_result_get_cert_expired_intermediate (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_inspection.expired_intermediate;
}

GDateTime *
spc_result_get_cert_expired_intermediate_not_after (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->cert_inspection.expired_intermediate_not_after;
}

const SpcCapabilities *
spc_result_get_capabilities (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return &self->capabilities;
}

GPtrArray *
spc_result_get_transcript (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->transcript;
}

SpcReference *
spc_result_get_reference (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);
  return self->reference;
}

SpcLegacyTls
spc_result_get_legacy_tls1_0 (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_LEGACY_TLS_NOT_CHECKED);

  return self->legacy_tls1_0;
}

SpcLegacyTls
spc_result_get_legacy_tls1_1 (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), SPC_LEGACY_TLS_NOT_CHECKED);

  return self->legacy_tls1_1;
}
