/* test-obsolete-tls.c — servers whose TLS library settings differ from the probe's
 *
 * glib-networking's priority is per process, so these servers run as the
 * standalone spc-test-server with their own G_TLS_GNUTLS_PRIORITY, while
 * the probe here keeps the defaults:
 *  - TLS 1.0 and 1.1 only: such a port must never be green, and its
 *    summary must say the TLS is obsolete rather than just "failed";
 *  - a certificate whose key usage forbids signing, used to sign anyway
 *    (%DEBUG_ALLOW_KEY_USAGE_VIOLATIONS: OpenSSL-based servers never
 *    check their own key usage, GnuTLS ones refuse without it).
 *    glib-networking 2.74 accepts it; the probe must not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"
#include "spc-test-util.h"

#define STAGE_TIMEOUT_MS 1500

typedef struct {
  GSubprocess   *server;
  GSubprocess   *violating_server;
  guint16        tls_port;
  guint16        starttls_port;
  guint16        key_usage_port;
  GTlsDatabase  *ca_database;
} Env;

/* The standalone server playing @scenarios with @priority */
static GSubprocess *
spawn_server (const char         *priority,
              const char * const *scenarios,
              guint16            *ports)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();

  g_ptr_array_add (argv, SPC_TEST_SERVER_PATH);
  g_ptr_array_add (argv, "--cert-dir");
  g_ptr_array_add (argv, cert_dir);
  for (guint i = 0; scenarios[i] != NULL; i++)
    {
      g_ptr_array_add (argv, "--scenario");
      g_ptr_array_add (argv, (char *) scenarios[i]);
    }
  g_ptr_array_add (argv, NULL);

  return spc_test_spawn_port_program ((const char * const *) argv->pdata,
                                      "G_TLS_GNUTLS_PRIORITY", priority, scenarios, ports);
}

static SpcResult *
probe_port (Env     *env,
            guint16  port,
            SpcMode  mode)
{
  g_autoptr(SpcRequest) request = g_object_new (SPC_TYPE_REQUEST,
                                                "host", "localhost",
                                                "connect-address", "127.0.0.1",
                                                "timeout-ms", STAGE_TIMEOUT_MS,
                                                "tls-database", env->ca_database,
                                                NULL);
  g_autoptr(SpcProbe) probe = spc_probe_new (request, port, mode);
  g_autoptr(GAsyncResult) done = NULL;

  spc_probe_run_async (probe, NULL, spc_test_keep_result, &done);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &done, 30 * 1000));
  return spc_probe_run_finish (probe, done);
}

static void
test_key_usage (gconstpointer data)
{
  Env *env = (Env *) data;
  g_autoptr(SpcResult) result = probe_port (env, env->key_usage_port, SPC_MODE_TLS);
  g_autofree char *summary = spc_summary_for_result (result);

  g_test_message ("%s: %s", spc_status_to_string (spc_result_get_status (result)), summary);
  g_assert_cmpstr (spc_status_to_string (spc_result_get_status (result)), ==, "certificate-invalid");
  g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_RED);
  /* glib-networking itself saw nothing wrong */
  g_assert_cmphex (spc_result_get_certificate_errors (result), ==, 0);
  g_assert_cmphex (spc_result_get_certificate_faults (result), ==, SPC_CERTIFICATE_FAULT_KEY_USAGE);
  g_assert_nonnull (strstr (summary, "may not be used by a server"));
  /* The technical word is in the certificate's details */
  {
    g_auto(GStrv) problems = spc_certificate_describe_problems (result);

    g_assert_nonnull (problems[0]);
    g_assert_nonnull (strstr (problems[0], "key usage"));
  }
}

static void
check_obsolete (Env     *env,
                guint16  port,
                SpcMode  mode)
{
  g_autoptr(SpcResult) result = NULL;
  gint64 started, elapsed_ms;
  g_autofree char *summary = NULL;
  const char *version;
  g_autofree char *lower = NULL;

  started = g_get_monotonic_time ();
  result = probe_port (env, port, mode);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;

  summary = spc_summary_for_result (result);
  version = spc_result_get_tls_version (result);
  g_test_message ("%s in %" G_GINT64_FORMAT " ms: %s (TLS version %s)",
                  spc_status_to_string (spc_result_get_status (result)), elapsed_ms,
                  summary, version ? version : "none");

  /* Never green; red unless a session was made and then judged */
  g_assert_cmpint (spc_result_get_verdict (result), !=, SPC_VERDICT_GREEN);
  g_assert_cmpint (spc_result_get_verdict (result), !=, SPC_VERDICT_NONE);
  if (version == NULL)
    {
      g_assert_cmpstr (spc_status_to_string (spc_result_get_status (result)), ==, "tls-failed");
      g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_RED);
    }
  /* Named as obsolete TLS, not as a bare failure (the tests run untranslated) */
  lower = g_ascii_strdown (summary, -1);
  g_assert_true (strstr (lower, "obsolete") != NULL || strstr (lower, "outdated") != NULL ||
                 strstr (lower, "deprecated") != NULL);
  g_assert_cmpint (elapsed_ms, <, 2 * STAGE_TIMEOUT_MS + 1500);
}

static void
test_implicit (gconstpointer data)
{
  Env *env = (Env *) data;

  check_obsolete (env, env->tls_port, SPC_MODE_TLS);
}

static void
test_starttls (gconstpointer data)
{
  Env *env = (Env *) data;

  check_obsolete (env, env->starttls_port, SPC_MODE_STARTTLS);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const obsolete_scenarios[] = { "implicit-tls-auth", "good-starttls-auth", NULL };
  static const char * const violating_scenarios[] = { "key-usage-tls", NULL };
  guint16 ports[2];
  Env env = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  env.ca_database = spc_test_new_ca_database ();
  env.server = spawn_server ("NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0", obsolete_scenarios, ports);
  env.tls_port = ports[0];
  env.starttls_port = ports[1];
  env.violating_server = spawn_server ("NORMAL:%DEBUG_ALLOW_KEY_USAGE_VIOLATIONS", violating_scenarios, ports);
  env.key_usage_port = ports[0];

  g_test_add_data_func ("/obsolete-tls/implicit", &env, test_implicit);
  g_test_add_data_func ("/obsolete-tls/starttls", &env, test_starttls);
  g_test_add_data_func ("/certificate/key-usage-violation", &env, test_key_usage);

  status = g_test_run ();

  spc_test_stop_program (&env.server);
  spc_test_stop_program (&env.violating_server);
  g_clear_object (&env.ca_database);
  return status;
}
