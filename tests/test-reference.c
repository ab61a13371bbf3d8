/* test-reference.c — whose firewall: a silent port tried on a reference host
 *
 * The server is 127.0.0.2, the reference host 127.0.0.3 (both loopback, no
 * root needed): the scripted server's "drop" scenario leaves a port silent
 * (SYNs dropped), as a firewall does. Names go to spc-test-resolver.h's,
 * which knows none here, so no test asks a real name server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"
#include "spc-reference-check.h"
#include "spc-result-private.h"
#include "spc-test-resolver.h"
#include "spc-test-server.h"
#include "spc-test-util.h"

#define STAGE_TIMEOUT_MS 2000
/* The reference starts after 1 s of silence and has the stage deadline */
#define REFERENCE_START_MS 1000
#define MARGIN_MS 1500

#define SERVER "127.0.0.2"
#define REFERENCE "127.0.0.3"

/* One diagnosis of SERVER's @port with a reference host */

typedef struct {
  const char         *name;
  SpcScenario         server;        /* on SERVER */
  gboolean            has_reference; /* a scenario on REFERENCE too */
  SpcScenario         reference;
  const char         *reference_host;
  gboolean            reference_on;
  /* expected */
  SpcStatus           status;
  gboolean            expect_reference;
  SpcReferenceStatus  reference_status;
  SpcPathFinding      finding;
  const char         *summary;       /* with {port} and {host} */
  const char         *details;       /* the summary's, with {host} */
} Case;

typedef struct {
  const Case   *spec;
  guint16       port;
  SpcDiagnosis *diagnosis;
  gboolean      done;
  gint64        started_us;
  gint64        took_ms;
} Run;

static void
done_cb (SpcDiagnosis *diagnosis,
         gpointer      data)
{
  Run *run = data;

  run->done = TRUE;
  run->took_ms = (g_get_monotonic_time () - run->started_us) / 1000;
}

static gboolean
all_done (gpointer data)
{
  GArray *runs = data;

  for (guint i = 0; i < runs->len; i++)
    if (!g_array_index (runs, Run, i).done)
      return FALSE;
  return TRUE;
}

static void
check_run (Run           *run,
           SpcTestServer *server)
{
  const Case *spec = run->spec;
  SpcResult *result = spc_diagnosis_find_result (run->diagnosis, run->port);
  SpcReference *reference = spc_result_get_reference (result);
  g_autofree char *summary = spc_summary_for_result (result);
  g_autofree char *json = spc_report_to_json (run->diagnosis, FALSE);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *port_object = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "ports"), 0);
  JsonObject *network = json_object_get_object_member (json_node_get_object (root), "network");

  g_test_message ("%s: port %u %s, %s (%" G_GINT64_FORMAT " ms)", spec->name, run->port,
                  spc_status_to_string (spc_result_get_status (result)), summary, run->took_ms);

  g_assert_cmpint (spc_result_get_status (result), ==, spec->status);
  g_assert_cmpint (spc_reference_get_finding (result), ==, spec->finding);
  if (!spec->expect_reference)
    {
      g_assert_null (reference);
      g_assert_true (json_object_get_null_member (port_object, "reference"));
    }
  else
    {
      JsonObject *object = json_object_get_object_member (port_object, "reference");

      g_assert_nonnull (reference);
      g_assert_cmpint (spc_reference_get_status (reference), ==, spec->reference_status);
      g_assert_cmpstr (spc_reference_get_host (reference), ==, spec->reference_host);
      g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, spec->reference_host);
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==,
                       spc_reference_status_to_string (spec->reference_status));
      g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "host");
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "ms")));
    }

  if (spec->summary != NULL)
    {
      g_autoptr(GString) expected = g_string_new (spec->summary);
      g_autofree char *port = g_strdup_printf ("%u", run->port);

      g_string_replace (expected, "{port}", port, 0);
      g_string_replace (expected, "{host}", spec->reference_host, 0);
      g_assert_cmpstr (summary, ==, expected->str);
    }
  if (spec->details != NULL)
    {
      g_autoptr(GString) expected = g_string_new (spec->details);
      g_autofree char *details = spc_summary_details_for_result (result);

      g_string_replace (expected, "{host}", spec->reference_host, 0);
      g_assert_cmpstr (details, ==, expected->str);
    }

  /* The network object names exactly the ports the network blocks */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "blocks")), ==,
                    spec->finding == SPC_PATH_NETWORK_BLOCKS ? 1 : 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "lets_through")), ==,
                    spec->finding == SPC_PATH_SERVER_SILENT ? 1 : 0);
  if (spec->finding == SPC_PATH_NETWORK_BLOCKS)
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (network, "blocks"), 0), ==, run->port);

  /* A silent port costs at most the wait before the reference starts */
  g_assert_cmpint (run->took_ms, <=, STAGE_TIMEOUT_MS + REFERENCE_START_MS + STAGE_TIMEOUT_MS + MARGIN_MS);

  /* The server and its reference share the port's count: the server's own
   * connection when it answered (and then none to the reference), else at
   * most one to the reference */
  if (spec->has_reference && spec->server != SPC_SCENARIO_DROP)
    g_assert_cmpuint (spc_test_server_get_n_connections (server, run->port), ==, 1);
  else if (spec->has_reference && spec->reference_on && spec->reference != SPC_SCENARIO_DROP)
    g_assert_cmpuint (spc_test_server_get_n_connections (server, run->port), ==, 1);
  else if (spec->has_reference)
    g_assert_cmpuint (spc_test_server_get_n_connections (server, run->port), ==, 0);
}

