/* smtp-port-check.c — options → diagnoses → text or JSON → exit status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "spc-engine.h"
#include "smtp-port-check.h"
#include "smtp-port-check-private.h"

#define PROGRAM_NAME                "smtp-port-check"
#define DEFAULT_MAX_CONNECTIONS     100
#define MAX_TIMEOUT_SECONDS         600.0
#define MAX_HOSTS                   100000

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->ports, g_free);
  g_clear_pointer (&options->timeout, g_free);
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->resolve, g_free);
  g_clear_pointer (&options->hosts_file, g_free);
  g_clear_pointer (&options->ispdb_url, g_free);
  g_clear_pointer (&options->reference, g_free);
  g_clear_pointer (&options->hosts, g_strfreev);
  spc_cli_login_clear (&options->login);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

void
_spc_cli_host_job_free (HostJob *job)
{
  if (job->diagnosis != NULL)
    {
      GListModel *results = G_LIST_MODEL (job->diagnosis);

      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

          g_signal_handlers_disconnect_by_data (result, job);
        }
      g_signal_handlers_disconnect_by_data (job->diagnosis, job);
    }
  g_clear_object (&job->diagnosis);
  g_clear_pointer (&job->specs, g_array_unref);
  g_clear_pointer (&job->host, spc_host_free);
  g_free (job);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->jobs, g_ptr_array_unref);
  g_clear_pointer (&run->addresses, g_ptr_array_unref);
  g_clear_pointer (&run->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* A usage error echoes what was typed: a word of 100 KB is cut at
 * MAX_ECHOED_WORD characters, the whole line at MAX_ECHOED_LINE */
#define MAX_ECHOED_WORD 80
#define MAX_ECHOED_LINE 400

static char *
shorten_echo (const char *line)
{
  GString *out = g_string_new (NULL);
  guint word_chars = 0;
  guint line_chars = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      word_chars = c == ' ' ? 0 : word_chars + 1;
      if (word_chars > MAX_ECHOED_WORD + 1)
        continue;
      if (line_chars++ == MAX_ECHOED_LINE)
        {
          g_string_append (out, "…");
          break;
        }
      if (word_chars == MAX_ECHOED_WORD + 1)
        g_string_append (out, "…");
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static int
usage_error (const char *message)
{
  /* One line, so scripts can show it as it is; no raw control reaches
   * the terminal */
  g_autofree char *flat = g_strdup (message);
  g_autofree char *visible = NULL;
  g_autofree char *short_line = NULL;

  g_strdelimit (flat, "\r\n", ' ');
  visible = spc_display_text (flat);
  short_line = shorten_echo (visible);
  fprintf (stderr, "%s: %s\n", PROGRAM_NAME, short_line);
  return SPC_CLI_EXIT_USAGE;
}

static gboolean
parse_timeout (const char  *text,
               guint       *timeout_ms,
               GError     **error)
{
  char *end = NULL;
  double seconds;

  errno = 0;
  seconds = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || end == NULL || *end != '\0' || errno != 0 || !isfinite (seconds))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout: “%s” is not a number of seconds"), text);
      return FALSE;
    }
  if (seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout: %s is out of range: give more than 0 and at most %d seconds"),
                   text, (int) MAX_TIMEOUT_SECONDS);
      return FALSE;
    }

  *timeout_ms = MAX (1, (guint) lround (seconds * 1000.0));
  return TRUE;
}

/* One host a line; blank lines and lines starting with # are skipped.
 * Read once and bounded: a regular file or a pipe, never a device */
static gboolean
read_hosts_file (const char  *path,
                 GPtrArray   *hosts,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  bytes = spc_bounded_file_read (path, SPC_BOUNDED_FILE_MAX_BYTES, SPC_BOUNDED_FILE_TIMEOUT_MS,
                                 &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--hosts-file: %s", local_error->message);
      return FALSE;
    }
  /* A NUL byte would end the text there and drop every later host */
  if (memchr (g_bytes_get_data (bytes, NULL), '\0', g_bytes_get_size (bytes)) != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--hosts-file: “%s” holds a NUL byte: give a text file, one host a line"), path);
      return FALSE;
    }
  contents = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      g_ptr_array_add (hosts, g_strdup (line));
    }
  return TRUE;
}

