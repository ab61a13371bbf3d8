/* test-login.c — the login check and the test message against a scripted server
 *
 * Each case probes a port first (as the app and the CLI do), then logs in
 * on the probe's result. In every insecure case the server's record of
 * every byte it received proves no credential reached it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-login-private.h"
#include "spc-login-text.h"
#include "spc-login-server.h"
#include "spc-login-test-util.h"
#include "spc-probe.h"
#include "spc-summary.h"
#include "spc-test-util.h"

#define STAGE_TIMEOUT_MS 3000

typedef struct {
  SpcLoginServer *server;
  GTlsDatabase   *ca_database;
} Env;

static Env env;

static SpcResult *
probe (guint16 port,
       SpcMode mode)
{
  return spc_login_test_probe (port, mode, env.ca_database, STAGE_TIMEOUT_MS);
}

typedef struct {
  const char *mechanism;
  const char *password;      /* NULL: the right one */
  const char *token;         /* a token instead of a password */
  gboolean    send_test;
} LoginOptions;

static SpcLoginResult *
login_with_timeout (SpcResult          *probe_result,
                    const LoginOptions *options,
                    guint               timeout_ms)
{
  g_autoptr(SpcLogin) login = spc_login_new ("localhost", probe_result);
  SpcLoginResult *finished;
  GPtrArray *transcript;

  spc_login_set_timeout_ms (login, timeout_ms);
  spc_login_set_tls_database (login, env.ca_database);
  spc_login_set_user (login, SPC_LOGIN_SERVER_USER);
  if (options->token != NULL)
    spc_login_set_oauth2_token (login, spc_secret_new (options->token, strlen (options->token)));
  else
    {
      const char *password = options->password != NULL ? options->password : SPC_LOGIN_SERVER_PASSWORD;

      spc_login_set_password (login, spc_secret_new (password, strlen (password)));
    }
  spc_login_set_mechanism (login, options->mechanism);
  if (options->send_test)
    spc_login_set_test_message (login, SPC_LOGIN_SERVER_USER, SPC_LOGIN_SERVER_USER);

  finished = spc_login_test_run (login, timeout_ms);

  transcript = spc_login_result_get_transcript (finished);
  for (guint i = 0; i < transcript->len; i++)
    {
      SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *text = spc_login_text_describe_line (line);

      g_test_message ("%c %s", "CS*"[line->direction], text);
    }
  g_test_message ("login: %s %s, reply %s",
                  spc_enum_get_nick (SPC_TYPE_LOGIN_OUTCOME, spc_login_result_get_outcome (finished)),
                  spc_enum_get_nick (SPC_TYPE_LOGIN_REFUSAL, spc_login_result_get_refusal (finished)),
                  spc_login_result_get_reply (finished));
  return finished;
}

static SpcLoginResult *
login (SpcResult          *probe_result,
       const LoginOptions *options)
{
  return login_with_timeout (probe_result, options, STAGE_TIMEOUT_MS);
}

/* A new port of the login server playing @scenario (its number into @port
 * when set), probed in @mode, then logged in to with @options */
static SpcLoginResult *
login_to (SpcLoginScenario    scenario,
          SpcMode             mode,
          const LoginOptions *options,
          guint16            *port)
{
  guint16 added = spc_login_server_add_port (env.server, scenario, NULL);
  g_autoptr(SpcResult) probed = probe (added, mode);

  if (port != NULL)
    *port = added;
  return login (probed, options);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return data != NULL && g_strstr_len (data, length, needle) != NULL;
}

static char *
base64_of (const char *data,
           gsize       length)
{
  return g_base64_encode ((const guchar *) data, length);
}

/* Neither the password, nor its PLAIN/LOGIN encodings, nor an AUTH command */
static void
assert_no_credential_reached (guint16 port)
{
  g_autoptr(GBytes) received = spc_login_server_dup_received (env.server, port);
  const char plain[] = "\0" SPC_LOGIN_SERVER_USER "\0" SPC_LOGIN_SERVER_PASSWORD;
  g_autofree char *plain64 = base64_of (plain, sizeof plain - 1);
  g_autofree char *password64 = base64_of (SPC_LOGIN_SERVER_PASSWORD, strlen (SPC_LOGIN_SERVER_PASSWORD));
  g_autofree char *user64 = base64_of (SPC_LOGIN_SERVER_USER, strlen (SPC_LOGIN_SERVER_USER));
  g_autofree char *lower = g_ascii_strdown (g_bytes_get_data (received, NULL) != NULL
                                            ? g_bytes_get_data (received, NULL) : "",
                                            g_bytes_get_size (received));

  g_assert_false (bytes_contain (received, SPC_LOGIN_SERVER_PASSWORD));
  g_assert_false (bytes_contain (received, plain64));
  g_assert_false (bytes_contain (received, password64));
  g_assert_false (bytes_contain (received, user64));
  g_assert_false (g_str_has_prefix (lower, "auth") || strstr (lower, "\nauth") != NULL);
}

