/* spc-window.c — the main window: a host, its ports, the advice
 *
 * Data flows one way: the entry starts a diagnosis, its results drive the
 * rows, and the advice is computed from the results once they are all in.
 * The window never touches a socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "spc-port-row.h"
#include "spc-recommendation-view.h"
#include "spc-ui-util.h"
#include "spc-window.h"

#define RECENT_HOSTS_MAX 10

struct _SpcWindow
{
  AdwApplicationWindow   parent_instance;

  GSettings             *settings;
  SpcDiagnosis          *diagnosis;
  char                  *host;          /* as displayed, for the diagnosis shown */
  char                  *ca_file;       /* --ca-file, overrides the preference */
  gboolean               suggesting;    /* typing since the last check */

  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  AdwEntryRow           *host_row;
  GtkMenuButton         *recent_button;
  GtkBox                *suggestion_box;
  GMenu                 *recent_section;
  GtkButton             *check_button;
  GtkLabel              *host_error_label;
  GtkStack              *stack;
  SpcRecommendationView *recommendation;
  AdwPreferencesGroup   *ports_group;
  GtkListBox            *port_list;
  GtkWidget             *checklist_group;
  GtkListBox            *checklist_list;
};

G_DEFINE_FINAL_TYPE (SpcWindow, spc_window, ADW_TYPE_APPLICATION_WINDOW)

static void spc_window_check (SpcWindow *self);

static void
show_host_error (SpcWindow  *self,
                 const char *message)
{
  gboolean has_error = message != NULL;

  gtk_label_set_text (self->host_error_label, has_error ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->host_error_label), has_error);

  if (has_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->host_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               has_error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (has_error)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->host_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->host_row),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
update_actions (SpcWindow *self)
{
  gboolean running = self->diagnosis != NULL && spc_diagnosis_is_running (self->diagnosis);
  gboolean done = self->diagnosis != NULL && spc_diagnosis_is_done (self->diagnosis);

  if (running)
    {
      gtk_button_set_label (self->check_button, _("_Stop"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_button), "suggested-action");
    }
  else
    {
      gtk_button_set_label (self->check_button, _("_Check"));
      gtk_widget_add_css_class (GTK_WIDGET (self->check_button), "suggested-action");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-report", done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-json", done);
}

/* Recent hosts */

#define SUGGESTIONS_MAX 3

/* The recent hosts: all of them in the entry's menu, and those that start
 * with what is being typed as buttons under the entry */
static void
update_recent_menu (SpcWindow *self)
{
  g_auto(GStrv) hosts = g_settings_get_strv (self->settings, "recent-hosts");
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  GtkWidget *child;
  guint suggested = 0;

  g_menu_remove_all (self->recent_section);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_box))) != NULL)
    gtk_box_remove (self->suggestion_box, child);

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      /* Menu labels take mnemonics: keep underscores literal */
      parts = g_strsplit (hosts[i], "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.use-recent", "s", hosts[i]);
      g_menu_append_item (self->recent_section, item);

      if (self->suggesting
          && typed[0] != '\0'
          && suggested < SUGGESTIONS_MAX
          /* Host names ignore case: "L" offers "localhost" */
          && g_ascii_strncasecmp (hosts[i], typed, strlen (typed)) == 0
          && g_ascii_strcasecmp (hosts[i], typed) != 0)
        {
          GtkWidget *button = gtk_button_new ();
          GtkWidget *button_label = gtk_label_new (NULL);

          gtk_label_set_text (GTK_LABEL (button_label), hosts[i]);
          gtk_label_set_ellipsize (GTK_LABEL (button_label), PANGO_ELLIPSIZE_MIDDLE);
          gtk_button_set_child (GTK_BUTTON (button), button_label);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.use-recent");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", hosts[i]);
          gtk_widget_add_css_class (button_label, "caption");
          /* GTK 4.8 names a button with a child label "GtkButton" */
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, hosts[i],
                                          -1);
          gtk_box_append (self->suggestion_box, button);
          suggested++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_button), hosts[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_box), suggested > 0);
}

