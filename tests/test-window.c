/* test-window.c — the real window against the scripted TLS test server
 *
 * Runs under Xvfb with GSETTINGS_BACKEND=memory. Every port is a loopback
 * port of the test server (or a closed one); the window is driven through
 * its own actions, the way the keyboard and the buttons drive it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "spc-port-row.h"
#include "spc-recommendation-view.h"
#include "spc-test-ispdb.h"
#include "spc-test-network-monitor.h"
#include "spc-test-resolver.h"
#include "spc-test-server.h"
#include "spc-test-util.h"
#include "spc-test-widget.h"
#include "spc-window.h"

/* Generous: two cores are shared by a whole team's builds */
#define WAIT_DEADLINE_S 60

typedef struct {
  SpcTestServer *server;
  GSettings     *settings;
  SpcWindow     *window;
  guint16        tls_port;       /* implicit TLS, valid certificate, AUTH */
  guint16        starttls_port;  /* STARTTLS, valid certificate, AUTH */
  guint16        wrong_host_port;/* STARTTLS, certificate for other.example */
  guint16        closed_port;    /* nothing listens */
  guint16        silent_port;    /* accepts and never speaks */
  guint16        markup_port;    /* a 554 greeting full of Pango markup */
  guint16        silent_port2;
  guint16        hidden_port;    /* a 554 greeting with U+202E and U+200B */
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

typedef struct {
  Fixture   *fixture;
  Condition  condition;
} Waiting;

static gboolean
waiting_over (gpointer data)
{
  Waiting *waiting = data;

  return waiting->condition (waiting->fixture);
}

/* Iterates the main context until @condition holds or the deadline passes */
static gboolean
wait_for (Fixture   *fixture,
          Condition  condition,
          guint      deadline_s)
{
  Waiting waiting = { fixture, condition };

  return spc_test_wait_for (waiting_over, &waiting, deadline_s * 1000);
}

static gboolean
diagnosis_done (Fixture *fixture)
{
  SpcDiagnosis *diagnosis = spc_window_get_diagnosis (fixture->window);

  return diagnosis != NULL && spc_diagnosis_is_done (diagnosis);
}

static guint16
add_port (Fixture     *fixture,
          SpcScenario  scenario)
{
  guint16 port = spc_test_server_add_loopback_port (fixture->server, scenario, 0);

  g_assert_cmpuint (port, >, 0);
  return port;
}

static void set_ports (Fixture    *fixture,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
set_ports (Fixture    *fixture,
           const char *format,
           ...)
{
  g_autofree char *ports = NULL;
  va_list args;

  va_start (args, format);
  ports = g_strdup_vprintf (format, args);
  va_end (args);

  g_settings_set_string (fixture->settings, "ports", ports);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *ca_file = g_test_build_filename (G_TEST_BUILT, "ca.pem", NULL);

  fixture->server = spc_test_server_new_for_test ();
  fixture->tls_port = add_port (fixture, SPC_SCENARIO_IMPLICIT_TLS_AUTH);
  fixture->starttls_port = add_port (fixture, SPC_SCENARIO_GOOD_STARTTLS_AUTH);
  fixture->wrong_host_port = add_port (fixture, SPC_SCENARIO_WRONG_HOST_STARTTLS);
  fixture->silent_port = add_port (fixture, SPC_SCENARIO_SILENCE);
  fixture->markup_port = add_port (fixture, SPC_SCENARIO_GREETING_MARKUP);
  fixture->silent_port2 = add_port (fixture, SPC_SCENARIO_SILENCE);
  fixture->hidden_port = add_port (fixture, SPC_SCENARIO_GREETING_HIDDEN_CHARACTERS);
  fixture->closed_port = spc_test_closed_port ();

  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "recent-hosts");
  g_settings_reset (fixture->settings, "address");
  g_settings_reset (fixture->settings, "remember-hosts");
  g_settings_reset (fixture->settings, "ispdb-url");
  g_settings_reset (fixture->settings, "reference");
  g_settings_reset (fixture->settings, "reference-host");
  /* Every test starts at the default size, whatever /window/size-remembered
   * left (the rows change their layout below 480 px) */
  g_settings_reset (fixture->settings, "window-width");
  g_settings_reset (fixture->settings, "window-height");
  g_settings_reset (fixture->settings, "window-maximized");
  g_settings_set_string (fixture->settings, "family", "ipv4");
  g_settings_set_uint (fixture->settings, "timeout", 20);

  fixture->window = g_object_ref_sink (spc_window_new (NULL));
  spc_window_set_ca_file (fixture->window, ca_file);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->settings);
  spc_test_server_stop (fixture->server);
  g_clear_object (&fixture->server);

  /* Let the destroyed widgets and the cancelled probes settle (bounded) */
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static SpcPortRow *
get_row (Fixture *fixture,
         guint    index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (spc_window_get_port_list (fixture->window), index);

  g_assert_nonnull (row);
  g_assert_true (SPC_IS_PORT_ROW (row));

  return SPC_PORT_ROW (row);
}

static SpcPortRow *
find_row (Fixture *fixture,
          guint16  port)
{
  GtkListBox *list = spc_window_get_port_list (fixture->window);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      if (spc_result_get_port (spc_port_row_get_result (SPC_PORT_ROW (row))) == port)
        return SPC_PORT_ROW (row);
    }

  g_assert_not_reached ();
}

static guint
count_rows (Fixture *fixture)
{
  GtkListBox *list = spc_window_get_port_list (fixture->window);
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

typedef struct {
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static char *
read_clipboard (Fixture *fixture)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  ClipboardRead read = { NULL, FALSE };
  gint64 deadline = g_get_monotonic_time () + WAIT_DEADLINE_S * G_USEC_PER_SEC;

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &read);
  while (!read.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (read.done);

  return read.text;
}

/* TRUE when @text has @line as a whole line */
static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

/* A row of the report's port table: "  587  green  ok  …" */
static gboolean
has_port_row (const char *text,
              guint16     port,
              const char *light,
              const char *status)
{
  g_autofree char *pattern = g_strdup_printf ("^ *%u +%s +%s ", port, light, status);

  return g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0);
}

/* The text report of test_check's four ports, from what the test server
 * plays rather than from the engine's own report code */
static void
assert_text_report (const char *text,
                    Fixture    *fixture)
{
  g_autofree char *heading = g_strdup_printf ("Recommendation: port %u with SSL/TLS", fixture->tls_port);
  g_autofree char *port_line = g_strdup_printf ("  Port: %u", fixture->tls_port);

  g_test_message ("%s", text);
  g_assert_null (strchr (text, '\033'));
  g_assert_true (has_port_row (text, fixture->tls_port, "green", "ok"));
  g_assert_true (has_port_row (text, fixture->starttls_port, "green", "ok"));
  g_assert_true (has_port_row (text, fixture->wrong_host_port, "red", "certificate-invalid"));
  g_assert_true (has_port_row (text, fixture->closed_port, "red", "refused"));
  g_assert_true (has_line (text, heading));
  g_assert_true (has_line (text, "  Server: localhost"));
  g_assert_true (has_line (text, port_line));
  g_assert_true (has_line (text, "  Connection security: SSL/TLS"));
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "empty");
  g_assert_null (spc_window_get_diagnosis (fixture->window));
  g_assert_null (spc_window_get_host_error (fixture->window));
}

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  /* "user@example.com" is an address now: it starts a discovery */
  static const char * const inputs[] = { "", "   ", "smtp example.com", "localhost:70000", "user@" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(SpcHost) parsed = NULL;
      g_autoptr(GError) error = NULL;

      /* The window shows the engine's own reason */
      parsed = spc_host_parse (inputs[i], &error);
      g_assert_null (parsed);
      g_assert_nonnull (error);

      spc_window_check_host (fixture->window, inputs[i]);
      g_assert_cmpstr (spc_window_get_host_error (fixture->window), ==, error->message);
      g_assert_null (spc_window_get_diagnosis (fixture->window));
      g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "empty");
    }

  /* Typing clears the error; a valid host starts a check */
  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_null (spc_window_get_host_error (fixture->window));
  g_assert_nonnull (spc_window_get_diagnosis (fixture->window));
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
}

