/* spc-ui-util.c — small helpers shared by the window's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-ui-util.h"

GtkWidget *
spc_ui_wrapping_label_new (const char    *text,
                           PangoWrapMode  wrap_mode)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), wrap_mode);

  return label;
}

void
spc_ui_show_toast (GtkWidget  *widget,
                   const char *message)
{
  g_autofree char *escaped = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  /* Toast titles are markup: our messages are plain sentences */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
spc_ui_copy_text (GtkWidget  *widget,
                  const char *text,
                  const char *confirmation)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  if (confirmation != NULL)
    spc_ui_show_toast (widget, confirmation);
}

void
spc_ui_present_dialog (GtkWidget *dialog,
                       GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WIDGET (dialog));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), parent != NULL ? GTK_WIDGET (parent) : NULL);
#else
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (parent));
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

void
spc_ui_close_dialog (GtkWidget *dialog)
{
  g_return_if_fail (GTK_IS_WIDGET (dialog));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  gtk_window_destroy (GTK_WINDOW (dialog));
#endif
}

void
spc_ui_name_stack_pages (GtkStack *stack)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (stack));

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      /* No autoptr for GtkStackPage in GTK 4.8 */
      g_autoptr(GObject) page = g_list_model_get_item (pages, i);
      const char *title = gtk_stack_page_get_title (GTK_STACK_PAGE (page));

      if (title != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (page),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
    }
}

void
spc_ui_read_buttons_as_shown (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget))
      && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    spc_ui_read_buttons_as_shown (child);
}

static void
label_focus_leave_cb (GtkEventControllerFocus *controller,
                      GtkLabel                *label)
{
  gtk_label_select_region (label, 0, 0);
}

void
spc_ui_deselect_on_focus_out (GtkLabel *label)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_return_if_fail (GTK_IS_LABEL (label));

  g_signal_connect_object (focus, "leave", G_CALLBACK (label_focus_leave_cb), label, 0);
  gtk_widget_add_controller (GTK_WIDGET (label), focus);
}
