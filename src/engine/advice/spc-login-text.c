/* spc-login-text.c — a login check's facts in words: what happened, what next
 *
 * The engine records codes; this file alone turns them into sentences, from
 * the enhanced status code (RFC 3463) first and the basic code second,
 * because providers reuse 535 and 550 for very different refusals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-login-text.h"
#include "spc-report-private.h"

typedef enum {
  REFUSAL_CREDENTIALS,       /* 535 5.7.8 */
  REFUSAL_APP_PASSWORD,      /* 534 5.7.9 */
  REFUSAL_BROWSER_SIGN_IN,   /* 534 5.7.14 */
  REFUSAL_BASIC_AUTH_OFF,    /* 535/550 5.7.30, 5.7.139 */
  REFUSAL_AUTH_REQUIRED,     /* 530 5.7.0 */
  REFUSAL_TEMPORARY,         /* 421, 454, any 4xx */
  REFUSAL_OTHER,
} LoginRefusal;

static gboolean
code_is (const char *enhanced,
         const char *wanted)
{
  return enhanced != NULL && g_str_equal (enhanced, wanted);
}

static LoginRefusal
classify_refusal (guint       code,
                  const char *enhanced)
{
  if (code_is (enhanced, "5.7.30") || code_is (enhanced, "5.7.139"))
    return REFUSAL_BASIC_AUTH_OFF;
  if (code_is (enhanced, "5.7.9"))
    return REFUSAL_APP_PASSWORD;
  if (code_is (enhanced, "5.7.14"))
    return REFUSAL_BROWSER_SIGN_IN;
  if (code >= 400 && code < 500)
    return REFUSAL_TEMPORARY;
  if (code == 530)
    return REFUSAL_AUTH_REQUIRED;
  if (code == 535 || code_is (enhanced, "5.7.8"))
    return REFUSAL_CREDENTIALS;
  return REFUSAL_OTHER;
}

static char *
describe_rejected (SpcLoginResult *result)
{
  switch (classify_refusal (spc_login_result_get_reply_code (result),
                            spc_login_result_get_enhanced_code (result)))
    {
    case REFUSAL_CREDENTIALS:
      return g_strdup (_("The server refused the user name or the password."));
    case REFUSAL_APP_PASSWORD:
      return g_strdup (_("The provider wants an app password for mail programs, not your usual password."));
    case REFUSAL_BROWSER_SIGN_IN:
      return g_strdup (_("The provider wants you to sign in with a web browser before a mail program may log in."));
    case REFUSAL_BASIC_AUTH_OFF:
      return g_strdup (_("The provider has turned off logins with a password (basic authentication) for mail programs."));
    case REFUSAL_AUTH_REQUIRED:
      return g_strdup (_("The server says authentication is required and did not accept this login."));
    case REFUSAL_TEMPORARY:
      return g_strdup (_("The server could not check the login right now (a temporary failure)."));
    case REFUSAL_OTHER:
    default:
      return g_strdup_printf (_("The server refused the login: %s."), spc_login_result_get_reply (result));
    }
}

static char *
advise_rejected (SpcLoginResult *result)
{
  switch (classify_refusal (spc_login_result_get_reply_code (result),
                            spc_login_result_get_enhanced_code (result)))
    {
    case REFUSAL_CREDENTIALS:
      return g_strdup (_("Check the user name (often your whole email address) and the password; with two-step verification, create an app password."));
    case REFUSAL_APP_PASSWORD:
      return g_strdup (_("Create an app password in your account’s security settings and use it here instead of your usual password."));
    case REFUSAL_BROWSER_SIGN_IN:
      return g_strdup (_("Sign in to your account in a web browser, confirm the sign-in if asked, then check the login again."));
    case REFUSAL_BASIC_AUTH_OFF:
      return g_strdup (_("Log in with OAuth2 (your mail program’s browser sign-in, or an access token), or ask your administrator to allow SMTP authentication for your mailbox."));
    case REFUSAL_AUTH_REQUIRED:
      return g_strdup (_("Check that your mail program logs in on this port with encryption on, and that the account may send mail."));
    case REFUSAL_TEMPORARY:
      return g_strdup (_("Try again in a few minutes."));
    case REFUSAL_OTHER:
    default:
      return g_strdup (_("Check the user name and the password, and look up the server’s message in your provider’s help pages."));
    }
}