/* host:port means that port alone, in the mode --ports gives it, or its default */
static GArray *
specs_for_host (const SpcHost *host,
                GArray        *specs)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec spec;

  if (host->port == 0)
    {
      g_array_append_vals (result, specs->data, specs->len);
      return result;
    }

  spec.port = host->port;
  spec.mode = spc_port_get_default_mode (host->port);
  for (guint i = 0; i < specs->len; i++)
    if (g_array_index (specs, SpcPortSpec, i).port == host->port)
      spec.mode = g_array_index (specs, SpcPortSpec, i).mode;
  g_array_append_val (result, spec);
  return result;
}

static void
on_result_finished (SpcResult  *result,
                    GParamSpec *pspec,
                    HostJob    *job)
{
  gint64 total;

  if (!spc_result_get_finished (result))
    return;

  total = spc_result_get_timing (result, SPC_TIMING_TOTAL);
  if (total >= 0)
    fprintf (stderr, "%s %u: %s (%s, %" G_GINT64_FORMAT " ms)\n",
             job->host->host, spc_result_get_port (result),
             spc_verdict_get_label (spc_result_get_verdict (result)),
             spc_status_to_string (spc_result_get_status (result)), total);
  else
    fprintf (stderr, "%s %u: %s (%s)\n",
             job->host->host, spc_result_get_port (result),
             spc_verdict_get_label (spc_result_get_verdict (result)),
             spc_status_to_string (spc_result_get_status (result)));
}

static void
on_diagnosis_done (SpcDiagnosis *diagnosis,
                   HostJob      *job)
{
  Run *run = job->run;

  if (job->done)
    return;
  job->done = TRUE;
  run->running_connections -= job->n_connections;
  run->n_running--;

  _spc_cli_start_jobs (run);
  _spc_cli_maybe_quit (run);
}

/* Nothing probing and nothing left to discover */
void
_spc_cli_maybe_quit (Run *run)
{
  if (run->n_running == 0 && run->n_discovering == 0 && run->loop != NULL)
    g_main_loop_quit (run->loop);
}

static void
start_job (Run     *run,
           HostJob *job)
{
  GListModel *results = G_LIST_MODEL (job->diagnosis);

  /* The job owns the diagnosis, which owns the results: the handlers
   * cannot outlive their data */
  g_signal_connect (job->diagnosis, "done", G_CALLBACK (on_diagnosis_done), job);
  if (run->show_progress)
    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

        g_signal_connect (result, "notify::finished", G_CALLBACK (on_result_finished), job);
      }

  job->started = TRUE;
  run->running_connections += job->n_connections;
  run->n_running++;
  spc_diagnosis_start (job->diagnosis);
}

/* The cap counts connections: a host starts when its connections fit under it,
 * and always when nothing runs, so a host with more ports than the cap
 * still gets its turn */
void
_spc_cli_start_jobs (Run *run)
{
  while (!run->interrupted && run->next_job < run->jobs->len)
    {
      HostJob *job = g_ptr_array_index (run->jobs, run->next_job);

      if (run->n_running > 0
          && run->running_connections + job->n_connections > run->max_connections)
        break;
      run->next_job++;
      start_job (run, job);
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  Run *run = user_data;

  /* A second Ctrl+C while cancelling: give up at once */
  if (run->interrupted)
    {
      g_main_loop_quit (run->loop);
      run->signal_source = 0;
      return G_SOURCE_REMOVE;
    }

  run->interrupted = TRUE;
  _spc_cli_cancel_addresses (run);
  for (guint i = 0; i < run->jobs->len; i++)
    {
      HostJob *job = g_ptr_array_index (run->jobs, i);

      if (job->started && !job->done)
        spc_diagnosis_cancel (job->diagnosis);
    }
  _spc_cli_maybe_quit (run);
  return G_SOURCE_CONTINUE;
}

gboolean
_spc_cli_has_green_port (SpcDiagnosis *diagnosis)
{
  GListModel *results = G_LIST_MODEL (diagnosis);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      if (spc_result_get_finished (result)
          && spc_result_get_verdict (result) == SPC_VERDICT_GREEN)
        return TRUE;
    }
  return FALSE;
}

