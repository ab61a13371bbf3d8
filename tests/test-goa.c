/* test-goa.c — a GNOME Online Accounts token, over D-Bus, into an XOAUTH2 login
 *
 * A private session bus (GTestDBus) with tests/goa-test-service.py standing
 * in for the accounts daemon (the object manager, Account, Mail and
 * OAuth2Based interfaces), and the scripted login server checking the
 * XOAUTH2 framing and the token byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-goa.h"
#include "spc-login-server.h"
#include "spc-login-test-util.h"
#include "spc-test-util.h"

#define TIMEOUT_MS 3000

typedef struct {
  SpcLoginServer *server;
  GTlsDatabase   *ca_database;
  GSubprocess    *service;
} Env;

static Env env;

typedef struct {
  gboolean      done;
  char         *path;
  char         *provider;
  SpcSecret    *token;
  GError       *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_free (answer->path);
  g_free (answer->provider);
  spc_secret_free (answer->token);
  g_clear_error (&answer->error);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Answer *answer = user_data;

  answer->path = spc_goa_find_account_finish (result, &answer->provider, &answer->error);
  answer->done = TRUE;
}

static void
find (const char *address,
      Answer     *answer)
{
  spc_goa_find_account_async (address, NULL, found_cb, answer);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &answer->done, 10 * TIMEOUT_MS));
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Answer *answer = user_data;

  answer->token = spc_goa_get_token_finish (result, &answer->error);
  answer->done = TRUE;
}

/* No daemon on the bus: no account, and no error (the dialog just offers none) */
static void
test_no_daemon (void)
{
  Answer answer = { 0 };

  find (SPC_LOGIN_SERVER_USER, &answer);
  g_assert_no_error (answer.error);
  g_assert_null (answer.path);
  answer_clear (&answer);
}

/* The stand-in daemon, from the first test that needs it on */
static void
ensure_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = g_strconcat (SPC_LOGIN_SERVER_USER ":" SPC_LOGIN_SERVER_TOKEN, NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  if (env.service != NULL)
    return;
  env.service = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("SPC_GOA_TEST_PYTHON"), g_getenv ("SPC_GOA_TEST_SERVICE"),
                              account, "bob@example.test:-", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (env.service));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
test_find_account (void)
{
  Answer answer = { 0 };
  Answer upper = { 0 };
  Answer password_only = { 0 };
  Answer stranger = { 0 };

  ensure_service ();
  find (SPC_LOGIN_SERVER_USER, &answer);
  g_assert_no_error (answer.error);
  /* The OAuth2 account, not the same address's account with mail off */
  g_assert_cmpstr (answer.path, ==, "/org/gnome/OnlineAccounts/Accounts/account_0");
  g_assert_cmpstr (answer.provider, ==, "Test Provider");

  /* Addresses compare without case */
  find ("ANA@Example.TEST", &upper);
  g_assert_cmpstr (upper.path, ==, answer.path);

  /* An account without OAuth2, an address with no account: none */
  find ("bob@example.test", &password_only);
  g_assert_no_error (password_only.error);
  g_assert_null (password_only.path);
  find ("carol@example.test", &stranger);
  g_assert_null (stranger.path);

  answer_clear (&answer);
  answer_clear (&upper);
  answer_clear (&password_only);
  answer_clear (&stranger);
}

/* The token GOA gives, in an XOAUTH2 login the scripted server checks */
static void
test_xoauth2_login (void)
{
  Answer account = { 0 };
  Answer token = { 0 };
  guint16 port = spc_login_server_add_port (env.server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  g_autoptr(SpcResult) probed = spc_login_test_probe (port, SPC_MODE_STARTTLS, env.ca_database, TIMEOUT_MS);
  g_autoptr(SpcLogin) login = spc_login_new ("localhost", probed);
  g_autoptr(SpcLoginResult) result = NULL;
  g_autofree char *mechanism = NULL;

  ensure_service ();
  find (SPC_LOGIN_SERVER_USER, &account);
  g_assert_nonnull (account.path);
  spc_goa_get_token_async (account.path, NULL, token_cb, &token);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &token.done, 10 * TIMEOUT_MS));
  g_assert_no_error (token.error);
  g_assert_cmpstr (spc_secret_get (token.token), ==, SPC_LOGIN_SERVER_TOKEN);

  spc_login_set_tls_database (login, env.ca_database);
  spc_login_set_timeout_ms (login, TIMEOUT_MS);
  spc_login_set_user (login, SPC_LOGIN_SERVER_USER);
  spc_login_set_mechanism (login, "XOAUTH2");
  spc_login_set_oauth2_token (login, g_steal_pointer (&token.token));
  result = spc_login_test_run (login, TIMEOUT_MS);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (spc_login_result_get_mechanism (result), ==, "XOAUTH2");
  mechanism = spc_login_server_dup_authenticated (env.server, port);
  g_assert_cmpstr (mechanism, ==, "XOAUTH2");

  answer_clear (&account);
  answer_clear (&token);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *cert_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A session bus of our own: never the user's accounts */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  cert_dir = spc_test_dup_cert_dir ();
  env.server = spc_login_server_new (cert_dir, &error);
  g_assert_no_error (error);
  env.ca_database = spc_test_new_ca_database ();

  /* First, before the stand-in daemon starts */
  g_test_add_func ("/goa/no-daemon", test_no_daemon);
  g_test_add_func ("/goa/find-account", test_find_account);
  g_test_add_func ("/goa/xoauth2-login", test_xoauth2_login);
  status = g_test_run ();

  if (env.service != NULL)
    {
      g_subprocess_force_exit (env.service);
      g_subprocess_wait (env.service, NULL, NULL);
      g_clear_object (&env.service);
    }
  spc_login_server_stop (env.server);
  g_clear_object (&env.server);
  g_clear_object (&env.ca_database);
  g_test_dbus_down (bus);
  return status;
}
