/* test-preferences.c — Preferences and "About SMTP Ports" against GSettings
 *
 * Runs under Xvfb with GSETTINGS_BACKEND=memory: every test starts from the
 * schema's defaults, changes a widget or a key, and checks the other side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "spc-ports.h"
#include "spc-ports-guide.h"
#include "spc-preferences-window.h"
#include "spc-test-util.h"
#include "spc-ui-util.h"

typedef struct {
  GSettings            *settings;
  SpcPreferencesWindow *window;
} Fixture;

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* Lets queued signal emissions and idles run; bounded */
static void
drain_main_context (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  reset_settings (fixture->settings);
  fixture->window = spc_preferences_window_new ();
  spc_ui_present_dialog (GTK_WIDGET (fixture->window), NULL);
  drain_main_context ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  spc_ui_close_dialog (GTK_WIDGET (fixture->window));
  drain_main_context ();
  reset_settings (fixture->settings);
  g_clear_object (&fixture->settings);
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect_descendants (child, type, found);
    }
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_descendants (widget, type, found);
  g_assert_cmpuint (found->len, >=, 1);

  return g_ptr_array_index (found, 0);
}

static GtkSwitch *
find_port_switch (Fixture *fixture,
                  guint16  port)
{
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (fixture->window), GTK_TYPE_SWITCH, switches);
  for (guint i = 0; i < switches->len; i++)
    {
      GObject *candidate = g_ptr_array_index (switches, i);

      if (GPOINTER_TO_UINT (g_object_get_data (candidate, "spc-port")) == port)
        return GTK_SWITCH (candidate);
    }

  g_assert_not_reached ();
}

static GtkLabel *
find_error_label (Fixture *fixture)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "error"))
        return GTK_LABEL (label);
    }

  g_assert_not_reached ();
}

/* The row of @type (an AdwPreferencesRow type) whose title is @title */
static gpointer
find_titled_row (Fixture    *fixture,
                 GType       type,
                 const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (fixture->window), type, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (row), title) == 0)
        return row;
    }

  g_assert_not_reached ();
}

static gboolean
port_switch_is_on (Fixture *fixture,
                   guint16  port)
{
  return gtk_switch_get_active (find_port_switch (fixture, port));
}

static void
test_ports_default (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GArray) defaults = spc_port_default_specs ();
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");

  /* One switch per default port, all on, and nothing custom */
  for (guint i = 0; i < defaults->len; i++)
    g_assert_true (port_switch_is_on (fixture, g_array_index (defaults, SpcPortSpec, i).port));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_error_label (fixture))));
}

static void
test_ports_from_settings (Fixture       *fixture,
                          gconstpointer  data)
{
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");

  /* 587 in plain mode is not the usual 587: it goes to the custom entry */
  g_settings_set_string (fixture->settings, "ports", "25,465/tls,2526/starttls,587/plain");
  drain_main_context ();

  g_assert_true (port_switch_is_on (fixture, 25));
  g_assert_true (port_switch_is_on (fixture, 465));
  g_assert_false (port_switch_is_on (fixture, 587));
  g_assert_false (port_switch_is_on (fixture, 2525));
  g_assert_false (port_switch_is_on (fixture, 80));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "2526,587/plain");
}

static void
test_ports_switch_writes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *ports = NULL;

  gtk_switch_set_active (find_port_switch (fixture, 80), FALSE);
  gtk_switch_set_active (find_port_switch (fixture, 25), FALSE);
  drain_main_context ();

  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "465,587,2525");
}

static void
test_ports_custom_applied (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  g_autofree char *ports = NULL;

  gtk_editable_set_text (GTK_EDITABLE (custom), "2526, 8465/tls");
  g_signal_emit_by_name (custom, "apply");
  drain_main_context ();

  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "25,465,587,2525,80,2526,8465/tls");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_error_label (fixture))));
}

static void
test_ports_invalid_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  GtkLabel *error_label = find_error_label (fixture);
  g_autofree char *ports = NULL;

  /* Shown while typing, and apply leaves the key alone */
  gtk_editable_set_text (GTK_EDITABLE (custom), "2526,99999");
  drain_main_context ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "99999"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (custom), "error"));

  g_signal_emit_by_name (custom, "apply");
  drain_main_context ();
  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "25,465,587,2525,80");

  /* Fixing the text clears the error */
  gtk_editable_set_text (GTK_EDITABLE (custom), "2526");
  drain_main_context ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (custom), "error"));
}

