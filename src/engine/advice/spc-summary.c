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

/* The library's or the system's message, for the details; NULL when
 * there is none */
static char *
dup_error_details (SpcResult *result)
{
  const char *message = error_message (result);

  return message[0] != '\0' ? g_strdup (message) : NULL;
}

static char *
summarize_resolve (SpcResult  *result,
                   SpcDetail   detail,
                   const char *seconds,
                   char      **details)
{
  g_autofree char *host = _spc_advice_dup_display_host (spc_result_get_host (result));
  g_autofree char *name = _spc_advice_dup_display_host (lookup_name (result));

  switch (detail)
    {
    case SPC_DETAIL_DNS_TIMEOUT:
      return g_strdup_printf (_("The name server did not answer for %s within %s"), host, seconds);
    case SPC_DETAIL_DNS_NO_IPV4:
      *details = g_strdup_printf (_("The DNS has no IPv4 address (A record) for %s"), name);
      return g_strdup_printf (_("%s has no IPv4 address"), name);
    case SPC_DETAIL_DNS_NO_IPV6:
      *details = g_strdup_printf (_("The DNS has no IPv6 address (AAAA record) for %s"), name);
      return g_strdup_printf (_("%s has no IPv6 address"), name);
    case SPC_DETAIL_DNS_NOT_FOUND:
      *details = g_strdup_printf (_("The DNS knows no name %s"), name);
      return g_strdup_printf (_("The server %s was not found: check the spelling"), name);
    case SPC_DETAIL_DNS_UNAVAILABLE:
      *details = dup_error_details (result);
      return g_strdup_printf (_("The name %s could not be looked up: no name server could be asked"), name);
    case SPC_DETAIL_DNS_FAILED:
      *details = dup_error_details (result);
      return g_strdup_printf (_("The name %s could not be looked up"), name);
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
                   const char *seconds,
                   char      **details)
{
  switch (detail)
    {
    case SPC_DETAIL_CONNECT_TIMEOUT:
      /* Whose firewall: the reference check tells */
      return spc_reference_summarize (result, seconds, details);
    case SPC_DETAIL_CONNECT_REFUSED:
      *details = g_strdup (_("The server refused the connection"));
      return g_strdup (_("Nothing listens on this port"));
    case SPC_DETAIL_CONNECT_TIMED_OUT:
      {
        /* The system's own timeout, not our deadline: as long as it took */
        g_autofree char *waited = spc_summary_format_seconds (_spc_advice_clamp_ms (spc_result_get_timing (result, SPC_TIMING_TOTAL)));

        return spc_reference_summarize (result, waited, details);
      }
    case SPC_DETAIL_HOST_UNREACHABLE:
      *details = dup_error_details (result);
      return g_strdup (_("A router or firewall on the way reported the server unreachable"));
    case SPC_DETAIL_PROHIBITED:
      *details = g_strdup_printf (_("A firewall rejected the connection (administratively prohibited): %s"),
                                  error_message (result));
      return g_strdup (_("A firewall on the way rejected the connection"));
    case SPC_DETAIL_NETWORK_UNREACHABLE:
      *details = dup_error_details (result);
      return g_strdup (_("No network route to the server"));
    case SPC_DETAIL_CONNECT_FAILED:
      *details = dup_error_details (result);
      return g_strdup (_("The connection failed"));
    default:
      return NULL;
    }
}

static char *
summarize_tls (SpcResult  *result,
               SpcDetail   detail,
               const char *seconds,
               char      **details)
{
  switch (detail)
    {
    case SPC_DETAIL_TLS_TIMEOUT:
      *details = g_strdup_printf (_("The TLS handshake did not finish within %s"), seconds);
      return g_strdup_printf (_("Encryption could not be set up within %s"), seconds);
    case SPC_DETAIL_STARTTLS_HANDSHAKE_TIMEOUT:
      *details = g_strdup_printf (_("The TLS handshake after STARTTLS did not finish within %s"), seconds);
      return g_strdup_printf (_("Encryption could not be set up within %s"), seconds);
    case SPC_DETAIL_TLS_CLOSED:
      *details = g_strdup (_("The server closed the connection during the TLS handshake"));
      return g_strdup (_("The server hung up while encryption was being set up"));
    case SPC_DETAIL_TLS_OLD_VERSION:
      *details = g_strdup_printf (_("The TLS handshake failed: %s (the server may offer only an obsolete TLS version such as 1.0 or 1.1)"),
                                  error_message (result));
      return g_strdup (_("Encryption could not be set up: the server may offer only an outdated kind"));
    case SPC_DETAIL_TLS_HANDSHAKE_FAILED:
      *details = g_strdup_printf (_("The TLS handshake failed: %s"), error_message (result));
      return g_strdup (_("Encryption could not be set up"));
    case SPC_DETAIL_CLIENT_CERTIFICATE_REQUIRED:
      return g_strdup (_("The server demands a client certificate: it takes only mail programs that have one (ask the provider for it, or use another port)"));
    case SPC_DETAIL_TLS_SESSION_FAILED:
      *details = g_strdup_printf (_("The TLS session failed: %s"), error_message (result));
      return g_strdup (_("The encrypted connection broke"));
    case SPC_DETAIL_STARTTLS_INJECTION:
      *details = g_strdup (_("Unsafe STARTTLS: the server sent more after its 220 answer, before TLS began (command injection)"));
      return g_strdup (_("Unsafe: the server sent more than it should before encryption began"));
    case SPC_DETAIL_STARTTLS_PLAINTEXT:
      *details = g_strdup (_("Unsafe STARTTLS: after its 220 answer the server sent plain text where TLS should begin (command injection)"));
      return g_strdup (_("Unsafe: the server sent unencrypted text where encryption should begin"));
    case SPC_DETAIL_PLAIN_SMTP_ON_TLS_PORT:
      return g_strdup (_("This port is not encrypted from the start; use STARTTLS on it, not SSL/TLS"));
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
                    const char *seconds,
                    char      **details)
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
      *details = g_strdup (_("A TLS service answered, but not with SMTP"));
      return g_strdup (_("An encrypted service answered, but not a mail server"));
    case SPC_DETAIL_BINARY:
      *details = g_strdup (_("The server sent binary data, not an SMTP greeting"));
      return g_strdup (_("Something answered, but not a mail server"));
    case SPC_DETAIL_NOT_SMTP:
      return g_strdup (_("Something answered, but not a mail server"));
    default:
      return NULL;
    }
}

