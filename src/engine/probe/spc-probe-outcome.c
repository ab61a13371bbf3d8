/* spc-probe-outcome.c — how a run ends: its status from what happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-error.h"
#include "spc-probe-private.h"

/* Errors, by stage */

static char *
describe_tls_failure (const GError *error)
{
  const char *message = error->message != NULL ? error->message : "";

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
      g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_strdup (_("The server closed the connection during the TLS handshake"));

  /* GnuTLS refuses TLS 1.0 and 1.1: a server offering nothing newer fails
   * with a protocol version error; say what that means. */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_INAPPROPRIATE_FALLBACK) ||
      strstr (message, "version") != NULL || strstr (message, "Version") != NULL)
    return g_strdup_printf (_("The TLS handshake failed: %s (the server may offer only an obsolete TLS version such as 1.0 or 1.1)"),
                            message);

  return g_strdup_printf (_("The TLS handshake failed: %s"), message);
}

static void
fail_deadline (SpcProbe *self)
{
  g_autofree char *seconds = _spc_probe_format_seconds (self->deadline_ms);
  g_autofree char *summary = NULL;
  SpcStatus status;

  _spc_probe_note (self, _("No progress within %s"), seconds);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      status = SPC_STATUS_DNS_ERROR;
      summary = g_strdup_printf (_("The name server did not answer for %s within %s"), self->host, seconds);
      break;

    case SPC_STAGE_CONNECT:
      status = SPC_STATUS_FILTERED;
      summary = g_strdup_printf (_("Blocked on your network: no answer within %s"), seconds);
      break;

    case SPC_STAGE_TLS:
      status = SPC_STATUS_TLS_FAILED;
      summary = g_strdup_printf (_("The TLS handshake did not finish within %s"), seconds);
      break;

    case SPC_STAGE_GREETING:
      status = SPC_STATUS_NO_GREETING;
      summary = g_strdup_printf (_("Connected, but no complete greeting within %s"), seconds);
      break;

    case SPC_STAGE_EHLO:
    case SPC_STAGE_EHLO_TLS:
      status = SPC_STATUS_TIMEOUT;
      summary = g_strdup_printf (_("No answer to EHLO within %s"), seconds);
      break;

    case SPC_STAGE_STARTTLS:
      if (self->reader == NULL)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("The TLS handshake after STARTTLS did not finish within %s"), seconds);
        }
      else
        {
          status = SPC_STATUS_TIMEOUT;
          summary = g_strdup_printf (_("No answer to STARTTLS within %s"), seconds);
        }
      break;

    case SPC_STAGE_WAITING:
    case SPC_STAGE_QUIT:
    case SPC_STAGE_DONE:
    default:
      status = SPC_STATUS_TIMEOUT;
      summary = g_strdup_printf (_("No answer within %s"), seconds);
      break;
    }

  _spc_probe_finish (self, status, summary);
}

void
_spc_probe_fail (SpcProbe     *self,
                 const GError *error)
{
  g_autofree char *summary = NULL;
  SpcStatus status;

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

  _spc_probe_note (self, "%s", error->message);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      {
        const char *name = self->connect_address != NULL ? self->connect_address : self->host;
        gboolean not_found = g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);

        status = SPC_STATUS_DNS_ERROR;
        /* With -4 or -6, "not found" may only mean "none of that family" */
        if (not_found && self->family == SPC_FAMILY_IPV4)
          summary = g_strdup_printf (_("%s has no IPv4 address (DNS)"), name);
        else if (not_found && self->family == SPC_FAMILY_IPV6)
          summary = g_strdup_printf (_("%s has no IPv6 address (DNS)"), name);
        else if (not_found)
          summary = g_strdup_printf (_("The name %s was not found (DNS)"), name);
        else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
          summary = g_strdup_printf (_("The name server could not be asked for %s: %s"), name, error->message);
        else
          summary = g_strdup_printf (_("The name %s could not be resolved: %s"), name, error->message);
      }
      break;

    case SPC_STAGE_CONNECT:
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        {
          status = SPC_STATUS_REFUSED;
          summary = g_strdup (_("Nothing listens on this port (connection refused)"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          status = SPC_STATUS_FILTERED;
          summary = g_strdup (_("Blocked on your network: the connection timed out"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
        {
          /* EHOSTUNREACH: an ICMP "host unreachable", which firewalls also
           * send for "administratively prohibited" over IPv4 */
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("A router or firewall on the way reported the server unreachable: %s"),
                                     error->message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        {
          /* EACCES: ICMPv6 "administratively prohibited", or a local firewall */
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("A firewall rejected the connection (administratively prohibited): %s"),
                                     error->message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        {
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("No network route to the server: %s"), error->message);
        }
      else
        {
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("The connection failed: %s"), error->message);
        }
      break;

    case SPC_STAGE_TLS:
      status = SPC_STATUS_TLS_FAILED;
      summary = describe_tls_failure (error);
      break;

    case SPC_STAGE_STARTTLS:
      if (self->reader == NULL || error->domain == G_TLS_ERROR)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = describe_tls_failure (error);
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
      status = SPC_STATUS_PROTOCOL_ERROR;
      if (g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED))
        summary = g_strdup (_("The server closed the connection in the middle of the conversation"));
      else if (error->domain == SPC_ERROR)
        /* Our own messages are whole sentences naming what broke the
         * rules ("The server's reply contains a NUL byte.") */
        summary = _spc_probe_dup_as_summary (error->message);
      else if (error->domain == G_TLS_ERROR)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("The TLS session failed: %s"), error->message);
        }
      else
        summary = g_strdup_printf (_("The connection broke: %s"), error->message);
      break;
    }

  _spc_probe_finish (self, status, summary);
}