static void
test_check (Fixture       *fixture,
            gconstpointer  data)
{
  SpcRecommendationView *recommendation = spc_window_get_recommendation (fixture->window);
  const SpcRecommendation *advice;
  g_autofree char *headline = NULL;
  g_autofree char *expected_config = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *port_text = NULL;
  g_auto(GStrv) recent = NULL;

  set_ports (fixture, "%u/starttls,%u/tls,%u/starttls,%u/starttls",
             fixture->closed_port, fixture->tls_port,
             fixture->starttls_port, fixture->wrong_host_port);

  spc_window_check_host (fixture->window, "localhost");

  /* Rows are there at once, in the order asked for, each still checking */
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");
  g_assert_cmpuint (count_rows (fixture), ==, 4);
  g_assert_cmpuint (spc_result_get_port (spc_port_row_get_result (get_row (fixture, 0))), ==, fixture->closed_port);
  g_assert_cmpuint (spc_result_get_port (spc_port_row_get_result (get_row (fixture, 1))), ==, fixture->tls_port);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (spc_port_row_get_verdict_text (get_row (fixture, i)), ==,
                     spc_verdict_get_label (SPC_VERDICT_NONE));
  g_assert_null (spc_recommendation_view_get_advice (recommendation));

  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  /* Each light in words */
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->tls_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_GREEN));
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->starttls_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_GREEN));
  /* A mail client refuses the certificate: red, not "works with a warning" */
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->wrong_host_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_RED));
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->closed_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_RED));
  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (find_row (fixture, fixture->closed_port))), ==,
                   SPC_STATUS_REFUSED);

  /* The transcript shown is the probe's conversation */
  {
    g_autofree char *transcript = spc_port_row_dup_transcript (find_row (fixture, fixture->starttls_port));

    g_assert_nonnull (strstr (transcript, "S: 220"));
    g_assert_nonnull (strstr (transcript, "C: EHLO"));
    g_assert_nonnull (strstr (transcript, "C: STARTTLS"));
  }

  /* Implicit TLS wins over STARTTLS */
  headline = g_strdup_printf ("Use Port %u with %s", fixture->tls_port,
                              spc_mode_get_security_label (SPC_MODE_TLS));
  g_assert_cmpstr (spc_recommendation_view_get_headline (recommendation), ==, headline);
  advice = spc_recommendation_view_get_advice (recommendation);
  g_assert_nonnull (advice);
  g_assert_cmpuint (advice->port, ==, fixture->tls_port);

  /* The configuration copied is the engine's, for this port and host */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recommendation),
                                             "recommendation-view.copy-config", "s", "msmtp"));
  copied = read_clipboard (fixture);
  expected_config = spc_advice_format_config (advice, SPC_CONFIG_MSMTP, "you@localhost");
  g_assert_cmpstr (copied, ==, expected_config);
  /* the user name the User Name row shows, not a generic example.com */
  g_assert_nonnull (strstr (copied, "you@localhost"));
  port_text = g_strdup_printf ("%u", fixture->tls_port);
  g_assert_nonnull (strstr (copied, port_text));
  g_assert_nonnull (strstr (copied, "localhost"));
  /* What msmtp must read, whatever the engine says: implicit TLS on this port */
  {
    g_autofree char *port_line = g_strdup_printf ("\nport           %u\n", fixture->tls_port);

    g_assert_true (has_line (copied, "host           localhost"));
    g_assert_true (has_line (copied, "tls            on"));
    g_assert_true (has_line (copied, "tls_starttls   off"));
    g_assert_true (has_line (copied, "auth           on"));
    g_assert_true (has_line (copied, "user           you@localhost"));
    g_assert_nonnull (strstr (copied, port_line));
  }
  g_clear_pointer (&copied, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recommendation),
                                             "recommendation-view.copy-value", "s", "port"));
  copied = read_clipboard (fixture);
  g_assert_cmpstr (copied, ==, port_text);

  /* The whole report, as text without colour */
  {
    g_autofree char *report = spc_report_to_text (spc_window_get_diagnosis (fixture->window), FALSE);
    g_autofree char *copied_report = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-report", NULL));
    copied_report = read_clipboard (fixture);
    g_assert_cmpstr (copied_report, ==, report);
    assert_text_report (copied_report, fixture);
  }

  /* The host is remembered for next time */
  recent = g_settings_get_strv (fixture->settings, "recent-hosts");
  g_assert_cmpstr (recent[0], ==, "localhost");
}

static gboolean
every_probe_ended (Fixture *fixture)
{
  return diagnosis_done (fixture);
}

static gboolean
silent_ports_waiting (Fixture *fixture)
{
  SpcDiagnosis *diagnosis = spc_window_get_diagnosis (fixture->window);
  SpcResult *closed = spc_diagnosis_find_result (diagnosis, fixture->closed_port);

  return spc_test_server_get_n_connections (fixture->server, fixture->silent_port) > 0
         && spc_test_server_get_n_connections (fixture->server, fixture->silent_port2) > 0
         && spc_result_get_finished (closed);
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  SpcDiagnosis *diagnosis;
  gint64 started;

  set_ports (fixture, "%u/starttls,%u/starttls,%u/starttls",
             fixture->silent_port, fixture->silent_port2, fixture->closed_port);
  spc_window_check_host (fixture->window, "localhost");
  diagnosis = spc_window_get_diagnosis (fixture->window);
  g_assert_true (spc_diagnosis_is_running (diagnosis));

  /* Stop once the silent ports wait for a greeting and the closed one has
   * answered: a stop must cancel the first and keep the second */
  g_assert_true (wait_for (fixture, silent_ports_waiting, WAIT_DEADLINE_S));
  g_assert_false (spc_diagnosis_is_done (diagnosis));

  started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL));

  /* Far sooner than the 20 s stage deadline */
  g_assert_true (wait_for (fixture, every_probe_ended, 10));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);

  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (find_row (fixture, fixture->silent_port))), ==,
                   SPC_STATUS_CANCELLED);
  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (find_row (fixture, fixture->silent_port2))), ==,
                   SPC_STATUS_CANCELLED);
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->silent_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_GREY));
  /* The port that had already answered keeps its answer */
  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (find_row (fixture, fixture->closed_port))), ==,
                   SPC_STATUS_REFUSED);
}

static void
collect_checklist_rows (GtkWidget *widget,
                        GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_EXPANDER_ROW (child) && !SPC_IS_PORT_ROW (child))
        g_ptr_array_add (found, child);
      collect_checklist_rows (child, found);
    }
}

typedef gboolean (*WidgetMatch) (GtkWidget  *widget,
                                 const char *text);

/* A WidgetMatch: the widget is named @name (the answer word's label) */
static gboolean
is_named (GtkWidget  *widget,
          const char *name)
{
  return g_str_equal (gtk_widget_get_name (widget), name);
}

