/* test-login-dialog.c — Check Login in the window, against the scripted login server
 *
 * A real diagnosis of a loopback port of tests/spc-login-server.c, its
 * recommendation view in a window, the "Check Login" action, and the dialog
 * it opens driven as a user would: type, press the button, read the words.
 * Runs under Xvfb, with HOME and the XDG folders in a fresh directory, so
 * the test can prove that the password reached no file and no setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "spc-login-dialog.h"
#include "spc-login-server.h"
#include "spc-login-text.h"
#include "spc-recommendation-view.h"
#include "spc-test-ispdb.h"
#include "spc-test-network-monitor.h"
#include "spc-test-resolver.h"
#include "spc-test-util.h"
#include "spc-test-widget.h"
#include "spc-window.h"

#define TIMEOUT_MS 3000

typedef struct {
  SpcLoginServer *server;
  GTlsDatabase   *ca_database;
  char           *home;
  GSubprocess    *goa_service;
  GTestDBus      *bus;
} Env;

static Env env;

/* The first widget of @type under @widget, NULL if none */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a visible label under @widget shows exactly @text */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* The row under @widget of @type titled @title, NULL if none */
static GtkWidget *
find_titled (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_titled (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* No switch under @widget is on */
static gboolean
switches_off (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget) && gtk_switch_get_active (GTK_SWITCH (widget)))
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!switches_off (child))
      return FALSE;
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
diagnosis_done (gpointer data)
{
  return spc_diagnosis_is_done (data);
}

static gboolean
dialog_not_busy (gpointer data)
{
  return !spc_login_dialog_is_busy (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !spc_login_dialog_is_busy (data) && spc_login_dialog_get_result (data) != NULL;
}

/* The dialog a Check Login action opened, in any toplevel, other than
 * @other (may be NULL) */
static SpcLoginDialog *
find_dialog_other_than (SpcLoginDialog *other)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *dialog = find_widget (window, SPC_TYPE_LOGIN_DIALOG);

      if (dialog != NULL && dialog != GTK_WIDGET (other))
        return SPC_LOGIN_DIALOG (dialog);
    }
  return NULL;
}

static SpcLoginDialog *
find_dialog (void)
{
  return find_dialog_other_than (NULL);
}

typedef struct {
  GtkWindow             *window;
  SpcRecommendationView *view;
  SpcDiagnosis          *diagnosis;
  SpcLoginDialog        *dialog;
  guint16                port;
} Fixture;

/* A window with the recommendation for the login server's @scenario port,
 * and the dialog its Check Login button opened, which it returns */
static GtkWidget *
fixture_open (Fixture          *fixture,
              SpcLoginScenario  scenario)
{
  g_autoptr(GError) error = NULL;
  guint16 port = spc_login_server_add_port (env.server, scenario, &error);
  g_autofree char *list = g_strdup_printf ("%u/starttls", port);
  g_autoptr(GArray) specs = spc_port_parse_list (list, &error);
  g_autoptr(SpcRequest) request = NULL;

  g_assert_no_error (error);
  fixture->port = port;
  request = g_object_new (SPC_TYPE_REQUEST,
                          "host", "localhost",
                          "ports", specs,
                          "timeout-ms", TIMEOUT_MS,
                          "tls-database", env.ca_database,
                          NULL);
  fixture->diagnosis = spc_diagnosis_new_for_request (request, &error);
  g_assert_no_error (error);
  spc_diagnosis_start (fixture->diagnosis);
  g_assert_true (spc_test_wait_for (diagnosis_done, fixture->diagnosis, 10 * TIMEOUT_MS));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->view = g_object_new (SPC_TYPE_RECOMMENDATION_VIEW, NULL);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  spc_recommendation_view_update (fixture->view, G_LIST_MODEL (fixture->diagnosis), "localhost", TRUE, 0);
  g_assert_nonnull (spc_recommendation_view_get_advice (fixture->view));

  /* Offered on the green port, and it opens the dialog */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "recommendation-view.check-login", NULL));
  fixture->dialog = find_dialog ();
  g_assert_nonnull (fixture->dialog);
  g_object_ref (fixture->dialog);
  return GTK_WIDGET (fixture->dialog);
}

static void
fixture_close (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_clear_object (&fixture->dialog);
  /* Every window: the dialog's (libadwaita 1.2) and ours */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_clear_object (&fixture->diagnosis);
}

