/* smtp-port-check-login.c — the login check and one configuration, for the CLI
 *
 * No option takes a password: it comes from a file, standard input, the
 * Secret Service (msmtp's secret-tool entry) or the terminal without echo,
 * into a buffer that is wiped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-keyring.h"
#include "spc-login-text.h"
#include "smtp-port-check-login.h"

/* A password typed on the terminal: long enough, bounded */
#define PROMPT_MAX_LENGTH 1024

void
spc_cli_login_clear (SpcCliLogin *login)
{
  g_clear_pointer (&login->user, g_free);
  g_clear_pointer (&login->password_file, g_free);
  g_clear_pointer (&login->oauth2_token_file, g_free);
  g_clear_pointer (&login->send_test, g_free);
  g_clear_pointer (&login->mechanism, g_free);
  g_clear_pointer (&login->config, g_free);
  g_clear_pointer (&login->password, spc_secret_free);
  g_clear_pointer (&login->token, spc_secret_free);
}

GOptionGroup *
spc_cli_login_option_group (SpcCliLogin *login)
{
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &login->user,
      N_("Log in as NAME (usually the email address) on the recommended port"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &login->password_file,
      N_("The password is FILE’s first line (“-”: standard input); without it, the Secret Service or the terminal"),
      N_("FILE") },
    { "oauth2-token-file", 0, 0, G_OPTION_ARG_FILENAME, &login->oauth2_token_file,
      N_("Log in with XOAUTH2 or OAUTHBEARER using the access token in FILE (“-”: standard input)"),
      N_("FILE") },
    { "mechanism", 0, 0, G_OPTION_ARG_STRING, &login->mechanism,
      N_("Log in with this SASL mechanism (default: the strongest offered inside TLS)"), N_("NAME") },
    { "send-test", 0, 0, G_OPTION_ARG_STRING, &login->send_test,
      N_("After logging in, send a short test message to ADDRESS"), N_("ADDRESS") },
    { "remember-password", 0, 0, G_OPTION_ARG_NONE, &login->remember_password,
      N_("After a successful login, keep the password in the Secret Service (as msmtp’s secret-tool does)"),
      NULL },
    { "config", 0, 0, G_OPTION_ARG_STRING, &login->config,
      N_("Print only the configuration for the recommended port in FORMAT: plain, msmtp, postfix, git-send-email, neomutt, curl, swaks or python"),
      N_("FORMAT") },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("login", _("Login check and configuration:"),
                                            _("Show the login options"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

static gboolean
usage (GError    **error,
       const char *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

/* --mechanism must fit the credential: a mismatch is the user's, not a
 * fact about the server, and is told before any connection */
static gboolean
check_mechanism (const char  *mechanism,
                 gboolean     token,
                 GError     **error)
{
  if (spc_login_mechanism_fits (mechanism, token))
    return TRUE;
  if (token && spc_login_mechanism_fits (mechanism, FALSE))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--mechanism: %s logs in with a password, not with the access token of --oauth2-token-file: give OAUTHBEARER or XOAUTH2"),
                 mechanism);
  else if (!token && spc_login_mechanism_fits (mechanism, TRUE))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--mechanism: %s logs in with an access token: give it with --oauth2-token-file"),
                 mechanism);
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--mechanism: “%s” is not a login method this program can use (SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN, OAUTHBEARER, XOAUTH2)"),
                 mechanism);
  return FALSE;
}

gboolean
spc_cli_login_validate (SpcCliLogin  *login,
                        guint         n_hosts,
                        gboolean      json,
                        GError      **error)
{
  int format;

  if (login->user == NULL &&
      (login->password_file != NULL || login->oauth2_token_file != NULL ||
       login->send_test != NULL || login->mechanism != NULL || login->remember_password))
    return usage (error, _("--password-file, --oauth2-token-file, --mechanism, --send-test and --remember-password need --user"));
  /* --config logs in nowhere and prints one configuration: nothing it
   * would leave out silently */
  if (login->config != NULL && (login->send_test != NULL || login->remember_password))
    return usage (error, _("--config logs in nowhere: it excludes --send-test and --remember-password"));
  if (login->config != NULL && n_hosts != 1)
    return usage (error, _("--config prints the configuration of one host: give one host, without --hosts-file"));
  if (login->password_file != NULL && login->oauth2_token_file != NULL)
    return usage (error, _("--password-file and --oauth2-token-file exclude each other"));
  if (login->user != NULL && n_hosts != 1)
    return usage (error, _("--user checks one host at a time"));
  if (login->user != NULL && (login->user[0] == '\0' || strpbrk (login->user, "\r\n") != NULL))
    return usage (error, _("--user: give a user name on one line"));
  if (login->send_test != NULL && !spc_login_address_is_valid (login->send_test))
    return usage (error, _("--send-test: give one email address, such as ana@example.org"));
  if (login->send_test != NULL && !spc_login_address_is_valid (login->user))
    return usage (error, _("--send-test: the user name must be an email address, the test message’s sender"));
  if (login->mechanism != NULL && !check_mechanism (login->mechanism, login->oauth2_token_file != NULL, error))
    return FALSE;
  if (login->remember_password && login->oauth2_token_file != NULL)
    return usage (error, _("--remember-password keeps a password, not a token"));
  if (login->config != NULL && json)
    return usage (error, _("--config prints a configuration alone: it excludes --json"));
  if (login->config != NULL)
    {
      if (!spc_enum_from_nick (SPC_TYPE_CONFIG_FORMAT, login->config, &format))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--config: “%s” is not a format (plain, msmtp, postfix, git-send-email, neomutt, curl, swaks, python)"),
                       login->config);
          return FALSE;
        }
      login->config_format = format;
    }
  return TRUE;
}