/* A WidgetMatch: a label whose text is exactly @text */
static gboolean
is_label_of (GtkWidget  *widget,
             const char *text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

/* The first widget under @widget, depth first, that @match accepts with
 * @text; NULL if none */
static GtkWidget *
find_under (GtkWidget   *widget,
            WidgetMatch  match,
            const char  *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = match (child, text) ? child : find_under (child, match, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* Issue 14: each answer one line with an emphasised Yes / No / Not known;
 * the evidence only when asked for */
static void
test_checklist_answers (Fixture       *fixture,
                        gconstpointer  data)
{
  SpcDiagnosis *diagnosis;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint with_evidence = 0;

  set_ports (fixture, "%u/starttls,%u/tls", fixture->closed_port, fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  diagnosis = spc_window_get_diagnosis (fixture->window);
  items = spc_advice_answer_checklist (G_LIST_MODEL (diagnosis));

  collect_checklist_rows (GTK_WIDGET (fixture->window), rows);
  g_assert_cmpuint (rows->len, ==, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      const SpcChecklistItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *word = find_under (row, is_named, "checklist-answer");

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, item->question);
      if (item->answer == SPC_CHECKLIST_ANSWERED)
        {
          g_assert_null (word);
          continue;
        }
      g_assert_nonnull (word);
      g_assert_true (gtk_widget_get_mapped (word));
      g_assert_true (gtk_widget_has_css_class (word, "heading"));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (word)), ==,
                       item->answer == SPC_CHECKLIST_YES ? "Yes"
                       : item->answer == SPC_CHECKLIST_NO ? "No" : "Not known");

      if (item->evidence != NULL && item->evidence[0] != '\0')
        {
          g_autofree char *evidence = spc_display_text (item->evidence);
          GtkWidget *label = find_under (row, is_label_of, evidence);

          g_assert_nonnull (label);
          g_assert_false (gtk_widget_get_mapped (label));
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
          g_assert_true (spc_test_wait_for (widget_is_mapped, label, 5000));
          with_evidence++;
        }
    }
  g_assert_cmpuint (with_evidence, >, 0);
}

/* The reference check's preferences reach the request the window builds */
static void
test_reference_preferences (Fixture       *fixture,
                            gconstpointer  data)
{
  SpcRequest *request;

  set_ports (fixture, "%u/starttls", fixture->closed_port);

  spc_window_check_host (fixture->window, "localhost");
  request = spc_diagnosis_get_request (spc_window_get_diagnosis (fixture->window));
  g_assert_true (spc_request_get_reference (request));
  g_assert_cmpstr (spc_request_get_reference_host (request), ==, "portquiz.net");
  g_assert_true (wait_for (fixture, every_probe_ended, WAIT_DEADLINE_S));

  g_settings_set_boolean (fixture->settings, "reference", FALSE);
  g_settings_set_string (fixture->settings, "reference-host", " ref.example ");
  spc_window_check_host (fixture->window, "localhost");
  request = spc_diagnosis_get_request (spc_window_get_diagnosis (fixture->window));
  g_assert_false (spc_request_get_reference (request));
  g_assert_cmpstr (spc_request_get_reference_host (request), ==, "ref.example");
  g_assert_true (wait_for (fixture, every_probe_ended, WAIT_DEADLINE_S));

  /* Empty: no reference host, only the MX hosts for port 25 */
  g_settings_set_string (fixture->settings, "reference-host", "");
  spc_window_check_host (fixture->window, "localhost");
  request = spc_diagnosis_get_request (spc_window_get_diagnosis (fixture->window));
  g_assert_null (spc_request_get_reference_host (request));
  g_assert_true (wait_for (fixture, every_probe_ended, WAIT_DEADLINE_S));
}

static void
test_second_check_replaces_first (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(SpcDiagnosis) first = NULL;
  SpcDiagnosis *second;

  set_ports (fixture, "%u/starttls,%u/starttls", fixture->silent_port, fixture->silent_port2);
  spc_window_check_host (fixture->window, "localhost");
  first = g_object_ref (spc_window_get_diagnosis (fixture->window));
  g_assert_true (spc_diagnosis_is_running (first));

  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "127.0.0.1");
  second = spc_window_get_diagnosis (fixture->window);
  g_assert_true (second != first);

  /* The first stops; the rows now show the second */
  g_assert_cmpuint (count_rows (fixture), ==, 1);
  g_assert_true (spc_port_row_get_result (get_row (fixture, 0)) == spc_diagnosis_find_result (second, fixture->tls_port));

  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_true (spc_diagnosis_is_done (first));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (first)); i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (G_LIST_MODEL (first), i);

      g_assert_cmpint (spc_result_get_status (result), ==, SPC_STATUS_CANCELLED);
    }
  /* The test certificate names 127.0.0.1 too: the new host is checked */
  g_assert_cmpstr (spc_diagnosis_get_host (second), ==, "127.0.0.1");
  g_assert_cmpstr (spc_port_row_get_verdict_text (get_row (fixture, 0)), ==,
                   spc_verdict_get_label (SPC_VERDICT_GREEN));
}

static void
test_enter_starts_check (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));

  /* The empty window waits with the host entry focused: typing and Enter */
  g_assert_true (GTK_IS_TEXT (focus));
  set_ports (fixture, "%u/tls", fixture->tls_port);
  gtk_editable_set_text (GTK_EDITABLE (focus), "localhost");
  g_signal_emit_by_name (focus, "activate");

  g_assert_nonnull (spc_window_get_diagnosis (fixture->window));
  g_assert_cmpstr (spc_diagnosis_get_host (spc_window_get_diagnosis (fixture->window)), ==, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  /* Ctrl+R / F5: the same host again, as a new diagnosis */
  {
    SpcDiagnosis *first = spc_window_get_diagnosis (fixture->window);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.check", NULL));
    g_assert_true (spc_window_get_diagnosis (fixture->window) != first);
    g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  }
}

/* The button showing @label in the window, given the focus as Tab would */
static GtkWidget *
focus_button (Fixture    *fixture,
              const char *label)
{
  GtkWidget *shown = spc_test_find_widget (GTK_WIDGET (fixture->window), spc_test_label_is, label, TRUE);
  GtkWidget *button = shown != NULL ? gtk_widget_get_ancestor (shown, GTK_TYPE_BUTTON) : NULL;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == button);
  return button;
}

/* The focus is in the host entry (its GtkText) */
static gboolean
entry_has_focus (Fixture *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));

  return GTK_IS_TEXT (focus) && ADW_IS_ENTRY_ROW (gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW));
}

static void
test_recent_hosts_offered (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const recent[] = { "smtp.example.com", "localhost", "smtp.example.org", NULL };
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_auto(GStrv) offered = NULL;
  g_auto(GStrv) after_check = NULL;
  g_auto(GStrv) remembered = NULL;

  g_settings_set_strv (fixture->settings, "recent-hosts", recent);

  /* Typing offers the recent hosts that start with the text, newest first */
  gtk_editable_set_text (GTK_EDITABLE (focus), "smtp.ex");
  offered = spc_window_dup_suggestions (fixture->window);
  g_assert_cmpuint (g_strv_length (offered), ==, 2);
  g_assert_cmpstr (offered[0], ==, "smtp.example.com");
  g_assert_cmpstr (offered[1], ==, "smtp.example.org");

  gtk_editable_set_text (GTK_EDITABLE (focus), "loc");
  g_strfreev (offered);
  offered = spc_window_dup_suggestions (fixture->window);
  g_assert_cmpstrv (offered, ((const char * const[]) { "localhost", NULL }));

  /* A focused suggestion that goes as the text changes leaves the focus
   * in the entry, not nowhere */
  focus_button (fixture, "localhost");
  gtk_editable_set_text (GTK_EDITABLE (focus), "smtp.ex");
  g_assert_true (entry_has_focus (fixture));
  gtk_editable_set_text (GTK_EDITABLE (focus), "loc");

  /* Taking one checks it and moves it to the front; it goes, and the
   * focus with it to the entry */
  set_ports (fixture, "%u/tls", fixture->tls_port);
  g_signal_emit_by_name (focus_button (fixture, "localhost"), "clicked");
  g_assert_true (entry_has_focus (fixture));
  g_assert_cmpstr (spc_diagnosis_get_host (spc_window_get_diagnosis (fixture->window)), ==, "localhost");
  after_check = spc_window_dup_suggestions (fixture->window);
  g_assert_cmpuint (g_strv_length (after_check), ==, 0);
  remembered = g_settings_get_strv (fixture->settings, "recent-hosts");
  g_assert_cmpstrv (remembered, ((const char * const[]) { "localhost", "smtp.example.com", "smtp.example.org", NULL }));
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
}

static char *saved_report_path;

