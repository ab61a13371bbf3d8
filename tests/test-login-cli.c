/* test-login-cli.c — the CLI's login contract against the scripted login server
 *
 * The server runs in this process (on worker threads); the built CLI runs
 * as a child with the password on its standard input, as a script would
 * give it. Its JSON, its words and its exit status are the contract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "spc-login-server.h"
#include "spc-test-util.h"

static SpcLoginServer *server;
static char *cert_dir;

typedef struct {
  char       *out;
  char       *err;
  int         status;
  gboolean    done;
} Outcome;

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Outcome *outcome = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &outcome->out, &outcome->err, &error);
  g_assert_no_error (error);
  outcome->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  outcome->done = TRUE;
}

/* Runs the CLI on @port of localhost with @extra arguments, @input on stdin */
static void
run_cli (Outcome            *outcome,
         guint16             port,
         const char         *mode,
         const char         *input,
         const char * const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, g_strdup (g_getenv ("SPC_CLI")));
  g_ptr_array_add (argv, g_strdup ("localhost"));
  g_ptr_array_add (argv, g_strdup_printf ("--ports=%u/%s", port, mode));
  g_ptr_array_add (argv, g_strdup_printf ("--ca-file=%s/ca.pem", cert_dir));
  g_ptr_array_add (argv, g_strdup ("--timeout=5"));
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, on_communicated, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", outcome->status, outcome->out, outcome->err);
}

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->out);
  g_free (outcome->err);
}

static JsonObject *
parse (JsonParser *parser,
       const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_no_password (const Outcome *outcome)
{
  g_assert_null (strstr (outcome->out, SPC_LOGIN_SERVER_PASSWORD));
  g_assert_null (strstr (outcome->err, SPC_LOGIN_SERVER_PASSWORD));
}

static void
test_ok_with_test_message (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  const char * const extra[] = { "--json", "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-",
                                 "--send-test=" SPC_LOGIN_SERVER_USER, NULL };
  Outcome outcome = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *report, *login, *message;
  g_autofree char *received = NULL;

  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", extra);
  g_assert_cmpint (outcome.status, ==, 0);
  report = parse (parser, outcome.out);
  login = json_object_get_object_member (report, "login");
  g_assert_cmpstr (json_object_get_string_member (login, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (login, "port"), ==, port);
  g_assert_cmpstr (json_object_get_string_member (login, "result"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (login, "mechanism"), ==, "SCRAM-SHA-256");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (login, "reply"), "235 "));
  g_assert_true (json_object_has_member (login, "advice"));
  message = json_object_get_object_member (report, "test_message");
  g_assert_cmpstr (json_object_get_string_member (message, "to"), ==, SPC_LOGIN_SERVER_USER);
  g_assert_cmpstr (json_object_get_string_member (message, "result"), ==, "accepted");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (message, "reply"), "250 "));
  g_assert_cmpstr (json_object_get_string_member (message, "queue_id"), ==, SPC_LOGIN_SERVER_QUEUE_ID);

  received = spc_login_server_dup_message (server, port);
  g_assert_nonnull (strstr (received, json_object_get_string_member (message, "message_id")));
  assert_no_password (&outcome);
  outcome_clear (&outcome);
}

static void
test_rejected (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  const char * const extra[] = { "--json", "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-",
                                 "--mechanism=plain", NULL };
  Outcome outcome = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *login;

  run_cli (&outcome, port, "starttls", "wrong password\n", extra);
  g_assert_cmpint (outcome.status, ==, 1);
  login = json_object_get_object_member (parse (parser, outcome.out), "login");
  g_assert_cmpstr (json_object_get_string_member (login, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (login, "mechanism"), ==, "PLAIN");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (login, "reply"), "535 5.7.8"));
  g_assert_nonnull (json_object_get_string_member (login, "advice"));
  g_assert_null (strstr (outcome.out, "wrong password"));
  outcome_clear (&outcome);
}

