/* test-cli.c — smtp-port-check as scripts see it: exit statuses, the one
 * line of a usage error, and the JSON report's keys and types
 *
 * Runs the built program (SPC_CLI) against the standalone scripted test
 * server (SPC_TEST_SERVER) on 127.0.0.1, trusting the test CA from
 * G_TEST_BUILDDIR. Only loopback is ever contacted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "spc-test-server.h"
#include "spc-test-util.h"

/* Generous: the machine is shared; a run with --timeout T ends far sooner */
#define RUN_DEADLINE_S 90

typedef struct {
  int    status;
  char  *out;
  char  *err;
  gint64 elapsed_ms;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
  GSubprocess *process;
  gboolean timed_out;
} Waiter;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

/* A run that would hang is ended, and the test fails on its own */
static gboolean
on_deadline (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timed_out = TRUE;
  g_subprocess_force_exit (waiter->process);
  return G_SOURCE_REMOVE;
}

/* Runs smtp-port-check with @args; fails the test when it has not ended
 * after @deadline_s seconds */
static CliRun *
run_cli_launched_within (GSubprocessLauncher *launcher,
                         guint                deadline_s,
                         const char * const  *args);

static CliRun *
run_cli_argv_within (guint               deadline_s,
                     const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  return run_cli_launched_within (launcher, deadline_s, args);
}

/* The same with a launcher of the caller's (file descriptors to pass) */
static CliRun *
run_cli_launched_within (GSubprocessLauncher *launcher,
                         guint                deadline_s,
                         const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { loop, NULL, NULL, FALSE };
  CliRun *run = g_new0 (CliRun, 1);
  const char *cli = g_getenv ("SPC_CLI");
  gint64 start;
  guint deadline;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  waiter.process = process;
  deadline = g_timeout_add_seconds (deadline_s, on_deadline, &waiter);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &waiter);
  g_main_loop_run (loop);
  if (!waiter.timed_out)
    g_source_remove (deadline);

  g_subprocess_communicate_utf8_finish (process, waiter.result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (waiter.timed_out)
    g_error ("smtp-port-check did not end within %u s", deadline_s);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  return run;
}

static CliRun *
run_cli_argv (const char * const *args)
{
  return run_cli_argv_within (RUN_DEADLINE_S, args);
}

#define run_cli(...) run_cli_argv ((const char * const []) { __VA_ARGS__, NULL })
#define run_cli_within(deadline_s, ...) \
  run_cli_argv_within (deadline_s, (const char * const []) { __VA_ARGS__, NULL })

static char *
ca_file (void)
{
  return g_test_build_filename (G_TEST_BUILT, "ca.pem", NULL);
}

/* The standalone test server, one port per scenario */
typedef struct {
  GSubprocess *process;
  GHashTable  *ports;   /* scenario name → port string */
} TestServer;

static TestServer *
test_server_start (const char * const *scenarios)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  TestServer *server = g_new0 (TestServer, 1);
  const char *program = g_getenv ("SPC_TEST_SERVER");
  guint n_scenarios = g_strv_length ((char **) scenarios);
  g_autofree guint16 *ports = g_new0 (guint16, n_scenarios);

  g_assert_nonnull (program);
  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--cert-dir"));
  g_ptr_array_add (argv, g_strdup (cert_dir));
  for (guint i = 0; i < n_scenarios; i++)
    {
      g_ptr_array_add (argv, g_strdup ("--scenario"));
      g_ptr_array_add (argv, g_strdup (scenarios[i]));
    }
  g_ptr_array_add (argv, NULL);

  /* stdin a pipe: the server ends when we do, even if we crash */
  server->process = spc_test_spawn_port_program ((const char * const *) argv->pdata, NULL, NULL,
                                                 scenarios, ports);
  server->ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < n_scenarios; i++)
    g_hash_table_insert (server->ports, g_strdup (scenarios[i]), g_strdup_printf ("%u", ports[i]));

  return server;
}

static const char *
test_server_port (TestServer *server,
                  const char *scenario)
{
  const char *port = g_hash_table_lookup (server->ports, scenario);

  g_assert_nonnull (port);
  return port;
}

static void
test_server_stop (TestServer *server)
{
  spc_test_stop_program (&server->process);
  g_hash_table_unref (server->ports);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_stop)

/* A loopback port where nothing listens, as text */
static char *
refused_port (void)
{
  return g_strdup_printf ("%u", spc_test_closed_port ());
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Type checks: every member the README documents, with its type */

static void
assert_member_type (JsonObject *object,
                    const char *member,
                    GType       value_type,
                    gboolean    nullable)
{
  JsonNode *node;

  if (!json_object_has_member (object, member))
    g_error ("member “%s” is missing", member);
  node = json_object_get_member (object, member);
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!nullable)
        g_error ("member “%s” is null", member);
      return;
    }
  if (value_type == JSON_TYPE_OBJECT)
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  else if (value_type == JSON_TYPE_ARRAY)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  else
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
        g_error ("member “%s” is not a %s", member, g_type_name (value_type));
    }
}

static void
assert_string_array (JsonObject *object,
                     const char *member)
{
  JsonArray *array;

  assert_member_type (object, member, JSON_TYPE_ARRAY, FALSE);
  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
    }
}

static void
assert_date (JsonObject *object,
             const char *member)
{
  g_autoptr(GDateTime) date = NULL;

  assert_member_type (object, member, G_TYPE_STRING, FALSE);
  date = g_date_time_new_from_iso8601 (json_object_get_string_member (object, member), NULL);
  g_assert_nonnull (date);
}