static gboolean
report_saved (Fixture *fixture)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  /* Complete once the whole document parses: GLib writes a file that did
   * not exist in place, not through a temporary one and a rename, so a
   * part of it (with a "}" of an inner object), or nothing yet (which
   * json-glib takes for an empty document), can be read first */
  return g_file_get_contents (saved_report_path, &text, NULL, NULL) &&
         json_parser_load_from_data (parser, text, -1, NULL) &&
         json_parser_get_root (parser) != NULL;
}

/* What spc_window_save_report () writes, read back from a file of its own
 * (removed again) */
static char *
save_report (Fixture *fixture)
{
  g_autofree char *dir = g_dir_make_tmp ("spc-window-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  char *saved = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "report.json", NULL);
  file = g_file_new_for_path (path);
  spc_window_save_report (fixture->window, file);
  saved_report_path = path;
  g_assert_true (wait_for (fixture, report_saved, WAIT_DEADLINE_S));
  saved_report_path = NULL;

  g_file_get_contents (path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  return saved;
}

static JsonObject *
find_json_port (JsonObject *report,
                guint16     port)
{
  JsonArray *ports = json_object_get_array_member (report, "ports");

  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      JsonObject *object = json_array_get_object_element (ports, i);

      if (json_object_get_int_member (object, "port") == port)
        return object;
    }
  g_error ("port %u is not in the saved report", port);
  return NULL;
}

/* The saved report of test_save_report's two ports, as README documents
 * the JSON, from what the test server plays */
static void
assert_saved_report (JsonNode *root,
                     Fixture  *fixture)
{
  JsonObject *report, *tls_port, *closed, *recommendation;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  report = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (report, "host"), ==, "localhost");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "ports")), ==, 2);

  tls_port = find_json_port (report, fixture->tls_port);
  g_assert_cmpstr (json_object_get_string_member (tls_port, "mode"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "verdict"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "address"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (tls_port, "greeting"), ==, "localhost ESMTP SPC test server");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (tls_port, "tls"),
                                                                  "version"), "TLS 1."));

  closed = find_json_port (report, fixture->closed_port);
  g_assert_cmpstr (json_object_get_string_member (closed, "mode"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (closed, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (closed, "verdict"), ==, "red");

  recommendation = json_object_get_object_member (report, "recommendation");
  g_assert_nonnull (recommendation);
  g_assert_cmpint (json_object_get_int_member (recommendation, "port"), ==, fixture->tls_port);
  g_assert_cmpstr (json_object_get_string_member (recommendation, "host"), ==, "localhost");
  g_assert_cmpstr (json_object_get_string_member (recommendation, "security"), ==, "SSL/TLS");
  g_assert_cmpstr (json_object_get_string_member (recommendation, "auth"), ==, "PLAIN");
}

static void
test_save_report (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;

  set_ports (fixture, "%u/tls,%u/starttls", fixture->tls_port, fixture->closed_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  saved = save_report (fixture);

  /* Exactly the engine's JSON report of the diagnosis shown */
  expected = spc_report_to_json (spc_window_get_diagnosis (fixture->window), TRUE);
  g_assert_cmpstr (saved, ==, expected);
  json_parser_load_from_data (parser, saved, -1, &error);
  g_assert_no_error (error);
  assert_saved_report (json_parser_get_root (parser), fixture);
}

static void
test_size_remembered (Fixture       *fixture,
                      gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 512, 634);
  gtk_window_close (GTK_WINDOW (fixture->window));

  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 512);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 634);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));
}

/* Collects the text every label under @widget shows: with markup on, GTK
 * would show "blocked" where the server sent "<b>blocked</b>". */
static void
collect_label_texts (GtkWidget *widget,
                     GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (texts, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (texts, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

/* Selectable labels that are also tab stops */
static guint
count_focusable_labels (GtkWidget *widget)
{
  guint count = GTK_IS_LABEL (widget)
                && gtk_label_get_selectable (GTK_LABEL (widget))
                && gtk_widget_get_focusable (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count += count_focusable_labels (child);
  return count;
}

static void
test_network_text_is_not_markup (Fixture       *fixture,
                                 gconstpointer  data)
{
  SpcPortRow *row;
  g_autoptr(GString) texts = g_string_new (NULL);

  set_ports (fixture, "%u/starttls", fixture->markup_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  row = find_row (fixture, fixture->markup_port);
  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (row)), ==, SPC_STATUS_REJECTED);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  collect_label_texts (GTK_WIDGET (row), texts);

  /* The status sentence (row subtitle) and the conversation show the bytes as sent */
  g_assert_nonnull (strstr (texts->str, "<b>blocked</b> &amp; <span foreground=\"red\">red</span> <i"));

  /* The details' values are selectable but not a tab stop each: at most
   * the conversation and the explanation remain */
  g_test_message ("focusable selectable labels in the expanded row: %u",
                  count_focusable_labels (GTK_WIDGET (row)));
  g_assert_cmpuint (count_focusable_labels (GTK_WIDGET (row)), <=, 2);
}

/* "\u202Egnp.exe" would be drawn "exe.png": every label of the window
 * (status sentence, greeting, conversation, advice) shows the characters */
static void
test_network_text_hidden_characters (Fixture       *fixture,
                                     gconstpointer  data)
{
  SpcPortRow *row;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *transcript = NULL;

  set_ports (fixture, "%u/starttls", fixture->hidden_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  row = find_row (fixture, fixture->hidden_port);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  collect_label_texts (GTK_WIDGET (fixture->window), texts);
  transcript = spc_port_row_dup_transcript (row);

  g_test_message ("%s", texts->str);
  g_assert_nonnull (strstr (texts->str, "blocked <U+202E>gnp.exe<U+200B>.example"));
  g_assert_null (strstr (texts->str, "\u202E"));
  g_assert_null (strstr (texts->str, "\u200B"));
  g_assert_nonnull (strstr (transcript, "S: 554 blocked <U+202E>gnp.exe<U+200B>.example"));
}

static gboolean
shows_rd_toast (Fixture *fixture)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_label_texts (GTK_WIDGET (fixture->window), texts);
  return strstr (texts->str, "R&D <x>") != NULL;
}

/* A toast's title is markup: a message that quotes a file name (or any
 * text from outside) must show it as it is */
static void
test_toast_is_not_markup (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("spc-window-XXXXXX", NULL);
  /* A folder that does not exist: saving fails, and the toast says where */
  g_autofree char *path = g_build_filename (dir, "R&D <x>", "report.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_nonnull (dir);
  set_ports (fixture, "%u/starttls", fixture->closed_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  g_assert_false (shows_rd_toast (fixture));
  spc_window_save_report (fixture->window, file);
  g_assert_true (wait_for (fixture, shows_rd_toast, 10));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Check, stop, check again: 200 times through the window's own actions.
 * Each check replaces the last, every stop ends every probe, and the rows
 * always describe the latest check. */
static void
test_restart_loop (Fixture       *fixture,
                   gconstpointer  data)
{
  set_ports (fixture, "%u/starttls,%u/tls,%u/starttls,%u/starttls",
             fixture->starttls_port, fixture->tls_port, fixture->silent_port, fixture->closed_port);

  for (guint cycle = 0; cycle < 200; cycle++)
    {
      SpcDiagnosis *diagnosis;

      spc_window_check_host (fixture->window, "localhost");
      diagnosis = spc_window_get_diagnosis (fixture->window);
      g_assert_nonnull (diagnosis);
      g_assert_true (spc_diagnosis_is_running (diagnosis));
      g_assert_cmpuint (count_rows (fixture), ==, 4);

      /* Stop at once, or after a few rounds of the main loop */
      for (guint i = 0; i < cycle % 20; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL));

      g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
      g_assert_true (spc_window_get_diagnosis (fixture->window) == diagnosis);
      /* The silent port can only have been ended by the stop */
      g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (find_row (fixture, fixture->silent_port))), ==,
                       SPC_STATUS_CANCELLED);
      g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->silent_port)), ==,
                       spc_verdict_get_label (SPC_VERDICT_GREY));
    }

  /* And after all that, a check still runs to its end */
  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_port_row_get_verdict_text (find_row (fixture, fixture->tls_port)), ==,
                   spc_verdict_get_label (SPC_VERDICT_GREEN));
}

