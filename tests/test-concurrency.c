/* test-concurrency.c — five slow ports cost about one, not five
 *
 * Five ports of the test server each wait ~300 ms before every reply. A
 * diagnosis of all five must take about as long as one port alone (we
 * assert less than twice), which it cannot if the probes run one after
 * another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-engine.h"
#include "spc-test-server.h"
#include "spc-test-util.h"

#define N_PORTS          5
#define REPLY_DELAY_MS   300
#define STAGE_TIMEOUT_MS 5000

static void
on_done (SpcDiagnosis *diagnosis,
         gpointer      user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

/* Runs a diagnosis of @ports (all STARTTLS) to its end; returns its wall time in ms */
static gint64
run_diagnosis (SpcTestEnv    *env,
               const guint16 *ports,
               guint          n_ports)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  gboolean done = FALSE;
  gint64 started, elapsed_ms;

  for (guint i = 0; i < n_ports; i++)
    {
      SpcPortSpec spec = { ports[i], SPC_MODE_STARTTLS };
      g_array_append_val (specs, spec);
    }

  request = g_object_new (SPC_TYPE_REQUEST,
                          "host", "localhost",
                          "ports", specs,
                          "connect-address", "127.0.0.1",
                          "timeout-ms", STAGE_TIMEOUT_MS,
                          "tls-database", env->ca_database,
                          /* The probes' own connections and time: the TLS
                           * 1.0/1.1 check is test-legacy-tls's */
                          "legacy-tls", FALSE,
                          NULL);
  diagnosis = spc_diagnosis_new_for_request (request, NULL);
  g_signal_connect (diagnosis, "done", G_CALLBACK (on_done), &done);

  started = g_get_monotonic_time ();
  spc_diagnosis_start (diagnosis);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 60 * 1000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_assert_true (spc_diagnosis_is_done (diagnosis));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (diagnosis)), ==, n_ports);
  for (guint i = 0; i < n_ports; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (G_LIST_MODEL (diagnosis), i);
      g_autofree char *summary = spc_summary_for_result (result);

      g_test_message ("port %u: %s, %s", ports[i],
                      spc_status_to_string (spc_result_get_status (result)), summary);
      g_assert_cmpuint (spc_result_get_port (result), ==, ports[i]);
      g_assert_cmpint (spc_result_get_status (result), ==, SPC_STATUS_OK);
    }
  return elapsed_ms;
}

static void
test_five_slow_ports (gconstpointer data)
{
  SpcTestEnv *env = (SpcTestEnv *) data;
  guint16 ports[N_PORTS];
  gint64 single_ms, all_ms;

  for (guint i = 0; i < N_PORTS; i++)
    ports[i] = spc_test_server_add_loopback_port (env->server, SPC_SCENARIO_GOOD_STARTTLS_AUTH, REPLY_DELAY_MS);

  single_ms = run_diagnosis (env, ports, 1);
  all_ms = run_diagnosis (env, ports, N_PORTS);
  g_test_message ("one port: %" G_GINT64_FORMAT " ms; %d ports: %" G_GINT64_FORMAT " ms",
                  single_ms, N_PORTS, all_ms);

  /* The delays are real: greeting, EHLO, STARTTLS, EHLO, QUIT at least */
  g_assert_cmpint (single_ms, >=, 4 * REPLY_DELAY_MS);
  /* Serial probing would take N_PORTS times as long */
  g_assert_cmpint (all_ms, <, 2 * single_ms);
  for (guint i = 0; i < N_PORTS; i++)
    g_assert_cmpuint (spc_test_server_get_n_connections (env->server, ports[i]), ==, i == 0 ? 2 : 1);
}

int
main (int   argc,
      char *argv[])
{
  SpcTestEnv env = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  spc_test_env_init (&env);

  g_test_add_data_func ("/concurrency/five-slow-ports", &env, test_five_slow_ports);

  status = g_test_run ();

  spc_test_env_clear (&env);
  return status;
}