static void
validate_port (JsonObject *port)
{
  static const char * const modes[] = { "tls", "starttls", "plain", NULL };
  static const char * const verdicts[] = { "green", "yellow", "red", "grey", NULL };
  static const char * const timings[] = { "connect", "greeting", "ehlo", "tls", "total", NULL };
  static const char * const flags[] = {
    "pipelining", "8bitmime", "smtputf8", "chunking", "enhancedstatuscodes", "dsn", "starttls", NULL
  };
  static const char * const cert_errors[] = {
    "unknown-ca", "bad-identity", "not-activated", "expired", "revoked", "insecure", "generic-error", NULL
  };
  JsonObject *timings_ms;
  JsonArray *transcript;

  assert_member_type (port, "port", G_TYPE_INT64, FALSE);
  g_assert_cmpint (json_object_get_int_member (port, "port"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (port, "port"), <=, 65535);
  assert_member_type (port, "mode", G_TYPE_STRING, FALSE);
  g_assert_true (g_strv_contains (modes, json_object_get_string_member (port, "mode")));
  assert_member_type (port, "verdict", G_TYPE_STRING, FALSE);
  g_assert_true (g_strv_contains (verdicts, json_object_get_string_member (port, "verdict")));
  assert_member_type (port, "status", G_TYPE_STRING, FALSE);
  assert_member_type (port, "summary", G_TYPE_STRING, FALSE);
  assert_member_type (port, "summary_details", G_TYPE_STRING, TRUE);
  assert_member_type (port, "address", G_TYPE_STRING, TRUE);
  assert_member_type (port, "greeting", G_TYPE_STRING, TRUE);

  assert_member_type (port, "timings_ms", JSON_TYPE_OBJECT, FALSE);
  timings_ms = json_object_get_object_member (port, "timings_ms");
  for (guint i = 0; timings[i] != NULL; i++)
    assert_member_type (timings_ms, timings[i], G_TYPE_INT64, TRUE);

  assert_member_type (port, "tls", JSON_TYPE_OBJECT, TRUE);
  if (!json_object_get_null_member (port, "tls"))
    {
      JsonObject *tls = json_object_get_object_member (port, "tls");
      JsonArray *errors;

      assert_member_type (tls, "version", G_TYPE_STRING, FALSE);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (tls, "version"), "TLS 1."));
      assert_member_type (tls, "cipher", G_TYPE_STRING, TRUE);
      assert_member_type (tls, "certificate", JSON_TYPE_OBJECT, TRUE);
      if (!json_object_get_null_member (tls, "certificate"))
        {
          JsonObject *certificate = json_object_get_object_member (tls, "certificate");

          assert_member_type (certificate, "subject", G_TYPE_STRING, TRUE);
          assert_member_type (certificate, "issuer", G_TYPE_STRING, TRUE);
          assert_date (certificate, "not_before");
          assert_date (certificate, "not_after");
          assert_string_array (certificate, "dns_names");
          assert_member_type (certificate, "sha256", G_TYPE_STRING, FALSE);
          g_assert_cmpuint (strlen (json_object_get_string_member (certificate, "sha256")), ==, 32 * 3 - 1);
        }
      assert_string_array (tls, "errors");
      errors = json_object_get_array_member (tls, "errors");
      for (guint i = 0; i < json_array_get_length (errors); i++)
        g_assert_true (g_strv_contains (cert_errors, json_array_get_string_element (errors, i)));
    }

  assert_member_type (port, "capabilities", JSON_TYPE_OBJECT, TRUE);
  if (!json_object_get_null_member (port, "capabilities"))
    {
      JsonObject *caps = json_object_get_object_member (port, "capabilities");

      assert_string_array (caps, "auth");
      assert_member_type (caps, "size", G_TYPE_INT64, TRUE);
      for (guint i = 0; flags[i] != NULL; i++)
        assert_member_type (caps, flags[i], G_TYPE_BOOLEAN, FALSE);
    }

  assert_member_type (port, "transcript", JSON_TYPE_ARRAY, FALSE);
  transcript = json_object_get_array_member (port, "transcript");
  for (guint i = 0; i < json_array_get_length (transcript); i++)
    {
      JsonObject *line = json_array_get_object_element (transcript, i);
      const char *dir;

      assert_member_type (line, "dir", G_TYPE_STRING, FALSE);
      dir = json_object_get_string_member (line, "dir");
      g_assert_true (g_str_equal (dir, "C") || g_str_equal (dir, "S") || g_str_equal (dir, "*"));
      assert_member_type (line, "text", G_TYPE_STRING, FALSE);
      assert_member_type (line, "t_ms", G_TYPE_INT64, FALSE);
    }
}

static JsonObject *
validate_report (JsonObject *report)
{
  JsonArray *ports;
  JsonArray *checklist;

  assert_member_type (report, "host", G_TYPE_STRING, FALSE);
  assert_date (report, "started");
  assert_member_type (report, "duration_ms", G_TYPE_INT64, FALSE);
  g_assert_cmpint (json_object_get_int_member (report, "duration_ms"), >=, 0);
  assert_member_type (report, "ports", JSON_TYPE_ARRAY, FALSE);
  ports = json_object_get_array_member (report, "ports");
  for (guint i = 0; i < json_array_get_length (ports); i++)
    validate_port (json_array_get_object_element (ports, i));

  assert_member_type (report, "recommendation", JSON_TYPE_OBJECT, TRUE);
  assert_member_type (report, "next_steps", G_TYPE_STRING, TRUE);
  /* Exactly one of them says what to do */
  g_assert_true (json_object_get_null_member (report, "recommendation")
                 != json_object_get_null_member (report, "next_steps"));
  if (!json_object_get_null_member (report, "recommendation"))
    {
      JsonObject *recommendation = json_object_get_object_member (report, "recommendation");
      const char *security;

      assert_member_type (recommendation, "host", G_TYPE_STRING, FALSE);
      assert_member_type (recommendation, "port", G_TYPE_INT64, FALSE);
      assert_member_type (recommendation, "mode", G_TYPE_STRING, FALSE);
      assert_member_type (recommendation, "security", G_TYPE_STRING, FALSE);
      security = json_object_get_string_member (recommendation, "security");
      g_assert_true (g_str_equal (security, "SSL/TLS") || g_str_equal (security, "STARTTLS"));
      assert_member_type (recommendation, "auth", G_TYPE_STRING, TRUE);
      assert_member_type (recommendation, "reason", G_TYPE_STRING, FALSE);
    }

  assert_member_type (report, "checklist", JSON_TYPE_ARRAY, FALSE);
  checklist = json_object_get_array_member (report, "checklist");
  g_assert_cmpuint (json_array_get_length (checklist), >=, 8);
  for (guint i = 0; i < json_array_get_length (checklist); i++)
    {
      JsonObject *item = json_array_get_object_element (checklist, i);

      assert_member_type (item, "question", G_TYPE_STRING, FALSE);
      assert_member_type (item, "answer", G_TYPE_STRING, FALSE);
      assert_member_type (item, "headline", G_TYPE_STRING, FALSE);
      {
        const char *answer = json_object_get_string_member (item, "answer");

        g_assert_true (g_str_equal (answer, "yes") || g_str_equal (answer, "no") ||
                       g_str_equal (answer, "not-known") || g_str_equal (answer, "answered"));
      }
      assert_member_type (item, "evidence", G_TYPE_STRING, TRUE);
    }

  return report;
}