static void
test_reference_cases (void)
{
  const Case cases[] = {
    { "the server silent, the reference answers",
      SPC_SCENARIO_DROP, TRUE, SPC_SCENARIO_GOOD_STARTTLS_AUTH, REFERENCE, TRUE,
      SPC_STATUS_FILTERED, TRUE, SPC_REFERENCE_STATUS_ANSWERED, SPC_PATH_SERVER_SILENT,
      "The server does not answer on port {port}; your network lets it through",
      "No answer within 2 s, while the reference server {host} answered on this port" },
    { "both silent",
      SPC_SCENARIO_DROP, TRUE, SPC_SCENARIO_DROP, REFERENCE, TRUE,
      SPC_STATUS_FILTERED, TRUE, SPC_REFERENCE_STATUS_FILTERED, SPC_PATH_NETWORK_BLOCKS,
      "Your network blocks port {port}",
      "No answer within 2 s, and the reference server {host} does not answer on this port either" },
    { "the reference refuses: the packets got there",
      SPC_SCENARIO_DROP, FALSE, 0, REFERENCE, TRUE,
      SPC_STATUS_FILTERED, TRUE, SPC_REFERENCE_STATUS_REFUSED, SPC_PATH_SERVER_SILENT, NULL },
    { "no reference (--no-reference)",
      SPC_SCENARIO_DROP, TRUE, SPC_SCENARIO_GOOD_STARTTLS_AUTH, REFERENCE, FALSE,
      SPC_STATUS_FILTERED, FALSE, 0, SPC_PATH_UNKNOWN,
      "Blocked somewhere between you and the server", "No answer within 2 s" },
    { "a reference host that cannot be resolved",
      SPC_SCENARIO_DROP, FALSE, 0, "nowhere.test", TRUE,
      SPC_STATUS_FILTERED, TRUE, SPC_REFERENCE_STATUS_DNS_ERROR, SPC_PATH_UNKNOWN,
      "Blocked somewhere between you and the server",
      "No answer within 2 s, and the reference server {host} could not be found" },
    { "the server as its own reference is no reference",
      SPC_SCENARIO_DROP, FALSE, 0, SERVER, TRUE,
      SPC_STATUS_FILTERED, FALSE, 0, SPC_PATH_UNKNOWN, NULL },
    { "a server that answers needs no reference",
      SPC_SCENARIO_GOOD_STARTTLS_AUTH, TRUE, SPC_SCENARIO_GOOD_STARTTLS_AUTH, REFERENCE, TRUE,
      /* its certificate names localhost, not 127.0.0.2: it answered all the same */
      SPC_STATUS_CERTIFICATE_INVALID, FALSE, 0, SPC_PATH_NOT_SILENT, NULL },
  };
  g_autoptr(SpcTestResolver) resolver = spc_test_resolver_new ();
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autoptr(GTlsDatabase) database = spc_test_new_ca_database ();
  g_autoptr(GArray) runs = g_array_new (FALSE, TRUE, sizeof (Run));

  g_resolver_set_default (G_RESOLVER (resolver));
  g_array_set_size (runs, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run *run = &g_array_index (runs, Run, i);
      g_autoptr(SpcRequest) request = spc_request_new (SERVER);
      g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
      SpcPortSpec spec = { 0, SPC_MODE_STARTTLS };

      run->spec = &cases[i];
      /* Each port's connections count the reference's: the TLS 1.0/1.1
       * check's own are test-legacy-tls's */
      spc_request_set_legacy_tls (request, FALSE);
      run->port = spc_test_server_add_port (server, SERVER, 0, cases[i].server, 0, &error);
      g_assert_no_error (error);
      /* The same port on the reference host; without a listener it is refused */
      if (cases[i].has_reference)
        {
          spc_test_server_add_port (server, REFERENCE, run->port, cases[i].reference, 0, &error);
          g_assert_no_error (error);
        }

      spec.port = run->port;
      g_array_append_val (specs, spec);
      spc_request_set_ports (request, specs);
      spc_request_set_timeout_ms (request, STAGE_TIMEOUT_MS);
      spc_request_set_tls_database (request, database);
      spc_request_set_reference (request, cases[i].reference_on);
      spc_request_set_reference_host (request, cases[i].reference_host);
      run->diagnosis = spc_diagnosis_new_for_request (request, &error);
      g_assert_no_error (error);
    }

  /* All at once: each waits for its deadlines, not for the others' */
  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = &g_array_index (runs, Run, i);

      g_signal_connect (run->diagnosis, "done", G_CALLBACK (done_cb), run);
      run->started_us = g_get_monotonic_time ();
      spc_diagnosis_start (run->diagnosis);
    }
  g_assert_true (spc_test_wait_for (all_done, runs, 3 * STAGE_TIMEOUT_MS + REFERENCE_START_MS + 5000));

  for (guint i = 0; i < runs->len; i++)
    check_run (&g_array_index (runs, Run, i), server);

  for (guint i = 0; i < runs->len; i++)
    g_clear_object (&g_array_index (runs, Run, i).diagnosis);
  spc_test_server_stop (server);
  g_resolver_set_default (previous);
}