static void
type_into (GtkWidget  *dialog,
           GType       row_type,
           const char *text)
{
  GtkWidget *row = find_widget (dialog, row_type);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
check_login (SpcLoginDialog *dialog,
             const char     *action)
{
  GPtrArray *transcript;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL));
  g_assert_true (spc_login_dialog_is_busy (dialog));
  g_assert_true (spc_test_wait_for (dialog_idle, dialog, 10 * TIMEOUT_MS));

  transcript = spc_login_result_get_transcript (spc_login_dialog_get_result (dialog));
  for (guint i = 0; i < transcript->len; i++)
    {
      SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *text = spc_login_text_describe_line (line);

      g_test_message ("%c %s", "CS*"[line->direction], text);
    }
}

/* The login server's user with @password typed in, then Check Login */
static void
log_in_with_password (Fixture    *fixture,
                      const char *password)
{
  spc_login_dialog_set_user (fixture->dialog, SPC_LOGIN_SERVER_USER);
  type_into (GTK_WIDGET (fixture->dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, password);
  check_login (fixture->dialog, "login-dialog.check");
}

/* @needle's bytes anywhere under @dir (recursively) */
static gboolean
directory_contains (const char *dir,
                    const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          if (directory_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Every key of the app's settings: none holds @needle */
static void
assert_not_in_settings (const char *needle)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.SmtpPort");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, needle));
    }
}

static void
test_login_ok (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);

  /* Row titles in header capitalisation (GNOME HIG) */
  g_assert_nonnull (find_titled (dialog, ADW_TYPE_ENTRY_ROW, "User Name"));
  /* "Remember Password" is off until the user turns it on */
  g_assert_true (shows_label (dialog, "Remember Password"));
  g_assert_true (switches_off (dialog));

  log_in_with_password (&fixture, SPC_LOGIN_SERVER_PASSWORD);

  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_OK);
  g_assert_true (shows_label (dialog, "Logged in as " SPC_LOGIN_SERVER_USER " with SCRAM-SHA-256."));

  /* The password went nowhere but to the server */
  assert_not_in_settings (SPC_LOGIN_SERVER_PASSWORD);
  g_assert_false (directory_contains (env.home, SPC_LOGIN_SERVER_PASSWORD));

  fixture_close (&fixture);
}

static void
test_login_refused (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);

  log_in_with_password (&fixture, "not the password");

  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_REJECTED);
  g_assert_cmpuint (spc_login_result_get_reply_code (spc_login_dialog_get_result (fixture.dialog)), ==, 535);
  /* The 535's words and the next step, from advice/ */
  g_assert_true (shows_label (dialog, "The server refused the user name or the password."));
  g_assert_true (shows_label (dialog, "Check the user name (often your whole email address) and the password; with two-step verification, create an app password."));
  /* No test message after a refused login */
  g_assert_false (shows_label (dialog, "Send Test Message"));

  fixture_close (&fixture);
}

/* A refusal in the server's own words: shown, and said to a screen
 * reader, with its hidden characters as <U+XXXX> */
static void
test_login_reply_shown (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;
  GtkWidget *summary;
  const char *expected = "The server refused the login: " SPC_LOGIN_SERVER_HOSTILE_SHOWN ".";
  g_autofree char *problem = NULL;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_AUTH_HOSTILE_REPLY);
  log_in_with_password (&fixture, SPC_LOGIN_SERVER_PASSWORD);

  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_REJECTED);
  summary = spc_test_find_widget (dialog, spc_test_label_is, expected, TRUE);
  g_assert_nonnull (summary);
  /* The outcome's box is what a screen reader names the outcome by */
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (gtk_widget_get_parent (summary)),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  g_assert_null (problem);

  fixture_close (&fixture);
}