/* A refusal in the server's own words, with a terminal escape, a bell and
 * a bidi override: the text shows them as <U+XXXX>, the JSON keeps them
 * as they were sent */
static void
test_reply_shown (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_AUTH_HOSTILE_REPLY, NULL);
  const char * const text_extra[] = { "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  const char * const json_extra[] = { "--json", "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  Outcome outcome = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *login;

  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", text_extra);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_nonnull (strstr (outcome.out, "The server refused the login: " SPC_LOGIN_SERVER_HOSTILE_SHOWN "."));
  g_assert_nonnull (strstr (outcome.out, "Server’s reply: " SPC_LOGIN_SERVER_HOSTILE_SHOWN "\n"));
  g_assert_null (strchr (outcome.out, '\x1b'));
  g_assert_null (strchr (outcome.out, '\x07'));
  g_assert_null (strstr (outcome.out, "\u202e"));
  outcome_clear (&outcome);

  memset (&outcome, 0, sizeof outcome);
  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", json_extra);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_null (strchr (outcome.out, '\x1b'));
  g_assert_null (strstr (outcome.out, "\u202e"));
  login = json_object_get_object_member (parse (parser, outcome.out), "login");
  g_assert_cmpstr (json_object_get_string_member (login, "reply"), ==, SPC_LOGIN_SERVER_HOSTILE_REPLY);
  outcome_clear (&outcome);
}

static void
test_refused_insecure (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_PLAINTEXT_ONLY, NULL);
  const char * const extra[] = { "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  Outcome outcome = { 0 };
  g_autoptr(GBytes) received = NULL;

  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", extra);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_nonnull (strstr (outcome.out, "Login check: Not checked: this port has no encryption"));
  received = spc_login_server_dup_received (server, port);
  g_assert_null (g_strstr_len (g_bytes_get_data (received, NULL), g_bytes_get_size (received), "AUTH"));
  assert_no_password (&outcome);
  outcome_clear (&outcome);
}

/* A port that refused the connection: the login says it did not work,
 * never that it has no encryption */