void
_spc_cli_write_stdout (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

void
_spc_cli_print_json (JsonNode *root)
{
  g_autofree char *text = spc_report_node_to_json (root, TRUE);

  _spc_cli_write_stdout (text);
  _spc_cli_write_stdout ("\n");
}

void
_spc_cli_add_hosts_json (JsonBuilder *builder,
                         Run         *run)
{
  json_builder_set_member_name (builder, "hosts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->jobs->len; i++)
    {
      HostJob *job = g_ptr_array_index (run->jobs, i);

      /* Those an address named are in its report */
      if (job->address != NULL)
        continue;
      if (job->started)
        json_builder_add_value (builder, spc_report_to_json_node (job->diagnosis));
      else
        {
          /* Ctrl+C came before its turn: one object still, that says so */
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "host");
          json_builder_add_string_value (builder, job->host->ascii_host);
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, "not-started");
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

/* Several hosts: {"hosts": [one report per host]} */
static void
print_hosts_json (Run *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  _spc_cli_add_hosts_json (builder, run);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _spc_cli_print_json (root);
}

static void
print_reports (Run      *run,
               gboolean  json,
               gboolean  several,
               gboolean  color)
{
  if (json && !several)
    {
      HostJob *job = g_ptr_array_index (run->jobs, 0);
      g_autofree char *text = spc_report_to_json (job->diagnosis, TRUE);

      _spc_cli_write_stdout (text);
      _spc_cli_write_stdout ("\n");
    }
  else if (json)
    print_hosts_json (run);
  else
    {
      for (guint i = 0; i < run->jobs->len; i++)
        {
          HostJob *job = g_ptr_array_index (run->jobs, i);
          g_autofree char *text = NULL;

          if (!job->started)
            continue;
          text = spc_report_to_text (job->diagnosis, color);
          if (i > 0)
            _spc_cli_write_stdout ("\n");
          _spc_cli_write_stdout (text);
        }
    }
}

static const char *
get_description (void)
{
  /* Wrapped by hand: GOptionContext prints the description as it is */
  return _("Probes every port of each HOST at once: connects, waits for the\n"
           "greeting, says EHLO, upgrades with STARTTLS (or speaks TLS from the\n"
           "first byte on 465), validates the certificate for HOST, says EHLO\n"
           "again and QUIT. It logs in only with --user, and sends mail only\n"
           "with --send-test, on a port whose certificate is trusted.\n"
           "\n"
           "HOST is a name (IDN too), an IPv4 address, an IPv6 address with or\n"
           "without brackets, or HOST:PORT to check that port alone.\n"
           "\n"
           "ADDRESS is an email address (ana@example.org): its provider's outgoing\n"
           "servers are found (bundled provider table, the domain's autoconfig, the\n"
           "online ISPDB, DNS SRV and MX records, then common names) and probed as\n"
           "they are found. Only the domain is sent, never the part before the @.\n"
           "\n"
           "A port that drops packets is tried on a host that must answer: for 25\n"
           "the MX hosts of the server's domain, for any port the --reference host\n"
           "(one connection, nothing sent). Silent there too: your network blocks\n"
           "it; answered: the server does not answer on it.\n"
           "\n"
           "Prints a table of the ports (port, light, status, security, latency),\n"
           "then the recommended port with its settings, or what to do when none\n"
           "works. Several hosts are probed concurrently, with at most\n"
           "--max-connections connections open at a time (two a port while the\n"
           "TLS 1.0/1.1 check runs).\n"
           "\n"
           "Exit status: 0 when a port works (green), for several hosts on every\n"
           "host and for an address on a recommended server; 1 when none does;\n"
           "2 for a usage error. With --user, 0 only when the login (and the\n"
           "test message, if asked) succeeded.");
}

/* Fills @options from the command line; the error is the usage line */
static gboolean
parse_options (Options   *options,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  const GOptionEntry entries[] = {
    { "ports", 0, 0, G_OPTION_ARG_STRING, &options->ports,
      N_("Comma-separated PORT[/MODE], MODE is tls, starttls or plain "
         "(default 25,465,587,2525,80; 465 defaults to tls, others to starttls)"),
      N_("LIST") },
    { "timeout", 0, 0, G_OPTION_ARG_STRING, &options->timeout,
      N_("Deadline of each stage, more than 0 and at most 600 (default 10)"), N_("SECONDS") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Also trust the CA certificates in this PEM file"), N_("FILE") },
    { "resolve", 0, 0, G_OPTION_ARG_STRING, &options->resolve,
      N_("Connect to ADDRESS instead of resolving HOST (certificates are still checked for HOST)"),
      N_("ADDRESS") },
    { "ipv4", '4', 0, G_OPTION_ARG_NONE, &options->ipv4_only, N_("IPv4 only"), NULL },
    { "ipv6", '6', 0, G_OPTION_ARG_NONE, &options->ipv6_only, N_("IPv6 only"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("The report as JSON on stdout: an object, or {\"hosts\": […]} with several hosts or --hosts-file"), NULL },
    { "hosts-file", 0, 0, G_OPTION_ARG_FILENAME, &options->hosts_file,
      N_("Also check the hosts in FILE, one a line (# starts a comment)"), N_("FILE") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &options->max_connections,
      N_("Open at most N connections at once, a whole host at a time (default 100)"), N_("N") },
    /* TLS handshakes at once (spc-handshake-queue.h), for benchmarks */
    { "max-handshakes", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &options->max_handshakes, NULL, NULL },
    { "no-online-lookups", 0, 0, G_OPTION_ARG_NONE, &options->no_online_lookups,
      N_("For an ADDRESS, ask only the bundled provider table and DNS, nothing over HTTP"), NULL },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &options->ispdb_url,
      N_("Base URL of the online ISPDB (default https://autoconfig.thunderbird.net/v1.1/)"), N_("URL") },
    { "reference", 0, 0, G_OPTION_ARG_STRING, &options->reference,
      /* SPC_DEFAULT_REFERENCE_HOST: xgettext cannot join a macro */
      N_("When a port is silent, try it on HOST too, to tell your network from the server "
         "(default portquiz.net; port 25 asks the domain’s MX hosts first)"), N_("HOST") },
    { "no-reference", 0, 0, G_OPTION_ARG_NONE, &options->no_reference,
      N_("Never try a silent port on another host (no MX lookup, no reference host)"), NULL },
    { "legacy-tls", 0, 0, G_OPTION_ARG_NONE, &options->legacy_tls,
      N_("Also ask each TLS port, on two connections of its own, whether it accepts the obsolete TLS 1.0 and 1.1 "
         "(the default without --hosts-file)"), NULL },
    { "no-legacy-tls", 0, 0, G_OPTION_ARG_NONE, &options->no_legacy_tls,
      N_("Never ask whether a port accepts TLS 1.0 or 1.1"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->hosts, NULL, N_("HOST|ADDRESS…") },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) local_error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, spc_cli_login_option_group (&options->login));
  g_option_context_set_summary (context,
                                _("Checks which SMTP ports of a mail server work from here, "
                                  "with real TLS, and recommends one."));
  g_option_context_set_description (context, get_description ());

  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s (see --help)", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->specs, g_array_unref);
  g_clear_object (&settings->request);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static gboolean
check_resolve_address (const char  *resolve,
                       SpcFamily    family,
                       GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (resolve);

  if (strchr (resolve, '%') != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--resolve: “%s” is an address with a zone (the part after “%%”): link-local addresses cannot be checked"),
                   resolve);
      return FALSE;
    }

  if (address == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--resolve: “%s” is not an IP address"), resolve);
      return FALSE;
    }
  if ((family == SPC_FAMILY_IPV4 && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
      || (family == SPC_FAMILY_IPV6 && g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--resolve: “%s” is not of the address family asked for"), resolve);
      return FALSE;
    }
  return TRUE;
}

/* --legacy-tls, --no-legacy-tls: on for a check of the hosts named on
 * the command line, off for --hosts-file runs unless asked (each TLS port
 * costs two more connections and handshakes, which a run over many hosts
 * should not double without being told) */
static gboolean
set_legacy_tls (SpcRequest     *request,
                const Options  *options,
                GError        **error)
{
  if (options->legacy_tls && options->no_legacy_tls)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--legacy-tls and --no-legacy-tls exclude each other"));
      return FALSE;
    }
  spc_request_set_legacy_tls (request, options->legacy_tls ||
                                       (!options->no_legacy_tls && options->hosts_file == NULL));
  return TRUE;
}

/* --reference HOST, --no-reference */
static gboolean
set_reference (SpcRequest     *request,
               const Options  *options,
               GError        **error)
{
  g_autoptr(SpcHost) host = NULL;
  g_autoptr(GError) local_error = NULL;

  if (options->no_reference && options->reference != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--reference and --no-reference exclude each other"));
      return FALSE;
    }
  spc_request_set_reference (request, !options->no_reference);
  if (options->reference == NULL)
    return TRUE;

  host = spc_host_parse (options->reference, &local_error);
  if (host == NULL || host->port != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--reference: %s"),
                   local_error != NULL ? local_error->message : _("give a host name or an address, without a port"));
      return FALSE;
    }
  spc_request_set_reference_host (request, host->ascii_host);
  return TRUE;
}

/* The CA file is read here, once for every host */
static gboolean
load_ca_file (SpcRequest  *request,
              const char  *ca_file,
              GError     **error)
{
  /* GTlsFileDatabase wants an absolute path */
  g_autofree char *ca_path = g_canonicalize_filename (ca_file, NULL);
  g_autoptr(GError) local_error = NULL;

  spc_request_set_ca_file (request, ca_path);
  if (spc_request_load_trust (request, &local_error))
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--ca-file: %s", local_error->message);
  return FALSE;
}

static gboolean
check_ispdb_url (const char  *url,
                 GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--ispdb-url: “%s” is not an http or https URL"), url);
      return FALSE;
    }
  return TRUE;
}

/* The checks run in the order the README's usage errors expect: the
 * first problem found is the one line told */
static gboolean
settings_from_options (const Options  *options,
                       Settings       *settings,
                       GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (options->ports != NULL)
    {
      settings->specs = spc_port_parse_list (options->ports, &local_error);
      if (settings->specs == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--ports: %s", local_error->message);
          return FALSE;
        }
    }
  else
    settings->specs = spc_port_default_specs ();

  settings->timeout_ms = SPC_DEFAULT_TIMEOUT_MS;
  if (options->timeout != NULL && !parse_timeout (options->timeout, &settings->timeout_ms, error))
    return FALSE;

  if (options->ipv4_only && options->ipv6_only)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("-4 and -6 exclude each other"));
      return FALSE;
    }
  settings->family = options->ipv4_only ? SPC_FAMILY_IPV4
                     : options->ipv6_only ? SPC_FAMILY_IPV6
                     : SPC_FAMILY_ANY;

  if (options->max_connections < 1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--max-connections: give at least 1"));
      return FALSE;
    }

  if (options->resolve != NULL
      && !check_resolve_address (options->resolve, settings->family, error))
    return FALSE;

  if (options->ispdb_url != NULL && !check_ispdb_url (options->ispdb_url, error))
    return FALSE;

  settings->request = g_object_new (SPC_TYPE_REQUEST,
                                    "timeout-ms", settings->timeout_ms,
                                    "family", settings->family,
                                    "connect-address", options->resolve,
                                    NULL);
  if (options->max_handshakes > 0)
    spc_request_set_max_handshakes (settings->request, (guint) options->max_handshakes);
  if (!set_legacy_tls (settings->request, options, error))
    return FALSE;
  if (!set_reference (settings->request, options, error))
    return FALSE;
  if (options->ca_file != NULL
      && !load_ca_file (settings->request, options->ca_file, error))
    return FALSE;
  return TRUE;
}

/* The hosts of the arguments, then those of --hosts-file */
static GPtrArray *
collect_host_inputs (const Options  *options,
                     GError        **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; options->hosts != NULL && options->hosts[i] != NULL; i++)
    g_ptr_array_add (inputs, g_strdup (options->hosts[i]));
  if (options->hosts_file != NULL && !read_hosts_file (options->hosts_file, inputs, error))
    return NULL;
  if (inputs->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           options->hosts_file != NULL
                           ? _("--hosts-file: the file names no host")
                           : _("no HOST given (see --help)"));
      return NULL;
    }
  if (inputs->len > MAX_HOSTS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("too many hosts: at most %d"), MAX_HOSTS);
      return NULL;
    }
  return g_steal_pointer (&inputs);
}