static void
test_ports_none_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GArray) defaults = spc_port_default_specs ();
  g_autofree char *ports = NULL;
  GtkWidget *row;

  for (guint i = 0; i < defaults->len; i++)
    gtk_switch_set_active (find_port_switch (fixture, g_array_index (defaults, SpcPortSpec, i).port),
                           FALSE);
  drain_main_context ();

  /* The key keeps the last list that had a port; the last switch flips
   * back on and its own row says why, where the user looked */
  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "80");
  g_assert_true (port_switch_is_on (fixture, 80));
  row = gtk_widget_get_ancestor (GTK_WIDGET (find_port_switch (fixture, 80)), ADW_TYPE_ACTION_ROW);
  g_assert_true (gtk_widget_has_css_class (row, "refused"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "A check needs at least one port: switch another on first");

  /* Switching another on ends the refusal and saves both */
  gtk_switch_set_active (find_port_switch (fixture, 587), TRUE);
  drain_main_context ();
  g_free (ports);
  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "587,80");
  g_assert_false (gtk_widget_has_css_class (row, "refused"));

  /* Reopened, the window shows what is saved */
  spc_ui_close_dialog (GTK_WIDGET (fixture->window));
  fixture->window = spc_preferences_window_new ();
  spc_ui_present_dialog (GTK_WIDGET (fixture->window), NULL);
  drain_main_context ();
  g_assert_false (port_switch_is_on (fixture, 25));
  g_assert_true (port_switch_is_on (fixture, 587));
  g_assert_true (port_switch_is_on (fixture, 80));
}

/* Closes the window and opens a new one on the same settings */
static void
reopen_window (Fixture *fixture)
{
  spc_ui_close_dialog (GTK_WIDGET (fixture->window));
  fixture->window = spc_preferences_window_new ();
  spc_ui_present_dialog (GTK_WIDGET (fixture->window), NULL);
  drain_main_context ();
}

/* Other ports that do not parse do not stop a switch: the switch is saved
 * with the other ports applied last, and the text stays with its reason */
static void
test_ports_switch_with_invalid_custom (Fixture       *fixture,
                                       gconstpointer  data)
{
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  g_autofree char *ports = NULL;

  gtk_editable_set_text (GTK_EDITABLE (custom), "2526");
  g_signal_emit_by_name (custom, "apply");
  gtk_editable_set_text (GTK_EDITABLE (custom), "2526,99999");
  drain_main_context ();

  gtk_switch_set_active (find_port_switch (fixture, 80), FALSE);
  drain_main_context ();

  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "25,465,587,2525,2526");
  g_assert_false (port_switch_is_on (fixture, 80));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "2526,99999");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (find_error_label (fixture))));
  g_assert_nonnull (strstr (gtk_label_get_text (find_error_label (fixture)), "99999"));

  /* Reopened, the switch is as the user left it */
  reopen_window (fixture);
  g_assert_false (port_switch_is_on (fixture, 80));
  custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "2526");
}

/* Only Apply saves the other ports: a switch toggled meanwhile saves the
 * switches with the other ports applied last, and closing drops the text */
static void
test_ports_custom_only_on_apply (Fixture       *fixture,
                                 gconstpointer  data)
{
  AdwEntryRow *custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  g_autofree char *ports = NULL;

  gtk_editable_set_text (GTK_EDITABLE (custom), "2526");
  drain_main_context ();
  gtk_switch_set_active (find_port_switch (fixture, 80), FALSE);
  drain_main_context ();

  ports = g_settings_get_string (fixture->settings, "ports");
  g_assert_cmpstr (ports, ==, "25,465,587,2525");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "2526");

  reopen_window (fixture);
  custom = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Other Ports");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (custom)), ==, "");
  g_assert_false (port_switch_is_on (fixture, 80));
}

/* The row under Certificates: its subtitle is the value */
static void
test_ca_file_row (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwActionRow *row = find_titled_row (fixture, ADW_TYPE_ACTION_ROW, "Extra Certificate Authorities");

  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "None: only the system’s authorities are trusted");

  g_settings_set_string (fixture->settings, "ca-file", "/etc/company/ca.pem");
  drain_main_context ();
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "/etc/company/ca.pem");
}