/* A request to SERVER for @n_ports ports that drop every connection, each
 * answered on the same port of REFERENCE */
static SpcRequest *
new_silent_ports_request (SpcTestServer *server,
                          guint          n_ports)
{
  SpcRequest *request = spc_request_new (SERVER);
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_ports; i++)
    {
      SpcPortSpec spec = { 0, SPC_MODE_STARTTLS };

      spec.port = spc_test_server_add_port (server, SERVER, 0, SPC_SCENARIO_DROP, 0, &error);
      g_assert_no_error (error);
      spc_test_server_add_port (server, REFERENCE, spec.port, SPC_SCENARIO_GOOD_STARTTLS_AUTH, 0, &error);
      g_assert_no_error (error);
      g_array_append_val (specs, spec);
    }
  spc_request_set_ports (request, specs);
  spc_request_set_timeout_ms (request, STAGE_TIMEOUT_MS);
  return request;
}

/* Every port silent while the reference answers: the server, not the network */
static void
test_reference_all_silent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autoptr(SpcRequest) request = new_silent_ports_request (server, 2);
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autofree char *failure = NULL;
  Run run = { 0 };

  spc_request_set_reference_host (request, REFERENCE);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  g_assert_no_error (error);

  g_signal_connect (diagnosis, "done", G_CALLBACK (done_cb), &run);
  run.started_us = g_get_monotonic_time ();
  spc_diagnosis_start (diagnosis);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &run.done, 3 * STAGE_TIMEOUT_MS + 5000));

  failure = spc_advice_describe_failure (G_LIST_MODEL (diagnosis));
  g_test_message ("%s", failure);
  g_assert_true (g_str_has_prefix (failure, "The server or its address is likely wrong or down"));
  g_assert_nonnull (strstr (failure, "while ports"));
  g_assert_null (strstr (failure, "Your network blocks"));
  spc_test_server_stop (server);
}

/* Two checks of one run (copies of its request, as the CLI makes one per
 * host), two silent ports each: four reference checks, one lookup of the
 * reference host (spc-name-cache.h). Each lookup was a blocking job in
 * the thread pool the TLS handshakes need (issue 16). */