/* What scrolls the results */
static GtkWidget *
results_scrolled_window (Fixture *fixture)
{
  GtkWidget *ports = GTK_WIDGET (spc_window_get_port_list (fixture->window));
  GtkWidget *scrolled = gtk_widget_get_ancestor (ports, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return scrolled;
}

static gboolean
results_scrollable (Fixture *fixture)
{
  GtkWidget *scrolled = results_scrolled_window (fixture);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  g_test_message ("results %.0f high, %.0f shown", gtk_adjustment_get_upper (adjustment),
                  gtk_adjustment_get_page_size (adjustment));
  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 200;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Lets the window lay itself out and draw for @ms */
static void
settle (guint ms)
{
  spc_test_wait_for (never, NULL, ms);
}

/* TRUE when all of @widget lies inside the window's visible area */
static gboolean
shown_in_window (Fixture   *fixture,
                 GtkWidget *widget)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->window), &bounds))
    return FALSE;
  g_test_message ("entry at y %.0f, height %.0f, window height %d", bounds.origin.y,
                  bounds.size.height, gtk_widget_get_height (GTK_WIDGET (fixture->window)));

  return gtk_widget_get_mapped (widget)
         && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (GTK_WIDGET (fixture->window));
}

/* After scrolling down to the checklist, Ctrl+L focuses an entry one can
 * see: the entry is not part of what scrolls */
static void
test_entry_stays_in_view (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *scrolled = results_scrolled_window (fixture);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *focus;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 480);
  set_ports (fixture, "%u/tls,%u/starttls,%u/starttls",
             fixture->tls_port, fixture->starttls_port, fixture->closed_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_true (wait_for (fixture, results_scrollable, 10));

  /* Focus elsewhere, scroll to the bottom, then Ctrl+L */
  gtk_widget_grab_focus (GTK_WIDGET (spc_window_get_port_list (fixture->window)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 200);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.focus-entry", NULL));
  settle (300);
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "localhost");
  g_assert_true (shown_in_window (fixture, focus));
  g_assert_null (gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW));
  /* The results stay where they were scrolled to */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 200);
}

/* A GtkButton labelled @label (with its mnemonic) */
static gboolean
is_button_of (GtkWidget  *widget,
              const char *label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The window has taken its new default width (less its frame's few pixels) */
static gboolean
window_at_width (gpointer data)
{
  GtkWidget *window = data;
  int wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "wanted-width"));

  return gtk_widget_get_width (window) <= wanted && gtk_widget_get_width (window) > wanted - 40;
}

/* The entry's title is whole at any width: in a narrow window Check moves
 * under the entry, beside it otherwise */
static void
test_entry_title_whole (Fixture       *fixture,
                        gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);
  GtkWidget *title, *check;
  graphene_rect_t title_bounds, check_bounds;

  g_object_set_data (G_OBJECT (fixture->window), "wanted-width", GINT_TO_POINTER (width));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 600);
  g_assert_true (spc_test_wait_for (window_at_width, fixture->window, 5000));
  settle (300);

  title = find_under (GTK_WIDGET (fixture->window), is_label_of, "Mail Server or Email Address");
  check = find_under (GTK_WIDGET (fixture->window), is_button_of, "_Check");
  g_assert_nonnull (title);
  g_assert_nonnull (check);
  g_assert_true (gtk_widget_compute_bounds (title, GTK_WIDGET (fixture->window), &title_bounds));
  g_assert_true (gtk_widget_compute_bounds (check, GTK_WIDGET (fixture->window), &check_bounds));
  g_test_message ("%d px: title %.0f px wide at y %.0f, Check at x %.0f y %.0f", width,
                  title_bounds.size.width, title_bounds.origin.y, check_bounds.origin.x, check_bounds.origin.y);

  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
  if (width <= 400)
    g_assert_cmpfloat (check_bounds.origin.y, >, title_bounds.origin.y + title_bounds.size.height);
  else
    g_assert_cmpfloat (check_bounds.origin.x, >, title_bounds.origin.x + title_bounds.size.width);
}

static gboolean
advice_shown (Fixture *fixture)
{
  return spc_recommendation_view_get_advice (spc_window_get_recommendation (fixture->window)) != NULL;
}

/* Each mnemonic shown under @widget, as "x Label text" lines */
static void
collect_mnemonics (GtkWidget *widget,
                   GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    g_ptr_array_add (found, g_strdup_printf ("%c %s",
                                             (char) gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget))),
                                             gtk_label_get_label (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, found);
}

/* With the results and their buttons shown, Alt and a letter reaches one
 * button only (Alt+C was both Check and Copy As) */
static void
test_mnemonics_unique (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) mnemonics = g_ptr_array_new_with_free_func (g_free);

  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_true (wait_for (fixture, advice_shown, WAIT_DEADLINE_S));
  settle (300);

  collect_mnemonics (GTK_WIDGET (fixture->window), mnemonics);
  g_assert_cmpuint (mnemonics->len, >=, 3);
  for (guint i = 0; i < mnemonics->len; i++)
    {
      const char *mnemonic = mnemonics->pdata[i];

      g_test_message ("%s", mnemonic);
      for (guint j = 0; j < i; j++)
        if (((const char *) mnemonics->pdata[j])[0] == mnemonic[0])
          g_error ("Alt+%c reaches both “%s” and “%s”", mnemonic[0],
                   (const char *) mnemonics->pdata[j] + 2, mnemonic + 2);
    }
}

static gboolean
starttls_port_finished (Fixture *fixture)
{
  SpcDiagnosis *diagnosis = spc_window_get_diagnosis (fixture->window);

  return spc_result_get_finished (spc_diagnosis_find_result (diagnosis, fixture->starttls_port));
}

/* 465 and 587 answer at once, a dropped 25 waits for its deadline: the
 * advice cannot change any more, so it shows long before that deadline */
static void
test_advice_before_deadline (Fixture       *fixture,
                             gconstpointer  data)
{
  SpcRecommendationView *recommendation = spc_window_get_recommendation (fixture->window);
  SpcDiagnosis *diagnosis;
  gint64 started;

  g_settings_set_uint (fixture->settings, "timeout", 5);
  set_ports (fixture, "%u/tls,%u/starttls,%u/starttls",
             fixture->tls_port, fixture->starttls_port, fixture->silent_port);
  started = g_get_monotonic_time ();
  spc_window_check_host (fixture->window, "localhost");
  diagnosis = spc_window_get_diagnosis (fixture->window);

  g_assert_true (wait_for (fixture, advice_shown, 5));
  g_test_message ("advice after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_USEC_PER_SEC);
  g_assert_true (spc_diagnosis_is_running (diagnosis));
  g_assert_false (spc_result_get_finished (spc_diagnosis_find_result (diagnosis, fixture->silent_port)));
  g_assert_cmpuint (spc_recommendation_view_get_advice (recommendation)->port, ==, fixture->tls_port);

  /* The end changes nothing about the choice */
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpuint (spc_recommendation_view_get_advice (recommendation)->port, ==, fixture->tls_port);
}

static gboolean
progress_counts_seconds (Fixture *fixture)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_label_texts (GTK_WIDGET (spc_window_get_recommendation (fixture->window)), texts);
  return g_regex_match_simple ("^[1-9][0-9]* seconds? so far\\.", texts->str, G_REGEX_MULTILINE, 0);
}

/* A silent implicit-TLS port could still win over a working STARTTLS one:
 * the window says it is checking, for how long, and that Stop keeps what
 * was found; Stop then shows the advice from what was found */