static void
assert_no_credential_in_transcript (SpcLoginResult *result)
{
  GPtrArray *transcript = spc_login_result_get_transcript (result);
  const char plain[] = "\0" SPC_LOGIN_SERVER_USER "\0" SPC_LOGIN_SERVER_PASSWORD;
  g_autofree char *plain64 = base64_of (plain, sizeof plain - 1);

  for (guint i = 0; i < transcript->len; i++)
    {
      SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      /* What a reader is shown: a note's words with its arguments */
      g_autofree char *text = spc_login_text_describe_line (line);

      g_assert_null (strstr (text, SPC_LOGIN_SERVER_PASSWORD));
      g_assert_null (strstr (text, SPC_LOGIN_SERVER_TOKEN));
      g_assert_null (strstr (text, plain64));
      if (line->extra != NULL)
        g_assert_null (strstr (line->extra, SPC_LOGIN_SERVER_PASSWORD));
      if (line->direction == SPC_DIRECTION_CLIENT && g_str_has_prefix (line->text, "AUTH "))
        g_assert_true (g_str_has_suffix (line->text, " ****") ||
                       strchr (line->text + 5, ' ') == NULL);
    }
}

/* Right password, each mechanism, over STARTTLS */

static void
test_mechanism (gconstpointer data)
{
  const char *mechanism = data;
  guint16 port = spc_login_server_add_port (env.server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  g_autoptr(SpcResult) probed = probe (port, SPC_MODE_STARTTLS);
  LoginOptions options = { .mechanism = mechanism };
  g_autoptr(SpcLoginResult) result = login (probed, &options);
  g_autofree char *authenticated = spc_login_server_dup_authenticated (env.server, port);
  g_autofree char *shown = g_strdup_printf ("AUTH %s", mechanism);

  g_assert_cmpint (spc_result_get_status (probed), ==, SPC_STATUS_OK);
  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (spc_login_result_get_mechanism (result), ==, mechanism);
  g_assert_cmpuint (spc_login_result_get_reply_code (result), ==, 235);
  g_assert_cmpstr (authenticated, ==, mechanism);
  g_assert_cmpuint (spc_login_server_get_n_connections (env.server, port), ==, 2);
  assert_no_credential_in_transcript (result);
}

static void
test_strongest_by_default (void)
{
  guint16 port = spc_login_server_add_port (env.server, SPC_LOGIN_SCENARIO_IMPLICIT_TLS, NULL);
  g_autoptr(SpcResult) probed = probe (port, SPC_MODE_TLS);
  LoginOptions options = { 0 };
  g_autoptr(SpcLoginResult) result = login (probed, &options);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (spc_login_result_get_mechanism (result), ==, "SCRAM-SHA-256");
  g_assert_nonnull (spc_login_result_get_seen_sha256 (result));
  g_assert_cmpstr (spc_login_result_get_seen_sha256 (result), ==, spc_result_get_cert_sha256 (probed));
}

static void
test_wrong_password (gconstpointer data)
{
  LoginOptions options = { .mechanism = data, .password = "not the password" };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_STARTTLS, SPC_MODE_STARTTLS, &options, &port);
  g_autofree char *authenticated = spc_login_server_dup_authenticated (env.server, port);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_REJECTED);
  g_assert_cmpuint (spc_login_result_get_reply_code (result), ==, 535);
  g_assert_cmpstr (spc_login_result_get_enhanced_code (result), ==, "5.7.8");
  g_assert_null (authenticated);
}

/* The provider's refusals, as facts */

typedef struct {
  SpcLoginScenario scenario;
  guint            code;
  const char      *enhanced;
} Refusal;

static const Refusal refusals[] = {
  { SPC_LOGIN_SCENARIO_AUTH_534, 534, "5.7.9" },
  { SPC_LOGIN_SCENARIO_AUTH_5730, 535, "5.7.30" },
  { SPC_LOGIN_SCENARIO_AUTH_530, 530, "5.7.0" },
};

static void
test_refusal (gconstpointer data)
{
  const Refusal *refusal = data;
  LoginOptions options = { 0 };
  g_autoptr(SpcLoginResult) result = login_to (refusal->scenario, SPC_MODE_STARTTLS, &options, NULL);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_REJECTED);
  g_assert_cmpuint (spc_login_result_get_reply_code (result), ==, refusal->code);
  g_assert_cmpstr (spc_login_result_get_enhanced_code (result), ==, refusal->enhanced);
}