static void
remember_host (SpcWindow  *self,
               const char *host)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint kept = 1;

  if (!g_settings_get_boolean (self->settings, "remember-hosts"))
    return;

  hosts = g_settings_get_strv (self->settings, "recent-hosts");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, host);

  for (guint i = 0; hosts[i] != NULL && kept < RECENT_HOSTS_MAX; i++)
    {
      if (g_ascii_strcasecmp (hosts[i], host) == 0)
        continue;
      g_strv_builder_add (builder, hosts[i]);
      kept++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-hosts", (const char * const *) updated);
}

/* Advice */

static void
clear_checklist (SpcWindow *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->checklist_list, 0)) != NULL)
    gtk_list_box_remove (self->checklist_list, GTK_WIDGET (row));
}

static void
update_checklist (SpcWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;

  clear_checklist (self);

  if (self->diagnosis == NULL || !spc_diagnosis_is_done (self->diagnosis))
    {
      gtk_widget_set_visible (self->checklist_group, FALSE);
      return;
    }

  items = spc_advice_answer_checklist (G_LIST_MODEL (self->diagnosis));
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const SpcChecklistItem *item = g_ptr_array_index (items, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *answer = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (item->evidence != NULL && item->evidence[0] != '\0')
        answer = g_strdup_printf ("%s\n%s", item->answer, item->evidence);
      else
        answer = g_strdup (item->answer);
      subtitle = spc_display_text (answer);

      /* Answers quote measurements (host names, replies): plain text only */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->question);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                      -1);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (self->checklist_list, row);
    }

  gtk_widget_set_visible (self->checklist_group, items != NULL && items->len > 0);
}

/* TRUE when no port could even be reached and the system says there is no
 * network: then every red light would be a lie about the server. A port
 * that refused or answered proves a path (loopback works offline too). */
static gboolean
failed_for_lack_of_network (SpcWindow *self)
{
  GListModel *results = G_LIST_MODEL (self->diagnosis);
  guint n = g_list_model_get_n_items (results);

  if (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      switch (spc_result_get_status (result))
        {
        case SPC_STATUS_UNREACHABLE:
        case SPC_STATUS_DNS_ERROR:
        case SPC_STATUS_FILTERED:
          break;
        default:
          return FALSE;
        }
    }

  return n > 0;
}

static void
diagnosis_done_cb (SpcWindow    *self,
                   SpcDiagnosis *diagnosis)
{
  if (diagnosis != self->diagnosis)
    return;

  spc_recommendation_view_update (self->recommendation, G_LIST_MODEL (diagnosis), self->host, TRUE);
  update_checklist (self);

  if (failed_for_lack_of_network (self))
    gtk_stack_set_visible_child_name (self->stack, "offline");
}

static GtkWidget *
create_port_row (gpointer item,
                 gpointer user_data)
{
  SpcWindow *self = user_data;

  return spc_port_row_new (SPC_RESULT (item), self->host);
}

static void
stop_diagnosis (SpcWindow *self)
{
  if (self->diagnosis == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->diagnosis, self);
  spc_diagnosis_cancel (self->diagnosis);
}

/* NULL with @error when the list in Preferences is not valid: then the
 * default ports are checked */
static GArray *
load_port_specs (SpcWindow      *self,
                 const SpcHost  *host,
                 GError        **error)
{
  g_autofree char *ports = NULL;
  GArray *specs;

  if (host->port != 0)
    {
      SpcPortSpec spec = { host->port, spc_port_get_default_mode (host->port) };

      specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
      g_array_append_val (specs, spec);
      return specs;
    }

  ports = g_settings_get_string (self->settings, "ports");
  return spc_port_parse_list (ports, error);
}

static SpcFamily
load_family (SpcWindow *self)
{
  g_autofree char *family = g_settings_get_string (self->settings, "family");

  if (g_str_equal (family, "ipv4"))
    return SPC_FAMILY_IPV4;
  if (g_str_equal (family, "ipv6"))
    return SPC_FAMILY_IPV6;

  return SPC_FAMILY_ANY;
}

/* What the preferences ask for, with the --ca-file of this session */
static SpcRequest *
build_request (SpcWindow      *self,
               const SpcHost  *host,
               GError        **ports_error)
{
  g_autofree char *preference = g_settings_get_string (self->settings, "ca-file");
  const char *ca_file = self->ca_file != NULL ? self->ca_file : preference;
  g_autoptr(GArray) specs = load_port_specs (self, host, ports_error);

  return g_object_new (SPC_TYPE_REQUEST,
                       "host", host->ascii_host,
                       "ports", specs,
                       "timeout-ms", g_settings_get_uint (self->settings, "timeout") * 1000,
                       "family", load_family (self),
                       "ca-file", ca_file[0] != '\0' ? ca_file : NULL,
                       NULL);
}

