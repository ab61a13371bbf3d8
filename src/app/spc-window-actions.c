/* spc-window-actions.c — the window's actions and shortcuts, the entry's
 * callbacks, and copying and saving the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "spc-ui-util.h"
#include "spc-window-private.h"

void
_spc_window_update_actions (SpcWindow *self)
{
  gboolean running = _spc_window_is_running (self);
  gboolean done = self->diagnosis != NULL && spc_diagnosis_is_done (self->diagnosis);
  /* The JSON report of an address is the CLI's; the window copies its text */
  gboolean address_done = self->discovery != NULL && !running;

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
  spc_ui_read_buttons_as_shown (GTK_WIDGET (self->check_button));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-report", done || address_done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-json", done || address_done);
}

/* Callbacks and actions */

static void
host_row_activated_cb (SpcWindow *self)
{
  _spc_window_check (self);
}

static void
host_row_changed_cb (SpcWindow *self)
{
  /* The error was about the old text */
  _spc_window_show_host_error (self, NULL);
  self->suggesting = TRUE;
  _spc_window_update_recent_menu (self);
}

static void
check_button_clicked_cb (SpcWindow *self)
{
  if (_spc_window_is_running (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.stop", NULL);
  else
    _spc_window_check (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _spc_window_check (SPC_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);

  if (self->diagnosis != NULL)
    spc_diagnosis_cancel (self->diagnosis);
  _spc_window_cancel_address (self);
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

/* The report of what the window shows, as the CLI writes it: an address's
 * discovery with its servers' checks, or a server's check; NULL when
 * there is neither */
static char *
dup_report (SpcWindow *self,
            gboolean   json)
{
  if (self->discovery != NULL)
    {
      GPtrArray *diagnoses = spc_window_get_discovered_diagnoses (self);
      g_autoptr(JsonNode) root = NULL;

      if (!json)
        return spc_discovery_report_to_text (self->discovery, diagnoses, FALSE);
      root = spc_discovery_report_to_json_node (self->discovery, diagnoses);
      return spc_report_node_to_json (root, TRUE);
    }
  if (self->diagnosis != NULL)
    return json ? spc_report_to_json (self->diagnosis, TRUE) : spc_report_to_text (self->diagnosis, FALSE);
  return NULL;
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpcWindow *self = SPC_WINDOW (widget);
  g_autofree char *report = dup_report (self, FALSE);

  if (report != NULL)
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

  if (self->discovery != NULL)
    name = g_strdup_printf ("smtp-ports-%s.json", spc_discovery_get_address (self->discovery));
  else if (self->diagnosis != NULL)
    name = g_strdup_printf ("smtp-ports-%s.json", spc_diagnosis_get_host (self->diagnosis));
  else
    return;
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

void
_spc_window_class_actions_init (SpcWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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

void
spc_window_save_report (SpcWindow *self,
                        GFile     *file)
{
  g_autofree char *json = NULL;
  GBytes *bytes;
  gsize length;

  g_return_if_fail (SPC_IS_WINDOW (self));

  if (file == NULL)
    return;
  json = dup_report (self, TRUE);
  if (json == NULL)
    return;

  length = strlen (json);
  bytes = g_bytes_new_take (g_steal_pointer (&json), length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       json_saved_cb, g_object_ref (self));
  g_bytes_unref (bytes);
}