/* The transcript holds @note, shown in advice/'s words as @words */
static gboolean
transcript_has_note (SpcLoginResult *result,
                     SpcNote         note,
                     const char     *words)
{
  GPtrArray *transcript = spc_login_result_get_transcript (result);

  for (guint i = 0; i < transcript->len; i++)
    {
      SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *text = spc_login_text_describe_line (line);

      if (line->direction == SPC_DIRECTION_NOTE && line->note == note)
        return g_str_equal (text, words);
    }
  return FALSE;
}

/* A server that never answers AUTH: the stage's deadline ends the login */
static void
test_auth_never_answered (void)
{
  guint16 port = spc_login_server_add_port (env.server, SPC_LOGIN_SCENARIO_AUTH_SILENT, NULL);
  g_autoptr(SpcResult) probed = probe (port, SPC_MODE_STARTTLS);
  LoginOptions options = { .mechanism = "PLAIN" };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(SpcLoginResult) result = login_with_timeout (probed, &options, 500);
  gint64 elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_TIMEOUT);
  g_assert_cmpint (elapsed_ms, >=, 450);
  g_assert_cmpint (elapsed_ms, <, 10 * 500);
  g_assert_true (transcript_has_note (result, SPC_NOTE_DEADLINE_PASSED, "The deadline passed."));
}

/* The test message */

static void
test_message_accepted (void)
{
  LoginOptions options = { .send_test = TRUE };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_STARTTLS, SPC_MODE_STARTTLS, &options, &port);
  g_autofree char *message = spc_login_server_dup_message (env.server, port);
  g_autofree char *id_header = NULL;
  g_autofree char *words = NULL;
  g_autofree char *port_line = g_strdup_printf ("\r\nPort: %u\r\n", port);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpint (spc_login_result_get_message_outcome (result), ==, SPC_TEST_MESSAGE_ACCEPTED);
  g_assert_cmpuint (spc_login_result_get_message_reply_code (result), ==, 250);
  g_assert_cmpstr (spc_login_result_get_queue_id (result), ==, SPC_LOGIN_SERVER_QUEUE_ID);
  g_assert_nonnull (message);
  g_test_message ("%s", message);

  id_header = g_strdup_printf ("\r\nMessage-ID: %s\r\n", spc_login_result_get_message_id (result));
  g_assert_true (g_str_has_prefix (message, "Date: "));
  g_assert_nonnull (strstr (message, id_header));
  g_assert_true (g_str_has_suffix (spc_login_result_get_message_id (result), "@example.test>"));
  g_assert_nonnull (strstr (message, "\r\nFrom: <" SPC_LOGIN_SERVER_USER ">\r\n"));
  g_assert_nonnull (strstr (message, "\r\nTo: <" SPC_LOGIN_SERVER_USER ">\r\n"));
  g_assert_nonnull (strstr (message, "\r\nSubject: SMTP Port Checker test message\r\n"));
  g_assert_nonnull (strstr (message, "\r\nServer: localhost\r\n"));
  g_assert_nonnull (strstr (message, port_line));
  g_assert_nonnull (strstr (message, "\r\nSecurity: STARTTLS\r\n"));
  /* The message is a note of its size (with the final ".\r\n"; nothing
   * here is dot-stuffed), never its text */
  words = g_strdup_printf ("The test message was sent (%zu bytes).", strlen (message) + 3);
  g_assert_true (transcript_has_note (result, SPC_NOTE_TEST_MESSAGE_SENT, words));
}

static void
test_message_sender_refused (void)
{
  LoginOptions options = { .send_test = TRUE };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_MAIL_553, SPC_MODE_STARTTLS, &options, &port);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpint (spc_login_result_get_message_outcome (result), ==, SPC_TEST_MESSAGE_REJECTED);
  g_assert_cmpuint (spc_login_result_get_message_reply_code (result), ==, 553);
  g_assert_cmpstr (spc_login_result_get_message_enhanced_code (result), ==, "5.7.1");
  g_assert_null (spc_login_server_dup_message (env.server, port));
}