static char *
describe_refused_insecure (SpcLoginResult *result)
{
  const char *mechanism = spc_login_result_get_mechanism (result);

  switch (spc_login_result_get_refusal (result))
    {
    case SPC_LOGIN_REFUSAL_NO_TLS:
      return g_strdup (_("Not checked: this port has no encryption, so a password would travel in clear."));
    case SPC_LOGIN_REFUSAL_CERTIFICATE:
      return g_strdup (_("Not checked: the server’s certificate is not trusted, so the password was not sent."));
    case SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY:
      return g_strdup_printf (_("Not checked: the server offers %s only before encryption starts, never inside TLS."),
                              mechanism != NULL ? mechanism : "AUTH");
    case SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED:
      return g_strdup (_("Stopped: the server showed another certificate than a moment ago, so the password was not sent."));
    case SPC_LOGIN_REFUSAL_STARTTLS_INJECTION:
      return g_strdup (_("Stopped: data arrived with the STARTTLS answer before encryption began, so the password was not sent."));
    case SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN:
    case SPC_LOGIN_REFUSAL_NONE:
    default:
      return g_strdup (_("Not checked: this port did not pass the check."));
    }
}

static char *
advise_refused_insecure (SpcLoginResult *result)
{
  switch (spc_login_result_get_refusal (result))
    {
    case SPC_LOGIN_REFUSAL_NO_TLS:
      return g_strdup (_("Use a port with SSL/TLS or STARTTLS, usually 465 or 587."));
    case SPC_LOGIN_REFUSAL_CERTIFICATE:
      return g_strdup (_("Fix the certificate problem shown for this port first, or add your company’s certificate authority in Preferences."));
    case SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY:
      return g_strdup (_("A password must never travel in clear: use port 465, or ask the provider to offer login after STARTTLS."));
    case SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED:
      return g_strdup (_("Someone may be intercepting the connection, or the provider just renewed its certificate: check the server again, and from another network if it happens again."));
    case SPC_LOGIN_REFUSAL_STARTTLS_INJECTION:
      return g_strdup (_("Something on the way tampers with the connection: use port 465 (SSL/TLS) or another network."));
    case SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN:
    case SPC_LOGIN_REFUSAL_NONE:
    default:
      return g_strdup (_("Check the login on a port that works."));
    }
}

static char *
describe_error (SpcLoginResult *result)
{
  const char *mechanism = spc_login_result_get_mechanism (result);
  const char *error = spc_login_result_get_error (result);

  switch (spc_login_result_get_refusal (result))
    {
    case SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN:
      return describe_refused_insecure (result);
    case SPC_LOGIN_REFUSAL_NO_CREDENTIALS:
      return g_strdup (_("Not checked: a user name and a password (or an access token) are needed."));
    case SPC_LOGIN_REFUSAL_INVALID_ADDRESS:
      return g_strdup (_("Not checked: the test message needs a valid sender and recipient address."));
    case SPC_LOGIN_REFUSAL_SASL_FAILED:
      return g_strdup_printf (_("The login check stopped: this program could not carry out the login method %s."),
                              mechanism != NULL ? mechanism : "AUTH");
    case SPC_LOGIN_REFUSAL_TOO_MANY_STEPS:
      return g_strdup (_("The login check stopped: the server asked for too many authentication steps."));
    case SPC_LOGIN_REFUSAL_NONE:
    default:
      break;
    }

  if (error != NULL)
    return g_strdup_printf (_("The login check failed: %s."), error);
  if (spc_login_result_get_reply (result) != NULL)
    return g_strdup_printf (_("The login check failed: %s."), spc_login_result_get_reply (result));
  return g_strdup (_("The login check failed."));
}

char *
spc_login_text_describe (SpcLoginResult *result)
{
  const char *mechanism = spc_login_result_get_mechanism (result);

  switch (spc_login_result_get_outcome (result))
    {
    case SPC_LOGIN_OK:
      return g_strdup_printf (_("Logged in as %s with %s."), spc_login_result_get_user (result), mechanism);
    case SPC_LOGIN_REJECTED:
      return describe_rejected (result);
    case SPC_LOGIN_NOT_OFFERED:
      if (mechanism != NULL)
        return g_strdup_printf (_("The server does not offer the login method %s inside TLS."), mechanism);
      return g_strdup (_("The server offers no login method this program can use inside TLS on this port."));
    case SPC_LOGIN_REFUSED_INSECURE:
      return describe_refused_insecure (result);
    case SPC_LOGIN_TIMEOUT:
      return g_strdup (_("The server did not answer in time during the login check."));
    case SPC_LOGIN_CANCELLED:
      return g_strdup (_("The login check was stopped."));
    case SPC_LOGIN_ERROR:
      return describe_error (result);
    case SPC_LOGIN_PENDING:
    default:
      return g_strdup (_("The login check has not finished."));
    }
}