static void
test_advice_waits_for_better_port (Fixture       *fixture,
                                   gconstpointer  data)
{
  SpcRecommendationView *recommendation = spc_window_get_recommendation (fixture->window);
  g_autoptr(GString) texts = g_string_new (NULL);

  set_ports (fixture, "%u/tls,%u/starttls", fixture->silent_port, fixture->starttls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, starttls_port_finished, WAIT_DEADLINE_S));
  /* The time so far is redrawn once a second: wait for a tick that counts
   * at least one (well within the silent port's 20 s deadline) */
  g_assert_true (wait_for (fixture, progress_counts_seconds, 8));

  g_assert_null (spc_recommendation_view_get_advice (recommendation));
  g_assert_cmpstr (spc_recommendation_view_get_headline (recommendation), ==, "Checking the Ports…");
  collect_label_texts (GTK_WIDGET (recommendation), texts);
  g_test_message ("%s", texts->str);
  g_assert_true (g_regex_match_simple ("^[1-9][0-9]* seconds? so far\\.", texts->str, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (texts->str, "Stop keeps what was found"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL));
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_true (advice_shown (fixture));
  g_assert_cmpuint (spc_recommendation_view_get_advice (recommendation)->port, ==, fixture->starttls_port);
}

static gboolean
not_found_page_shown (Fixture *fixture)
{
  return g_strcmp0 (spc_window_get_page (fixture->window), "not-found") == 0;
}

/* No network and nothing reached: the "offline" page, not a red row per
 * port that blames the server; back online, the check runs again by itself */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  SpcTestNetworkMonitor *monitor = SPC_TEST_NETWORK_MONITOR (g_network_monitor_get_default ());

  set_ports (fixture, "%u/tls,%u/starttls", fixture->tls_port, fixture->starttls_port);
  spc_test_network_monitor_set_available (monitor, FALSE);
  spc_window_check_host (fixture->window, "smtp.no-such-name.test");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "offline");

  /* Try Again goes with its page: the focus to the entry, not nowhere */
  g_signal_emit_by_name (focus_button (fixture, "Try Again"), "clicked");
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");
  g_assert_true (entry_has_focus (fixture));
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "offline");

  /* Without a network a refused port still proves a path: no "offline" */
  set_ports (fixture, "%u/starttls", fixture->closed_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");

  set_ports (fixture, "%u/tls,%u/starttls", fixture->tls_port, fixture->starttls_port);
  spc_window_check_host (fixture->window, "smtp.no-such-name.test");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "offline");

  /* Checked again: the name still does not resolve, now said as such */
  spc_test_network_monitor_set_available (monitor, TRUE);
  g_assert_true (wait_for (fixture, not_found_page_shown, WAIT_DEADLINE_S));
  g_assert_true (diagnosis_done (fixture));
}

/* A name that does not resolve: one page that says so, not a red row per
 * port, and the entry focused to fix the spelling */
static void
test_name_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *focus;

  set_ports (fixture, "%u/tls,%u/starttls,%u/starttls",
             fixture->tls_port, fixture->starttls_port, fixture->closed_port);
  spc_window_check_host (fixture->window, "smtp.no-such-name.test");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  g_assert_cmpint (spc_result_get_status (spc_port_row_get_result (get_row (fixture, 0))), ==,
                   SPC_STATUS_DNS_ERROR);
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "not-found");
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "smtp.no-such-name.test");

  /* The spelling fixed in the same entry, Enter checks it */
  gtk_editable_set_text (GTK_EDITABLE (focus), "localhost");
  g_signal_emit_by_name (focus, "activate");
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");
}

/* An ISPDB on loopback: provider.test's servers are this test's ports of
 * localhost and 127.0.0.1; every other domain is not known */
static char *
ispdb_servers (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strdup_printf ("<outgoingServer type=\"smtp\"><hostname>localhost</hostname><port>%u</port>"
                          "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username></outgoingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>127.0.0.1</hostname><port>%u</port>"
                          "<socketType>STARTTLS</socketType><username>%%EMAILADDRESS%%</username></outgoingServer>",
                          fixture->tls_port, fixture->starttls_port);
}

/* The loopback ISPDB of provider.test as "ispdb-url": @display_name (XML)
 * and the outgoing servers @servers writes */
static SoupServer *
start_ispdb_with (Fixture                 *fixture,
                  const char              *display_name,
                  SpcTestIspdbServersFunc  servers)
{
  g_autofree char *url = NULL;
  SoupServer *server = spc_test_ispdb_start (g_test_get_dir (G_TEST_BUILT), "provider.test",
                                             display_name, servers, fixture, &url);

  g_settings_set_string (fixture->settings, "ispdb-url", url);
  return server;
}

static SoupServer *
start_ispdb (Fixture *fixture)
{
  return start_ispdb_with (fixture, "Provider Mail", ispdb_servers);
}

static gboolean
address_checked (Fixture *fixture)
{
  SpcDiscovery *discovery = spc_window_get_discovery (fixture->window);
  GPtrArray *diagnoses = spc_window_get_discovered_diagnoses (fixture->window);

  if (discovery == NULL || !spc_discovery_is_done (discovery) || diagnoses->len == 0)
    return FALSE;
  for (guint i = 0; i < diagnoses->len; i++)
    if (!spc_diagnosis_is_done (diagnoses->pdata[i]))
      return FALSE;
  return TRUE;
}

/* Every format Copy As offers names the address, never a placeholder */
static void
assert_formats_name (Fixture    *fixture,
                     const char *address)
{
  SpcRecommendationView *recommendation = spc_window_get_recommendation (fixture->window);

  for (SpcConfigFormat format = 0; format < SPC_N_CONFIG_FORMATS; format++)
    {
      g_autofree char *copied = NULL;
      /* In a URL (NeoMutt's smtp_url) the "@" of the user name is escaped */
      g_autofree char *escaped = g_uri_escape_string (address, NULL, FALSE);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recommendation), "recommendation-view.copy-config",
                                                 "s", spc_config_format_to_string (format)));
      copied = read_clipboard (fixture);
      g_test_message ("%s:\n%s", spc_config_format_to_string (format), copied);
      g_assert_true (strstr (copied, address) != NULL || strstr (copied, escaped) != NULL);
      g_assert_null (strstr (copied, "you@"));
    }

  {
    g_autofree char *user = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recommendation), "recommendation-view.copy-value",
                                               "s", "user"));
    user = read_clipboard (fixture);
    g_assert_cmpstr (user, ==, address);
  }
}

/* An address in the main entry: its MX names a provider, the (loopback)
 * ISPDB its servers; the window says who handles the mail, shows a group
 * of rows per server, and the address fills every configuration */