/* --ca-file wins over the preference for the session: the row names that file */
static void
test_ca_file_session (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwActionRow *row = find_titled_row (fixture, ADW_TYPE_ACTION_ROW, "Extra Certificate Authorities");

  g_settings_set_string (fixture->settings, "ca-file", "/etc/company/ca.pem");
  spc_preferences_window_set_session_ca_file (fixture->window, "/tmp/session-ca.pem");
  drain_main_context ();
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "/tmp/session-ca.pem, for this session (--ca-file)");

  /* The preference changing does not hide the file in use */
  g_settings_set_string (fixture->settings, "ca-file", "/etc/other.pem");
  drain_main_context ();
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "/tmp/session-ca.pem, for this session (--ca-file)");
}

static void
test_family (Fixture       *fixture,
             gconstpointer  data)
{
  AdwComboRow *family = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (fixture->window),
                                                        ADW_TYPE_COMBO_ROW));
  g_autofree char *value = NULL;

  g_assert_cmpuint (adw_combo_row_get_selected (family), ==, 0);

  adw_combo_row_set_selected (family, 2);
  value = g_settings_get_string (fixture->settings, "family");
  g_assert_cmpstr (value, ==, "ipv6");

  g_settings_set_string (fixture->settings, "family", "ipv4");
  drain_main_context ();
  g_assert_cmpuint (adw_combo_row_get_selected (family), ==, 1);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (fixture->window),
                                                          GTK_TYPE_SPIN_BUTTON));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 10);

  g_settings_set_uint (fixture->settings, "timeout", 42);
  drain_main_context ();
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 42);

  gtk_spin_button_set_value (spin, 7);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "timeout"), ==, 7);

  /* The schema's range is the spin button's range */
  gtk_spin_button_set_value (spin, 500);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "timeout"), ==, 120);
}

/* The switch of the action row whose title is @title */
static GtkSwitch *
find_row_switch (Fixture    *fixture,
                 const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (fixture->window), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
        return GTK_SWITCH (find_descendant (row, GTK_TYPE_SWITCH));
    }

  g_assert_not_reached ();
}

static void
test_reference (Fixture       *fixture,
                gconstpointer  data)
{
  GtkSwitch *reference = find_row_switch (fixture, "Check Blocked Ports on a Reference Server");
  AdwEntryRow *host = find_titled_row (fixture, ADW_TYPE_ENTRY_ROW, "Reference Server");
  g_autofree char *value = NULL;

  /* On by default, with the public host that answers on every port */
  g_assert_true (gtk_switch_get_active (reference));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host)), ==, "portquiz.net");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (host)));

  gtk_switch_set_active (reference, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "reference"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (host)));

  g_settings_set_boolean (fixture->settings, "reference", TRUE);
  drain_main_context ();
  g_assert_true (gtk_switch_get_active (reference));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (host)));

  gtk_editable_set_text (GTK_EDITABLE (host), "ref.example");
  value = g_settings_get_string (fixture->settings, "reference-host");
  g_assert_cmpstr (value, ==, "ref.example");

  g_settings_set_string (fixture->settings, "reference-host", "other.example");
  drain_main_context ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host)), ==, "other.example");
}

/* Whether an address's domain goes over HTTPS to the ISPDB and the
 * provider's autoconfig */
static void
test_online_lookups (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkSwitch *online = find_row_switch (fixture, "Look Up Providers Online");

  g_assert_true (gtk_switch_get_active (online));

  gtk_switch_set_active (online, FALSE);
  g_assert_false (g_settings_get_boolean (fixture->settings, "online-lookups"));

  g_settings_set_boolean (fixture->settings, "online-lookups", TRUE);
  drain_main_context ();
  g_assert_true (gtk_switch_get_active (online));
}

/* The Clear button of Recent Servers */
static GtkButton *
find_clear_button (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkButton *clear = NULL;

  collect_descendants (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (gtk_widget_has_css_class (button, "destructive-action"))
        clear = GTK_BUTTON (button);
    }
  g_assert_nonnull (clear);

  return clear;
}

static void
test_recent_hosts_cleared (Fixture       *fixture,
                           gconstpointer  data)
{
  const char * const hosts[] = { "smtp.example.com", "mail.example.org", NULL };
  g_auto(GStrv) remaining = NULL;
  g_autofree char *address = NULL;
  GtkButton *clear = find_clear_button (fixture);

  g_settings_set_strv (fixture->settings, "recent-hosts", hosts);
  g_settings_set_string (fixture->settings, "address", "ana@example.org");
  drain_main_context ();
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (clear)));

  g_signal_emit_by_name (clear, "clicked");
  drain_main_context ();

  remaining = g_settings_get_strv (fixture->settings, "recent-hosts");
  g_assert_cmpuint (g_strv_length (remaining), ==, 0);
  /* The address typed is forgotten with the servers */
  address = g_settings_get_string (fixture->settings, "address");
  g_assert_cmpstr (address, ==, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (clear)));
}