static void
spc_window_check (SpcWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autoptr(SpcHost) host = NULL;
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(GError) ports_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ports_title = NULL;

  host = spc_host_parse (text, &error);
  if (host == NULL)
    {
      show_host_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return;
    }

  request = build_request (self, host, &ports_error);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  if (diagnosis == NULL)
    {
      /* The host is fine: say where the file was chosen */
      g_autofree char *message = NULL;

      if (self->ca_file == NULL)
        /* Translators: an error about the CA file, then where to change it */
        message = g_strdup_printf (_("%s. Choose another extra CA file in Preferences."), error->message);
      show_host_error (self, message != NULL ? message : error->message);
      return;
    }

  show_host_error (self, NULL);
  if (ports_error != NULL)
    {
      /* Translators: %s says what is wrong with the list in Preferences */
      g_autofree char *message = g_strdup_printf (_("Checking the usual ports: the list in Preferences is not valid (%s)"),
                                                  ports_error->message);

      spc_ui_show_toast (GTK_WIDGET (self->toast_overlay), message);
    }

  /* A second check replaces the first */
  stop_diagnosis (self);
  g_clear_object (&self->diagnosis);
  self->diagnosis = g_steal_pointer (&diagnosis);

  g_free (self->host);
  self->host = g_strdup (host->host);

  g_signal_connect_object (self->diagnosis, "done",
                           G_CALLBACK (diagnosis_done_cb), self,
                           G_CONNECT_SWAPPED);
  /* The buttons and actions follow the diagnosis, whoever stops it */
  g_signal_connect_object (self->diagnosis, "notify::running",
                           G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  /* Rows exist before the first probe starts: one per port, spinning */
  gtk_list_box_bind_model (self->port_list, G_LIST_MODEL (self->diagnosis),
                           create_port_row, self, NULL);

  /* Translators: the heading over the port rows, %s is the server */
  ports_title = g_strdup_printf (_("Ports of %s"), self->host);
  adw_preferences_group_set_title (self->ports_group, ports_title);
  adw_window_title_set_subtitle (self->window_title, self->host);

  spc_recommendation_view_update (self->recommendation, G_LIST_MODEL (self->diagnosis),
                                  self->host, FALSE);
  clear_checklist (self);
  gtk_widget_set_visible (self->checklist_group, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "results");

  self->suggesting = FALSE;
  remember_host (self, host->input);
  update_recent_menu (self);

  spc_diagnosis_start (self->diagnosis);
}

/* Callbacks and actions */

static void
host_row_activated_cb (SpcWindow *self)
{
  spc_window_check (self);
}

static void
host_row_changed_cb (SpcWindow *self)
{
  /* The error was about the old text */
  show_host_error (self, NULL);
  self->suggesting = TRUE;
  update_recent_menu (self);
}

static void
check_button_clicked_cb (SpcWindow *self)
{
  if (self->diagnosis != NULL && spc_diagnosis_is_running (self->diagnosis))
    spc_diagnosis_cancel (self->diagnosis);
  else
    spc_window_check (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  spc_window_check (SPC_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);

  if (self->diagnosis != NULL)
    spc_diagnosis_cancel (self->diagnosis);
}

static void
focus_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  gtk_editable_select_region (GTK_EDITABLE (self->host_row), 0, -1);
}

static void
use_recent_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);

  spc_window_check_host (self, g_variant_get_string (parameter, NULL));
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);
  g_autofree char *report = NULL;

  if (self->diagnosis == NULL)
    return;

  report = spc_report_to_text (self->diagnosis, FALSE);
  spc_ui_copy_text (GTK_WIDGET (self->toast_overlay), report, _("Report copied"));
}

static void
json_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SpcWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      /* Translators: %s is why the file could not be written */
      g_autofree char *message = g_strdup_printf (_("Could not save the report: %s"), error->message);

      spc_ui_show_toast (GTK_WIDGET (self->toast_overlay), message);
      return;
    }

  spc_ui_show_toast (GTK_WIDGET (self->toast_overlay), _("Report saved"));
}


