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
/* Shows @message as a toast in the nearest AdwToastOverlay above @widget */
void spc_ui_show_toast (GtkWidget  *widget,
                        const char *message);

G_END_DECLS