static char *
summarize_reply (SpcResult  *result,
                 SpcDetail   detail,
                 const char *seconds,
                 char      **details)
{
  g_autofree char *reply = describe_reply (result);

  switch (detail)
    {
    case SPC_DETAIL_GREETING_REFUSED:
      /* Translators: the server's reply as it came: "The server replied: 554 5.7.1 Go away" */
      *details = g_strdup_printf (_("The server replied: %s"), reply);
      return g_strdup (_("The server refuses to talk to this computer"));
    case SPC_DETAIL_GREETING_INVALID:
      *details = g_strdup_printf (_("The greeting is not a valid SMTP greeting: %s"), reply);
      return g_strdup (_("The server’s greeting is not a mail server’s"));
    case SPC_DETAIL_EHLO_REFUSED:
      *details = g_strdup_printf (_("The server refused EHLO: %s"), reply);
      return g_strdup (_("The server refused to say what it offers"));
    case SPC_DETAIL_HELO_REFUSED:
      *details = g_strdup_printf (_("The server refused both EHLO and HELO: %s"), reply);
      return g_strdup (_("The server refused to start the conversation"));
    case SPC_DETAIL_STARTTLS_REFUSED:
      *details = g_strdup_printf (_("The server offers STARTTLS but refused it: %s"), reply);
      return g_strdup (_("The server offers encryption but refused to start it"));
    case SPC_DETAIL_EHLO_TIMEOUT:
      *details = g_strdup_printf (_("No answer to EHLO within %s"), seconds);
      return g_strdup_printf (_("The server stopped answering within %s"), seconds);
    case SPC_DETAIL_STARTTLS_TIMEOUT:
      *details = g_strdup_printf (_("No answer to STARTTLS within %s"), seconds);
      return g_strdup_printf (_("The server did not start encryption within %s"), seconds);
    case SPC_DETAIL_ANSWER_TIMEOUT:
      return g_strdup_printf (_("No answer within %s"), seconds);
    case SPC_DETAIL_CLOSED_MIDWAY:
      return g_strdup (_("The server closed the connection in the middle of the conversation"));
    case SPC_DETAIL_PROTOCOL_VIOLATION:
      /* Our own messages are whole sentences naming what broke the rules
       * ("The server's reply contains a NUL byte.") */
      *details = dup_error_details (result);
      return g_strdup (_("The server broke the rules of mail servers"));
    case SPC_DETAIL_CONNECTION_BROKE:
      *details = dup_error_details (result);
      return g_strdup (_("The connection broke"));
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

/* PLAIN, LOGIN and the challenge mechanisms take a password; OAuth2 an
 * account's sign-in */
static gboolean
offers_password (const SpcCapabilities *caps)
{
  for (guint i = 0; caps->auth != NULL && caps->auth[i] != NULL; i++)
    if (g_str_equal (caps->auth[i], "PLAIN") || g_str_equal (caps->auth[i], "LOGIN")
        || g_str_equal (caps->auth[i], "CRAM-MD5") || g_str_has_prefix (caps->auth[i], "SCRAM-"))
      return TRUE;
  return FALSE;
}

static char *
summarize_works (SpcResult  *result,
                 const char *version,
                 char      **details)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);
  g_autofree char *mechanisms = g_strjoinv (" ", caps->auth);

  if (spc_result_get_mode (result) == SPC_MODE_TLS)
    /* Translators: "TLS 1.3 from the first byte; AUTH PLAIN LOGIN" */
    *details = g_strdup_printf (_("%s from the first byte; AUTH %s"), version, mechanisms);
  else
    /* Translators: "TLS 1.3 after STARTTLS; AUTH PLAIN LOGIN" */
    *details = g_strdup_printf (_("%s after STARTTLS; AUTH %s"), version, mechanisms);

  if (offers_password (caps))
    return g_strdup (_("Works with encryption; sign-in with a password offered"));
  return g_strdup (_("Works with encryption; sign-in offered, but not with a password"));
}