/* An address remembered without any server can be cleared as well */
static void
test_address_cleared (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *address = NULL;
  GtkButton *clear = find_clear_button (fixture);

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (clear)));
  g_settings_set_string (fixture->settings, "address", "ana@example.org");
  drain_main_context ();
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (clear)));

  g_signal_emit_by_name (clear, "clicked");
  drain_main_context ();
  address = g_settings_get_string (fixture->settings, "address");
  g_assert_cmpstr (address, ==, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (clear)));
}

static void
test_ports_guide (void)
{
  g_autoptr(GArray) defaults = spc_port_default_specs ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  SpcPortsGuide *guide = spc_ports_guide_new ();

  spc_ui_present_dialog (GTK_WIDGET (guide), NULL);
  drain_main_context ();

  collect_descendants (GTK_WIDGET (guide), GTK_TYPE_LABEL, labels);

  /* Each default port's explanation from the engine is shown, as plain text */
  for (guint i = 0; i < defaults->len; i++)
    {
      guint16 port = g_array_index (defaults, SpcPortSpec, i).port;
      const char *explanation = spc_port_get_explanation (port);
      gboolean shown = FALSE;

      for (guint j = 0; j < labels->len && !shown; j++)
        {
          GtkLabel *label = g_ptr_array_index (labels, j);

          shown = g_str_equal (gtk_label_get_text (label), explanation) &&
                  !gtk_label_get_use_markup (label);
        }
      g_assert_true (shown);
    }

  spc_ui_close_dialog (GTK_WIDGET (guide));
  drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!spc_test_have_display ("/preferences/needs-display"))
    return g_test_run ();

  adw_init ();

  g_test_add ("/preferences/ports/default", Fixture, NULL, fixture_set_up, test_ports_default, fixture_tear_down);
  g_test_add ("/preferences/ports/from-settings", Fixture, NULL, fixture_set_up, test_ports_from_settings, fixture_tear_down);
  g_test_add ("/preferences/ports/switch-writes", Fixture, NULL, fixture_set_up, test_ports_switch_writes, fixture_tear_down);
  g_test_add ("/preferences/ports/custom-applied", Fixture, NULL, fixture_set_up, test_ports_custom_applied, fixture_tear_down);
  g_test_add ("/preferences/ports/invalid-refused", Fixture, NULL, fixture_set_up, test_ports_invalid_refused, fixture_tear_down);
  g_test_add ("/preferences/ports/switch-with-invalid-custom", Fixture, NULL, fixture_set_up, test_ports_switch_with_invalid_custom, fixture_tear_down);
  g_test_add ("/preferences/ports/custom-only-on-apply", Fixture, NULL, fixture_set_up, test_ports_custom_only_on_apply, fixture_tear_down);
  g_test_add ("/preferences/ports/none-refused", Fixture, NULL, fixture_set_up, test_ports_none_refused, fixture_tear_down);
  g_test_add ("/preferences/ca-file/row", Fixture, NULL, fixture_set_up, test_ca_file_row, fixture_tear_down);
  g_test_add ("/preferences/ca-file/session", Fixture, NULL, fixture_set_up, test_ca_file_session, fixture_tear_down);
  g_test_add ("/preferences/family", Fixture, NULL, fixture_set_up, test_family, fixture_tear_down);
  g_test_add ("/preferences/timeout", Fixture, NULL, fixture_set_up, test_timeout, fixture_tear_down);
  g_test_add ("/preferences/reference", Fixture, NULL, fixture_set_up, test_reference, fixture_tear_down);
  g_test_add ("/preferences/online-lookups", Fixture, NULL, fixture_set_up, test_online_lookups, fixture_tear_down);
  g_test_add ("/preferences/recent-hosts-cleared", Fixture, NULL, fixture_set_up, test_recent_hosts_cleared, fixture_tear_down);
  g_test_add ("/preferences/address-cleared", Fixture, NULL, fixture_set_up, test_address_cleared, fixture_tear_down);
  g_test_add_func ("/ports-guide/explanations", test_ports_guide);

  return g_test_run ();
}