#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SpcWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  spc_window_save_report (self, file);
}
#else
static void
save_native_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  g_autoptr(SpcWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      spc_window_save_report (self, file);
    }

  g_object_unref (dialog);
}
#endif

static void
save_json_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->diagnosis == NULL)
    return;

  name = g_strdup_printf ("smtp-ports-%s.json", spc_diagnosis_get_host (self->diagnosis));
  g_strdelimit (name, ":/\\", '-');

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Save Report as JSON"));
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, save_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *dialog;

    dialog = gtk_file_chooser_native_new (_("Save Report as JSON"), GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SAVE,
                                          _("_Save"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    g_signal_connect (dialog, "response", G_CALLBACK (save_native_response_cb), g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

static void
network_changed_cb (SpcWindow *self,
                    gboolean   available)
{
  /* Back online: leave the "offline" page for a fresh check */
  if (available && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "offline") == 0)
    spc_window_check (self);
}

/* Window size */

static gboolean
spc_window_close_request (GtkWindow *window)
{
  SpcWindow *self = SPC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  stop_diagnosis (self);

  return GTK_WINDOW_CLASS (spc_window_parent_class)->close_request (window);
}

static void
spc_window_dispose (GObject *object)
{
  SpcWindow *self = SPC_WINDOW (object);

  stop_diagnosis (self);
  if (self->port_list != NULL)
    gtk_list_box_bind_model (self->port_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->diagnosis);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPC_TYPE_WINDOW);

  G_OBJECT_CLASS (spc_window_parent_class)->dispose (object);
}

static void
spc_window_finalize (GObject *object)
{
  SpcWindow *self = SPC_WINDOW (object);

  g_free (self->host);
  g_free (self->ca_file);

  G_OBJECT_CLASS (spc_window_parent_class)->finalize (object);
}

static void
spc_window_class_init (SpcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = spc_window_dispose;
  object_class->finalize = spc_window_finalize;
  window_class->close_request = spc_window_close_request;

  g_type_ensure (SPC_TYPE_RECOMMENDATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/SmtpPort/spc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, suggestion_box);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, check_button);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, host_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, recommendation);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, ports_group);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, port_list);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, checklist_list);
  gtk_widget_class_bind_template_callback (widget_class, host_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.focus-entry", NULL, focus_entry_action);
  gtk_widget_class_install_action (widget_class, "win.use-recent", "s", use_recent_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.save-json", NULL, save_json_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.check", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.check", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
}

static void
spc_window_init (SpcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::recent-hosts",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (self->checklist_group, FALSE);
  update_recent_menu (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
}

SpcWindow *
spc_window_new (SpcApplication *application)
{
  return g_object_new (SPC_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
spc_window_set_ca_file (SpcWindow  *self,
                        const char *ca_file)
{
  g_return_if_fail (SPC_IS_WINDOW (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
spc_window_check_host (SpcWindow  *self,
                       const char *host)
{
  g_return_if_fail (SPC_IS_WINDOW (self));
  g_return_if_fail (host != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  spc_window_check (self);
}

SpcDiagnosis *
spc_window_get_diagnosis (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->diagnosis;
}

const char *
spc_window_get_host_error (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->host_error_label)))
    return NULL;

  return gtk_label_get_text (self->host_error_label);
}

GtkListBox *
spc_window_get_port_list (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->port_list;
}

SpcRecommendationView *
spc_window_get_recommendation (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->recommendation;
}

const char *
spc_window_get_page (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

char **
spc_window_dup_suggestions (SpcWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->suggestion_box)))
    {
      for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_box));
           button != NULL;
           button = gtk_widget_get_next_sibling (button))
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

          g_strv_builder_add (builder, g_variant_get_string (target, NULL));
        }
    }

  return g_strv_builder_end (builder);
}

void
spc_window_save_report (SpcWindow *self,
                        GFile     *file)
{
  g_autofree char *json = NULL;
  GBytes *bytes;
  gsize length;

  g_return_if_fail (SPC_IS_WINDOW (self));

  if (self->diagnosis == NULL || file == NULL)
    return;

  json = spc_report_to_json (self->diagnosis, TRUE);
  length = strlen (json);
  bytes = g_bytes_new_take (g_steal_pointer (&json), length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       json_saved_cb, g_object_ref (self));
  g_bytes_unref (bytes);
}
