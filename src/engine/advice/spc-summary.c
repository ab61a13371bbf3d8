/* spc-summary.c — one port's outcome and transcript notes in words
 *
 * Every sentence the window, the CLI and the report say about one port
 * (beside the certificate's, spc-certificate-text.c) is made here, from the
 * codes and facts the probe recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-certificate-text.h"
#include "spc-reference-text.h"
#include "spc-summary.h"

char *
spc_summary_format_seconds (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf (_("%u s"), ms / 1000);

  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

/* A summary is a sentence without its full stop */
static char *
dup_as_summary (const char *sentence)
{
  gsize len = strlen (sentence);

  return g_strndup (sentence, len > 0 && sentence[len - 1] == '.' ? len - 1 : len);
}

static const char *
error_message (SpcResult *result)
{
  const GError *error = spc_result_get_error (result);

  return error != NULL && error->message != NULL ? error->message : "";
}

/* "554 5.7.1 Service unavailable": the reply as one line */
static char *
describe_reply (SpcResult *result)
{
  const char *text = spc_result_get_reply_text (result);

  if (text != NULL && text[0] != '\0')
    return g_strdup_printf ("%u %s", spc_result_get_reply_code (result), text);

  return g_strdup_printf ("%u", spc_result_get_reply_code (result));
}

/* The name looked up: the --resolve address, or the host */
static const char *
lookup_name (SpcResult *result)
{
  const char *address = spc_result_get_connect_address (result);

  return address != NULL ? address : spc_result_get_host (result);
}

static char *
summarize_resolve (SpcResult  *result,
                   SpcDetail   detail,
                   const char *seconds)
{
  g_autofree char *host = _spc_advice_dup_display_host (spc_result_get_host (result));
  g_autofree char *name = _spc_advice_dup_display_host (lookup_name (result));

  switch (detail)
    {
    case SPC_DETAIL_DNS_TIMEOUT:
      return g_strdup_printf (_("The name server did not answer for %s within %s"), host, seconds);
    case SPC_DETAIL_DNS_NO_IPV4:
      return g_strdup_printf (_("%s has no IPv4 address (DNS)"), name);
    case SPC_DETAIL_DNS_NO_IPV6:
      return g_strdup_printf (_("%s has no IPv6 address (DNS)"), name);
    case SPC_DETAIL_DNS_NOT_FOUND:
      return g_strdup_printf (_("The name %s was not found (DNS)"), name);
    case SPC_DETAIL_DNS_UNAVAILABLE:
      return g_strdup_printf (_("The name server could not be asked for %s: %s"), name, error_message (result));
    case SPC_DETAIL_DNS_FAILED:
      return g_strdup_printf (_("The name %s could not be resolved: %s"), name, error_message (result));
    case SPC_DETAIL_NO_IPV6_ADDRESS:
      return g_strdup_printf (_("%s has no IPv6 address"), host);
    case SPC_DETAIL_NO_IPV4_ADDRESS:
      return g_strdup_printf (_("%s has no IPv4 address"), host);
    case SPC_DETAIL_NO_ADDRESS:
      return g_strdup_printf (_("%s has no address"), host);
    case SPC_DETAIL_WRONG_FAMILY:
      return g_strdup_printf (_("%s is not an address of the family asked for (IPv4 or IPv6)"), name);
    default:
      return NULL;
    }
}

static char *
summarize_connect (SpcResult  *result,
                   SpcDetail   detail,
                   const char *seconds)
{
  switch (detail)
    {
    case SPC_DETAIL_CONNECT_TIMEOUT:
      /* Whose firewall: the reference check tells */
      return spc_reference_summarize (result, seconds);
    case SPC_DETAIL_CONNECT_REFUSED:
      return g_strdup (_("Nothing listens on this port (connection refused)"));
    case SPC_DETAIL_CONNECT_TIMED_OUT:
      {
        /* The system's own timeout, not our deadline: as long as it took */
        g_autofree char *waited = spc_summary_format_seconds (_spc_advice_clamp_ms (spc_result_get_timing (result, SPC_TIMING_TOTAL)));

        return spc_reference_summarize (result, waited);
      }
    case SPC_DETAIL_HOST_UNREACHABLE:
      return g_strdup_printf (_("A router or firewall on the way reported the server unreachable: %s"),
                              error_message (result));
    case SPC_DETAIL_PROHIBITED:
      return g_strdup_printf (_("A firewall rejected the connection (administratively prohibited): %s"),
                              error_message (result));
    case SPC_DETAIL_NETWORK_UNREACHABLE:
      return g_strdup_printf (_("No network route to the server: %s"), error_message (result));
    case SPC_DETAIL_CONNECT_FAILED:
      return g_strdup_printf (_("The connection failed: %s"), error_message (result));
    default:
      return NULL;
    }
}

