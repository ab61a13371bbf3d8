/* test-legacy-tls.c — does the server also accept TLS 1.0/1.1? Against real servers on loopback
 *
 * Each server is a process of its own (TLS settings are per process):
 *  - the scripted GnuTLS test server (spc-test-server) with its own
 *    G_TLS_GNUTLS_PRIORITY: all versions, modern only (no 1.0 nor 1.1),
 *    and a hole (1.0 and 1.2+, no 1.1), which refuses a ClientHello that
 *    offers 1.0 and 1.1 together;
 *  - an OpenSSL server (tests/legacy-tls-server.py, Python's ssl): TLS 1.0
 *    to 1.3 at security level 0, or 1.2 and 1.3 only.
 * Each port is probed by a diagnosis, as the CLI and the window do; its
 * main session is TLS 1.3 whatever the server also accepts. The CLI is run
 * once with a GnuTLS system policy that forbids TLS 1.0 here: that answer
 * must be "cannot tell", never "refused".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "spc-engine.h"
#include "spc-enum-nick.h"
#include "spc-legacy-handshake.h"
#include "spc-test-server.h"
#include "spc-test-util.h"

#define STAGE_TIMEOUT_MS 3000

typedef struct {
  GTlsDatabase *ca_database;
  GSubprocess  *servers[5];
  guint16       gnutls_all[2];      /* implicit, starttls */
  guint16       gnutls_modern[2];
  guint16       gnutls_hole[2];
  guint16       openssl_all[2];
  guint16       openssl_modern[2];
} Env;

typedef struct {
  gboolean     done;
  gboolean     finished_seen;
  SpcLegacyTls at_finish[2];      /* tls1_0, tls1_1 when "finished" was notified */
} Watch;

static void
on_done (SpcDiagnosis *diagnosis,
         gpointer      user_data)
{
  ((Watch *) user_data)->done = TRUE;
}

static void
on_finished (SpcResult  *result,
             GParamSpec *pspec,
             gpointer    user_data)
{
  Watch *watch = user_data;

  if (!spc_result_get_finished (result) || watch->finished_seen)
    return;
  watch->finished_seen = TRUE;
  watch->at_finish[0] = spc_result_get_legacy_tls1_0 (result);
  watch->at_finish[1] = spc_result_get_legacy_tls1_1 (result);
}

static const char *
nick (SpcLegacyTls answer)
{
  return spc_enum_get_nick (SPC_TYPE_LEGACY_TLS, answer);
}

/* A request for @port of localhost (at 127.0.0.1) in @mode, trusting the
 * test CA, without the reference check */
static SpcRequest *
new_request (const Env *env,
             guint16    port,
             SpcMode    mode,
             gboolean   legacy_tls)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec spec = { port, mode };

  g_array_append_val (specs, spec);
  return g_object_new (SPC_TYPE_REQUEST,
                       "host", "localhost",
                       "connect-address", "127.0.0.1",
                       "ports", specs,
                       "timeout-ms", STAGE_TIMEOUT_MS,
                       "tls-database", env->ca_database,
                       "reference", FALSE,
                       "legacy-tls", legacy_tls,
                       NULL);
}

