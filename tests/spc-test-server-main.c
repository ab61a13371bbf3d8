/* spc-test-server — the scripted SMTP/TLS test server as a program
 *
 * For the CLI tests, the benchmarks and the screenshot script:
 *
 *   spc-test-server [--listen ADDRESS]... [--port N] [--delay-ms N]
 *                   [--cert-dir DIR] --scenario NAME[:PORT]...
 *
 *   --listen ADDRESS     loopback address to listen on (repeatable; default
 *                        127.0.0.1). Every address serves every scenario on
 *                        the same port number.
 *   --port N             port for scenarios given without :PORT (default 0:
 *                        the OS picks one per scenario; N > 0: N, N+1, …)
 *   --scenario NAME[:PORT]  a scenario to play (repeatable); --list names them
 *   --delay-ms N         wait N ms before every reply (default 0)
 *   --cert-dir DIR       where make-certs.sh wrote the certificates
 *                        (default: the build tree's tests directory)
 *   --list               print the scenario names with a description and exit
 *
 * Once every port listens it prints one line per scenario, "PORT SCENARIO",
 * in the order given, and flushes stdout. It runs until killed (SIGINT or
 * SIGTERM end it cleanly) or, when its stdin is a pipe or a terminal, until
 * stdin reaches end of file, so a script can tie its lifetime to a pipe
 * (stdin from /dev/null, as for a background job of a script, is ignored). Only loopback addresses are
 * accepted. The CA the clients must trust is DIR/ca.pem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib-unix.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spc-test-server.h"
#include "spc-test-util.h"

typedef struct {
  GMainLoop *loop;
  guint      stdin_watch;
} Context;

static gboolean
on_signal (gpointer user_data)
{
  Context *context = user_data;

  g_main_loop_quit (context->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin (gint         fd,
          GIOCondition condition,
          gpointer     user_data)
{
  Context *context = user_data;
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    return G_SOURCE_CONTINUE;
  /* End of file (or an error): whoever started us is gone */
  context->stdin_watch = 0;
  g_main_loop_quit (context->loop);
  return G_SOURCE_REMOVE;
}

/* A pipe, socket or terminal can close; /dev/null is at end of file at once */
static gboolean
stdin_can_close (void)
{
  struct stat st;

  if (fstat (0, &st) != 0)
    return FALSE;
  return S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode) || isatty (0);
}

static void
print_scenarios (void)
{
  for (guint i = 0; i < SPC_N_SCENARIOS; i++)
    g_print ("%-34s %s\n", spc_scenario_to_string (i), spc_scenario_get_description (i));
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) listen = NULL;
  g_auto(GStrv) scenario_args = NULL;
  g_autofree char *cert_dir = NULL;
  int base_port = 0;
  int delay_ms = 0;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING_ARRAY, &listen,
      "Loopback address to listen on (repeatable; default 127.0.0.1)", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_INT, &base_port,
      "Port for scenarios without :PORT (0: chosen by the OS; N: N, N+1, ...)", "N" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING_ARRAY, &scenario_args,
      "Scenario to play, optionally on a fixed port (repeatable)", "NAME[:PORT]" },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms,
      "Wait N ms before every reply", "N" },
    { "cert-dir", 0, 0, G_OPTION_ARG_FILENAME, &cert_dir,
      "Directory of the test certificates (default: " SPC_TEST_CERT_DIR ")", "DIR" },
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      "List the scenarios and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcTestServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GString) ready = g_string_new (NULL);
  const char *default_listen[] = { "127.0.0.1", NULL };
  const char * const *addresses;
  Context context = { 0 };
  guint sigint_id, sigterm_id;

  /* stdout carries only the "PORT SCENARIO" lines */
  g_log_writer_default_set_use_stderr (TRUE);

  option_context = g_option_context_new ("- a scripted SMTP/TLS server for tests");
  g_option_context_set_summary (option_context,
    "Plays a scenario per loopback port and prints \"PORT SCENARIO\" lines once\n"
    "listening; runs until killed (SIGINT, SIGTERM) or until stdin, when it is a\n"
    "pipe or a terminal, closes. Clients must trust CERT-DIR/ca.pem and check the\n"
    "name \"localhost\". --list names the scenarios.");
  g_option_context_add_main_entries (option_context, entries, NULL);
  if (!g_option_context_parse (option_context, &argc, &argv, &error))
    {
      g_printerr ("spc-test-server: %s\n", error->message);
      return 2;
    }
  if (list)
    {
      print_scenarios ();
      return 0;
    }
  if (scenario_args == NULL || scenario_args[0] == NULL)
    {
      g_printerr ("spc-test-server: give at least one --scenario (see --list)\n");
      return 2;
    }
  if (base_port < 0 || base_port > 65535 || delay_ms < 0)
    {
      g_printerr ("spc-test-server: bad --port or --delay-ms\n");
      return 2;
    }

  server = spc_test_server_new (cert_dir != NULL ? cert_dir : SPC_TEST_CERT_DIR, &error);
  if (server == NULL)
    {
      g_printerr ("spc-test-server: cannot load the certificates: %s\n", error->message);
      return 1;
    }
  addresses = listen != NULL ? (const char * const *) listen : default_listen;

  for (guint i = 0; scenario_args[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (scenario_args[i], ":", 2);
      SpcScenario scenario;
      guint64 port = 0;

      if (!spc_scenario_from_string (parts[0], &scenario))
        {
          g_printerr ("spc-test-server: unknown scenario '%s' (see --list)\n", parts[0]);
          return 2;
        }
      if (parts[1] != NULL)
        {
          if (!g_ascii_string_to_unsigned (parts[1], 10, 1, 65535, &port, NULL))
            {
              g_printerr ("spc-test-server: bad port in '%s'\n", scenario_args[i]);
              return 2;
            }
        }
      else if (base_port > 0)
        port = base_port + i;

      /* The first address fixes the port; the others reuse it */
      for (guint a = 0; addresses[a] != NULL; a++)
        {
          guint16 bound = spc_test_server_add_port (server, addresses[a], port, scenario,
                                                    delay_ms, &error);
          if (bound == 0)
            {
              g_printerr ("spc-test-server: cannot listen on %s port %u: %s\n",
                          addresses[a], (guint) port, error->message);
              return 1;
            }
          port = bound;
        }
      g_string_append_printf (ready, "%u %s\n", (guint) port, parts[0]);
    }

  fputs (ready->str, stdout);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  context.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &context);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &context);
  if (stdin_can_close ())
    context.stdin_watch = g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, &context);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (context.stdin_watch != 0)
    g_source_remove (context.stdin_watch);
  spc_test_server_stop (server);
  spc_test_exit_without_leak_check (0);
}
