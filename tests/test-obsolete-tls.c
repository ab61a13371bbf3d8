/* test-obsolete-tls.c — a server that speaks only TLS 1.0/1.1
 *
 * glib-networking's priority is per process, so the server runs as the
 * standalone spc-test-server with G_TLS_GNUTLS_PRIORITY restricted to
 * TLS 1.0 and 1.1, while the probe here keeps the defaults. Such a port
 * must never be green, and its summary must say the TLS is obsolete
 * rather than just "failed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"
#include "spc-test-util.h"

#define STAGE_TIMEOUT_MS 1500
#define MAX_OUTPUT       4096

typedef struct {
  GSubprocess   *server;
  guint16        tls_port;
  guint16        starttls_port;
  GTlsDatabase  *ca_database;
} Env;

static guint16
read_port_line (GInputStream *output,
                const char   *scenario)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_auto(GStrv) fields = NULL;
  guint64 port = 0;

  while (line->len < MAX_OUTPUT)
    {
      char byte;
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (output, &byte, 1, NULL, &error);

      g_assert_no_error (error);
      if (n == 0 || byte == '\n')
        break;
      g_string_append_c (line, byte);
    }
  fields = g_strsplit (line->str, " ", 2);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpstr (fields[1], ==, scenario);
  g_assert_true (g_ascii_string_to_unsigned (fields[0], 10, 1, 65535, &port, NULL));
  return port;
}

static void
on_probe_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SpcResult **out = user_data;

  *out = spc_probe_run_finish (SPC_PROBE (source), result);
}

static void
check_obsolete (Env     *env,
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
  g_autoptr(SpcResult) result = NULL;
  gint64 started, elapsed_ms;
  g_autofree char *summary = NULL;
  const char *version;
  g_autofree char *lower = NULL;

  started = g_get_monotonic_time ();
  spc_probe_run_async (probe, NULL, on_probe_done, &result);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &result, 30 * 1000));
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
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_dir = NULL;
  GInputStream *output;
  Env env = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  cert_dir = spc_test_dup_cert_dir ();
  env.ca_database = spc_test_new_ca_database ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_TLS_GNUTLS_PRIORITY",
                                "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0", TRUE);
  env.server = g_subprocess_launcher_spawn (launcher, &error, SPC_TEST_SERVER_PATH,
                                            "--cert-dir", cert_dir,
                                            "--scenario", "implicit-tls-auth",
                                            "--scenario", "good-starttls-auth", NULL);
  g_assert_no_error (error);
  output = g_subprocess_get_stdout_pipe (env.server);
  env.tls_port = read_port_line (output, "implicit-tls-auth");
  env.starttls_port = read_port_line (output, "good-starttls-auth");

  g_test_add_data_func ("/obsolete-tls/implicit", &env, test_implicit);
  g_test_add_data_func ("/obsolete-tls/starttls", &env, test_starttls);

  status = g_test_run ();

  /* Its stdin closing ends it */
  g_output_stream_close (g_subprocess_get_stdin_pipe (env.server), NULL, NULL);
  g_subprocess_wait (env.server, NULL, NULL);
  g_clear_object (&env.server);
  g_clear_object (&env.ca_database);
  return status;
}