/* One port by a diagnosis; checks the result, its JSON and its sentence */
static void
check_port_with (Env          *env,
                 guint16       port,
                 SpcMode       mode,
                 gboolean      legacy_tls,
                 SpcLegacyTls  expected_1_0,
                 SpcLegacyTls  expected_1_1,
                 gboolean      in_thread)
{
  g_autoptr(SpcRequest) request = new_request (env, port, mode, legacy_tls);
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(SpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sentence = NULL;
  JsonObject *port_object;
  Watch watch = { 0 };

  /* One handshake at a time: the check must wait for its slot, not skip it */
  spc_request_set_max_handshakes (request, 1);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  g_assert_no_error (error);
  result = g_list_model_get_item (G_LIST_MODEL (diagnosis), 0);
  g_signal_connect (result, "notify::finished", G_CALLBACK (on_finished), &watch);
  g_signal_connect (diagnosis, "done", G_CALLBACK (on_done), &watch);

  if (in_thread)
    spc_diagnosis_start_in_thread (diagnosis);
  else
    spc_diagnosis_start (diagnosis);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &watch.done, 60 * 1000));

  g_test_message ("port %u: %s, TLS 1.0 %s, TLS 1.1 %s", port,
                  spc_status_to_string (spc_result_get_status (result)),
                  nick (spc_result_get_legacy_tls1_0 (result)),
                  nick (spc_result_get_legacy_tls1_1 (result)));

  /* The port's own result came first, untouched by the check (from a
   * thread, the news that crosses over may hold both at once) */
  g_assert_true (watch.finished_seen);
  if (!in_thread)
    {
      g_assert_cmpstr (nick (watch.at_finish[0]), ==, "not-checked");
      g_assert_cmpstr (nick (watch.at_finish[1]), ==, "not-checked");
    }
  g_assert_cmpstr (spc_status_to_string (spc_result_get_status (result)), ==, "ok");
  g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_GREEN);
  g_assert_cmpstr (spc_result_get_tls_version (result), ==, "TLS 1.3");

  g_assert_cmpstr (nick (spc_result_get_legacy_tls1_0 (result)), ==, nick (expected_1_0));
  g_assert_cmpstr (nick (spc_result_get_legacy_tls1_1 (result)), ==, nick (expected_1_1));

  root = spc_report_to_json_node (diagnosis);
  port_object = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "ports"), 0);
  g_assert_true (json_object_has_member (port_object, "legacy_tls"));
  if (!legacy_tls)
    g_assert_true (json_object_get_null_member (port_object, "legacy_tls"));
  else
    {
      JsonObject *legacy = json_object_get_object_member (port_object, "legacy_tls");

      g_assert_cmpstr (json_object_get_string_member (legacy, "tls1_0"), ==, nick (expected_1_0));
      g_assert_cmpstr (json_object_get_string_member (legacy, "tls1_1"), ==, nick (expected_1_1));
    }

  /* The note: accepted versions named and called obsolete (untranslated here) */
  sentence = spc_legacy_tls_text_for_result (result);
  g_assert_cmpint (spc_legacy_tls_is_accepted (result), ==,
                   expected_1_0 == SPC_LEGACY_TLS_ACCEPTED || expected_1_1 == SPC_LEGACY_TLS_ACCEPTED);
  if (!legacy_tls)
    g_assert_null (sentence);
  else if (spc_legacy_tls_is_accepted (result))
    {
      g_assert_nonnull (strstr (sentence, "obsolete (RFC 8996)"));
      g_assert_true ((strstr (sentence, "TLS 1.0") != NULL) == (expected_1_0 == SPC_LEGACY_TLS_ACCEPTED));
    }
  else
    g_assert_nonnull (strstr (sentence, "refuses"));
}

/* One server of the Env and what it answers for TLS 1.0 and 1.1 */
typedef struct {
  const char    *path;
  Env           *env;
  const guint16 *ports;          /* implicit, starttls */
  SpcLegacyTls   expected_1_0;
  SpcLegacyTls   expected_1_1;
} ServerCase;

/* Both ports of one server, SSL/TLS and STARTTLS: the same answers on each */
static void
test_server (gconstpointer data)
{
  const ServerCase *server = data;

  check_port_with (server->env, server->ports[0], SPC_MODE_TLS, TRUE,
                   server->expected_1_0, server->expected_1_1, FALSE);
  check_port_with (server->env, server->ports[1], SPC_MODE_STARTTLS, TRUE,
                   server->expected_1_0, server->expected_1_1, FALSE);
}

/* As the window runs it: the answer crosses from the worker's thread */
static void
test_in_thread (gconstpointer data)
{
  Env *env = (Env *) data;

  check_port_with (env, env->gnutls_hole[1], SPC_MODE_STARTTLS, TRUE,
                   SPC_LEGACY_TLS_ACCEPTED, SPC_LEGACY_TLS_REFUSED, TRUE);
}

/* Turned off: not asked, and nothing said */
static void
test_off (gconstpointer data)
{
  Env *env = (Env *) data;

  check_port_with (env, env->gnutls_all[1], SPC_MODE_STARTTLS, FALSE,
                   SPC_LEGACY_TLS_NOT_CHECKED, SPC_LEGACY_TLS_NOT_CHECKED, FALSE);
}