static void
test_message_sent (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;
  g_autofree char *queued = NULL;
  g_autofree char *message_id = NULL;
  SpcLoginResult *result;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);

  log_in_with_password (&fixture, SPC_LOGIN_SERVER_PASSWORD);
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_OK);

  /* The recipient: the user's own address, already filled in */
  g_assert_true (shows_label (dialog, "Send Test Message"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_titled (dialog, ADW_TYPE_ENTRY_ROW, "Recipient"))), ==, SPC_LOGIN_SERVER_USER);

  check_login (fixture.dialog, "login-dialog.send-test");
  result = spc_login_dialog_get_result (fixture.dialog);
  g_assert_cmpint (spc_login_result_get_message_outcome (result), ==, SPC_TEST_MESSAGE_ACCEPTED);
  g_assert_cmpstr (spc_login_result_get_message_to (result), ==, SPC_LOGIN_SERVER_USER);

  /* The outcome with the queue id, and the Message-ID */
  queued = g_strdup_printf ("The server accepted the test message for %s (queue id %s).",
                            SPC_LOGIN_SERVER_USER, SPC_LOGIN_SERVER_QUEUE_ID);
  g_assert_true (shows_label (dialog, queued));
  message_id = g_strdup_printf ("Message-ID: %s", spc_login_result_get_message_id (result));
  g_assert_true (shows_label (dialog, message_id));

  assert_not_in_settings (SPC_LOGIN_SERVER_PASSWORD);
  g_assert_false (directory_contains (env.home, SPC_LOGIN_SERVER_PASSWORD));

  fixture_close (&fixture);
}

/* Enter in @row, as GTK's entry inside it reports it, then the run it
 * started to its end */
static void
press_enter (SpcLoginDialog *dialog,
             GtkWidget      *row)
{
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_true (spc_login_dialog_is_busy (dialog));
  g_assert_true (spc_test_wait_for (dialog_idle, dialog, 10 * TIMEOUT_MS));
}

/* Enter in the password row checks the login, as the Check Login button
 * does; Enter in the recipient row sends the test message */
static void
test_enter_submits (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;
  SpcLoginResult *result;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);
  spc_login_dialog_set_user (fixture.dialog, SPC_LOGIN_SERVER_USER);
  type_into (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, SPC_LOGIN_SERVER_PASSWORD);

  press_enter (fixture.dialog, find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW));
  result = spc_login_dialog_get_result (fixture.dialog);
  g_assert_cmpint (spc_login_result_get_outcome (result), ==, SPC_LOGIN_OK);
  g_assert_cmpint (spc_login_result_get_message_outcome (result), ==, SPC_TEST_MESSAGE_NOT_SENT);

  /* Enter in the user name row checks too */
  press_enter (fixture.dialog, find_titled (dialog, ADW_TYPE_ENTRY_ROW, "User Name"));
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_OK);

  press_enter (fixture.dialog, find_titled (dialog, ADW_TYPE_ENTRY_ROW, "Recipient"));
  result = spc_login_dialog_get_result (fixture.dialog);
  g_assert_cmpint (spc_login_result_get_message_outcome (result), ==, SPC_TEST_MESSAGE_ACCEPTED);
  g_assert_cmpstr (spc_login_result_get_message_to (result), ==, SPC_LOGIN_SERVER_USER);

  fixture_close (&fixture);
}

/* The button labelled @label in @dialog pressed from the keyboard (it has
 * the focus), then the run to its end: the focus is on the button again,
 * not lost while the button was insensitive */
static void
press_focused_button (GtkWidget  *dialog,
                      const char *label)
{
  GtkWidget *button = gtk_widget_get_ancestor (spc_test_find_widget (dialog, spc_test_label_is, label, TRUE),
                                               GTK_TYPE_BUTTON);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_grab_focus (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (spc_login_dialog_is_busy (SPC_LOGIN_DIALOG (dialog)));
  g_assert_true (spc_test_wait_for (dialog_idle, dialog, 10 * TIMEOUT_MS));
  g_assert_true (gtk_root_get_focus (gtk_widget_get_root (dialog)) == button);
}

static void
test_focus_kept (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);
  spc_login_dialog_set_user (fixture.dialog, SPC_LOGIN_SERVER_USER);
  type_into (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, SPC_LOGIN_SERVER_PASSWORD);

  press_focused_button (dialog, "Check Login");
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_OK);
  press_focused_button (dialog, "Send Test Message");
  g_assert_cmpint (spc_login_result_get_message_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_TEST_MESSAGE_ACCEPTED);

  fixture_close (&fixture);
}

/* provider.test's one server: localhost at the login server's STARTTLS port */
static char *
ispdb_servers (gpointer user_data)
{
  return g_strdup_printf ("<outgoingServer type=\"smtp\"><hostname>localhost</hostname><port>%u</port>"
                          "<socketType>STARTTLS</socketType><username>%%EMAILADDRESS%%</username></outgoingServer>",
                          GPOINTER_TO_UINT (user_data));
}

/* An address's advice comes once its discovery and every probe ended */
static gboolean
advice_shown (gpointer data)
{
  return spc_recommendation_view_get_advice (spc_window_get_recommendation (data)) != NULL;
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return data != NULL && g_strstr_len (data, size, needle) != NULL;
}