/* An address of the other family cannot be reached at all: a usage
 * error, not a red "dns-error" */
static gboolean
check_host_family (const SpcHost  *host,
                   SpcFamily       family,
                   GError        **error)
{
  g_autoptr(GInetAddress) address = NULL;
  GSocketFamily wanted;

  if (!host->is_address || family == SPC_FAMILY_ANY)
    return TRUE;

  wanted = family == SPC_FAMILY_IPV4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6;
  address = g_inet_address_new_from_string (host->ascii_host);
  if (address == NULL || g_inet_address_get_family (address) == wanted)
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               family == SPC_FAMILY_IPV4 ? _("“%s” is not an IPv4 address, but -4 was given")
                                         : _("“%s” is not an IPv6 address, but -6 was given"),
               host->host);
  return FALSE;
}

/* Takes @host and @specs; @resolve: FALSE for a discovered host, which
 * --resolve does not redirect */
HostJob *
_spc_cli_host_job_new (Run            *run,
                       SpcHost        *host,
                       GArray         *specs,
                       const Settings *settings,
                       gboolean        resolve)
{
  HostJob *job = g_new0 (HostJob, 1);
  g_autoptr(SpcRequest) request = NULL;

  job->run = run;
  job->host = host;
  job->specs = specs;
  /* One a port; two while its TLS 1.0/1.1 check asks both versions at once */
  job->n_connections = specs->len * (spc_request_get_legacy_tls (settings->request) ? 2 : 1);
  request = spc_request_copy (settings->request);
  spc_request_set_host (request, host->ascii_host);
  spc_request_set_ports (request, job->specs);
  if (!resolve)
    spc_request_set_connect_address (request, NULL);
  /* The trust is loaded already: this cannot fail */
  job->diagnosis = spc_diagnosis_new_for_request (request, NULL);
  return job;
}