static JsonObject *
run_cli (const char * const *args,
         const char         *policy_file,
         JsonParser         *parser)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  g_autofree char *ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  g_autofree char *out = NULL;

  if (policy_file != NULL)
    g_subprocess_launcher_setenv (launcher, "GNUTLS_SYSTEM_PRIORITY_FILE", policy_file, TRUE);
  g_ptr_array_add (argv, SPC_CLI_PATH);
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, "--no-reference");
  g_ptr_array_add (argv, "--resolve=127.0.0.1");
  g_ptr_array_add (argv, "--ca-file");
  g_ptr_array_add (argv, ca_file);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  cli = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonObject *
first_port (JsonObject *host)
{
  return json_array_get_object_element (json_object_get_array_member (host, "ports"), 0);
}

/* This computer's GnuTLS forbids TLS 1.0 (a system policy, as Fedora's
 * crypto-policies do): the server's answer is unknown, not "no" */
static void
test_cli_cannot_tell (gconstpointer data)
{
  Env *env = (Env *) data;
  g_autofree char *policy_file = NULL;
  g_autofree char *ports = g_strdup_printf ("--ports=%u/tls", env->gnutls_all[0]);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *args[] = { ports, "localhost", NULL };
  JsonObject *port, *legacy;

  policy_file = spc_test_write_temp_file ("spc-gnutls-policy-XXXXXX", "[overrides]\ndisabled-version = tls1.0\n");
  port = first_port (run_cli (args, policy_file, parser));
  g_unlink (policy_file);
  legacy = json_object_get_object_member (port, "legacy_tls");
  g_assert_nonnull (legacy);
  g_assert_cmpstr (json_object_get_string_member (legacy, "tls1_0"), ==, "cannot-tell");
  g_assert_cmpstr (json_object_get_string_member (legacy, "tls1_1"), ==, "accepted");
}

/* A --hosts-file run asks only when told to */
static void
test_cli_hosts_file (gconstpointer data)
{
  Env *env = (Env *) data;
  g_autofree char *hosts_file = NULL;
  g_autofree char *hosts_arg = NULL;
  g_autofree char *ports = g_strdup_printf ("--ports=%u/tls", env->gnutls_all[0]);

  hosts_file = spc_test_write_temp_file ("spc-hosts-XXXXXX", "localhost\n");
  hosts_arg = g_strconcat ("--hosts-file=", hosts_file, NULL);

  for (guint asked = 0; asked < 2; asked++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *args[] = { ports, hosts_arg, asked ? "--legacy-tls" : NULL, NULL };
      JsonObject *root, *port;

      root = run_cli ((const char * const *) args, NULL, parser);
      port = first_port (json_array_get_object_element (json_object_get_array_member (root, "hosts"), 0));
      if (asked)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (port, "legacy_tls"), "tls1_0"),
                         ==, "accepted");
      else
        g_assert_true (json_object_get_null_member (port, "legacy_tls"));
    }
  g_unlink (hosts_file);
}

/* The two versions are asked on two connections side by side, not one
 * after the other: with a greeting that takes its time, both of the
 * check's connections wait for it at once */
static void
test_side_by_side (gconstpointer data)
{
  const Env *env = data;
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(SpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  gboolean done = FALSE;

  if (spc_legacy_handshake_offerable (SPC_LEGACY_VERSION_TLS1_0 | SPC_LEGACY_VERSION_TLS1_1)
      != (SPC_LEGACY_VERSION_TLS1_0 | SPC_LEGACY_VERSION_TLS1_1))
    {
      g_test_skip ("this computer's GnuTLS policy does not offer both TLS 1.0 and 1.1");
      return;
    }

  port = spc_test_server_add_loopback_port (server, SPC_SCENARIO_GREETING_DELAYED, 500);
  request = new_request (env, port, SPC_MODE_STARTTLS, TRUE);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (diagnosis, "done", G_CALLBACK (spc_test_set_flag), &done);
  spc_diagnosis_start (diagnosis);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 60 * 1000));

  result = g_list_model_get_item (G_LIST_MODEL (diagnosis), 0);
  g_assert_cmpstr (spc_status_to_string (spc_result_get_status (result)), ==, "ok");
  g_assert_cmpstr (nick (spc_result_get_legacy_tls1_0 (result)), !=, "checking");
  g_assert_cmpstr (nick (spc_result_get_legacy_tls1_1 (result)), !=, "checking");
  /* The port's own connection, then the check's two */
  g_assert_cmpuint (spc_test_server_get_n_connections (server, port), ==, 3);
  g_assert_cmpuint (spc_test_server_get_peak_ungreeted (server), ==, 2);
  spc_test_server_stop (server);
}