static char *
summarize_plaintext (SpcResult  *result,
                     char      **details)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);
  SpcMode mode = spc_result_get_mode (result);

  if (mode == SPC_MODE_PLAIN && caps->starttls)
    return g_strdup (_("Unencrypted, as asked (the server also offers STARTTLS)"));
  if (mode == SPC_MODE_PLAIN)
    return g_strdup (_("Unencrypted, as asked: the server offers no encryption"));
  if (caps->ehlo_answered && (caps->auth == NULL || caps->auth[0] == NULL))
    {
      *details = g_strdup (_("The server offers neither STARTTLS nor AUTH"));
      return g_strdup (_("No encryption and no sign-in: the server only passes mail on between servers"));
    }
  if (caps->ehlo_answered)
    {
      *details = g_strdup (_("The server offers no STARTTLS"));
      return g_strdup (_("No encryption: a password would travel in clear"));
    }
  *details = g_strdup (_("No encryption: the server speaks only old SMTP (HELO) without STARTTLS"));
  return g_strdup (_("No encryption: the server is too old to offer it"));
}

/* The conversation ended: what TLS, the certificate and EHLO showed */
static char *
summarize_session (SpcResult *result,
                   SpcDetail  detail,
                   char     **details)
{
  const char *version = spc_result_get_tls_version (result);

  if (version == NULL)
    version = "TLS";

  switch (detail)
    {
    case SPC_DETAIL_OBSOLETE_TLS:
      *details = g_strdup_printf (_("Only obsolete %s is offered: current mail programs refuse it"), version);
      return g_strdup (_("Only outdated encryption is offered: current mail programs refuse it"));
    case SPC_DETAIL_CERTIFICATE:
      return summarize_certificate (result);
    case SPC_DETAIL_CERTIFICATE_EXPIRES_SOON:
      {
        g_autofree char *soon = spc_certificate_summarize (result, NULL);

        return soon != NULL ? g_steal_pointer (&soon) : g_strdup (_("Works, but its certificate expires soon"));
      }
    case SPC_DETAIL_WORKS:
      return summarize_works (result, version, details);
    case SPC_DETAIL_NO_LOGIN:
      *details = g_strdup_printf (_("Encrypted with %s; the server offers no AUTH"), version);
      return g_strdup (_("Encrypted, but no sign-in is offered: this port passes mail on between servers, it is not for a mail program"));
    case SPC_DETAIL_PLAINTEXT:
      return summarize_plaintext (result, details);
    default:
      return NULL;
    }
}

/* The summary, and in @details the technical facts behind it (or NULL) */
static char *
summarize (SpcResult *result,
           char     **details)
{
  g_autofree char *seconds = NULL;
  SpcDetail detail;
  char *summary;

  *details = NULL;
  detail = spc_result_get_detail (result);
  if (!spc_result_get_finished (result) || detail == SPC_DETAIL_NONE)
    return NULL;

  if (detail == SPC_DETAIL_CANCELLED)
    return g_strdup (_("Stopped before the check finished"));

  seconds = spc_summary_format_seconds (spc_result_get_deadline_ms (result));

  if ((summary = summarize_resolve (result, detail, seconds, details)) != NULL ||
      (summary = summarize_connect (result, detail, seconds, details)) != NULL ||
      (summary = summarize_tls (result, detail, seconds, details)) != NULL ||
      (summary = summarize_greeting (result, detail, seconds, details)) != NULL ||
      (summary = summarize_reply (result, detail, seconds, details)) != NULL)
    return summary;

  return summarize_session (result, detail, details);
}

char *
spc_summary_for_result (SpcResult *result)
{
  g_autofree char *details = NULL;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  return summarize (result, &details);
}

char *
spc_summary_details_for_result (SpcResult *result)
{
  g_autofree char *summary = NULL;
  char *details = NULL;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  summary = summarize (result, &details);
  if (details == NULL)
    return NULL;
  /* A line as the summary is: our own error messages end with a full stop */
  g_strstrip (details);
  if (g_str_has_suffix (details, "."))
    details[strlen (details) - 1] = '\0';
  if (details[0] == '\0')
    g_clear_pointer (&details, g_free);
  return details;
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