/* Classification once the conversation is over */

void
_spc_probe_classify (SpcProbe *self)
{
  const SpcCapabilities *caps = &self->caps;
  g_autofree char *summary = NULL;
  SpcStatus status;

  if (self->tls_done)
    {
      const char *version = spc_result_get_tls_version (self->result);
      GTlsCertificateFlags errors = spc_result_get_certificate_errors (self->result);

      if (version == NULL)
        version = "TLS";

      /* RFC 8996: TLS 1.0 and 1.1 are deprecated; mail programs refuse them */
      if (_spc_probe_is_obsolete_tls (self->protocol_version))
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("Only obsolete %s is offered: current mail programs refuse it"), version);
        }
      else if (errors != 0)
        {
          g_auto(GStrv) problems = spc_result_describe_certificate_problems (self->result, self->host);
          g_autofree char *first = _spc_probe_dup_as_summary (problems[0] != NULL ? problems[0]
                                                                       : _("The certificate is not valid."));

          status = SPC_STATUS_CERTIFICATE_INVALID;
          if (problems[0] != NULL && problems[1] != NULL)
            summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s (and %u more problem)",
                                                    "%s (and %u more problems)",
                                                    g_strv_length (problems) - 1),
                                       first, g_strv_length (problems) - 1);
          else
            summary = g_steal_pointer (&first);
        }
      else if (caps->auth != NULL && caps->auth[0] != NULL)
        {
          g_autofree char *mechanisms = g_strjoinv (" ", caps->auth);

          status = SPC_STATUS_OK;
          if (self->mode == SPC_MODE_TLS)
            /* Translators: "Works: TLS 1.3 from the first byte, PLAIN LOGIN" */
            summary = g_strdup_printf (_("Works: %s from the first byte, %s"), version, mechanisms);
          else
            /* Translators: "Works: TLS 1.3, PLAIN LOGIN after STARTTLS" */
            summary = g_strdup_printf (_("Works: %s, %s after STARTTLS"), version, mechanisms);
        }
      else
        {
          status = SPC_STATUS_NO_AUTH;
          summary = g_strdup_printf (_("Encrypted with %s, but no login is offered: a relay port, not for sending from a mail program"),
                                     version);
        }
    }
  else if (self->mode == SPC_MODE_PLAIN)
    {
      status = SPC_STATUS_PLAINTEXT_ONLY;
      if (caps->starttls)
        summary = g_strdup (_("SMTP without encryption, as asked (the server also offers STARTTLS)"));
      else
        summary = g_strdup (_("SMTP without encryption: the server offers no STARTTLS"));
    }
  else
    {
      status = SPC_STATUS_PLAINTEXT_ONLY;
      if (caps->ehlo_answered)
        summary = g_strdup (_("No encryption: the server offers no STARTTLS, a password would travel in clear"));
      else
        summary = g_strdup (_("No encryption: the server speaks only old SMTP (HELO) without STARTTLS"));
    }

  _spc_probe_finish (self, status, summary);
}