static JsonObject *
find_port (JsonObject *report,
           const char *port)
{
  JsonArray *ports = json_object_get_array_member (report, "ports");

  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      JsonObject *object = json_array_get_object_element (ports, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (object, "port"));

      if (g_str_equal (number, port))
        return object;
    }
  g_error ("port %s is not in the report", port);
  return NULL;
}

static void
assert_one_usage_line (CliRun     *run,
                       const char *expected)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "smtp-port-check: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  /* One line: the only newline is the last character */
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (expected != NULL)
    g_assert_nonnull (strstr (run->err, expected));
}

static void
test_usage_errors (void)
{
  g_autofree char *not_pem = NULL;
  const struct {
    const char *args[5];
    const char *expected;
  } cases[] = {
    { { NULL }, "HOST" },
    { { "", NULL }, NULL },
    { { "   ", NULL }, NULL },
    { { "--ports", "0", "localhost", NULL }, "0" },
    { { "--ports", "70000", "localhost", NULL }, "70000" },
    { { "--ports", "25,abc", "localhost", NULL }, "abc" },
    { { "--ports", "25/foo", "localhost", NULL }, "foo" },
    { { "localhost:0", NULL }, "0" },
    { { "localhost:70000", NULL }, "70000" },
    { { "--bogus", "localhost", NULL }, "--bogus" },
    { { "--ca-file", "/nonexistent/ca.pem", "localhost", NULL }, "/nonexistent/ca.pem" },
    { { "--ca-file", "NOT_PEM", "localhost", NULL }, "--ca-file" },
    { { "--timeout", "0", "localhost", NULL }, "--timeout" },
    { { "--timeout", "-1", "localhost", NULL }, "--timeout" },
    { { "--timeout", "601", "localhost", NULL }, "--timeout" },
    { { "--timeout", "abc", "localhost", NULL }, "--timeout" },
    { { "--timeout", "nan", "localhost", NULL }, "--timeout" },
    { { "-4", "-6", "localhost", NULL }, "-4" },
    { { "--resolve", "not-an-address", "localhost", NULL }, "--resolve" },
    { { "--resolve", "::1", "-4", "localhost", NULL }, "--resolve" },
    /* A zone: refused in words, as HOST and in --resolve */
    { { "--resolve", "::1%lo", "localhost", NULL }, "zone" },
    { { "--resolve", "fe80::1%lo", "localhost", NULL }, "--resolve: “fe80::1%lo”" },
    { { "::1%lo", NULL }, "zone" },
    { { "[fe80::1%lo]:587", NULL }, "zone" },
    { { "-6", "127.0.0.1", NULL }, "-6" },
    { { "-4", "[::1]:587", NULL }, "-4" },
    { { "--max-connections", "0", "localhost", NULL }, "--max-connections" },
    { { "--hosts-file", "/nonexistent/hosts", NULL }, "/nonexistent/hosts" },
    /* An address is discovered now; one whose domain cannot be looked up
     * is refused, as is a bad ISPDB URL, before anything is sent */
    { { "user@192.0.2.1", NULL }, "user@192.0.2.1" },
    { { "user@[::1]", NULL }, "user@[::1]" },
    { { "--ispdb-url", "ftp://ispdb.example/", "user@example.org", NULL }, "--ispdb-url" },
    { { "--ispdb-url", "not a url", "user@example.org", NULL }, "--ispdb-url" },
    { { "localhost", "bad host", NULL }, "bad host" },
  };

  not_pem = spc_test_write_temp_file ("spc-test-cli-not-pem-XXXXXX.txt", "not a certificate\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[G_N_ELEMENTS (cases[i].args)] = { NULL };
      g_autoptr(CliRun) run = NULL;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        args[j] = g_str_equal (cases[i].args[j], "NOT_PEM") ? not_pem : cases[i].args[j];
      g_test_message ("case %u", i);
      run = run_cli_argv (args);
      assert_one_usage_line (run, cases[i].expected);
    }

  g_unlink (not_pem);
}

/* A launcher whose child finds, as its fd @child_fd, the read end of a
 * pipe holding @text and then end of file: what the shell's <(cat FILE)
 * gives. @text must fit the pipe's buffer. */
static void
launcher_add_pipe (GSubprocessLauncher *launcher,
                   const char          *text,
                   int                  child_fd)
{
  int fds[2];
  gsize length = strlen (text);

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], text, length), ==, (gssize) length);
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], child_fd);
}