/* A leading dot is doubled on the wire (RFC 5321 §4.5.2) */
static void
test_message_dot_stuffing (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 1, 9, 30, 0);
  g_autofree char *message = spc_login_build_message ("a@example.test", "b@example.test", "<x@example.test>",
                                                      date, ".dotted.example", 587, SPC_MODE_STARTTLS);

  g_assert_true (g_str_has_prefix (message, "Date: Tue, 01 Dec 2026 09:30:00 +0000\r\n"));
  g_assert_nonnull (strstr (message, "\r\nServer: .dotted.example\r\n"));
  g_assert_true (g_str_has_suffix (message, "\r\n.\r\n"));
  g_assert_null (strstr (message, "\n\n"));
  g_assert_null (strstr (message, "\r\n.\r\n.\r\n"));
  g_assert_true (spc_login_address_is_valid ("ana@example.org"));
  g_assert_false (spc_login_address_is_valid ("ana@example.org>\r\nRCPT TO:<x@y"));
  g_assert_false (spc_login_address_is_valid ("no-at-sign"));
  g_assert_false (spc_login_address_is_valid ("two@at@signs"));
}

/* Safety: no credential byte, ever, to these */

typedef struct {
  const char       *name;
  SpcLoginScenario  scenario;
  SpcMode           mode;
  SpcLoginOutcome   outcome;
  SpcLoginRefusal   refusal;
  guint             n_connections;   /* the probe's, and the login's if it connected */
} Insecure;

static const Insecure insecure_cases[] = {
  { "auth-before-tls-only", SPC_LOGIN_SCENARIO_AUTH_BEFORE_TLS_ONLY, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY, 2 },
  { "plaintext-only", SPC_LOGIN_SCENARIO_PLAINTEXT_ONLY, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_NO_TLS, 1 },
  { "certificate-problem", SPC_LOGIN_SCENARIO_SELF_SIGNED, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_CERTIFICATE, 1 },
  { "certificate-changes", SPC_LOGIN_SCENARIO_CERT_CHANGES, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED, 2 },
  { "certificate-changes-tls", SPC_LOGIN_SCENARIO_CERT_CHANGES_TLS, SPC_MODE_TLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED, 2 },
  { "certificate-breaks", SPC_LOGIN_SCENARIO_CERT_BREAKS, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_CERTIFICATE, 2 },
  { "starttls-disappears", SPC_LOGIN_SCENARIO_STARTTLS_DISAPPEARS, SPC_MODE_STARTTLS,
    SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_NO_TLS, 2 },
};

static void
test_insecure (gconstpointer data)
{
  const Insecure *insecure = data;
  LoginOptions options = { 0 };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (insecure->scenario, insecure->mode, &options, &port);

  assert_no_credential_reached (port);
  g_assert_cmpint (spc_login_result_get_outcome (result), ==, insecure->outcome);
  g_assert_cmpint (spc_login_result_get_refusal (result), ==, insecure->refusal);
  g_assert_cmpuint (spc_login_server_get_n_connections (env.server, port), ==, insecure->n_connections);
}

/* A port that refused the connection: measured nothing about encryption,
 * so the login says the port did not work, not that it has no TLS */
static void
test_probe_not_green (void)
{
  g_autoptr(SpcResult) probed = probe (spc_test_closed_port (), SPC_MODE_STARTTLS);
  LoginOptions options = { 0 };
  g_autoptr(SpcLoginResult) result = login (probed, &options);
  g_autoptr(JsonNode) json = spc_login_text_to_json (result);
  g_autofree char *described = spc_login_text_describe (result);

  g_assert_cmpint (spc_result_get_status (probed), ==, SPC_STATUS_REFUSED);
  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_ERROR);
  g_assert_cmpint (spc_login_result_get_refusal (result), ==, SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "result"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "refusal"), ==, "probe-not-green");
  g_assert_null (strstr (described, "no encryption"));
}

/* A mechanism that does not fit the credential (PLAIN with a token,
 * XOAUTH2 with a password) is no fact about the server: the check stops
 * before connecting again, and never says "not offered" */
static void
test_mechanism_mismatch (void)
{
  const LoginOptions cases[] = {
    { .mechanism = "plain", .token = SPC_LOGIN_SERVER_TOKEN },
    { .mechanism = "XOAUTH2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint16 port;
      g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_STARTTLS, SPC_MODE_STARTTLS, &cases[i], &port);
      g_autofree char *described = spc_login_text_describe (result);

      g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_ERROR);
      g_assert_cmpint (spc_login_result_get_refusal (result), ==, SPC_LOGIN_REFUSAL_SASL_FAILED);
      g_assert_null (strstr (described, "does not offer"));
      /* The probe's connection only */
      g_assert_cmpuint (spc_login_server_get_n_connections (env.server, port), ==, 1);
      assert_no_credential_reached (port);
    }
}

