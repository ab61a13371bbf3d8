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
#include "spc-login-text.h"
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
  gboolean      attention_needed;
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

  answer->path = spc_goa_find_account_finish (result, &answer->provider, &answer->attention_needed,
                                              &answer->error);
  answer->done = TRUE;
}

/* The account for logging in on @host as @user */
static void
find_for (const char *host,
          const char *user,
          Answer     *answer)
{
  spc_goa_find_account_async (host, user, NULL, found_cb, answer);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &answer->done, 10 * TIMEOUT_MS));
}

/* On localhost, the login server's name */
static void
find (const char *user,
      Answer     *answer)
{
  find_for ("localhost", user, answer);
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

/* The token of the account at @path */
static void
token_for (const char *path,
           Answer     *answer)
{
  spc_goa_get_token_async (path, NULL, token_cb, answer);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &answer->done, 10 * TIMEOUT_MS));
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
  const char * const accounts[] = {
    SPC_LOGIN_SERVER_USER ":" SPC_LOGIN_SERVER_TOKEN, "bob@example.test:-",
    "carol@example.test:carol-token:smtp.elsewhere.test:587",
    "dave@example.test:dave-token:localhost:attention", NULL,
  };

  if (env.service == NULL)
    env.service = spc_test_start_goa_service (accounts);
}

static void
test_find_account (void)
{
  Answer answer = { 0 };
  Answer upper = { 0 };
  Answer password_only = { 0 };
  Answer stranger = { 0 };
  Answer other_host = { 0 };
  Answer other_server = { 0 };
  Answer carol = { 0 };

  ensure_service ();
  find (SPC_LOGIN_SERVER_USER, &answer);
  g_assert_no_error (answer.error);
  /* The OAuth2 account, not the same address's account with mail off */
  g_assert_cmpstr (answer.path, ==, "/org/gnome/OnlineAccounts/Accounts/account_0");
  g_assert_cmpstr (answer.provider, ==, "Test Provider");
  g_assert_false (answer.attention_needed);

  /* Addresses compare without case */
  find ("ANA@Example.TEST", &upper);
  g_assert_cmpstr (upper.path, ==, answer.path);

  /* An account without OAuth2, an address with no account: none */
  find ("bob@example.test", &password_only);
  g_assert_no_error (password_only.error);
  g_assert_null (password_only.path);
  find ("erin@example.test", &stranger);
  g_assert_null (stranger.path);

  /* The token is for the account's own SMTP server: another server, even
   * for the same user, gets none */
  find_for ("smtp.other.test", SPC_LOGIN_SERVER_USER, &other_host);
  g_assert_no_error (other_host.error);
  g_assert_null (other_host.path);
  find ("carol@example.test", &other_server);
  g_assert_null (other_server.path);
  /* GOA's "host:port" form; the host without case */
  find_for ("SMTP.elsewhere.test", "carol@example.test", &carol);
  g_assert_cmpstr (carol.path, ==, "/org/gnome/OnlineAccounts/Accounts/account_2");

  answer_clear (&answer);
  answer_clear (&upper);
  answer_clear (&password_only);
  answer_clear (&stranger);
  answer_clear (&other_host);
  answer_clear (&other_server);
  answer_clear (&carol);
}

/* An account GOA wants the user to sign in to again: found and said so;
 * its token call fails with GOA's NotAuthorized, said in words */
static void
test_attention_needed (void)
{
  Answer account = { 0 };
  Answer token = { 0 };
  g_autofree char *text = NULL;

  ensure_service ();
  find ("dave@example.test", &account);
  g_assert_cmpstr (account.path, ==, "/org/gnome/OnlineAccounts/Accounts/account_3");
  g_assert_true (account.attention_needed);

  token_for (account.path, &token);
  g_assert_null (token.token);
  g_assert_nonnull (token.error);
  text = spc_login_text_describe_goa_error (token.error);
  g_assert_cmpstr (text, ==, "GNOME Online Accounts needs you to sign in to this account again: "
                             "open Settings, then Online Accounts. Or type the password instead.");

  answer_clear (&account);
  answer_clear (&token);
}

/* The daemon gone between finding the account and asking for its token */
static void
test_no_daemon_words (void)
{
  Answer token = { 0 };
  g_autofree char *text = NULL;

  /* Before the stand-in daemon starts: nobody owns the name */
  token_for ("/org/gnome/OnlineAccounts/Accounts/account_0", &token);
  g_assert_nonnull (token.error);
  text = spc_login_text_describe_goa_error (token.error);
  g_assert_cmpstr (text, ==, "GNOME Online Accounts is not running, or this app may not talk to it. "
                             "Type the password instead.");
  answer_clear (&token);
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
  token_for (account.path, &token);
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
  g_autoptr(GTestDBus) bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A session bus of our own: never the user's accounts */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  env.server = spc_login_server_new_for_test ();
  env.ca_database = spc_test_new_ca_database ();

  /* First, before the stand-in daemon starts */
  g_test_add_func ("/goa/no-daemon", test_no_daemon);
  g_test_add_func ("/goa/no-daemon-words", test_no_daemon_words);
  g_test_add_func ("/goa/find-account", test_find_account);
  g_test_add_func ("/goa/attention-needed", test_attention_needed);
  g_test_add_func ("/goa/xoauth2-login", test_xoauth2_login);
  status = g_test_run ();

  spc_test_kill_program (&env.service);
  spc_login_server_stop (env.server);
  g_clear_object (&env.server);
  g_clear_object (&env.ca_database);
  g_test_dbus_down (bus);
  return status;
}