/* The terminal, without echo; NULL when there is no terminal */
static SpcSecret *
ask_on_terminal (const char  *host,
                 const char  *user,
                 GError     **error)
{
  char buffer[PROMPT_MAX_LENGTH + 2];
  g_autofree char *prompt = NULL;
  struct termios saved, quiet;
  SpcSecret *secret = NULL;
  gsize length = 0;
  int fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  if (tcgetattr (fd, &saved) != 0)
    {
      close (fd);
      return NULL;
    }

  /* Translators: asked on the terminal; the password is not shown */
  prompt = g_strdup_printf (_("Password for %s on %s: "), user, host);
  if (write (fd, prompt, strlen (prompt)) < 0)
    {
      close (fd);
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  tcsetattr (fd, TCSAFLUSH, &quiet);

  while (length < sizeof buffer)
    {
      gssize n = read (fd, buffer + length, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || buffer[length] == '\n')
        break;
      length++;
    }

  tcsetattr (fd, TCSAFLUSH, &saved);
  if (write (fd, "\n", 1) < 0)
    length = 0;
  close (fd);

  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  if (length > 0 && length <= PROMPT_MAX_LENGTH)
    secret = spc_secret_new (buffer, length);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("No password was typed"));
  spc_secret_wipe (buffer, sizeof buffer);
  return secret;
}

gboolean
spc_cli_login_prepare (SpcCliLogin  *login,
                       const char   *host,
                       GError      **error)
{
  g_autoptr(GError) keyring_error = NULL;

  /* --config only writes the address down: it logs in nowhere, so it
   * needs no password */
  if (login->user == NULL || login->config != NULL)
    return TRUE;

  if (login->oauth2_token_file != NULL)
    {
      login->token = spc_secret_read_file (login->oauth2_token_file, error);
      return login->token != NULL;
    }
  if (login->password_file != NULL)
    {
      login->password = spc_secret_read_file (login->password_file, error);
      return login->password != NULL;
    }

  /* msmtp's entry, when there is one; then the terminal */
  login->password = spc_keyring_lookup (host, login->user, NULL, &keyring_error);
  if (login->password != NULL)
    return TRUE;
  if (keyring_error != NULL)
    g_debug ("No Secret Service: %s", keyring_error->message);

  login->password = ask_on_terminal (host, login->user, error);
  if (login->password != NULL)
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No password: give --password-file FILE (or “-” for standard input), or run on a terminal"));
  return FALSE;
}

/* The port to log in on: the recommended one; without it, the port whose
 * refusal says the most (a bad certificate, then no TLS), so the login's
 * own rules name the reason */
static SpcResult *
pick_port (SpcDiagnosis *diagnosis,
           const char   *host)
{
  GListModel *results = G_LIST_MODEL (diagnosis);
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (results, host);
  static const SpcStatus fallbacks[] = {
    SPC_STATUS_NO_AUTH, SPC_STATUS_CERTIFICATE_INVALID, SPC_STATUS_PLAINTEXT_ONLY,
  };
  guint n = g_list_model_get_n_items (results);

  for (guint i = 0; recommendation != NULL && i < n; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      if (spc_result_get_port (result) == recommendation->port &&
          spc_result_get_mode (result) == recommendation->mode)
        return g_steal_pointer (&result);
    }

  for (guint f = 0; f < G_N_ELEMENTS (fallbacks); f++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

        if (spc_result_get_status (result) == fallbacks[f])
          return g_steal_pointer (&result);
      }

  return n > 0 ? g_list_model_get_item (results, 0) : NULL;
}