/* Not a byte of the user name or password (as typed or in base64) and no
 * AUTH command reached @port */
static void
assert_no_credential_reached (guint16 port)
{
  g_autoptr(GBytes) received = spc_login_server_dup_received (env.server, port);
  const char plain[] = "\0" SPC_LOGIN_SERVER_USER "\0" SPC_LOGIN_SERVER_PASSWORD;
  g_autofree char *plain64 = g_base64_encode ((const guchar *) plain, sizeof plain - 1);
  g_autofree char *user64 = g_base64_encode ((const guchar *) SPC_LOGIN_SERVER_USER, strlen (SPC_LOGIN_SERVER_USER));

  g_assert_false (bytes_contain (received, SPC_LOGIN_SERVER_PASSWORD));
  g_assert_false (bytes_contain (received, plain64));
  g_assert_false (bytes_contain (received, user64));
  g_assert_false (bytes_contain (received, "AUTH"));
}

/* A server found from an email address, its certificate from the test CA
 * that only the window's CA file makes trusted: Check Login trusts exactly
 * what the probe trusted and logs in; the same port with the system's trust
 * alone is refused before any credential byte */
static void
test_discovered_trust (void)
{
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  g_autofree char *ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("org.example.SmtpPort");
  guint16 port = spc_login_server_add_port (env.server, SPC_LOGIN_SCENARIO_STARTTLS, NULL);
  g_autofree char *ispdb_url = NULL;
  g_autoptr(SoupServer) ispdb = spc_test_ispdb_start (cert_dir, "provider.test", "Provider Mail",
                                                      ispdb_servers, GUINT_TO_POINTER (port), &ispdb_url);
  g_autoptr(SpcWindow) window = NULL;
  g_autoptr(SpcResult) probed = NULL;
  g_autoptr(SpcLoginDialog) untrusting = NULL;
  SpcRecommendationView *view;
  SpcLoginDialog *dialog;
  GPtrArray *diagnoses;
  guint before;

  g_settings_set_string (settings, "ispdb-url", ispdb_url);
  g_settings_set_string (settings, "family", "ipv4");
  g_settings_set_uint (settings, "timeout", TIMEOUT_MS / 1000);
  window = g_object_ref_sink (spc_window_new (NULL));
  spc_window_set_ca_file (window, ca_file);
  gtk_window_present (GTK_WINDOW (window));

  spc_window_check_host (window, SPC_LOGIN_SERVER_USER);
  g_assert_true (spc_test_wait_for (advice_shown, window, 20 * TIMEOUT_MS));
  diagnoses = spc_window_get_discovered_diagnoses (window);
  g_assert_cmpuint (diagnoses->len, ==, 1);
  probed = g_object_ref (spc_diagnosis_find_result (diagnoses->pdata[0], port));
  g_assert_cmpint (spc_result_get_verdict (probed), ==, SPC_VERDICT_GREEN);

  /* The system's trust alone: the test CA is unknown there */
  before = spc_login_server_get_n_connections (env.server, port);
  untrusting = g_object_ref_sink (spc_login_dialog_new ("localhost", probed, NULL, TIMEOUT_MS));
  spc_login_dialog_set_user (untrusting, SPC_LOGIN_SERVER_USER);
  type_into (GTK_WIDGET (untrusting), ADW_TYPE_PASSWORD_ENTRY_ROW, SPC_LOGIN_SERVER_PASSWORD);
  check_login (untrusting, "login-dialog.check");
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (untrusting)), ==, SPC_LOGIN_REFUSED_INSECURE);
  g_assert_cmpint (spc_login_result_get_refusal (spc_login_dialog_get_result (untrusting)), ==, SPC_LOGIN_REFUSAL_CERTIFICATE);
  g_assert_cmpuint (spc_login_server_get_n_connections (env.server, port), ==, before + 1);
  assert_no_credential_reached (port);

  /* The window's own Check Login: the probe's trust, the CA file included */
  view = spc_window_get_recommendation (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "recommendation-view.check-login", NULL));
  dialog = find_dialog_other_than (untrusting);
  g_assert_nonnull (dialog);
  type_into (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, SPC_LOGIN_SERVER_PASSWORD);
  check_login (dialog, "login-dialog.check");
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (dialog)), ==, SPC_LOGIN_OK);

  g_settings_reset (settings, "ispdb-url");
  g_settings_reset (settings, "address");
  {
    Fixture closing = { 0 };

    fixture_close (&closing);
  }
}

