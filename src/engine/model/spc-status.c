/* spc-status.c — what happened on a port, and the traffic light it earns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-detail.h"
#include "spc-status.h"

/* The identifiers are a contract (JSON, CLI, tests): they are the enum
 * nicks, so renaming a value in spc-status.h needs a nick annotation */
const char *
spc_status_to_string (SpcStatus status)
{
  return spc_enum_get_nick (SPC_TYPE_STATUS, status);
}

gboolean
spc_status_from_string (const char *text,
                        SpcStatus  *status)
{
  int value;

  g_return_val_if_fail (status != NULL, FALSE);

  if (!spc_enum_from_nick (SPC_TYPE_STATUS, text, &value))
    return FALSE;

  *status = value;
  return TRUE;
}

SpcVerdict
spc_status_get_verdict (SpcStatus status)
{
  switch (status)
    {
    case SPC_STATUS_PENDING:
      return SPC_VERDICT_NONE;

    case SPC_STATUS_OK:
      return SPC_VERDICT_GREEN;

    /* Usable, but the user must know: no AUTH means a relay port, not one
     * for sending from a mail client */
    case SPC_STATUS_NO_AUTH:
      return SPC_VERDICT_YELLOW;

    /* A mail client refuses the certificate, so the port does not work
     * for it; a company CA is fixed by trusting it (the CA file), and
     * then the port is green */
    case SPC_STATUS_CERTIFICATE_INVALID:
      return SPC_VERDICT_RED;

    /* Red, not yellow: a client configured for this port sends its password
     * in clear text to anyone on the path, and an attacker who strips
     * STARTTLS from the EHLO reply produces exactly this picture. A tool
     * people trust to say "this works" must never nudge them toward it. */
    case SPC_STATUS_PLAINTEXT_ONLY:
      return SPC_VERDICT_RED;

    case SPC_STATUS_CANCELLED:
      return SPC_VERDICT_GREY;

    case SPC_STATUS_FILTERED:
    case SPC_STATUS_REFUSED:
    case SPC_STATUS_UNREACHABLE:
    case SPC_STATUS_DNS_ERROR:
    case SPC_STATUS_NO_GREETING:
    case SPC_STATUS_TIMEOUT:
    case SPC_STATUS_NOT_SMTP:
    case SPC_STATUS_REJECTED:
    case SPC_STATUS_TLS_FAILED:
    case SPC_STATUS_STARTTLS_INJECTION:
    case SPC_STATUS_MODE_MISMATCH:
    case SPC_STATUS_PROTOCOL_ERROR:
      return SPC_VERDICT_RED;

    default:
      g_return_val_if_reached (SPC_VERDICT_RED);
    }
}

SpcVerdict
spc_status_get_verdict_for_detail (SpcStatus status,
                                   SpcDetail detail)
{
  SpcVerdict verdict = spc_status_get_verdict (status);

  if (verdict == SPC_VERDICT_GREEN && detail == SPC_DETAIL_CERTIFICATE_EXPIRES_SOON)
    return SPC_VERDICT_YELLOW;
  return verdict;
}

const char *
spc_verdict_to_string (SpcVerdict verdict)
{
  return spc_enum_get_nick (SPC_TYPE_VERDICT, verdict);
}

const char *
spc_verdict_get_label (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_NONE:
      return _("Checking…");
    case SPC_VERDICT_GREEN:
      return _("Works");
    case SPC_VERDICT_YELLOW:
      return _("Works with a warning");
    case SPC_VERDICT_RED:
      return _("Does not work");
    case SPC_VERDICT_GREY:
      return _("Stopped");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
spc_stage_get_label (SpcStage stage)
{
  switch (stage)
    {
    case SPC_STAGE_WAITING:
      return _("Waiting to start");
    case SPC_STAGE_RESOLVE:
      return _("Looking up the server");
    case SPC_STAGE_CONNECT:
      return _("Connecting");
    case SPC_STAGE_TLS:
      return _("Setting up encryption");
    case SPC_STAGE_GREETING:
      return _("Waiting for the greeting");
    case SPC_STAGE_EHLO:
      return _("Asking what the server offers");
    case SPC_STAGE_STARTTLS:
      return _("Switching to encryption");
    case SPC_STAGE_EHLO_TLS:
      return _("Asking again over encryption");
    case SPC_STAGE_QUIT:
      return _("Saying goodbye");
    case SPC_STAGE_DONE:
      return _("Finished");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
spc_stage_to_string (SpcStage stage)
{
  return spc_enum_get_nick (SPC_TYPE_STAGE, stage);
}