static GSubprocess *
spawn_gnutls_server (const char *priority,
                     guint16    *ports)
{
  static const char * const scenarios[] = { "implicit-tls-auth", "good-starttls-auth", NULL };
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  const char *argv[] = {
    SPC_TEST_SERVER_PATH, "--cert-dir", cert_dir,
    "--scenario", scenarios[0], "--scenario", scenarios[1], NULL,
  };

  return spc_test_spawn_port_program (argv, "G_TLS_GNUTLS_PRIORITY", priority, scenarios, ports);
}

static GSubprocess *
spawn_openssl_server (const char *min_version,
                      guint16    *ports)
{
  static const char * const names[] = { "implicit", "starttls", NULL };
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "legacy-tls-server.py", NULL);
  const char *argv[] = {
    SPC_PYTHON_PATH, script, "--cert-dir", cert_dir, "--min-version", min_version, NULL,
  };

  return spc_test_spawn_port_program (argv, NULL, NULL, names, ports);
}

int
main (int   argc,
      char *argv[])
{
  Env env = { 0 };
  const ServerCase servers[] = {
    { "/legacy-tls/gnutls/accepts", &env, env.gnutls_all, SPC_LEGACY_TLS_ACCEPTED, SPC_LEGACY_TLS_ACCEPTED },
    { "/legacy-tls/gnutls/modern-refuses", &env, env.gnutls_modern, SPC_LEGACY_TLS_REFUSED, SPC_LEGACY_TLS_REFUSED },
    /* Offered 1.0 and 1.1 together this server refuses; 1.0 alone it takes */
    { "/legacy-tls/gnutls/hole", &env, env.gnutls_hole, SPC_LEGACY_TLS_ACCEPTED, SPC_LEGACY_TLS_REFUSED },
    { "/legacy-tls/openssl/accepts", &env, env.openssl_all, SPC_LEGACY_TLS_ACCEPTED, SPC_LEGACY_TLS_ACCEPTED },
    { "/legacy-tls/openssl/modern-refuses", &env, env.openssl_modern, SPC_LEGACY_TLS_REFUSED, SPC_LEGACY_TLS_REFUSED },
  };
  int status;

  g_test_init (&argc, &argv, NULL);

  env.ca_database = spc_test_new_ca_database ();
  env.servers[0] = spawn_gnutls_server ("NORMAL:+VERS-TLS1.1:+VERS-TLS1.0", env.gnutls_all);
  env.servers[1] = spawn_gnutls_server ("NORMAL:-VERS-TLS1.1:-VERS-TLS1.0", env.gnutls_modern);
  env.servers[2] = spawn_gnutls_server ("NORMAL:+VERS-TLS1.0:-VERS-TLS1.1", env.gnutls_hole);
  env.servers[3] = spawn_openssl_server ("TLSv1", env.openssl_all);
  env.servers[4] = spawn_openssl_server ("TLSv1_2", env.openssl_modern);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    g_test_add_data_func (servers[i].path, &servers[i], test_server);
  g_test_add_data_func ("/legacy-tls/off", &env, test_off);
  g_test_add_data_func ("/legacy-tls/in-thread", &env, test_in_thread);
  g_test_add_data_func ("/legacy-tls/side-by-side", &env, test_side_by_side);
  g_test_add_data_func ("/legacy-tls/cli/cannot-tell", &env, test_cli_cannot_tell);
  g_test_add_data_func ("/legacy-tls/cli/hosts-file", &env, test_cli_hosts_file);

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (env.servers); i++)
    spc_test_stop_program (&env.servers[i]);
  g_clear_object (&env.ca_database);
  return status;
}