char *
spc_login_text_advise (SpcLoginResult *result)
{
  const char * const *offered = spc_login_result_get_auth_after_tls (result);

  switch (spc_login_result_get_outcome (result))
    {
    case SPC_LOGIN_REJECTED:
      return advise_rejected (result);
    case SPC_LOGIN_NOT_OFFERED:
      if (offered != NULL && offered[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (" ", (char **) offered);

          return g_strdup_printf (_("Choose one of the login methods the server offers: %s."), list);
        }
      return g_strdup (_("This may be a relay port: use the submission port your provider gives, usually 465 or 587."));
    case SPC_LOGIN_REFUSED_INSECURE:
      return advise_refused_insecure (result);
    case SPC_LOGIN_TIMEOUT:
      return g_strdup (_("Try again later, or with a longer timeout."));
    case SPC_LOGIN_ERROR:
      switch (spc_login_result_get_refusal (result))
        {
        case SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN:
          return advise_refused_insecure (result);
        case SPC_LOGIN_REFUSAL_NO_CREDENTIALS:
          return g_strdup (_("Give your user name, usually your whole email address, and your password."));
        case SPC_LOGIN_REFUSAL_INVALID_ADDRESS:
          return g_strdup (_("Write both addresses in full, such as ana@example.org, without spaces or angle brackets."));
        case SPC_LOGIN_REFUSAL_SASL_FAILED:
        case SPC_LOGIN_REFUSAL_TOO_MANY_STEPS:
          return g_strdup (_("Choose another login method, or look up the server’s login methods in your provider’s help pages."));
        default:
          return g_strdup (_("Try again; if it keeps failing, check the connection to the server."));
        }
    case SPC_LOGIN_OK:
    case SPC_LOGIN_CANCELLED:
    case SPC_LOGIN_PENDING:
    default:
      return NULL;
    }
}

/* The test message */

char *
spc_login_text_describe_message (SpcLoginResult *result)
{
  const char *to = spc_login_result_get_message_to (result);
  const char *queue_id = spc_login_result_get_queue_id (result);
  guint code = spc_login_result_get_message_reply_code (result);
  const char *enhanced = spc_login_result_get_message_enhanced_code (result);

  switch (spc_login_result_get_message_outcome (result))
    {
    case SPC_TEST_MESSAGE_ACCEPTED:
      if (queue_id != NULL)
        return g_strdup_printf (_("The server accepted the test message for %s (queue id %s)."), to, queue_id);
      return g_strdup_printf (_("The server accepted the test message for %s."), to);
    case SPC_TEST_MESSAGE_REJECTED:
      if ((code == 553 || code == 550) && code_is (enhanced, "5.7.1"))
        return g_strdup (_("The server refused the address: it will not send from this sender for your login, or will not relay to this recipient."));
      if (code == 552 || code == 554)
        return g_strdup_printf (_("The server refused the test message: %s."), spc_login_result_get_message_reply (result));
      if (code >= 400 && code < 500)
        return g_strdup (_("The server could not take the test message right now (a temporary failure)."));
      return g_strdup_printf (_("The server refused the test message: %s."), spc_login_result_get_message_reply (result));
    case SPC_TEST_MESSAGE_TIMEOUT:
      return g_strdup (_("The server did not answer in time while taking the test message."));
    case SPC_TEST_MESSAGE_ERROR:
      return g_strdup (_("The test message could not be sent: the connection broke."));
    case SPC_TEST_MESSAGE_NOT_SENT:
    default:
      if (to == NULL)
        return NULL;
      return g_strdup (_("The test message was not sent, because the login did not succeed."));
    }
}

char *
spc_login_text_advise_message (SpcLoginResult *result)
{
  guint code = spc_login_result_get_message_reply_code (result);
  const char *enhanced = spc_login_result_get_message_enhanced_code (result);

  switch (spc_login_result_get_message_outcome (result))
    {
    case SPC_TEST_MESSAGE_ACCEPTED:
      return g_strdup_printf (_("Look for it in the inbox of %s; if it does not arrive, look in the spam folder."),
                              spc_login_result_get_message_to (result));
    case SPC_TEST_MESSAGE_REJECTED:
      if ((code == 553 || code == 550) && code_is (enhanced, "5.7.1"))
        return g_strdup (_("Send from the address of the account you logged in with, or ask the provider to allow this address."));
      if (code >= 400 && code < 500)
        return g_strdup (_("Try again in a few minutes."));
      return g_strdup (_("The message may exceed a limit or look like spam to the server: read its reply, or ask the provider."));
    case SPC_TEST_MESSAGE_TIMEOUT:
    case SPC_TEST_MESSAGE_ERROR:
      return g_strdup (_("Try again; if it keeps failing, check the connection to the server."));
    case SPC_TEST_MESSAGE_NOT_SENT:
    default:
      return NULL;
    }
}

/* GNOME Online Accounts */

#define GOA_ERROR_NOT_AUTHORIZED "org.gnome.OnlineAccounts.Error.NotAuthorized"

char *
spc_login_text_describe_goa_error (const GError *error)
{
  g_autofree char *remote = NULL;
  g_autoptr(GError) stripped = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  remote = g_dbus_error_get_remote_error (error);

  if (g_strcmp0 (remote, GOA_ERROR_NOT_AUTHORIZED) == 0)
    return g_strdup (_("GNOME Online Accounts needs you to sign in to this account again: open Settings, then Online Accounts. Or type the password instead."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    return g_strdup (_("GNOME Online Accounts is not running, or this app may not talk to it. Type the password instead."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("GNOME Online Accounts did not answer in time. Try again, or type the password instead."));
  /* Its own words, without GDBus's "GDBus.Error:NAME: " before them */
  stripped = g_error_copy (error);
  g_dbus_error_strip_remote_error (stripped);
  /* Translators: %s is GNOME Online Accounts' own message */
  return g_strdup_printf (_("GNOME Online Accounts gave no access token (%s). Type the password instead."),
                          stripped->message);
}

/* The transcript */

char *
spc_login_text_describe_line (const SpcTranscriptLine *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  if (line->direction != SPC_DIRECTION_NOTE)
    return g_strdup (line->text != NULL ? line->text : "");

  switch (line->note)
    {
    case SPC_NOTE_DEADLINE_PASSED:
      return g_strdup (_("The deadline passed."));
    case SPC_NOTE_SAME_CERTIFICATE:
      return g_strdup (_("TLS handshake done: the same certificate as the port check saw."));
    case SPC_NOTE_CERTIFICATE_CHANGED:
      return g_strdup (_("The certificate differs from the one the port check saw."));
    case SPC_NOTE_SASL_FAILED:
      /* Translators: the first %s is a login method (PLAIN), the second GNU SASL's own message */
      return g_strdup_printf (_("GNU SASL cannot go on with %s: %s."),
                              line->text != NULL ? line->text : "AUTH",
                              line->extra != NULL ? line->extra : "");
    case SPC_NOTE_SASL_TOO_MANY_STEPS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server asked for more than %u authentication step.",
                                           "The server asked for more than %u authentication steps.",
                                           line->number),
                              line->number);
    case SPC_NOTE_TEST_MESSAGE_SENT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The test message was sent (%u byte).",
                                           "The test message was sent (%u bytes).",
                                           line->number),
                              line->number);
    case SPC_NOTE_ERROR:
    default:
      /* An error's own message, already in words */
      return g_strdup (line->text != NULL ? line->text : "");
    }
}