#define GOA_ROW_TITLE "Use GNOME Online Accounts"

/* The stand-in GNOME Online Accounts daemon on the test's own session bus:
 * an OAuth2 account of the login server's user on localhost, and one that
 * needs the user to sign in again. FALSE, the test skipped, without it */
static gboolean
start_goa_service (void)
{
  const char * const accounts[] = {
    SPC_LOGIN_SERVER_USER ":" SPC_LOGIN_SERVER_TOKEN,
    "dave@example.test:dave-token:localhost:attention", NULL,
  };

  if (g_getenv ("SPC_GOA_TEST_SERVICE") == NULL)
    {
      g_test_skip ("No stand-in GNOME Online Accounts daemon (python3-gi)");
      return FALSE;
    }
  if (env.goa_service == NULL)
    env.goa_service = spc_test_start_goa_service (accounts);
  return TRUE;
}

static gboolean
goa_row_shown (gpointer data)
{
  GtkWidget *row = find_titled (data, ADW_TYPE_ACTION_ROW, GOA_ROW_TITLE);

  return row != NULL && gtk_widget_get_visible (row);
}

/* The user's GOA account for this server is offered, on, with the password
 * rows hidden; the login is OAUTHBEARER with GOA's token, framed byte for
 * byte (the server checks it), and whatever the hidden password row holds
 * never leaves */
static void
test_goa_login (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;
  GtkWidget *password_row;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *authenticated = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *initial = NULL;
  g_autofree char *command = NULL;
  guint16 port;

  if (!start_goa_service ())
    return;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);
  password_row = find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (password_row), "typed but not used");
  spc_login_dialog_set_user (fixture.dialog, SPC_LOGIN_SERVER_USER);
  g_assert_true (spc_test_wait_for (goa_row_shown, dialog, 10 * TIMEOUT_MS));

  g_assert_true (shows_label (dialog, "A token from your Test Provider account instead of the password"));
  g_assert_false (switches_off (dialog));
  g_assert_false (gtk_widget_get_visible (password_row));
  g_assert_false (shows_label (dialog, "Remember Password"));

  check_login (fixture.dialog, "login-dialog.check");
  g_assert_cmpint (spc_login_result_get_outcome (spc_login_dialog_get_result (fixture.dialog)), ==, SPC_LOGIN_OK);
  g_assert_cmpstr (spc_login_result_get_mechanism (spc_login_dialog_get_result (fixture.dialog)), ==, "OAUTHBEARER");
  g_assert_true (shows_label (dialog, "Logged in as " SPC_LOGIN_SERVER_USER " with OAUTHBEARER."));

  port = fixture.port;
  authenticated = spc_login_server_dup_authenticated (env.server, port);
  g_assert_cmpstr (authenticated, ==, "OAUTHBEARER");
  /* RFC 7628's framing, as the server received it */
  raw = g_strdup_printf ("n,a=%s,\001host=localhost\001port=%u\001auth=Bearer %s\001\001",
                         SPC_LOGIN_SERVER_USER, port, SPC_LOGIN_SERVER_TOKEN);
  initial = g_base64_encode ((const guchar *) raw, strlen (raw));
  command = g_strdup_printf ("AUTH OAUTHBEARER %s\r\n", initial);
  received = spc_login_server_dup_received (env.server, port);
  g_assert_true (bytes_contain (received, command));
  g_assert_false (bytes_contain (received, "typed but not used"));

  fixture_close (&fixture);
}

/* An account GOA wants signed in again: offered, off, and turned on it
 * says so in words, without a connection to the server */