static void
test_refused_port (void)
{
  const char * const text_extra[] = { "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  const char * const json_extra[] = { "--json", "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  guint16 port = spc_test_closed_port ();
  Outcome outcome = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *login;

  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", text_extra);
  g_assert_cmpint (outcome.status, ==, 1);
  g_assert_nonnull (strstr (outcome.out, "Login check: Not checked: this port did not pass the check."));
  g_assert_null (strstr (outcome.out, "no encryption"));
  outcome_clear (&outcome);

  memset (&outcome, 0, sizeof outcome);
  run_cli (&outcome, port, "starttls", SPC_LOGIN_SERVER_PASSWORD "\n", json_extra);
  g_assert_cmpint (outcome.status, ==, 1);
  login = json_object_get_object_member (parse (parser, outcome.out), "login");
  g_assert_cmpstr (json_object_get_string_member (login, "result"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (login, "refusal"), ==, "probe-not-green");
  assert_no_password (&outcome);
  outcome_clear (&outcome);
}

static void
test_config (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_IMPLICIT_TLS, NULL);
  const char * const msmtp[] = { "--config=msmtp", "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", NULL };
  const char * const python[] = { "--config=python", NULL };
  g_autofree char *trust = g_strdup_printf ("tls_trust_file %s/ca.pem\n", cert_dir);
  g_autofree char *cafile = g_strdup_printf ("create_default_context(cafile=\"%s/ca.pem\")", cert_dir);
  Outcome outcome = { 0 };
  Outcome second = { 0 };

  run_cli (&outcome, port, "tls", SPC_LOGIN_SERVER_PASSWORD "\n", msmtp);
  g_assert_cmpint (outcome.status, ==, 0);
  g_assert_true (g_str_has_prefix (outcome.out, "# ~/.msmtprc"));
  g_assert_nonnull (strstr (outcome.out, trust));
  g_assert_nonnull (strstr (outcome.out, "user           " SPC_LOGIN_SERVER_USER "\n"));
  g_assert_nonnull (strstr (outcome.out, "secret-tool lookup host localhost service smtp user"));
  assert_no_password (&outcome);

  run_cli (&second, port, "tls", NULL, python);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_true (g_str_has_prefix (second.out, "import getpass"));
  g_assert_nonnull (strstr (second.out, cafile));
  outcome_clear (&outcome);
  outcome_clear (&second);
}

/* Every format names the CA the check trusted and the address of --user,
 * and none asks for a password (stdin is empty, there is no terminal) */
static void
test_config_names_ca_and_user (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_IMPLICIT_TLS, NULL);
  const struct {
    const char *format;
    const char *before_ca;  /* the CA file's path comes between */
    const char *after_ca;
    const char *user;
  } cases[] = {
    { "plain", "Certificate authority to trust: ", "\n", "User name: " SPC_LOGIN_SERVER_USER "\n" },
    { "msmtp", "tls_trust_file ", "\n", "user           " SPC_LOGIN_SERVER_USER "\n" },
    { "postfix", "smtp_tls_CAfile = ", "\n", " " SPC_LOGIN_SERVER_USER ":YOUR-PASSWORD\n" },
    { "git-send-email", "sendemail.smtpSSLCertPath ", "\n", "sendemail.smtpUser " SPC_LOGIN_SERVER_USER "\n" },
    { "neomutt", "set ssl_ca_certificates_file = \"", "\"\n", NULL },
    { "curl", "--cacert ", " ", "--user " SPC_LOGIN_SERVER_USER " " },
    { "swaks", "--tls-verify --tls-ca-path ", " ", "--auth-user " SPC_LOGIN_SERVER_USER " " },
    { "python", "ssl.create_default_context(cafile=\"", "\")\n", "server.login(\"" SPC_LOGIN_SERVER_USER "\", " },
  };
  g_autofree char *ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  g_autofree char *escaped_user = g_uri_escape_string (SPC_LOGIN_SERVER_USER, NULL, FALSE);
  g_autofree char *neomutt_user = g_strdup_printf ("smtps://%s@localhost:%u", escaped_user, port);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *format = g_strdup_printf ("--config=%s", cases[i].format);
      const char * const extra[] = { format, "--user=" SPC_LOGIN_SERVER_USER, NULL };
      g_autofree char *ca_line = g_strconcat (cases[i].before_ca, ca_file, cases[i].after_ca, NULL);
      Outcome outcome = { 0 };

      run_cli (&outcome, port, "tls", "", extra);
      g_assert_cmpint (outcome.status, ==, 0);
      g_assert_cmpstr (outcome.err, ==, "");
      if (strstr (outcome.out, ca_line) == NULL)
        g_error ("%s does not name the CA with “%s”:\n%s", cases[i].format, ca_line, outcome.out);
      g_assert_nonnull (strstr (outcome.out, cases[i].user != NULL ? cases[i].user : neomutt_user));
      g_assert_null (strstr (outcome.out, "you@example.com"));
      outcome_clear (&outcome);
    }
}

/* One line on stderr, starting with the program's name; nothing on stdout */
static void
assert_usage_error (const Outcome *outcome,
                    const char    *expected)
{
  g_assert_cmpint (outcome->status, ==, 2);
  g_assert_cmpstr (outcome->out, ==, "");
  g_assert_true (g_str_has_prefix (outcome->err, "smtp-port-check: "));
  g_assert_true (strchr (outcome->err, '\n') == outcome->err + strlen (outcome->err) - 1);
  if (expected != NULL)
    g_assert_nonnull (strstr (outcome->err, expected));
}

/* --mechanism that does not fit the credential: a usage error before any
 * connection, never "the server does not offer" */
