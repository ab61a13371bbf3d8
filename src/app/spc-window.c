/* spc-window.c — the main window: a host, its ports, the advice
 *
 * This file holds the type, its life and its public API; what it does is
 * spread over the spc-window-*.c files (see spc-window-private.h). Data
 * flows one way: the entry starts a diagnosis, its results drive the rows,
 * and the advice is computed from the results once they are all in. The
 * window never touches a socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-recommendation-view.h"
#include "spc-ui-util.h"
#include "spc-window-private.h"

G_DEFINE_FINAL_TYPE (SpcWindow, spc_window, ADW_TYPE_APPLICATION_WINDOW)

static void
network_changed_cb (SpcWindow *self,
                    gboolean   available)
{
  /* Back online: leave the "offline" page for a fresh check */
  if (available && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "offline") == 0)
    _spc_window_check (self);
}

/* Window size */

#if !ADW_CHECK_VERSION (1, 5, 0)
/* The template's breakpoint by hand (libadwaita 1.5 brought AdwBreakpoint):
 * a narrow window hides Copy Report, which stays in the main menu, so the
 * window's title has the room, and puts Check under the entry, so the
 * entry's title has it */
#define NARROW_WIDTH 400

static void
update_narrow (SpcWindow *self)
{
  int width, height;
  gboolean wide;

  /* GTK 4.8 writes through both pointers */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  wide = width <= 0 || width > NARROW_WIDTH;
  gtk_widget_set_visible (self->copy_report_button, wide);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->entry_box),
                                  wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
}
#endif

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

  _spc_window_stop_diagnosis (self);

  return GTK_WINDOW_CLASS (spc_window_parent_class)->close_request (window);
}

static void
spc_window_dispose (GObject *object)
{
  SpcWindow *self = SPC_WINDOW (object);

  _spc_window_stop_diagnosis (self);
  _spc_window_stop_address (self);
  g_clear_pointer (&self->host_groups, g_hash_table_unref);
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
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, copy_report_button);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, entry_box);
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
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, handler_label);
  gtk_widget_class_bind_template_child (widget_class, SpcWindow, hosts_box);

  _spc_window_class_actions_init (klass);
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
#if !ADW_CHECK_VERSION (1, 5, 0)
  /* The default size follows the window's as it is resized */
  g_signal_connect (self, "notify::default-width", G_CALLBACK (update_narrow), NULL);
  update_narrow (self);
#endif

  g_signal_connect_object (self->settings, "changed::recent-hosts",
                           G_CALLBACK (_spc_window_update_recent_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::remember-hosts",
                           G_CALLBACK (_spc_window_update_recent_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (self->checklist_group, FALSE);
  spc_ui_name_stack_pages (self->stack);
  spc_ui_read_buttons_as_shown (GTK_WIDGET (self));
  _spc_window_update_recent_menu (self);
  _spc_window_update_actions (self);
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

const char *
spc_window_get_ca_file (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->ca_file;
}

void
spc_window_check_host (SpcWindow  *self,
                       const char *host)
{
  g_return_if_fail (SPC_IS_WINDOW (self));
  g_return_if_fail (host != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  _spc_window_check (self);
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