/* One job per host, in the order given; the first bad host is the usage error */
static gboolean
add_jobs (Run            *run,
          GPtrArray      *inputs,
          const Options  *options,
          const Settings *settings,
          GError        **error)
{
  run->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) _spc_cli_host_job_free);
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *input = g_ptr_array_index (inputs, i);
      g_autoptr(GError) local_error = NULL;
      SpcHost *host = NULL;

      if (spc_discovery_is_address (input))
        {
          if (!_spc_cli_add_address (run, input, options, settings, error))
            return FALSE;
          continue;
        }

      host = spc_host_parse (input, &local_error);
      if (host == NULL)
        {
          /* Name the culprit only when there are several to choose from */
          if (inputs->len > 1)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "%s: %s", input, local_error->message);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* A --resolve address was checked against the family already */
      if (options->resolve == NULL && !check_host_family (host, settings->family, error))
        {
          spc_host_free (host);
          return FALSE;
        }

      g_ptr_array_add (run->jobs, _spc_cli_host_job_new (run, host, specs_for_host (host, settings->specs),
                                                         settings, TRUE));
    }
  return TRUE;
}

/* Until every started host is done, or Ctrl+C twice */
static void
run_jobs (Run  *run,
          guint max_connections)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->max_connections = max_connections;
  run->show_progress = isatty (STDERR_FILENO);

  run->signal_source = g_unix_signal_add (SIGINT, on_interrupt, run);
  _spc_cli_start_addresses (run);
  _spc_cli_start_jobs (run);
  if (run->n_running > 0 || run->n_discovering > 0)
    g_main_loop_run (run->loop);
  g_clear_handle_id (&run->signal_source, g_source_remove);
}

