/* spc-probe-outcome.c — how a run ends: its status and detail from what happened
 *
 * Codes only: the sentences are made in advice/spc-summary.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-error.h"
#include "spc-probe-private.h"

/* Ends the run with @status and @detail, keeping @error as the fact they cite */
static void
finish_on_error (SpcProbe     *self,
                 SpcStatus     status,
                 SpcDetail     detail,
                 const GError *error)
{
  spc_result_set_error (self->result, error);
  _spc_probe_finish (self, status, detail);
}

static SpcDetail
tls_failure_detail (const GError *error)
{
  const char *message = error->message != NULL ? error->message : "";

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
      g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return SPC_DETAIL_TLS_CLOSED;

  /* GnuTLS refuses TLS 1.0 and 1.1: a server offering nothing newer fails
   * with a protocol version error; the summary says what that means. */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_INAPPROPRIATE_FALLBACK) ||
      strstr (message, "version") != NULL || strstr (message, "Version") != NULL)
    return SPC_DETAIL_TLS_OLD_VERSION;

  return SPC_DETAIL_TLS_HANDSHAKE_FAILED;
}

static void
fail_deadline (SpcProbe *self)
{
  SpcStatus status = SPC_STATUS_TIMEOUT;
  SpcDetail detail = SPC_DETAIL_ANSWER_TIMEOUT;

  _spc_probe_note (self, SPC_NOTE_NO_PROGRESS, NULL, self->deadline_ms);
  spc_result_set_deadline_ms (self->result, self->deadline_ms);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      status = SPC_STATUS_DNS_ERROR;
      detail = SPC_DETAIL_DNS_TIMEOUT;
      break;

    case SPC_STAGE_CONNECT:
      status = SPC_STATUS_FILTERED;
      detail = SPC_DETAIL_CONNECT_TIMEOUT;
      break;

    case SPC_STAGE_TLS:
      status = SPC_STATUS_TLS_FAILED;
      detail = SPC_DETAIL_TLS_TIMEOUT;
      break;

    case SPC_STAGE_GREETING:
      status = SPC_STATUS_NO_GREETING;
      detail = SPC_DETAIL_GREETING_INCOMPLETE;
      break;

    case SPC_STAGE_EHLO:
    case SPC_STAGE_EHLO_TLS:
      detail = SPC_DETAIL_EHLO_TIMEOUT;
      break;

    case SPC_STAGE_STARTTLS:
      /* No reader: the handshake had begun */
      if (self->reader == NULL)
        {
          status = SPC_STATUS_TLS_FAILED;
          detail = SPC_DETAIL_STARTTLS_HANDSHAKE_TIMEOUT;
        }
      else
        detail = SPC_DETAIL_STARTTLS_TIMEOUT;
      break;

    case SPC_STAGE_WAITING:
    case SPC_STAGE_QUIT:
    case SPC_STAGE_DONE:
    default:
      break;
    }

  _spc_probe_finish (self, status, detail);
}

static SpcDetail
connect_failure_detail (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return SPC_DETAIL_CONNECT_REFUSED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return SPC_DETAIL_CONNECT_TIMED_OUT;
  /* EHOSTUNREACH: an ICMP "host unreachable", which firewalls also send for
   * "administratively prohibited" over IPv4 */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return SPC_DETAIL_HOST_UNREACHABLE;
  /* EACCES: ICMPv6 "administratively prohibited", or a local firewall */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return SPC_DETAIL_PROHIBITED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return SPC_DETAIL_NETWORK_UNREACHABLE;
  return SPC_DETAIL_CONNECT_FAILED;
}

static SpcStatus
connect_failure_status (SpcDetail detail)
{
  switch (detail)
    {
    case SPC_DETAIL_CONNECT_REFUSED:
      return SPC_STATUS_REFUSED;
    case SPC_DETAIL_CONNECT_TIMED_OUT:
      return SPC_STATUS_FILTERED;
    default:
      return SPC_STATUS_UNREACHABLE;
    }
}

/* In the middle of the conversation */
static void
fail_conversation (SpcProbe     *self,
                   const GError *error)
{
  if (g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED))
    finish_on_error (self, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_CLOSED_MIDWAY, error);
  else if (error->domain == SPC_ERROR)
    finish_on_error (self, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_PROTOCOL_VIOLATION, error);
  else if (error->domain == G_TLS_ERROR)
    finish_on_error (self, SPC_STATUS_TLS_FAILED, SPC_DETAIL_TLS_SESSION_FAILED, error);
  else
    finish_on_error (self, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_CONNECTION_BROKE, error);
}

void
_spc_probe_fail (SpcProbe     *self,
                 const GError *error)
{
  SpcDetail detail;

  if (_spc_probe_user_cancelled (self))
    {
      _spc_probe_finish_cancelled (self);
      return;
    }

  if (_spc_probe_is_deadline (self, error))
    {
      fail_deadline (self);
      return;
    }

  if (_spc_probe_fail_client_certificate (self, error))
    return;

  _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      finish_on_error (self, SPC_STATUS_DNS_ERROR, spc_lookup_error_get_detail (error, self->family), error);
      break;

    case SPC_STAGE_CONNECT:
      detail = connect_failure_detail (error);
      finish_on_error (self, connect_failure_status (detail), detail, error);
      break;

    case SPC_STAGE_TLS:
      finish_on_error (self, SPC_STATUS_TLS_FAILED, tls_failure_detail (error), error);
      break;

    case SPC_STAGE_STARTTLS:
      if (self->reader == NULL || error->domain == G_TLS_ERROR)
        {
          finish_on_error (self, SPC_STATUS_TLS_FAILED, tls_failure_detail (error), error);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case SPC_STAGE_GREETING:
    case SPC_STAGE_EHLO:
    case SPC_STAGE_EHLO_TLS:
    case SPC_STAGE_WAITING:
    case SPC_STAGE_QUIT:
    case SPC_STAGE_DONE:
    default:
      fail_conversation (self, error);
      break;
    }
}

/* Classification once the conversation is over */

static gboolean
certificate_expires_soon (SpcProbe *self)
{
  GDateTime *not_after = spc_result_get_cert_not_after (self->result);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return not_after != NULL &&
         spc_certificate_days_left (not_after, now) <= SPC_CERTIFICATE_EXPIRY_WARNING_DAYS;
}

void
_spc_probe_classify (SpcProbe *self)
{
  const SpcCapabilities *caps = &self->caps;

  if (!self->tls_done)
    _spc_probe_finish (self, SPC_STATUS_PLAINTEXT_ONLY, SPC_DETAIL_PLAINTEXT);
  /* RFC 8996: TLS 1.0 and 1.1 are deprecated; mail programs refuse them */
  else if (_spc_probe_is_obsolete_tls (self->protocol_version))
    _spc_probe_finish (self, SPC_STATUS_TLS_FAILED, SPC_DETAIL_OBSOLETE_TLS);
  else if (!spc_result_get_certificate_valid (self->result))
    _spc_probe_finish (self, SPC_STATUS_CERTIFICATE_INVALID, SPC_DETAIL_CERTIFICATE);
  else if (caps->auth != NULL && caps->auth[0] != NULL && certificate_expires_soon (self))
    _spc_probe_finish (self, SPC_STATUS_OK, SPC_DETAIL_CERTIFICATE_EXPIRES_SOON);
  else if (caps->auth != NULL && caps->auth[0] != NULL)
    _spc_probe_finish (self, SPC_STATUS_OK, SPC_DETAIL_WORKS);
  else
    _spc_probe_finish (self, SPC_STATUS_NO_AUTH, SPC_DETAIL_NO_LOGIN);
}