/* A file of @size bytes: the test CA again and again */
static char *
write_huge_pem (const char *folder,
                gsize       size)
{
  g_autofree char *ca = ca_file ();
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  char *path = g_build_filename (folder, "huge.pem", NULL);
  gsize pem_length = 0;

  g_file_get_contents (ca, &pem, &pem_length, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  for (gsize written = 0; written < size; written += pem_length)
    {
      g_output_stream_write_all (G_OUTPUT_STREAM (stream), pem, pem_length, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* --ca-file and --hosts-file are read once and bounded: a device, a
 * folder, a FIFO nobody writes to and a 100 MB file each end at once with
 * one clear line (today /dev/zero and the FIFO never end) */
static void
test_input_files_bounded (void)
{
  /* a folder of this run's own, so two runs at once do not share the FIFO */
  g_autofree char *folder = g_dir_make_tmp ("spc-test-cli-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (folder, "fifo", NULL);
  g_autofree char *huge = write_huge_pem (folder, 100 * 1000 * 1000);
  const struct {
    const char *path;
    const char *expected;
    gint64      at_least_ms;
  } cases[] = {
    { "/dev/zero", "is a device, not a file", 0 },
    { "/", "is a folder, not a file", 0 },
    { fifo, "sent nothing more within 5 seconds", 4500 },
    { huge, "is larger than 10", 0 },
  };
  const char * const options[] = { "--ca-file", "--hosts-file" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint j = 0; j < G_N_ELEMENTS (options); j++)
      {
        g_autoptr(CliRun) run = NULL;

        g_test_message ("%s %s", options[j], cases[i].path);
        run = run_cli_within (30, options[j], cases[i].path, "--ports", "1", "localhost");
        assert_one_usage_line (run, cases[i].expected);
        g_assert_nonnull (strstr (run->err, options[j]));
        g_assert_nonnull (strstr (run->err, cases[i].path));
        g_assert_cmpint (run->elapsed_ms, >=, cases[i].at_least_ms);
        g_assert_cmpint (run->elapsed_ms, <, cases[i].at_least_ms + 15000);
      }
  g_unlink (fifo);
  g_unlink (huge);
  g_rmdir (folder);
}

/* A NUL byte in a hosts file would end it there, dropping every later
 * host: the file is refused, by name */
static void
test_hosts_file_nul (void)
{
  static const char text[] = "localhost\n\0localhost:2\nlocalhost:3\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CliRun) run = NULL;
  int fd = g_file_open_tmp ("spc-test-cli-nul-XXXXXX.txt", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, text, sizeof text - 1, &error);
  g_assert_no_error (error);
  run = run_cli ("--hosts-file", path, "--ports", "1", "--no-reference", "--timeout", "5");
  g_unlink (path);
  assert_one_usage_line (run, "NUL byte");
  g_assert_nonnull (strstr (run->err, "--hosts-file"));
  g_assert_nonnull (strstr (run->err, path));
}

/* <(cat ca.pem) and <(echo localhost): a pipe, read once, simply works */
static void
test_input_files_from_pipes (void)
{
  const char * const scenarios[] = { "implicit-tls-auth", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *ca = ca_file ();
  g_autofree char *pem = NULL;
  g_autofree char *ports = g_strdup_printf ("%s/tls", test_server_port (server, "implicit-tls-auth"));
  g_autoptr(CliRun) run = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *hosts;
  JsonObject *port;

  g_file_get_contents (ca, &pem, NULL, &error);
  g_assert_no_error (error);
  launcher_add_pipe (launcher, pem, 3);
  launcher_add_pipe (launcher, "# from a pipe\nlocalhost\n", 4);
  run = run_cli_launched_within (launcher, RUN_DEADLINE_S,
                                 (const char * const []) { "--json", "--timeout", "5",
                                                           "--ca-file", "/dev/fd/3",
                                                           "--hosts-file", "/dev/fd/4",
                                                           "--resolve", "127.0.0.1",
                                                           "--ports", ports, NULL });
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  root = parse_json (run->out);
  hosts = json_object_get_array_member (json_node_get_object (root), "hosts");
  g_assert_cmpuint (json_array_get_length (hosts), ==, 1);
  port = find_port (json_array_get_object_element (hosts, 0), test_server_port (server, "implicit-tls-auth"));
  g_assert_cmpstr (json_object_get_string_member (port, "verdict"), ==, "green");
}

/* A usage error echoes the argument, but never a raw control character
 * (a terminal escape) or a 100 KB argument */
static void
test_usage_error_escaped (void)
{
  g_autofree char *huge = g_strnfill (100 * 1024, 'x');
  g_autofree char *huge_ports = g_strconcat ("--ports=25,", huge, NULL);
  const char *hostile[] = { "--ports", "25,a\033[2Jb\u202E", "localhost", NULL };
  const char *long_option[] = { huge_ports, "localhost", NULL };
  g_autoptr(CliRun) run = run_cli_argv (hostile);
  g_autoptr(CliRun) long_run = run_cli_argv (long_option);

  assert_one_usage_line (run, "a<U+001B>[2Jb<U+202E>");
  g_assert_null (strchr (run->err, '\033'));
  g_assert_null (strstr (run->err, "\u202E"));

  assert_one_usage_line (long_run, "xxxxxxxxxx…");
  g_assert_cmpuint (g_utf8_strlen (long_run->err, -1), <, 500);
}

static void
test_help_version (void)
{
  g_autoptr(CliRun) help = run_cli ("--help");
  g_autoptr(CliRun) version = run_cli ("--version");
  const char * const options[] = {
    "--ports", "--timeout", "--ca-file", "--resolve", "-4", "-6", "--json",
    "--hosts-file", "--max-connections", "--no-online-lookups", "--ispdb-url", "ADDRESS",
    "Exit status", NULL
  };

  g_assert_cmpint (help->status, ==, 0);
  for (guint i = 0; options[i] != NULL; i++)
    g_assert_nonnull (strstr (help->out, options[i]));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_cmpstr (version->out, ==, "smtp-port-check " PACKAGE_VERSION "\n");
}

static void
test_json_green (void)
{
  const char * const scenarios[] = { "implicit-tls-auth", "good-starttls-auth", "good-starttls-no-auth", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *refused = refused_port ();
  g_autofree char *ca = ca_file ();
  g_autofree char *ports = g_strdup_printf ("%s/tls,%s,%s,%s",
                                            test_server_port (server, "implicit-tls-auth"),
                                            test_server_port (server, "good-starttls-auth"),
                                            test_server_port (server, "good-starttls-no-auth"),
                                            refused);
  g_autoptr(CliRun) run = run_cli ("--json", "--timeout", "5", "--ca-file", ca,
                                   "--resolve", "127.0.0.1", "--ports", ports, "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;
  JsonObject *tls_port;
  JsonObject *recommendation;
  JsonObject *certificate;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  root = parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  report = validate_report (json_node_get_object (root));

  g_assert_cmpstr (json_object_get_string_member (report, "host"), ==, "localhost");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "ports")), ==, 4);

  tls_port = find_port (report, test_server_port (server, "implicit-tls-auth"));
  g_assert_cmpstr (json_object_get_string_member (tls_port, "verdict"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "mode"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "address"), ==, "127.0.0.1");
  certificate = json_object_get_object_member (json_object_get_object_member (tls_port, "tls"), "certificate");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (certificate, "dns_names"), 0), ==, "localhost");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (tls_port, "tls"), "errors")), ==, 0);

  g_assert_cmpstr (json_object_get_string_member (find_port (report, test_server_port (server, "good-starttls-auth")), "verdict"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (find_port (report, test_server_port (server, "good-starttls-no-auth")), "status"), ==, "no-auth");
  g_assert_cmpstr (json_object_get_string_member (find_port (report, refused), "status"), ==, "refused");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (find_port (report, refused), "timings_ms"), "greeting"));

  recommendation = json_object_get_object_member (report, "recommendation");
  g_assert_nonnull (recommendation);
  g_assert_cmpstr (json_object_get_string_member (recommendation, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (recommendation, "port"), ==,
                   g_ascii_strtoll (test_server_port (server, "implicit-tls-auth"), NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (recommendation, "mode"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (recommendation, "security"), ==, "SSL/TLS");
  g_assert_cmpstr (json_object_get_string_member (recommendation, "auth"), ==, "PLAIN");
  g_assert_nonnull (strstr (json_object_get_string_member (recommendation, "reason"), "encrypted from the first byte"));
}

static void
test_json_untrusted (void)
{
  const char * const scenarios[] = { "implicit-tls-auth", "good-starttls-auth", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ports = g_strdup_printf ("%s/tls,%s",
                                            test_server_port (server, "implicit-tls-auth"),
                                            test_server_port (server, "good-starttls-auth"));
  /* Without the test CA nothing can be green */
  g_autoptr(CliRun) run = run_cli ("--json", "--timeout", "5", "--resolve", "127.0.0.1",
                                   "--ports", ports, "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;
  JsonObject *tls;

  g_assert_cmpint (run->status, ==, 1);
  root = parse_json (run->out);
  report = validate_report (json_node_get_object (root));
  g_assert_true (json_object_get_null_member (report, "recommendation"));
  g_assert_nonnull (strstr (json_object_get_string_member (report, "next_steps"), "certificate"));

  tls = json_object_get_object_member (find_port (report, test_server_port (server, "implicit-tls-auth")), "tls");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (tls, "errors"), 0), ==, "unknown-ca");
  g_assert_cmpstr (json_object_get_string_member (find_port (report, test_server_port (server, "implicit-tls-auth")), "verdict"), ==, "red");
}

static void
test_host_port_refused (void)
{
  g_autofree char *refused = refused_port ();
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%s", refused);
  g_autoptr(CliRun) text = run_cli ("--timeout", "5", host);
  g_autoptr(CliRun) json = run_cli ("--json", "--timeout", "5", host);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;
  JsonArray *ports;

  g_assert_cmpint (text->status, ==, 1);
  g_assert_nonnull (strstr (text->out, "refused"));
  g_assert_nonnull (strstr (text->out, refused));

  /* host:port is that port alone */
  g_assert_cmpint (json->status, ==, 1);
  root = parse_json (json->out);
  report = validate_report (json_node_get_object (root));
  ports = json_object_get_array_member (report, "ports");
  g_assert_cmpuint (json_array_get_length (ports), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ports, 0), "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (report, "host"), ==, "127.0.0.1");
}

static void
test_text_report (void)
{
  const char * const scenarios[] = { "implicit-tls-auth", "good-starttls-auth", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ca = ca_file ();
  g_autofree char *ports = g_strdup_printf ("%s/tls,%s",
                                            test_server_port (server, "implicit-tls-auth"),
                                            test_server_port (server, "good-starttls-auth"));
  g_autofree char *heading = g_strdup_printf ("Recommendation: port %s with SSL/TLS",
                                              test_server_port (server, "implicit-tls-auth"));
  g_autofree char *port_line = g_strdup_printf ("Port: %s\n", test_server_port (server, "implicit-tls-auth"));
  g_autoptr(CliRun) run = run_cli ("--timeout", "5", "--ca-file", ca, "--resolve", "127.0.0.1",
                                   "--ports", ports, "localhost");

  g_test_message ("%s", run->out);
  g_assert_cmpint (run->status, ==, 0);
  /* Not a terminal: no colour */
  g_assert_null (strchr (run->out, '\033'));
  g_assert_nonnull (strstr (run->out, "Port"));
  g_assert_nonnull (strstr (run->out, "Latency"));
  g_assert_nonnull (strstr (run->out, "green"));
  g_assert_nonnull (strstr (run->out, heading));
  g_assert_nonnull (strstr (run->out, "Server: localhost\n"));
  g_assert_nonnull (strstr (run->out, port_line));
  g_assert_nonnull (strstr (run->out, "Connection security: SSL/TLS\n"));
}

/* A greeting with a bidi override and a zero-width space: the text report
 * shows them as <U+XXXX>, the JSON keeps them, written as \uXXXX */
static void
test_hidden_characters (void)
{
  const char * const scenarios[] = { "greeting-hidden-characters", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ca = ca_file ();
  const char *port = test_server_port (server, "greeting-hidden-characters");
  g_autoptr(CliRun) text = run_cli ("--timeout", "5", "--ca-file", ca, "--resolve", "127.0.0.1",
                                    "--ports", port, "localhost");
  g_autoptr(CliRun) json = run_cli ("--timeout", "5", "--ca-file", ca, "--resolve", "127.0.0.1",
                                    "--ports", port, "--json", "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *port_object;

  g_test_message ("%s", text->out);
  g_assert_nonnull (strstr (text->out, "554 blocked <U+202E>gnp.exe<U+200B>.example"));
  g_assert_null (strstr (text->out, "\u202E"));
  g_assert_null (strstr (text->out, "\u200B"));

  g_test_message ("%s", json->out);
  g_assert_null (strstr (json->out, "\u202E"));
  g_assert_null (strstr (json->out, "\u200B"));
  g_assert_nonnull (strstr (json->out, "\\u202E"));
  root = parse_json (json->out);
  port_object = find_port (json_node_get_object (root), port);
  g_assert_cmpstr (json_object_get_string_member (port_object, "greeting"), ==,
                   "blocked \u202Egnp.exe\u200B.example");
  /* The server's reply is in the summary's details, the summary in words */
  g_assert_nonnull (strstr (json_object_get_string_member (port_object, "summary_details"),
                            "\u202Egnp.exe\u200B"));
  g_assert_null (strstr (json_object_get_string_member (port_object, "summary"), "\u202E"));
}

static void
test_several_hosts (void)
{
  const char * const scenarios[] = { "implicit-tls-auth", "good-starttls-auth", "wrong-host-tls", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ca = ca_file ();
  const char *tls_port = test_server_port (server, "implicit-tls-auth");
  const char *starttls_port = test_server_port (server, "good-starttls-auth");
  const char *wrong_port = test_server_port (server, "wrong-host-tls");
  g_autofree char *ports = g_strdup_printf ("%s/tls", tls_port);
  g_autofree char *both_ports = g_strdup_printf ("%s/tls,%s/tls", tls_port, wrong_port);
  g_autofree char *wrong_host = g_strdup_printf ("localhost:%s", wrong_port);
  JsonObject *wrong_report;
  g_autofree char *hosts_file = NULL;
  g_autofree char *hosts_text = g_strdup_printf ("# two entries\nlocalhost\n\nlocalhost:%s\n", starttls_port);
  g_autoptr(CliRun) mixed = NULL;
  g_autoptr(CliRun) from_file = NULL;
  g_autoptr(JsonNode) mixed_root = NULL;
  g_autoptr(JsonNode) file_root = NULL;
  JsonArray *hosts;

  /* The second host is the wrong-host port alone (in the mode --ports
   * gives it), so not every host has a green port */
  mixed = run_cli ("--json", "-4", "--timeout", "5", "--ca-file", ca, "--max-connections", "1",
                   "--ports", both_ports, "localhost", wrong_host);
  g_assert_cmpint (mixed->status, ==, 1);
  mixed_root = parse_json (mixed->out);
  hosts = json_object_get_array_member (json_node_get_object (mixed_root), "hosts");
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  validate_report (json_array_get_object_element (hosts, 0));
  validate_report (json_array_get_object_element (hosts, 1));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hosts, 0), "host"), ==, "localhost");
  g_assert_false (json_object_get_null_member (json_array_get_object_element (hosts, 0), "recommendation"));
  wrong_report = json_array_get_object_element (hosts, 1);
  g_assert_cmpstr (json_object_get_string_member (wrong_report, "host"), ==, "localhost");
  g_assert_true (json_object_get_null_member (wrong_report, "recommendation"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wrong_report, "ports")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (find_port (wrong_report, wrong_port), "mode"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (find_port (wrong_report, wrong_port), "verdict"), ==, "red");
  g_assert_nonnull (strstr (mixed->out, "bad-identity"));

  /* From a file: comments and blank lines skipped; both green */
  hosts_file = spc_test_write_temp_file ("spc-test-cli-hosts-XXXXXX.txt", hosts_text);
  from_file = run_cli ("--json", "--timeout", "5", "--ca-file", ca, "--resolve", "127.0.0.1",
                       "--ports", ports, "--hosts-file", hosts_file);
  g_unlink (hosts_file);
  g_test_message ("stderr: %s", from_file->err);
  g_assert_cmpint (from_file->status, ==, 0);
  file_root = parse_json (from_file->out);
  hosts = json_object_get_array_member (json_node_get_object (file_root), "hosts");
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (hosts, 1), "ports")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (hosts, 1), "ports"), 0), "port"),
                   ==, g_ascii_strtoll (starttls_port, NULL, 10));
}