static char *
summarize_tls (SpcResult  *result,
               SpcDetail   detail,
               const char *seconds)
{
  switch (detail)
    {
    case SPC_DETAIL_TLS_TIMEOUT:
      return g_strdup_printf (_("The TLS handshake did not finish within %s"), seconds);
    case SPC_DETAIL_STARTTLS_HANDSHAKE_TIMEOUT:
      return g_strdup_printf (_("The TLS handshake after STARTTLS did not finish within %s"), seconds);
    case SPC_DETAIL_TLS_CLOSED:
      return g_strdup (_("The server closed the connection during the TLS handshake"));
    case SPC_DETAIL_TLS_OLD_VERSION:
      return g_strdup_printf (_("The TLS handshake failed: %s (the server may offer only an obsolete TLS version such as 1.0 or 1.1)"),
                              error_message (result));
    case SPC_DETAIL_TLS_HANDSHAKE_FAILED:
      return g_strdup_printf (_("The TLS handshake failed: %s"), error_message (result));
    case SPC_DETAIL_CLIENT_CERTIFICATE_REQUIRED:
      return g_strdup (_("The server demands a client certificate: it takes only mail programs that have one (ask the provider for it, or use another port)"));
    case SPC_DETAIL_TLS_SESSION_FAILED:
      return g_strdup_printf (_("The TLS session failed: %s"), error_message (result));
    case SPC_DETAIL_STARTTLS_INJECTION:
      return g_strdup (_("Unsafe STARTTLS: the server sent more after its 220 answer, before TLS began (command injection)"));
    case SPC_DETAIL_STARTTLS_PLAINTEXT:
      return g_strdup (_("Unsafe STARTTLS: after its 220 answer the server sent plain text where TLS should begin (command injection)"));
    case SPC_DETAIL_PLAIN_SMTP_ON_TLS_PORT:
      return g_strdup (_("This port speaks plain SMTP; use STARTTLS on it, not SSL/TLS"));
    case SPC_DETAIL_EXPECTS_TLS:
      if (spc_result_get_mode (result) == SPC_MODE_PLAIN)
        return g_strdup (_("This port expects SSL/TLS from the first byte; use SSL/TLS on it, not an unencrypted connection"));
      return g_strdup (_("This port expects SSL/TLS from the first byte; use SSL/TLS on it, not STARTTLS"));
    default:
      return NULL;
    }
}

static char *
summarize_greeting (SpcResult  *result,
                    SpcDetail   detail,
                    const char *seconds)
{
  switch (detail)
    {
    case SPC_DETAIL_GREETING_INCOMPLETE:
      return g_strdup_printf (_("Connected, but no complete greeting within %s"), seconds);
    case SPC_DETAIL_SILENT:
      return g_strdup_printf (_("Connected, but no greeting within %s"), seconds);
    case SPC_DETAIL_ANSWERED_WHEN_SPOKEN_TO:
      return g_strdup_printf (_("No greeting within %s; the server answered only when spoken to"), seconds);
    case SPC_DETAIL_CLOSED_WITHOUT_GREETING:
      return g_strdup (_("The server closed the connection without a greeting"));
    case SPC_DETAIL_WEB_SERVER:
      return g_strdup (_("A web server answered, not a mail server"));
    case SPC_DETAIL_SSH_SERVER:
      return g_strdup (_("An SSH server answered, not a mail server"));
    case SPC_DETAIL_FTP_SERVER:
      return g_strdup (_("An FTP server answered, not a mail server"));
    case SPC_DETAIL_POP3_SERVER:
      return g_strdup (_("A POP3 server answered: it is for reading mail, not for sending it"));
    case SPC_DETAIL_IMAP_SERVER:
      return g_strdup (_("An IMAP server answered: it is for reading mail, not for sending it"));
    case SPC_DETAIL_EARLY_TALKER:
      return g_strdup (_("Something answered that talks before being asked, which a mail server never does: another service, or a device in between"));
    case SPC_DETAIL_TLS_NOT_SMTP:
      return g_strdup (_("A TLS service answered, but not with SMTP"));
    case SPC_DETAIL_BINARY:
      return g_strdup (_("The server sent binary data, not an SMTP greeting"));
    case SPC_DETAIL_NOT_SMTP:
      return g_strdup (_("Something answered, but not a mail server"));
    default:
      return NULL;
    }
}