static void
test_goa_attention (void)
{
  Fixture fixture = { 0 };
  GtkWidget *dialog;
  GtkWidget *goa_switch;
  guint16 port;
  guint before;

  if (!start_goa_service ())
    return;

  dialog = fixture_open (&fixture, SPC_LOGIN_SCENARIO_STARTTLS);
  spc_login_dialog_set_user (fixture.dialog, "dave@example.test");
  g_assert_true (spc_test_wait_for (goa_row_shown, dialog, 10 * TIMEOUT_MS));
  g_assert_true (shows_label (dialog, "GNOME Online Accounts says this account needs you to sign in again"));
  g_assert_true (switches_off (dialog));
  g_assert_true (gtk_widget_get_visible (find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW)));

  goa_switch = find_widget (find_titled (dialog, ADW_TYPE_ACTION_ROW, GOA_ROW_TITLE), GTK_TYPE_SWITCH);
  gtk_switch_set_active (GTK_SWITCH (goa_switch), TRUE);
  g_assert_false (gtk_widget_get_visible (find_widget (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW)));

  port = fixture.port;
  before = spc_login_server_get_n_connections (env.server, port);
  g_assert_true (gtk_widget_activate_action (dialog, "login-dialog.check", NULL));
  g_assert_true (spc_test_wait_for (dialog_not_busy, dialog, 10 * TIMEOUT_MS));
  g_assert_null (spc_login_dialog_get_result (fixture.dialog));
  g_assert_true (shows_label (dialog, "GNOME Online Accounts needs you to sign in to this account again: "
                                      "open Settings, then Online Accounts. Or type the password instead."));
  g_assert_cmpuint (spc_login_server_get_n_connections (env.server, port), ==, before);

  fixture_close (&fixture);
}

static gboolean
window_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The fresh XDG_CACHE_HOME has no fontconfig cache: the first text drawn
 * builds it, blocking the main loop for seconds. Once, before any deadline. */
static void
warm_up (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *label = gtk_label_new ("Check Login");

  g_autoptr(PangoLayout) layout = NULL;
  int width = 0;

  gtk_window_set_child (window, label);
  gtk_window_present (window);
  g_assert_true (spc_test_wait_for (window_drawn, label, 60000));
  /* Measuring text loads the fonts, now */
  layout = gtk_widget_create_pango_layout (label, "Check Login");
  pango_layout_get_pixel_size (layout, &width, NULL);
  g_assert_cmpint (width, >, 0);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  const char *xdg[] = { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
  int status;

  /* Before GTK starts: every file it or we might write lands here */
  env.home = g_dir_make_tmp ("spc-login-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (env.home, xdg[i], NULL);

      g_mkdir (dir, 0700);
      g_setenv (xdg[i], i == 0 ? env.home : dir, TRUE);
    }

  /* A session bus of the test's own, before GTK connects to one: the
   * dialog asks GNOME Online Accounts there, never the user's */
  display = g_strdup (g_getenv ("DISPLAY"));
  env.bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (env.bus);
  /* GTestDBus unsets DISPLAY too; Xvfb's is the one to use */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  /* Mesa compiles GL shaders into the (fresh, empty) XDG_CACHE_HOME on the
   * main thread, for seconds, and the login's deadlines pass meanwhile */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("No display (run under xvfb-run)");
      return g_test_run ();
    }
  adw_init ();
  /* The window's checks need a network; the test says there is one */
  spc_test_network_monitor_install ();
  warm_up ();

  env.server = spc_login_server_new_for_test ();
  env.ca_database = spc_test_new_ca_database ();

  /* Every name the discovery looks up stays here: ana@example.test's mail
   * goes to provider.test, whose server the loopback ISPDB names */
  {
    g_autoptr(SpcTestResolver) resolver = spc_test_resolver_new ();

    spc_test_resolver_add_host (resolver, "localhost", "127.0.0.1");
    spc_test_resolver_add_mx (resolver, "example.test", "mx.provider.test");
    g_resolver_set_default (G_RESOLVER (resolver));
  }

  g_test_add_func ("/login-dialog/login-ok", test_login_ok);
  g_test_add_func ("/login-dialog/login-refused", test_login_refused);
  g_test_add_func ("/login-dialog/login-reply-shown", test_login_reply_shown);
  g_test_add_func ("/login-dialog/message-sent", test_message_sent);
  g_test_add_func ("/login-dialog/enter-submits", test_enter_submits);
  g_test_add_func ("/login-dialog/focus-kept", test_focus_kept);
  g_test_add_func ("/login-dialog/discovered-trust", test_discovered_trust);
  g_test_add_func ("/login-dialog/goa-login", test_goa_login);
  g_test_add_func ("/login-dialog/goa-attention", test_goa_attention);

  status = g_test_run ();

  spc_test_kill_program (&env.goa_service);
  spc_login_server_stop (env.server);
  g_clear_object (&env.server);
  g_clear_object (&env.ca_database);
  /* env.bus is never taken down: GTK keeps its session connection to the
   * end, and g_test_dbus_down () would wait for it in vain. GTestDBus's
   * watcher ends the daemon with this process. */
  remove_tree (env.home);
  g_free (env.home);
  return status;
}