/* A mechanism the user asked for that the server does not offer */
static void
test_not_offered (void)
{
  LoginOptions options = { .mechanism = "SCRAM-SHA-256" };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_ONLY_PLAIN, SPC_MODE_STARTTLS, &options, &port);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_NOT_OFFERED);
  g_assert_cmpstr (spc_login_result_get_mechanism (result), ==, "SCRAM-SHA-256");
  assert_no_credential_reached (port);
}

/* XOAUTH2 and OAUTHBEARER: the server checks the framing byte for byte */
static void
test_oauth (gconstpointer data)
{
  const char *mechanism = data;
  LoginOptions options = { .mechanism = mechanism, .token = SPC_LOGIN_SERVER_TOKEN };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_STARTTLS, SPC_MODE_STARTTLS, &options, &port);
  g_autofree char *authenticated = spc_login_server_dup_authenticated (env.server, port);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (authenticated, ==, mechanism);
  assert_no_credential_in_transcript (result);
}

static void
test_oauth_strongest (void)
{
  LoginOptions options = { .token = SPC_LOGIN_SERVER_TOKEN };
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_STARTTLS, SPC_MODE_STARTTLS, &options, NULL);

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (spc_login_result_get_mechanism (result), ==, "OAUTHBEARER");
}

static void
test_oauth_error (gconstpointer data)
{
  const char *mechanism = data;
  LoginOptions options = { .mechanism = mechanism, .token = SPC_LOGIN_SERVER_TOKEN };
  guint16 port;
  g_autoptr(SpcLoginResult) result = login_to (SPC_LOGIN_SCENARIO_OAUTH_ERROR, SPC_MODE_STARTTLS, &options, &port);
  g_autoptr(GBytes) received = spc_login_server_dup_received (env.server, port);
  const char *answer = g_str_equal (mechanism, "XOAUTH2") ? "\r\n\r\nQUIT\r\n" : "\r\nAQ==\r\nQUIT\r\n";

  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_REJECTED);
  g_assert_cmpuint (spc_login_result_get_reply_code (result), ==, 535);
  /* After the 334 error details: the client's one-line answer, then QUIT */
  g_assert_true (bytes_contain (received, answer));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char * const *mechanisms = spc_login_get_password_mechanisms ();
  int status;

  g_test_init (&argc, &argv, NULL);

  env.server = spc_login_server_new_for_test ();
  env.ca_database = spc_test_new_ca_database ();

  for (guint i = 0; mechanisms[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/login/right-password/", mechanisms[i], NULL);
      g_test_add_data_func (path, mechanisms[i], test_mechanism);
    }
  g_test_add_func ("/login/strongest-by-default", test_strongest_by_default);
  g_test_add_data_func ("/login/wrong-password/PLAIN", "PLAIN", test_wrong_password);
  g_test_add_data_func ("/login/wrong-password/SCRAM-SHA-256", "SCRAM-SHA-256", test_wrong_password);
  g_test_add_data_func ("/login/refused/534-5.7.9", &refusals[0], test_refusal);
  g_test_add_data_func ("/login/refused/535-5.7.30", &refusals[1], test_refusal);
  g_test_add_data_func ("/login/refused/530-5.7.0", &refusals[2], test_refusal);
  g_test_add_func ("/login/auth-never-answered", test_auth_never_answered);
  g_test_add_func ("/login/message/accepted", test_message_accepted);
  g_test_add_func ("/login/message/sender-refused", test_message_sender_refused);
  g_test_add_func ("/login/message/dot-stuffing", test_message_dot_stuffing);
  for (guint i = 0; i < G_N_ELEMENTS (insecure_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/login/insecure/", insecure_cases[i].name, NULL);
      g_test_add_data_func (path, &insecure_cases[i], test_insecure);
    }
  g_test_add_func ("/login/probe-not-green", test_probe_not_green);
  g_test_add_func ("/login/not-offered", test_not_offered);
  g_test_add_func ("/login/mechanism-mismatch", test_mechanism_mismatch);
  g_test_add_data_func ("/login/oauth/XOAUTH2", "XOAUTH2", test_oauth);
  g_test_add_data_func ("/login/oauth/OAUTHBEARER", "OAUTHBEARER", test_oauth);
  g_test_add_func ("/login/oauth/strongest", test_oauth_strongest);
  g_test_add_data_func ("/login/oauth/error/XOAUTH2", "XOAUTH2", test_oauth_error);
  g_test_add_data_func ("/login/oauth/error/OAUTHBEARER", "OAUTHBEARER", test_oauth_error);

  status = g_test_run ();

  spc_login_server_stop (env.server);
  g_clear_object (&env.server);
  g_clear_object (&env.ca_database);
  return status;
}
