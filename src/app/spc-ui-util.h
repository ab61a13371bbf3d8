/* spc-ui-util.h — small helpers shared by the window's widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Puts @text on the clipboard of @widget and confirms with a toast in the
 * nearest AdwToastOverlay above @widget */
void spc_ui_copy_text  (GtkWidget  *widget,
                        const char *text,
                        const char *confirmation);
/* A label of @text set as plain text (never parsed as markup), from the
 * start of the line, wrapping at @wrap_mode */
GtkWidget *spc_ui_wrapping_label_new (const char    *text,
                                      PangoWrapMode  wrap_mode);

/* Shows @message as a toast in the nearest AdwToastOverlay above @widget */
void spc_ui_show_toast (GtkWidget  *widget,
                        const char *message);

/* Shows an AdwPreferencesDialog over @parent (libadwaita >= 1.5), or an
 * AdwPreferencesWindow transient for it (before); without @parent in a
 * window of its own */
void spc_ui_present_dialog (GtkWidget  *dialog,
                            GtkWindow  *parent);
/* Closes and destroys what spc_ui_present_dialog() showed */
void spc_ui_close_dialog   (GtkWidget  *dialog);

/* Gives each page of @stack its title as the name a screen reader says
 * (GTK 4.8 reads an unnamed page as "GtkStackPage") */
void spc_ui_name_stack_pages (GtkStack *stack);

/* GTK 4.8 names a button with a mnemonic twice, its raw label first
 * ("_Check Check"): keeps only the text of the label, for @widget and
 * every button under it. Again after each gtk_button_set_label(). */
void spc_ui_read_buttons_as_shown (GtkWidget *widget);

/* A selectable label selects all its text when tabbed into: clears that
 * selection when the focus leaves, so text does not stay highlighted */
void spc_ui_deselect_on_focus_out (GtkLabel *label);

G_END_DECLS