static char *
summarize_reply (SpcResult  *result,
                 SpcDetail   detail,
                 const char *seconds)
{
  g_autofree char *reply = describe_reply (result);

  switch (detail)
    {
    case SPC_DETAIL_GREETING_REFUSED:
      return g_strdup_printf (_("The server refuses to talk to this computer: %s"), reply);
    case SPC_DETAIL_GREETING_INVALID:
      return g_strdup_printf (_("The greeting is not a valid SMTP greeting: %s"), reply);
    case SPC_DETAIL_EHLO_REFUSED:
      return g_strdup_printf (_("The server refused EHLO: %s"), reply);
    case SPC_DETAIL_HELO_REFUSED:
      return g_strdup_printf (_("The server refused both EHLO and HELO: %s"), reply);
    case SPC_DETAIL_STARTTLS_REFUSED:
      return g_strdup_printf (_("The server offers STARTTLS but refused it: %s"), reply);
    case SPC_DETAIL_EHLO_TIMEOUT:
      return g_strdup_printf (_("No answer to EHLO within %s"), seconds);
    case SPC_DETAIL_STARTTLS_TIMEOUT:
      return g_strdup_printf (_("No answer to STARTTLS within %s"), seconds);
    case SPC_DETAIL_ANSWER_TIMEOUT:
      return g_strdup_printf (_("No answer within %s"), seconds);
    case SPC_DETAIL_CLOSED_MIDWAY:
      return g_strdup (_("The server closed the connection in the middle of the conversation"));
    case SPC_DETAIL_PROTOCOL_VIOLATION:
      /* Our own messages are whole sentences naming what broke the rules
       * ("The server's reply contains a NUL byte.") */
      return dup_as_summary (error_message (result));
    case SPC_DETAIL_CONNECTION_BROKE:
      return g_strdup_printf (_("The connection broke: %s"), error_message (result));
    default:
      return NULL;
    }
}

static char *
summarize_certificate (SpcResult *result)
{
  guint n_problems = 0;
  g_autofree char *first = spc_certificate_summarize (result, &n_problems);

  if (first == NULL)
    return g_strdup (_("Certificate not trusted"));
  if (n_problems < 2)
    return g_steal_pointer (&first);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s (and %u more problem)",
                                       "%s (and %u more problems)",
                                       n_problems - 1),
                          first, n_problems - 1);
}

/* The conversation ended: what TLS, the certificate and EHLO showed */
static char *
summarize_session (SpcResult *result,
                   SpcDetail  detail)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);
  const char *version = spc_result_get_tls_version (result);
  SpcMode mode = spc_result_get_mode (result);

  if (version == NULL)
    version = "TLS";

  switch (detail)
    {
    case SPC_DETAIL_OBSOLETE_TLS:
      return g_strdup_printf (_("Only obsolete %s is offered: current mail programs refuse it"), version);
    case SPC_DETAIL_CERTIFICATE:
      return summarize_certificate (result);
    case SPC_DETAIL_CERTIFICATE_EXPIRES_SOON:
      {
        g_autofree char *soon = spc_certificate_summarize (result, NULL);

        return soon != NULL ? g_steal_pointer (&soon) : g_strdup (_("Works, but its certificate expires soon"));
      }
    case SPC_DETAIL_WORKS:
      {
        g_autofree char *mechanisms = g_strjoinv (" ", caps->auth);

        if (mode == SPC_MODE_TLS)
          /* Translators: "Works: TLS 1.3 from the first byte, PLAIN LOGIN" */
          return g_strdup_printf (_("Works: %s from the first byte, %s"), version, mechanisms);
        /* Translators: "Works: TLS 1.3, PLAIN LOGIN after STARTTLS" */
        return g_strdup_printf (_("Works: %s, %s after STARTTLS"), version, mechanisms);
      }
    case SPC_DETAIL_NO_LOGIN:
      return g_strdup_printf (_("Encrypted with %s, but no login is offered: a relay port, not for sending from a mail program"),
                              version);
    case SPC_DETAIL_PLAINTEXT:
      if (mode == SPC_MODE_PLAIN && caps->starttls)
        return g_strdup (_("SMTP without encryption, as asked (the server also offers STARTTLS)"));
      if (mode == SPC_MODE_PLAIN)
        return g_strdup (_("SMTP without encryption: the server offers no STARTTLS"));
      if (caps->ehlo_answered && (caps->auth == NULL || caps->auth[0] == NULL))
        return g_strdup (_("No encryption and no login: the server offers neither STARTTLS nor AUTH, so it relays only"));
      if (caps->ehlo_answered)
        return g_strdup (_("No encryption: the server offers no STARTTLS, a password would travel in clear"));
      return g_strdup (_("No encryption: the server speaks only old SMTP (HELO) without STARTTLS"));
    default:
      return NULL;
    }
}

char *
spc_summary_for_result (SpcResult *result)
{
  g_autofree char *seconds = NULL;
  SpcDetail detail;
  char *summary;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  detail = spc_result_get_detail (result);
  if (!spc_result_get_finished (result) || detail == SPC_DETAIL_NONE)
    return NULL;

  if (detail == SPC_DETAIL_CANCELLED)
    return g_strdup (_("Stopped before the check finished"));

  seconds = spc_summary_format_seconds (spc_result_get_deadline_ms (result));

  if ((summary = summarize_resolve (result, detail, seconds)) != NULL ||
      (summary = summarize_connect (result, detail, seconds)) != NULL ||
      (summary = summarize_tls (result, detail, seconds)) != NULL ||
      (summary = summarize_greeting (result, detail, seconds)) != NULL ||
      (summary = summarize_reply (result, detail, seconds)) != NULL)
    return summary;

  return summarize_session (result, detail);
}

