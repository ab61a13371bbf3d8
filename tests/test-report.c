/* test-report.c — the text and JSON renderings of a real (loopback) diagnosis
 *
 * Two loopback ports where nothing listens: a finished diagnosis with no
 * green port, so the failure text, null timings and colour can be checked
 * without a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"
#include "spc-test-util.h"

static void
on_done (SpcDiagnosis *diagnosis,
         gboolean     *done)
{
  *done = TRUE;
}

/* A diagnosis of @host's @specs (closed ports), run to its end */
static SpcDiagnosis *
run_diagnosis (const char *host,
               GArray     *specs)
{
  g_autoptr(SpcRequest) request =
    g_object_new (SPC_TYPE_REQUEST, "host", host, "ports", specs, "timeout-ms", 5000, NULL);
  SpcDiagnosis *diagnosis = spc_diagnosis_new_for_request (request, NULL);
  gboolean done = FALSE;

  g_signal_connect (diagnosis, "done", G_CALLBACK (on_done), &done);
  spc_diagnosis_start (diagnosis);

  /* Bounded: a refusal on loopback is immediate; 60 s allows for a loaded machine */
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, &done, 60 * 1000));

  return diagnosis;
}

static SpcDiagnosis *
run_refused_diagnosis (void)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec plain = { spc_test_closed_port (), SPC_MODE_STARTTLS };
  SpcPortSpec tls = { spc_test_closed_port (), SPC_MODE_TLS };

  g_array_append_val (specs, plain);
  g_array_append_val (specs, tls);

  return run_diagnosis ("127.0.0.1", specs);
}

static gsize
display_width (const char *line)
{
  return g_utf8_strlen (line, -1);
}

static void
test_text (void)
{
  g_autoptr(SpcDiagnosis) diagnosis = run_refused_diagnosis ();
  g_autofree char *plain = spc_report_to_text (diagnosis, FALSE);
  g_autofree char *colored = spc_report_to_text (diagnosis, TRUE);
  g_auto(GStrv) lines = g_strsplit (plain, "\n", -1);
  gsize table_width = 0;
  guint table_lines = 0;

  g_test_message ("%s", plain);
  g_assert_null (strchr (plain, '\033'));
  g_assert_nonnull (strstr (colored, "\033[31m"));
  g_assert_nonnull (strstr (plain, "refused"));
  g_assert_nonnull (strstr (plain, "red"));
  g_assert_null (strstr (plain, "Recommendation"));
  g_assert_nonnull (strstr (plain, "Check the server name"));

  /* The heading and its rows line up: the last column is right-aligned,
   * so every table line has the same width */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_suffix (lines[i], "Latency"))
        table_width = display_width (lines[i]);
      else if (table_width > 0 && lines[i][0] == '\0')
        break;
      else if (table_width > 0)
        g_assert_cmpuint (display_width (lines[i]), ==, table_width);
      if (table_width > 0)
        table_lines++;
    }
  g_assert_cmpuint (table_lines, ==, 3);
}

static void
test_json (void)
{
  g_autoptr(SpcDiagnosis) diagnosis = run_refused_diagnosis ();
  g_autoptr(JsonNode) root = spc_report_to_json_node (diagnosis);
  g_autofree char *text = spc_report_to_json (diagnosis, FALSE);
  JsonObject *report = json_node_get_object (root);
  JsonArray *ports = json_object_get_array_member (report, "ports");

  g_assert_nonnull (text);
  g_assert_null (strchr (text, '\n'));
  g_assert_cmpstr (json_object_get_string_member (report, "host"), ==, "127.0.0.1");
  g_assert_true (json_object_get_null_member (report, "recommendation"));
  g_assert_false (json_object_get_null_member (report, "next_steps"));
  g_assert_cmpuint (json_array_get_length (ports), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *port = json_array_get_object_element (ports, i);
      JsonObject *timings = json_object_get_object_member (port, "timings_ms");

      g_assert_cmpstr (json_object_get_string_member (port, "status"), ==, "refused");
      g_assert_cmpstr (json_object_get_string_member (port, "detail"), ==, "connect-refused");
      g_assert_cmpstr (json_object_get_string_member (port, "verdict"), ==, "red");
      g_assert_true (json_object_get_null_member (port, "tls"));
      g_assert_true (json_object_get_null_member (port, "capabilities"));
      g_assert_true (json_object_get_null_member (port, "greeting"));
      g_assert_true (json_object_get_null_member (timings, "greeting"));
      g_assert_true (json_object_get_null_member (timings, "tls"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ports, 1), "mode"), ==, "tls");
}

/* Three diagnoses, two of them of the same host (ports found at different
 * times by a discovery): two host objects, the first with all four ports */
static void
test_hosts_merged (void)
{
  g_autoptr(SpcDiagnosis) first = run_refused_diagnosis ();
  g_autoptr(SpcDiagnosis) again = run_refused_diagnosis ();
  g_autoptr(SpcDiagnosis) other = NULL;
  g_autoptr(GPtrArray) diagnoses = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec plain = { spc_test_closed_port (), SPC_MODE_STARTTLS };
  JsonArray *hosts;

  g_array_append_val (specs, plain);
  other = run_diagnosis ("127.0.0.2", specs);

  g_ptr_array_add (diagnoses, first);
  g_ptr_array_add (diagnoses, other);
  g_ptr_array_add (diagnoses, again);
  json_builder_begin_array (builder);
  spc_report_add_hosts (builder, diagnoses);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  hosts = json_node_get_array (root);

  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hosts, 0), "host"), ==, "127.0.0.1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (hosts, 0), "ports")), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hosts, 1), "host"), ==, "127.0.0.2");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (hosts, 1), "ports")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/text", test_text);
  g_test_add_func ("/report/json", test_json);
  g_test_add_func ("/report/hosts-merged", test_hosts_merged);

  return g_test_run ();
}