static void
test_address_discovery (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SoupServer) ispdb = start_ispdb (fixture);
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *remembered = NULL;
  const SpcRecommendation *advice;
  GPtrArray *diagnoses;

  spc_window_check_host (fixture->window, "ana@mail.test");
  g_assert_null (spc_window_get_host_error (fixture->window));
  g_assert_cmpstr (spc_window_get_page (fixture->window), ==, "results");
  g_assert_true (wait_for (fixture, address_checked, WAIT_DEADLINE_S));

  g_assert_cmpstr (spc_window_get_handler_text (fixture->window), ==, "Your mail is handled by Provider Mail.");
  diagnoses = spc_window_get_discovered_diagnoses (fixture->window);
  g_assert_cmpuint (diagnoses->len, ==, 2);
  collect_label_texts (GTK_WIDGET (fixture->window), texts);
  g_assert_nonnull (strstr (texts->str, "Ports of localhost\n"));
  g_assert_nonnull (strstr (texts->str, "Ports of 127.0.0.1\n"));
  for (guint i = 0; i < diagnoses->len; i++)
    g_assert_cmpint (spc_result_get_verdict (spc_diagnosis_find_result (diagnoses->pdata[i],
                                                                        i == 0 ? fixture->tls_port : fixture->starttls_port)),
                     ==, SPC_VERDICT_GREEN);
  /* One address's servers share one bound on handshakes, one name cache
   * and one reading of the trust */
  {
    SpcRequest *first = spc_diagnosis_get_request (diagnoses->pdata[0]);
    SpcRequest *second = spc_diagnosis_get_request (diagnoses->pdata[1]);

    g_assert_true (spc_request_get_handshake_queue (first) == spc_request_get_handshake_queue (second));
    g_assert_true (spc_request_get_name_cache (first) == spc_request_get_name_cache (second));
    g_assert_true (spc_request_get_tls_database (first) == spc_request_get_tls_database (second));
    g_assert_cmpstr (spc_request_get_host (first), ==, "localhost");
    g_assert_cmpstr (spc_request_get_host (second), ==, "127.0.0.1");
  }

  advice = spc_recommendation_view_get_advice (spc_window_get_recommendation (fixture->window));
  g_assert_nonnull (advice);
  g_assert_cmpstr (advice->host, ==, "localhost");
  g_assert_cmpuint (advice->port, ==, fixture->tls_port);

  remembered = g_settings_get_string (fixture->settings, "address");
  g_assert_cmpstr (remembered, ==, "ana@mail.test");
  assert_formats_name (fixture, "ana@mail.test");

  /* A server typed later: the remembered address still fills every format */
  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  g_assert_null (spc_window_get_handler_text (fixture->window));
  assert_formats_name (fixture, "ana@mail.test");
}

/* A WidgetMatch: the entry's Recent menu button */
static gboolean
is_recent_button (GtkWidget  *widget,
                  const char *unused)
{
  return GTK_IS_MENU_BUTTON (widget)
         && g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                       "document-open-recent-symbolic") == 0;
}

/* Remember Recent Servers off: no server or address typed is kept, and
 * none kept before is offered, nor names a configuration */
static void
test_remember_hosts_off (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const recent[] = { "smtp.example.com", "localhost", NULL };
  g_autoptr(SoupServer) ispdb = start_ispdb (fixture);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  GtkWidget *recent_button = find_under (GTK_WIDGET (fixture->window), is_recent_button, NULL);
  SpcRecommendationView *recommendation = spc_window_get_recommendation (fixture->window);
  g_auto(GStrv) offered = NULL;
  g_auto(GStrv) remembered = NULL;
  g_autofree char *address = NULL;
  g_autofree char *user = NULL;

  g_settings_set_strv (fixture->settings, "recent-hosts", recent);
  g_settings_set_string (fixture->settings, "address", "old@mail.test");
  g_assert_true (gtk_widget_get_visible (recent_button));
  g_settings_set_boolean (fixture->settings, "remember-hosts", FALSE);

  /* No suggestion while typing, no Recent menu */
  gtk_editable_set_text (GTK_EDITABLE (focus), "smtp.ex");
  offered = spc_window_dup_suggestions (fixture->window);
  g_assert_cmpuint (g_strv_length (offered), ==, 0);
  g_assert_false (gtk_widget_get_visible (recent_button));

  /* The address typed is not kept */
  spc_window_check_host (fixture->window, "ana@mail.test");
  g_assert_true (wait_for (fixture, address_checked, WAIT_DEADLINE_S));
  address = g_settings_get_string (fixture->settings, "address");
  g_assert_cmpstr (address, ==, "old@mail.test");

  /* Nor the server; and a server typed later names neither address */
  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));
  remembered = g_settings_get_strv (fixture->settings, "recent-hosts");
  g_assert_cmpstrv (remembered, recent);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (recommendation), "recommendation-view.copy-value",
                                             "s", "user"));
  user = read_clipboard (fixture);
  g_assert_null (strstr (user, "@mail.test"));

  /* Switched back on, what was kept before is offered again */
  g_settings_set_boolean (fixture->settings, "remember-hosts", TRUE);
  g_assert_true (gtk_widget_get_visible (recent_button));
}

/* A provider's document is network text as well: a terminal escape, a
 * bell and a bidi override in its name and user name */
#define HOSTILE_NAME_XML "Evil&#x1b;[2J&#x202e;Mail"
#define HOSTILE_NAME_SHOWN "Evil<U+001B>[2J<U+202E>Mail"
#define HOSTILE_USER_XML "ana&#x1b;]0;owned&#x7;&#x200b;@mail.test"
#define HOSTILE_USER_SHOWN "ana<U+001B>]0;owned<U+0007><U+200B>@mail.test"

static char *
hostile_servers (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_strdup_printf ("<outgoingServer type=\"smtp\"><hostname>localhost</hostname><port>%u</port>"
                          "<socketType>SSL</socketType><username>" HOSTILE_USER_XML "</username></outgoingServer>",
                          fixture->tls_port);
}

/* Fails on a character of @text that would not show (a control but "\n",
 * a format character) */
static void
assert_nothing_hidden (const char *what,
                       const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (spc_display_text_is_hidden (g_utf8_get_char (p)) && *p != '\n')
      g_error ("%s shows U+%04X as it came, at byte %td", what, g_utf8_get_char (p), p - text);
}

/* The window and the copied report (the CLI's text for the address) show
 * the document's hidden characters as <U+XXXX>, never as they came */
static void
test_address_hostile_document (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SoupServer) ispdb = start_ispdb_with (fixture, HOSTILE_NAME_XML, hostile_servers);
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *report = NULL;
  g_autofree char *copied = NULL;

  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "ana@mail.test");
  g_assert_true (wait_for (fixture, address_checked, WAIT_DEADLINE_S));
  g_assert_cmpstr (spc_discovery_get_provider (spc_window_get_discovery (fixture->window)), ==,
                   "Evil\x1b[2J\u202eMail");

  report = spc_discovery_report_to_text (spc_window_get_discovery (fixture->window),
                                         spc_window_get_discovered_diagnoses (fixture->window), FALSE);
  g_test_message ("%s", report);
  assert_nothing_hidden ("the text report", report);
  g_assert_nonnull (strstr (report, "ana@mail.test: provider " HOSTILE_NAME_SHOWN "\n"));
  g_assert_nonnull (strstr (report, HOSTILE_USER_SHOWN));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-report", NULL));
  copied = read_clipboard (fixture);
  assert_nothing_hidden ("the copied report", copied);
  g_assert_nonnull (strstr (copied, HOSTILE_NAME_SHOWN));

  collect_label_texts (GTK_WIDGET (fixture->window), texts);
  assert_nothing_hidden ("the window", texts->str);
  g_assert_nonnull (strstr (texts->str, HOSTILE_NAME_SHOWN));
}

/* Whether Save as JSON's file chooser can be seen here, as a dialog of
 * GTK's own (no portal runs in the tests). Not inside a Flatpak sandbox,
 * where GTK asks the portal, which a build sandbox does not have; not
 * under the leak checker either: the chooser makes GLib outgrow its first
 * block of quarks, which GLib keeps on purpose, and the fast unwinder
 * cannot tell that allocation (made while GLib loads) from one of ours. */
static gboolean
file_chooser_testable (void)
{
#ifdef SPC_TEST_UNDER_ADDRESS_SANITIZER
  return FALSE;
#else
  return !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
#endif
}

/* The file chooser of Save as JSON is open */
static gboolean
save_dialog_open (Fixture *fixture)
{
  g_autoptr(GListModel) toplevels = NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), "Save Report as JSON") == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static void
close_save_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), "Save Report as JSON") == 0)
        {
          gtk_window_close (window);
          return;
        }
    }
}

/* An address's report saved as JSON is what `smtp-port-check --json
 * ADDRESS` writes: the address, its discovery, each server's ports and the
 * recommendation, checked against what the test servers play */