/* Transcript notes */

static char *
describe_timed_note (SpcNote note,
                     guint   ms)
{
  g_autofree char *seconds = spc_summary_format_seconds (ms);

  switch (note)
    {
    case SPC_NOTE_NO_PROGRESS:
      return g_strdup_printf (_("No progress within %s"), seconds);
    case SPC_NOTE_SENDING_IDENTIFY_LINE:
      return g_strdup_printf (_("No greeting within %s; sending a line to learn what listens"), seconds);
    case SPC_NOTE_IDENTIFY_NO_ANSWER:
      return g_strdup_printf (_("No answer to that line either within %s"), seconds);
    default:
      return NULL;
    }
}

static char *
describe_note (SpcResult               *result,
               const SpcTranscriptLine *line)
{
  const char *text = line->text != NULL ? line->text : "";

  switch (line->note)
    {
    case SPC_NOTE_CHECKING:
      return g_strdup_printf (_("Checking port %u of %s (%s)"), line->number, text,
                              spc_mode_to_string (spc_result_get_mode (result)));
    case SPC_NOTE_LOOKING_UP:
      return g_strdup_printf (_("Looking up %s"), text);
    case SPC_NOTE_CONNECTING:
      return g_strdup_printf (_("Connecting to %s"), text);
    case SPC_NOTE_CONNECTED:
      return g_strdup_printf (_("Connected to %s port %u"), text, line->number);
    case SPC_NOTE_STOPPED:
      return g_strdup (_("Stopped by the user"));
    case SPC_NOTE_CLOSED_SILENTLY:
      return g_strdup (_("The server closed the connection without a word"));
    case SPC_NOTE_HELO_ONLY:
      return g_strdup (_("No ESMTP: the server only answers HELO"));
    case SPC_NOTE_STARTTLS_AGAIN:
      return g_strdup (_("The server offers STARTTLS again inside TLS, which RFC 3207 forbids"));
    case SPC_NOTE_BYTES_AFTER_STARTTLS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u byte arrived after the STARTTLS answer, before TLS",
                                           "%u bytes arrived after the STARTTLS answer, before TLS",
                                           line->number),
                              line->number);
    case SPC_NOTE_EARLY_TALK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u byte arrived after the greeting, before anything was asked",
                                           "%u bytes arrived after the greeting, before anything was asked",
                                           line->number),
                              line->number);
    case SPC_NOTE_AUTH_BEFORE_TLS:
      return g_strdup_printf (_("The server offers login (%s) before encryption too: a mail client that does not insist on STARTTLS could send its password in clear"),
                              text);
    case SPC_NOTE_TLS_STARTING:
      return g_strdup (_("Starting the TLS handshake"));
    case SPC_NOTE_TLS_DONE:
      return g_strdup_printf (_("TLS handshake done: %s, %s"), line->text != NULL ? line->text : "?",
                              line->extra != NULL ? line->extra : "?");
    case SPC_NOTE_CERTIFICATE_NOT_TRUSTED:
      return g_strdup_printf (_("Certificate not trusted (%s): only EHLO and QUIT will be sent"), text);
    case SPC_NOTE_CLIENT_CERTIFICATE_REQUESTED:
      return g_strdup (_("The server asks for a client certificate; none is sent"));
    case SPC_NOTE_TRYING_TLS:
      return g_strdup_printf (_("Trying TLS from the first byte on a new connection to port %u"), line->number);
    case SPC_NOTE_TLS_ANSWERED:
      return g_strdup_printf (_("That connection completed a TLS handshake (%s): the port expects SSL/TLS"), text);
    case SPC_NOTE_LINES_LEFT_OUT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u more line left out",
                                           "%u more lines left out",
                                           line->number),
                              line->number);
    case SPC_NOTE_NO_PROGRESS:
    case SPC_NOTE_SENDING_IDENTIFY_LINE:
    case SPC_NOTE_IDENTIFY_NO_ANSWER:
      return describe_timed_note (line->note, line->number);
    case SPC_NOTE_ERROR:
    case SPC_NOTE_NONE:
    default:
      /* An error's own message, already in words */
      return g_strdup (text);
    }
}

char *
spc_summary_describe_line (SpcResult               *result,
                           const SpcTranscriptLine *line)
{
  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  if (line->direction != SPC_DIRECTION_NOTE)
    return g_strdup (line->text != NULL ? line->text : "");

  return describe_note (result, line);
}