static void
test_reference_looked_up_once (void)
{
  g_autoptr(SpcTestResolver) resolver = spc_test_resolver_new ();
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autoptr(SpcRequest) request = new_silent_ports_request (server, 2);
  SpcDiagnosis *diagnoses[2];
  gboolean done[2] = { FALSE, FALSE };
  GArray *specs = spc_request_get_ports (request);
  guint lookups_before;

  spc_test_resolver_add_host (resolver, "ref.test", REFERENCE);
  g_resolver_set_default (G_RESOLVER (resolver));
  spc_request_set_legacy_tls (request, FALSE);
  spc_request_set_reference_host (request, "ref.test");

  lookups_before = spc_test_resolver_get_n_lookups (resolver);
  for (guint i = 0; i < 2; i++)
    {
      diagnoses[i] = spc_diagnosis_new_for_request (request, &error);
      g_assert_no_error (error);
      g_signal_connect_swapped (diagnoses[i], "done", G_CALLBACK (spc_test_set_flag), &done[i]);
      spc_diagnosis_start (diagnoses[i]);
    }
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done[0], 3 * STAGE_TIMEOUT_MS + 5000));
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done[1], 3 * STAGE_TIMEOUT_MS + 5000));

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < specs->len; j++)
      {
        SpcResult *result = spc_diagnosis_find_result (diagnoses[i], g_array_index (specs, SpcPortSpec, j).port);
        SpcReference *reference = spc_result_get_reference (result);

        g_assert_cmpint (spc_result_get_status (result), ==, SPC_STATUS_FILTERED);
        g_assert_nonnull (reference);
        g_assert_cmpstr (spc_reference_get_host (reference), ==, "ref.test");
        g_assert_cmpint (spc_reference_get_status (reference), ==, SPC_REFERENCE_STATUS_ANSWERED);
      }
  g_assert_cmpuint (spc_test_resolver_get_n_lookups (resolver) - lookups_before, ==, 1);

  for (guint i = 0; i < 2; i++)
    g_object_unref (diagnoses[i]);
  spc_test_server_stop (server);
  g_resolver_set_default (previous);
}

/* Port 25 asks the MX hosts of the server's domain first. An MX lookup is
 * a blocking job in GLib's thread pool, as a handshake is: like the host's
 * own lookup it waits for a slot of the handshake queue (issue 16's
 * failure, one lookup per silent port 25 of a hosts-file run). Here the
 * only slot is held: no MX lookup until it is free, and a cancel while
 * waiting ends the check at once, without one. */

typedef struct {
  SpcTestResolver *resolver;
  SpcRequest      *request;
  GList           *server_addresses;
} MxEnv;

static void
slot_held_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      flag)
{
  g_assert_true (spc_handshake_queue_wait_finish (SPC_HANDSHAKE_QUEUE (object), result, NULL));
  spc_test_set_flag (flag);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      flag)
{
  spc_reference_check_run_finish (result);
  spc_test_set_flag (flag);
}

static void
mx_env_init (MxEnv *env)
{
  gboolean holding = FALSE;

  env->resolver = spc_test_resolver_new ();
  /* The server's own name has no MX; its parent domain's has */
  spc_test_resolver_add_mx (env->resolver, "example.test", "mx.test");
  spc_test_resolver_add_host (env->resolver, "mx.test", REFERENCE);
  env->request = spc_request_new ("smtp.example.test");
  spc_request_set_timeout_ms (env->request, STAGE_TIMEOUT_MS);
  spc_request_set_reference_host (env->request, "nowhere.test");
  spc_request_set_max_handshakes (env->request, 1);
  env->server_addresses = g_list_append (NULL, g_inet_address_new_from_string (SERVER));

  spc_handshake_queue_wait_async (spc_request_get_handshake_queue (env->request), NULL,
                                  slot_held_cb, &holding);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &holding, 5000));
}

static void
mx_env_clear (MxEnv *env)
{
  g_list_free_full (env->server_addresses, g_object_unref);
  g_clear_object (&env->request);
  g_clear_object (&env->resolver);
}