/* JSON */

JsonNode *
spc_login_text_to_json (SpcLoginResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *advice = spc_login_text_advise (result);
  g_autofree char *summary = spc_login_text_describe (result);
  SpcLoginRefusal refusal = spc_login_result_get_refusal (result);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, spc_login_result_get_host (result));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, spc_login_result_get_port (result));
  _spc_report_add_nullable_string (builder, "mechanism", spc_login_result_get_mechanism (result));
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, spc_enum_get_nick (SPC_TYPE_LOGIN_OUTCOME,
                                                             spc_login_result_get_outcome (result)));
  _spc_report_add_nullable_string (builder, "refusal",
                                   refusal != SPC_LOGIN_REFUSAL_NONE
                                   ? spc_enum_get_nick (SPC_TYPE_LOGIN_REFUSAL, refusal) : NULL);
  /* The server's own words; credentials are only ever in our lines */
  _spc_report_add_nullable_string (builder, "reply", spc_login_result_get_reply (result));
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  _spc_report_add_nullable_string (builder, "advice", advice);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
spc_login_text_message_to_json (SpcLoginResult *result)
{
  g_autoptr(JsonBuilder) builder = NULL;
  SpcTestMessageOutcome outcome = spc_login_result_get_message_outcome (result);
  g_autofree char *summary = spc_login_text_describe_message (result);
  g_autofree char *advice = spc_login_text_advise_message (result);

  if (spc_login_result_get_message_to (result) == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  _spc_report_add_nullable_string (builder, "to", spc_login_result_get_message_to (result));
  _spc_report_add_nullable_string (builder, "result", spc_enum_get_nick (SPC_TYPE_TEST_MESSAGE_OUTCOME, outcome));
  _spc_report_add_nullable_string (builder, "reply", spc_login_result_get_message_reply (result));
  _spc_report_add_nullable_string (builder, "message_id", spc_login_result_get_message_id (result));
  _spc_report_add_nullable_string (builder, "queue_id", spc_login_result_get_queue_id (result));
  _spc_report_add_nullable_string (builder, "summary", summary);
  _spc_report_add_nullable_string (builder, "advice", advice);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