/* A port of 127.0.0.1 that accepts and never says a word: each
 * connection is kept in @connections */
static gboolean
on_silent_incoming (GSocketService     *service,
                    GSocketConnection  *connection,
                    GObject            *source,
                    gpointer            user_data)
{
  g_ptr_array_add (user_data, g_object_ref (connection));
  return TRUE;
}

static guint16
silent_port_start (GSocketService *service,
                   GPtrArray      *connections)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_silent_incoming), connections);
  g_socket_service_start (service);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Ctrl+C while the first of three hosts runs (one at a time): the JSON
 * still has one object per host, in the order given; the two never
 * started say so */
static void
test_interrupted_hosts (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ports = g_strdup_printf ("%u/starttls", silent_port_start (service, connections));
  const char * const argv[] = { g_getenv ("SPC_CLI"), "--json", "-4", "--timeout", "60", "--no-reference",
                                "--no-legacy-tls", "--max-connections", "1", "--ports", ports,
                                "127.0.0.1", "localhost", "127.0.0.3", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiter waiter = { loop, NULL, process, FALSE };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 deadline = g_get_monotonic_time () + RUN_DEADLINE_S * G_USEC_PER_SEC;
  JsonArray *hosts;
  JsonObject *first;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &waiter);
  /* The first host is connected, so the handler of Ctrl+C is in place */
  while (connections->len == 0 && waiter.result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (connections->len, ==, 1);
  g_subprocess_send_signal (process, SIGINT);
  if (waiter.result == NULL)
    g_main_loop_run (loop);

  g_subprocess_communicate_utf8_finish (process, waiter.result, &out, &err, &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  /* A host not started counts as one without a green port */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

  root = parse_json (out);
  hosts = json_object_get_array_member (json_node_get_object (root), "hosts");
  g_assert_cmpuint (json_array_get_length (hosts), ==, 3);
  first = json_array_get_object_element (hosts, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "host"), ==, "127.0.0.1");
  g_assert_false (json_object_has_member (first, "status"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (first, "ports"), 0), "status"),
                   ==, "cancelled");
  for (guint i = 1; i < 3; i++)
    {
      JsonObject *skipped = json_array_get_object_element (hosts, i);

      g_assert_cmpstr (json_object_get_string_member (skipped, "host"), ==, i == 1 ? "localhost" : "127.0.0.3");
      g_assert_cmpstr (json_object_get_string_member (skipped, "status"), ==, "not-started");
      g_assert_cmpuint (json_object_get_size (skipped), ==, 2);
    }
  g_socket_service_stop (service);
}