static void
test_mechanism_mismatch (void)
{
  guint16 port = spc_login_server_add_port (server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  const char * const token_plain[] = { "--user=" SPC_LOGIN_SERVER_USER, "--oauth2-token-file=-", "--mechanism=plain", NULL };
  const char * const password_xoauth2[] = { "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", "--mechanism=xoauth2", NULL };
  const char * const unknown[] = { "--user=" SPC_LOGIN_SERVER_USER, "--password-file=-", "--mechanism=gssapi", NULL };
  const struct {
    const char * const *extra;
    const char         *input;
    const char         *expected;
  } cases[] = {
    { token_plain, SPC_LOGIN_SERVER_TOKEN "\n", "--mechanism: plain logs in with a password" },
    { password_xoauth2, SPC_LOGIN_SERVER_PASSWORD "\n", "--mechanism: xoauth2 logs in with an access token" },
    { unknown, SPC_LOGIN_SERVER_PASSWORD "\n", "--mechanism: “gssapi” is not a login method" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Outcome outcome = { 0 };

      run_cli (&outcome, port, "starttls", cases[i].input, cases[i].extra);
      assert_usage_error (&outcome, cases[i].expected);
      g_assert_null (strstr (outcome.err, "offer"));
      assert_no_password (&outcome);
      outcome_clear (&outcome);
    }
  g_assert_cmpuint (spc_login_server_get_n_connections (server, port), ==, 0);
}

static void
test_usage (void)
{
  const char * const no_user[] = { "--send-test=a@example.test", NULL };
  const char * const both[] = { "--user=u", "--password-file=-", "--oauth2-token-file=-", NULL };
  const char * const bad_format[] = { "--config=outlook", NULL };
  /* --config logs in nowhere, for one host: what it would leave out is refused */
  const char * const config_send_test[] = { "--config=msmtp", "--user=" SPC_LOGIN_SERVER_USER,
                                            "--send-test=a@example.test", NULL };
  const char * const config_remember[] = { "--config=msmtp", "--user=" SPC_LOGIN_SERVER_USER,
                                           "--remember-password", NULL };
  const char * const config_hosts[] = { "--config=msmtp", "127.0.0.1", NULL };
  const char * const config_user_hosts[] = { "--config=plain", "--user=" SPC_LOGIN_SERVER_USER, "127.0.0.1", NULL };
  const struct {
    const char * const *extra;
    const char         *expected;
  } cases[] = {
    { no_user, "need --user" },
    { both, "exclude each other" },
    { bad_format, "outlook" },
    { config_send_test, "--config logs in nowhere" },
    { config_remember, "--config logs in nowhere" },
    { config_hosts, "--config prints the configuration of one host" },
    { config_user_hosts, "one host" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Outcome outcome = { 0 };

      run_cli (&outcome, 1, "tls", NULL, cases[i].extra);
      assert_usage_error (&outcome, cases[i].expected);
      outcome_clear (&outcome);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  cert_dir = g_canonicalize_filename (g_test_get_dir (G_TEST_BUILT), NULL);
  server = spc_login_server_new_for_test ();

  g_test_add_func ("/login-cli/ok-with-test-message", test_ok_with_test_message);
  g_test_add_func ("/login-cli/rejected", test_rejected);
  g_test_add_func ("/login-cli/reply-shown", test_reply_shown);
  g_test_add_func ("/login-cli/refused-insecure", test_refused_insecure);
  g_test_add_func ("/login-cli/refused-port", test_refused_port);
  g_test_add_func ("/login-cli/config", test_config);
  g_test_add_func ("/login-cli/config-names-ca-and-user", test_config_names_ca_and_user);
  g_test_add_func ("/login-cli/usage", test_usage);
  g_test_add_func ("/login-cli/mechanism-mismatch", test_mechanism_mismatch);
  status = g_test_run ();

  spc_login_server_stop (server);
  g_clear_object (&server);
  g_free (cert_dir);
  spc_test_exit_without_leak_check (status);
}