static void
on_login_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(SpcLoginResult **) user_data = spc_login_run_finish (SPC_LOGIN (object), result);
}

SpcLoginResult *
spc_cli_login_run (SpcCliLogin  *login,
                   SpcDiagnosis *diagnosis,
                   const char   *host,
                   GTlsDatabase *database,
                   guint         timeout_ms)
{
  g_autoptr(SpcResult) port = NULL;
  g_autoptr(SpcLogin) check = NULL;
  g_autoptr(SpcSecret) kept = NULL;
  SpcLoginResult *result = NULL;

  if (login->user == NULL)
    return NULL;
  port = pick_port (diagnosis, host);
  if (port == NULL)
    return NULL;

  check = spc_login_new (host, port);
  spc_login_set_timeout_ms (check, timeout_ms);
  spc_login_set_tls_database (check, database);
  spc_login_set_user (check, login->user);
  spc_login_set_mechanism (check, login->mechanism);
  if (login->send_test != NULL)
    spc_login_set_test_message (check, login->user, login->send_test);
  if (login->token != NULL)
    spc_login_set_oauth2_token (check, g_steal_pointer (&login->token));
  else if (login->password != NULL)
    {
      /* A copy to store after success, only when asked */
      if (login->remember_password)
        kept = spc_secret_new (spc_secret_get (login->password), spc_secret_get_length (login->password));
      spc_login_set_password (check, g_steal_pointer (&login->password));
    }

  spc_login_run_async (check, NULL, on_login_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (kept != NULL && spc_login_result_get_outcome (result) == SPC_LOGIN_OK)
    {
      g_autoptr(GError) error = NULL;

      if (!spc_keyring_store (host, login->user, kept, NULL, &error))
        g_printerr (_("The password could not be kept in the Secret Service: %s\n"), error->message);
    }
  return result;
}

void
spc_cli_login_add_to_json (SpcLoginResult *result,
                           JsonObject     *report)
{
  JsonNode *message = spc_login_text_message_to_json (result);

  json_object_set_member (report, "login", spc_login_text_to_json (result));
  if (message != NULL)
    json_object_set_member (report, "test_message", message);
}

/* A translated line: its newline stays out of the translation */
static void G_GNUC_PRINTF (2, 3)
append_line (GString    *text,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
  g_string_append_c (text, '\n');
}

char *
spc_cli_login_to_text (SpcLoginResult *result)
{
  g_autofree char *describe = spc_login_text_describe (result);
  g_autofree char *advise = spc_login_text_advise (result);
  g_autofree char *message = spc_login_text_describe_message (result);
  g_autofree char *message_advice = spc_login_text_advise_message (result);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_c (text, '\n');
  /* Translators: %s is a whole sentence ("Logged in as ana@example.org with PLAIN.") */
  append_line (text, _("Login check: %s"), describe);
  if (spc_login_result_get_reply (result) != NULL)
    {
      /* Translators: %s is the server's reply, as it was sent */
      append_line (text, _("  Server’s reply: %s"), spc_login_result_get_reply (result));
    }
  if (advise != NULL)
    append_line (text, "  %s", advise);
  if (message != NULL)
    {
      /* Translators: %s is a whole sentence */
      append_line (text, _("Test message: %s"), message);
      if (spc_login_result_get_message_id (result) != NULL)
        append_line (text, _("  Message-ID: %s"), spc_login_result_get_message_id (result));
      if (spc_login_result_get_message_reply (result) != NULL)
        append_line (text, _("  Server’s reply: %s"), spc_login_result_get_message_reply (result));
      if (message_advice != NULL)
        append_line (text, "  %s", message_advice);
    }
  /* The replies, quoted or alone, are the server's words: shown visibly */
  return spc_display_text (text->str);
}

gboolean
spc_cli_login_succeeded (SpcLoginResult *result)
{
  if (result == NULL || spc_login_result_get_outcome (result) != SPC_LOGIN_OK)
    return FALSE;
  return spc_login_result_get_message_to (result) == NULL ||
         spc_login_result_get_message_outcome (result) == SPC_TEST_MESSAGE_ACCEPTED;
}

char *
spc_cli_login_format_config (SpcCliLogin  *login,
                             SpcDiagnosis *diagnosis,
                             const char   *host,
                             const char   *ca_file,
                             GError      **error)
{
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (G_LIST_MODEL (diagnosis), host);

  if (recommendation == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No port works, so there is no configuration to print"));
      return NULL;
    }
  g_free (recommendation->ca_file);
  recommendation->ca_file = g_strdup (ca_file);
  return spc_advice_format_config (recommendation, login->config_format, login->user);
}
