/* test-server-program.c — the standalone spc-test-server keeps its contract
 *
 * Other scripts rely on it (CLI tests, benchmarks, screenshots): "PORT
 * SCENARIO" lines on stdout once listening, a real SMTP server behind them,
 * clear exit statuses for bad arguments, and an exit when stdin closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "spc-test-util.h"

#define MAX_OUTPUT 4096

/* The program's argv: its path, then @first_arg and @args up to a NULL */
static GPtrArray *
server_argv (const char *first_arg,
             va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) SPC_TEST_SERVER_PATH);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static GSubprocess *
spawn (GSubprocessFlags   flags,
       GError           **error,
       const char        *first_arg,
       ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = server_argv (first_arg, args);
  va_end (args);

  return g_subprocess_newv ((const char * const *) argv->pdata, flags, error);
}

/* Reads stdout until @n_lines newlines have arrived (bounded in bytes) */
static char *
read_lines (GSubprocess *process,
            guint        n_lines)
{
  GInputStream *output = g_subprocess_get_stdout_pipe (process);
  g_autoptr(GString) text = g_string_new (NULL);
  guint seen = 0;

  while (seen < n_lines && text->len < MAX_OUTPUT)
    {
      char byte;
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (output, &byte, 1, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        break;
      g_string_append_c (text, byte);
      if (byte == '\n')
        seen++;
    }
  g_assert_cmpuint (seen, ==, n_lines);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint16
parse_port (const char *line,
            const char *scenario)
{
  g_auto(GStrv) fields = g_strsplit (line, " ", 2);
  guint64 port = 0;

  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_true (g_ascii_string_to_unsigned (fields[0], 10, 1, 65535, &port, NULL));
  g_assert_cmpstr (fields[1], ==, scenario);
  return port;
}

/* Connects to @port of 127.0.0.1 and reads the first @length bytes of
 * its greeting into @greeting; returns the microseconds that took */
static gint64
read_greeting (guint16  port,
               char    *greeting,
               gsize    length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  gsize n_read = 0;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                           greeting, length, &n_read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, length);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return g_get_monotonic_time () - started;
}

/* Waits for @process, which must end cleanly (exit status 0) */
static void
assert_exits_cleanly (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
test_serves_and_exits_on_eof (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  char greeting[64] = { 0 };
  guint16 port;
  gint64 closed;

  process = spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                   "--listen", "127.0.0.1", "--scenario", "good-starttls-auth",
                   "--scenario", "silence", NULL);
  g_assert_no_error (error);

  text = read_lines (process, 2);
  lines = g_strsplit (text, "\n", -1);
  port = parse_port (lines[0], "good-starttls-auth");
  parse_port (lines[1], "silence");

  /* A real SMTP server answers on the port it printed */
  read_greeting (port, greeting, 4);
  g_assert_cmpstr (greeting, ==, "220 ");

  /* Closing its stdin ends it, cleanly and soon */
  closed = g_get_monotonic_time ();
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, &error);
  g_assert_no_error (error);
  assert_exits_cleanly (process);
  g_assert_cmpint (g_get_monotonic_time () - closed, <, 15 * G_USEC_PER_SEC);
}

static void
test_fixed_port_and_delay (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *text = NULL;
  g_autofree char *scenario_arg = NULL;
  char greeting[4] = { 0 };
  /* A free loopback port, given back for the server */
  guint16 free_port = spc_test_closed_port ();

  scenario_arg = g_strdup_printf ("good-starttls-auth:%u", free_port);
  process = spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                   "--scenario", scenario_arg, "--delay-ms", "300", NULL);
  g_assert_no_error (error);
  text = read_lines (process, 1);
  g_assert_cmpuint (parse_port (g_strchomp (text), "good-starttls-auth"), ==, free_port);

  /* The greeting waited for the reply delay */
  g_assert_cmpint (read_greeting (free_port, greeting, 3), >=, 250 * 1000);
  g_assert_cmpmem (greeting, 3, "220", 3);

  g_subprocess_send_signal (process, SIGTERM);
  assert_exits_cleanly (process);
}

/* Runs the program to its end with @args; returns its exit status */
static int
run_to_end (char       **out,
            const char  *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = server_argv (first_arg, args);
  va_end (args);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

static void
test_usage (void)
{
  g_autofree char *list = NULL;

  g_assert_cmpint (run_to_end (&list, "--list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, "good-starttls-auth"));
  g_assert_nonnull (strstr (list, "starttls-injection"));
  g_assert_nonnull (strstr (list, "close-mid-line"));

  g_assert_cmpint (run_to_end (NULL, NULL), ==, 2);
  g_assert_cmpint (run_to_end (NULL, "--scenario", "no-such-scenario", NULL), ==, 2);
  g_assert_cmpint (run_to_end (NULL, "--scenario", "silence:70000", NULL), ==, 2);
  g_assert_cmpint (run_to_end (NULL, "--scenario", "silence", "--delay-ms", "-1", NULL), ==, 2);
  g_assert_cmpint (run_to_end (NULL, "--no-such-option", NULL), ==, 2);
  /* Loopback only: it never listens where others could reach it */
  g_assert_cmpint (run_to_end (NULL, "--listen", "0.0.0.0", "--scenario", "silence", NULL), ==, 1);
  g_assert_cmpint (run_to_end (NULL, "--cert-dir", "/nonexistent", "--scenario", "silence", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-server/serves-and-exits-on-eof", test_serves_and_exits_on_eof);
  g_test_add_func ("/test-server/fixed-port-and-delay", test_fixed_port_and_delay);
  g_test_add_func ("/test-server/usage", test_usage);

  return g_test_run ();
}