static void
test_reference_mx_waits_for_slot (void)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  SpcHandshakeQueue *queue;
  SpcReference *reference;
  gboolean done = FALSE;
  gint64 waited_until;
  MxEnv env = { 0 };

  mx_env_init (&env);
  queue = spc_request_get_handshake_queue (env.request);
  g_resolver_set_default (G_RESOLVER (env.resolver));

  spc_reference_check_run_async (env.request, result, env.server_addresses, NULL,
                                 check_done_cb, &done);
  /* Longer than the stage deadline: the MX lookup's starts with its slot */
  waited_until = g_get_monotonic_time () + (STAGE_TIMEOUT_MS + 500) * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < waited_until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (spc_test_resolver_get_n_record_lookups (env.resolver), ==, 0);
  g_assert_false (done);

  spc_handshake_queue_release (queue);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 2 * STAGE_TIMEOUT_MS + 5000));

  /* The server's name, then its parent domain's */
  g_assert_cmpuint (spc_test_resolver_get_n_record_lookups (env.resolver), ==, 2);
  reference = spc_result_get_reference (result);
  g_assert_nonnull (reference);
  g_assert_cmpstr (spc_reference_get_host (reference), ==, "mx.test");
  g_assert_cmpint (spc_reference_get_source (reference), ==, SPC_REFERENCE_SOURCE_MX);
  /* Nothing of ours listens on port 25 there; another SMTP server may */
  g_assert_true (spc_reference_get_status (reference) == SPC_REFERENCE_STATUS_REFUSED ||
                 spc_reference_get_status (reference) == SPC_REFERENCE_STATUS_ANSWERED);
  g_assert_cmpuint (spc_handshake_queue_get_in_flight (queue), ==, 0);

  mx_env_clear (&env);
  g_resolver_set_default (previous);
}

/* A name server that does not answer the MX lookup in time is not asked
 * again for the parent domain: the reference host is tried instead, with
 * a deadline of its own */
static void
test_reference_mx_timeout (void)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  SpcReference *reference;
  gboolean done = FALSE;
  MxEnv env = { 0 };

  mx_env_init (&env);
  spc_handshake_queue_release (spc_request_get_handshake_queue (env.request));
  spc_test_resolver_add_silent_host (env.resolver, "smtp.example.test");
  spc_test_resolver_add_host (env.resolver, "ref.test", REFERENCE);
  spc_request_set_reference_host (env.request, "ref.test");
  g_resolver_set_default (G_RESOLVER (env.resolver));

  spc_reference_check_run_async (env.request, result, env.server_addresses, NULL,
                                 check_done_cb, &done);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 3 * STAGE_TIMEOUT_MS + 5000));

  g_assert_cmpuint (spc_test_resolver_get_n_record_lookups (env.resolver), ==, 1);
  reference = spc_result_get_reference (result);
  g_assert_nonnull (reference);
  g_assert_cmpstr (spc_reference_get_host (reference), ==, "ref.test");
  g_assert_cmpint (spc_reference_get_source (reference), ==, SPC_REFERENCE_SOURCE_HOST);
  g_assert_true (spc_reference_get_status (reference) == SPC_REFERENCE_STATUS_REFUSED ||
                 spc_reference_get_status (reference) == SPC_REFERENCE_STATUS_ANSWERED);

  mx_env_clear (&env);
  g_resolver_set_default (previous);
}

static void
test_reference_mx_cancel_while_waiting (void)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;
  MxEnv env = { 0 };

  mx_env_init (&env);
  g_resolver_set_default (G_RESOLVER (env.resolver));

  spc_reference_check_run_async (env.request, result, env.server_addresses, cancellable,
                                 check_done_cb, &done);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 1000));

  g_assert_cmpuint (spc_test_resolver_get_n_record_lookups (env.resolver), ==, 0);
  g_assert_null (spc_result_get_reference (result));
  /* The holder's slot only */
  g_assert_cmpuint (spc_handshake_queue_get_in_flight (spc_request_get_handshake_queue (env.request)), ==, 1);

  mx_env_clear (&env);
  g_resolver_set_default (previous);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reference/cases", test_reference_cases);
  g_test_add_func ("/reference/all-silent", test_reference_all_silent);
  g_test_add_func ("/reference/looked-up-once", test_reference_looked_up_once);
  g_test_add_func ("/reference/mx/waits-for-slot", test_reference_mx_waits_for_slot);
  g_test_add_func ("/reference/mx/cancel-while-waiting", test_reference_mx_cancel_while_waiting);
  g_test_add_func ("/reference/mx/timeout", test_reference_mx_timeout);

  return g_test_run ();
}