static void
test_address_save_report (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(SoupServer) ispdb = start_ispdb (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) expected_root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *saved = NULL;
  JsonObject *report, *recommendation;
  JsonArray *hosts;

  /* Save Report as JSON… (Ctrl+S) asks for a file once there is a report:
   * not before the address is checked, and then */
  if (file_chooser_testable ())
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save-json", NULL);
      for (guint i = 0; i < 100; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_false (save_dialog_open (fixture));
    }
  else
    g_test_message ("The file chooser is not checked here (a Flatpak sandbox, or the leak checker)");
  spc_window_check_host (fixture->window, "ana@mail.test");
  g_assert_true (wait_for (fixture, address_checked, WAIT_DEADLINE_S));
  if (file_chooser_testable ())
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save-json", NULL);
      g_assert_true (wait_for (fixture, save_dialog_open, WAIT_DEADLINE_S));
      close_save_dialog ();
    }
  saved = save_report (fixture);

  /* The CLI's report of the address, to the byte */
  expected_root = spc_discovery_report_to_json_node (spc_window_get_discovery (fixture->window),
                                                     spc_window_get_discovered_diagnoses (fixture->window));
  expected = spc_report_node_to_json (expected_root, TRUE);
  g_assert_cmpstr (saved, ==, expected);

  json_parser_load_from_data (parser, saved, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "address"), ==, "ana@mail.test");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (report, "discovery"), "domain"),
                   ==, "mail.test");
  hosts = json_object_get_array_member (report, "hosts");
  g_assert_cmpuint (json_array_get_length (hosts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hosts, 0), "host"), ==, "localhost");
  g_assert_cmpstr (json_object_get_string_member (find_json_port (json_array_get_object_element (hosts, 0),
                                                                  fixture->tls_port), "verdict"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hosts, 1), "host"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (find_json_port (json_array_get_object_element (hosts, 1),
                                                                  fixture->starttls_port), "verdict"), ==, "green");
  recommendation = json_object_get_object_member (report, "recommendation");
  g_assert_nonnull (recommendation);
  g_assert_cmpstr (json_object_get_string_member (recommendation, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (recommendation, "port"), ==, fixture->tls_port);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "checklist")), >, 0);
}

/* The copy-value targets of the buttons under @widget */
static void
collect_copy_targets (GtkWidget *widget,
                      GPtrArray *targets)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "recommendation-view.copy-value") == 0)
    g_ptr_array_add (targets, g_variant_dup_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)), NULL));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_copy_targets (child, targets);
}

/* Security and authentication are drop-downs in a mail client: shown in its
 * words, the same as Copy As writes, and with nothing to copy */
static void
test_client_vocabulary (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *recommendation = GTK_WIDGET (spc_window_get_recommendation (fixture->window));
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copied = NULL;

  set_ports (fixture, "%u/tls", fixture->tls_port);
  spc_window_check_host (fixture->window, "localhost");
  g_assert_true (wait_for (fixture, diagnosis_done, WAIT_DEADLINE_S));

  collect_label_texts (recommendation, texts);
  g_assert_true (has_line (texts->str, "Normal password"));
  g_assert_true (has_line (texts->str, "SSL/TLS"));
  g_assert_false (has_line (texts->str, "PLAIN"));

  g_assert_true (gtk_widget_activate_action (recommendation, "recommendation-view.copy-config", "s", "plain"));
  copied = read_clipboard (fixture);
  g_assert_true (has_line (copied, "Authentication method: Normal password"));
  g_assert_true (has_line (copied, "Connection security: SSL/TLS"));

  collect_copy_targets (recommendation, targets);
  g_assert_cmpuint (targets->len, ==, 3);
  g_assert_cmpstr (targets->pdata[0], ==, "server");
  g_assert_cmpstr (targets->pdata[1], ==, "port");
  g_assert_cmpstr (targets->pdata[2], ==, "user");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!spc_test_have_display ("/window/needs-display"))
    return g_test_run ();

  adw_init ();
  /* Whether there is a network is the test's to say, not the machine's
   * (a build sandbox has none) */
  spc_test_network_monitor_install ();

  /* Every name a test uses resolves here, and any other fails at once */
  {
    g_autoptr(SpcTestResolver) resolver = spc_test_resolver_new ();

    spc_test_resolver_add_host (resolver, "localhost", "127.0.0.1");
    /* mail.test's mail goes to provider.test, whose servers the ISPDB names */
    spc_test_resolver_add_mx (resolver, "mail.test", "mx.provider.test");
    g_resolver_set_default (G_RESOLVER (resolver));
  }

  g_test_add ("/window/empty-state", Fixture, NULL, fixture_set_up, test_empty_state, fixture_tear_down);
  g_test_add ("/window/invalid-input", Fixture, NULL, fixture_set_up, test_invalid_input, fixture_tear_down);
  g_test_add ("/window/check", Fixture, NULL, fixture_set_up, test_check, fixture_tear_down);
  g_test_add ("/window/stop", Fixture, NULL, fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/window/enter", Fixture, NULL, fixture_set_up, test_enter_starts_check, fixture_tear_down);
  g_test_add ("/window/recent-hosts", Fixture, NULL, fixture_set_up, test_recent_hosts_offered, fixture_tear_down);
  g_test_add ("/window/save-report", Fixture, NULL, fixture_set_up, test_save_report, fixture_tear_down);
  g_test_add ("/window/size-remembered", Fixture, NULL, fixture_set_up, test_size_remembered, fixture_tear_down);
  g_test_add ("/window/network-text-is-not-markup", Fixture, NULL, fixture_set_up, test_network_text_is_not_markup, fixture_tear_down);
  g_test_add ("/window/network-text-hidden-characters", Fixture, NULL, fixture_set_up, test_network_text_hidden_characters, fixture_tear_down);
  g_test_add ("/window/toast-is-not-markup", Fixture, NULL, fixture_set_up, test_toast_is_not_markup, fixture_tear_down);
  g_test_add ("/window/restart-200-times", Fixture, NULL, fixture_set_up, test_restart_loop, fixture_tear_down);
  g_test_add ("/window/mnemonics-unique", Fixture, NULL, fixture_set_up, test_mnemonics_unique, fixture_tear_down);
  g_test_add ("/window/entry-title-whole/360", Fixture, GINT_TO_POINTER (360), fixture_set_up,
              test_entry_title_whole, fixture_tear_down);
  g_test_add ("/window/entry-title-whole/720", Fixture, GINT_TO_POINTER (720), fixture_set_up,
              test_entry_title_whole, fixture_tear_down);
  g_test_add ("/window/entry-stays-in-view", Fixture, NULL, fixture_set_up, test_entry_stays_in_view, fixture_tear_down);
  g_test_add ("/window/advice-before-deadline", Fixture, NULL, fixture_set_up, test_advice_before_deadline, fixture_tear_down);
  g_test_add ("/window/advice-waits-for-better-port", Fixture, NULL, fixture_set_up, test_advice_waits_for_better_port, fixture_tear_down);
  g_test_add ("/window/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/window/name-not-found", Fixture, NULL, fixture_set_up, test_name_not_found, fixture_tear_down);
  g_test_add ("/window/address-discovery", Fixture, NULL, fixture_set_up, test_address_discovery, fixture_tear_down);
  g_test_add ("/window/address-hostile-document", Fixture, NULL, fixture_set_up, test_address_hostile_document,
              fixture_tear_down);
  g_test_add ("/window/remember-hosts-off", Fixture, NULL, fixture_set_up, test_remember_hosts_off, fixture_tear_down);
  g_test_add ("/window/address-save-report", Fixture, NULL, fixture_set_up, test_address_save_report, fixture_tear_down);
  g_test_add ("/window/client-vocabulary", Fixture, NULL, fixture_set_up, test_client_vocabulary, fixture_tear_down);
  g_test_add ("/window/reference-preferences", Fixture, NULL, fixture_set_up, test_reference_preferences, fixture_tear_down);
  g_test_add ("/window/checklist-answers", Fixture, NULL, fixture_set_up, test_checklist_answers, fixture_tear_down);
  g_test_add ("/window/second-check", Fixture, NULL, fixture_set_up, test_second_check_replaces_first, fixture_tear_down);

  return g_test_run ();
}