static void
test_decimal_timeout (void)
{
  const char * const scenarios[] = { "silence", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%s", test_server_port (server, "silence"));
  g_autoptr(CliRun) run = run_cli ("--json", "--timeout", "0.5", host);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *port;

  g_assert_cmpint (run->status, ==, 1);
  root = parse_json (run->out);
  port = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "ports"), 0);
  g_assert_cmpstr (json_object_get_string_member (port, "verdict"), ==, "red");
  g_assert_cmpstr (json_object_get_string_member (port, "status"), ==, "no-greeting");
  /* A few half-second stages at most, with a wide margin for a loaded machine;
   * the 10 s default would take far longer than this */
  g_test_message ("ended after %" G_GINT64_FORMAT " ms", run->elapsed_ms);
  g_assert_cmpint (run->elapsed_ms, <, 8000);
}

/* A server that greets and never answers EHLO, in clear, after STARTTLS
 * or inside implicit TLS: every port ends at its EHLO deadline, and the
 * run in a few of them (the guard fails a run that would hang) */
static void
test_ehlo_never_answered (void)
{
  const char * const scenarios[] = { "ehlo-silent", "ehlo-silent-after-starttls", "ehlo-silent-tls", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ca = ca_file ();
  g_autofree char *ports = g_strdup_printf ("%s/starttls,%s/starttls,%s/tls",
                                            test_server_port (server, "ehlo-silent"),
                                            test_server_port (server, "ehlo-silent-after-starttls"),
                                            test_server_port (server, "ehlo-silent-tls"));
  g_autoptr(CliRun) run = run_cli_within (20, "--json", "--timeout", "1", "--ca-file", ca,
                                          "--resolve", "127.0.0.1", "--ports", ports, "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;

  g_test_message ("ended after %" G_GINT64_FORMAT " ms; stderr: %s", run->elapsed_ms, run->err);
  g_assert_cmpint (run->status, ==, 1);
  root = parse_json (run->out);
  report = validate_report (json_node_get_object (root));
  for (guint i = 0; scenarios[i] != NULL; i++)
    {
      JsonObject *port = find_port (report, test_server_port (server, scenarios[i]));

      g_assert_cmpstr (json_object_get_string_member (port, "status"), ==, "timeout");
      g_assert_cmpstr (json_object_get_string_member (port, "verdict"), ==, "red");
    }
  /* The ports run side by side: one greeting, one TLS handshake and one
   * 1 s deadline each, with a wide margin for a loaded machine */
  g_assert_cmpint (run->elapsed_ms, >=, 900);
  g_assert_cmpint (run->elapsed_ms, <, 8000);
}

/* --resolve says where to connect, not whom to trust: the certificate is
 * checked against the name typed, "localhost", never against 127.0.0.1 */
static void
test_resolve_keeps_the_name (void)
{
  const char * const scenarios[] = { "dns-only-tls", "ip-only-starttls", NULL };
  g_autoptr(TestServer) server = test_server_start (scenarios);
  g_autofree char *ca = ca_file ();
  const char *dns_only = test_server_port (server, "dns-only-tls");
  const char *ip_only = test_server_port (server, "ip-only-starttls");
  g_autofree char *ports = g_strdup_printf ("%s/tls,%s/starttls", dns_only, ip_only);
  g_autoptr(CliRun) run = run_cli ("--json", "--timeout", "5", "--ca-file", ca,
                                   "--resolve", "127.0.0.1", "--ports", ports, "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report, *named, *addressed;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  root = parse_json (run->out);
  report = validate_report (json_node_get_object (root));
  named = find_port (report, dns_only);
  g_assert_cmpstr (json_object_get_string_member (named, "verdict"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (named, "address"), ==, "127.0.0.1");
  addressed = find_port (report, ip_only);
  g_assert_cmpstr (json_object_get_string_member (addressed, "status"), ==, "certificate-invalid");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (addressed, "tls"), "errors"), 0),
                   ==, "bad-identity");
}

/* A port of a scripted server in this process (spc_test_server_new_for_test:
 * its accept runs in our main loop while a run waits), for what the server
 * must count; as text, for --ports */
static char *
local_server_add_port (SpcTestServer *server,
                       SpcScenario    scenario,
                       guint          delay_ms)
{
  return g_strdup_printf ("%u", spc_test_server_add_loopback_port (server, scenario, delay_ms));
}

#define GREETING_DELAY_MS 700

/* The JSON's timings are the stages' own: a greeting that comes after
 * GREETING_DELAY_MS says so, and no other stage takes that long */
static void
test_json_timings (void)
{
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autofree char *port = local_server_add_port (server, SPC_SCENARIO_GREETING_DELAYED, GREETING_DELAY_MS);
  g_autofree char *ca = ca_file ();
  g_autoptr(CliRun) run = run_cli ("--json", "--timeout", "5", "--ca-file", ca,
                                   "--resolve", "127.0.0.1", "--ports", port, "localhost");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *timings;
  gint64 greeting, total;

  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
  root = parse_json (run->out);
  timings = json_object_get_object_member (find_port (validate_report (json_node_get_object (root)), port),
                                           "timings_ms");
  greeting = json_object_get_int_member (timings, "greeting");
  total = json_object_get_int_member (timings, "total");
  g_test_message ("connect %" G_GINT64_FORMAT ", greeting %" G_GINT64_FORMAT ", ehlo %" G_GINT64_FORMAT
                  ", tls %" G_GINT64_FORMAT ", total %" G_GINT64_FORMAT " ms",
                  json_object_get_int_member (timings, "connect"), greeting,
                  json_object_get_int_member (timings, "ehlo"),
                  json_object_get_int_member (timings, "tls"), total);

  /* The delay starts when the server accepts, after the probe's clock did */
  g_assert_cmpint (greeting, >=, GREETING_DELAY_MS - 20);
  g_assert_cmpint (greeting, <, GREETING_DELAY_MS + 3000);
  g_assert_cmpint (total, >=, greeting);
  g_assert_cmpint (total, <=, run->elapsed_ms);
  g_assert_cmpint (json_object_get_int_member (timings, "connect"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (timings, "connect"), <, GREETING_DELAY_MS);
  g_assert_cmpint (json_object_get_int_member (timings, "ehlo"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (timings, "ehlo"), <, GREETING_DELAY_MS);
  g_assert_cmpint (json_object_get_int_member (timings, "tls"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (timings, "tls"), <, GREETING_DELAY_MS);
}

/* --max-connections 2 and three hosts of one port each, whose greetings
 * wait: two connections wait side by side, never three, never one alone.
 * Without the TLS 1.0/1.1 check they are two hosts' probes; with it, one
 * host's check, which asks both versions at once: a port counts twice */
static void
check_max_connections (const char *legacy_option)
{
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autofree char *ca = ca_file ();
  g_autofree char *hosts[3] = { NULL };
  g_autoptr(CliRun) run = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *port = local_server_add_port (server, SPC_SCENARIO_GREETING_DELAYED, GREETING_DELAY_MS);

      hosts[i] = g_strdup_printf ("localhost:%s", port);
    }
  run = run_cli ("--timeout", "5", "--ca-file", ca, "--resolve", "127.0.0.1", legacy_option,
                 "--max-connections", "2", hosts[0], hosts[1], hosts[2]);
  g_test_message ("%s\nstderr: %s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (spc_test_server_get_peak_ungreeted (server), ==, 2);
  /* Two rounds of greetings at least */
  g_assert_cmpint (run->elapsed_ms, >=, 2 * GREETING_DELAY_MS);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    g_clear_pointer (&hosts[i], g_free);
  spc_test_server_stop (server);
}

static void
test_max_connections (void)
{
  check_max_connections ("--no-legacy-tls");
}

static void
test_max_connections_legacy_tls (void)
{
  check_max_connections ("--legacy-tls");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("SPC_CLI") == NULL || g_getenv ("SPC_TEST_SERVER") == NULL)
    {
      g_test_skip ("SPC_CLI and SPC_TEST_SERVER must name the programs (meson test sets them)");
      return g_test_run ();
    }

  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/usage-error-escaped", test_usage_error_escaped);
  g_test_add_func ("/cli/input-files/bounded", test_input_files_bounded);
  g_test_add_func ("/cli/input-files/from-pipes", test_input_files_from_pipes);
  g_test_add_func ("/cli/help-version", test_help_version);
  g_test_add_func ("/cli/json/green", test_json_green);
  g_test_add_func ("/cli/json/untrusted", test_json_untrusted);
  g_test_add_func ("/cli/host-port-refused", test_host_port_refused);
  g_test_add_func ("/cli/hosts-file-nul", test_hosts_file_nul);
  g_test_add_func ("/cli/text-report", test_text_report);
  g_test_add_func ("/cli/hidden-characters", test_hidden_characters);
  g_test_add_func ("/cli/several-hosts", test_several_hosts);
  g_test_add_func ("/cli/interrupted-hosts", test_interrupted_hosts);
  g_test_add_func ("/cli/decimal-timeout", test_decimal_timeout);
  g_test_add_func ("/cli/ehlo-never-answered", test_ehlo_never_answered);
  g_test_add_func ("/cli/resolve-keeps-the-name", test_resolve_keeps_the_name);
  g_test_add_func ("/cli/json/timings", test_json_timings);
  g_test_add_func ("/cli/max-connections", test_max_connections);
  g_test_add_func ("/cli/max-connections/legacy-tls", test_max_connections_legacy_tls);

  spc_test_exit_without_leak_check (g_test_run ());
}