/* --user and --config: one host, checked already */

/* The configuration alone on stdout (--config) */
static int
print_config (Run            *run,
              Options        *options,
              const Settings *settings)
{
  HostJob *job = g_ptr_array_index (run->jobs, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = spc_cli_login_format_config (&options->login, job->diagnosis,
                                                         job->host->ascii_host,
                                                         spc_request_get_ca_file (settings->request),
                                                         &error);

  if (config == NULL)
    {
      g_printerr ("%s: %s\n", PROGRAM_NAME, error->message);
      return SPC_CLI_EXIT_NONE_GREEN;
    }
  _spc_cli_write_stdout (config);
  return SPC_CLI_EXIT_GREEN;
}

/* The report with the login check's outcome; its exit status */
static int
check_login_and_report (Run            *run,
                        Options        *options,
                        const Settings *settings,
                        gboolean        color)
{
  HostJob *job = g_ptr_array_index (run->jobs, 0);
  g_autoptr(SpcLoginResult) login = NULL;

  if (job->started && !run->interrupted)
    login = spc_cli_login_run (&options->login, job->diagnosis, job->host->ascii_host,
                               spc_request_get_tls_database (settings->request),
                               spc_request_get_timeout_ms (settings->request));

  if (options->json)
    {
      g_autoptr(JsonNode) root = spc_report_to_json_node (job->diagnosis);

      if (login != NULL)
        spc_cli_login_add_to_json (login, json_node_get_object (root));
      _spc_cli_print_json (root);
    }
  else
    {
      g_autofree char *text = spc_report_to_text (job->diagnosis, color);
      g_autofree char *login_text = login != NULL ? spc_cli_login_to_text (login) : NULL;

      _spc_cli_write_stdout (text);
      if (login_text != NULL)
        _spc_cli_write_stdout (login_text);
    }

  return spc_cli_login_succeeded (login) ? SPC_CLI_EXIT_GREEN : SPC_CLI_EXIT_NONE_GREEN;
}

/* Green when every host has a green port; a host never started has none */
static int
exit_status (Run *run)
{
  for (guint i = 0; i < run->jobs->len; i++)
    {
      HostJob *job = g_ptr_array_index (run->jobs, i);

      /* An address counts by its recommendation, below */
      if (job->address != NULL)
        continue;
      if (!job->started || !_spc_cli_has_green_port (job->diagnosis))
        return SPC_CLI_EXIT_NONE_GREEN;
    }
  return _spc_cli_addresses_green (run) ? SPC_CLI_EXIT_GREEN : SPC_CLI_EXIT_NONE_GREEN;
}

int
spc_cli_run (int    argc,
             char **argv)
{
  g_auto(Options) options = { .max_connections = DEFAULT_MAX_CONNECTIONS };
  g_auto(Settings) settings = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) host_inputs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean several;
  gboolean color;

  if (!parse_options (&options, &argc, &argv, &error))
    return usage_error (error->message);

  if (options.version)
    {
      printf ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return SPC_CLI_EXIT_GREEN;
    }

  if (!settings_from_options (&options, &settings, &error))
    return usage_error (error->message);

  host_inputs = collect_host_inputs (&options, &error);
  if (host_inputs == NULL || !add_jobs (&run, host_inputs, &options, &settings, &error))
    return usage_error (error->message);

  several = run.jobs->len > 1 || options.hosts_file != NULL;
  color = isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL && !options.json;

  /* The password is read before the probes, so nobody waits for a prompt */
  if (!spc_cli_login_validate (&options.login, several ? 2 : 1, options.json, &error))
    return usage_error (error->message);
  if ((options.login.user != NULL || options.login.config != NULL) &&
      (run.addresses != NULL && run.addresses->len > 0))
    return usage_error (_("--user and --config take a server name, not an email address"));
  if (options.login.user != NULL && run.jobs->len > 0 &&
      !spc_cli_login_prepare (&options.login,
                              ((HostJob *) g_ptr_array_index (run.jobs, 0))->host->ascii_host, &error))
    return usage_error (error->message);

  run_jobs (&run, (guint) options.max_connections);
  if (options.login.config != NULL)
    return print_config (&run, &options, &settings);
  if (options.login.user != NULL)
    return check_login_and_report (&run, &options, &settings, color);
  if (run.addresses != NULL && run.addresses->len > 0)
    _spc_cli_print_with_addresses (&run, options.json, color);
  else
    print_reports (&run, options.json, several, color);
  return exit_status (&run);
}
