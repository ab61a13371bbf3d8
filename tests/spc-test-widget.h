/* spc-test-widget.h — finding widgets and measuring what they show, for
 * the tests of the window's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*SpcTestWidgetMatch) (GtkWidget  *widget,
                                        const char *text);

/* The first widget in @widget's tree (itself included) that @match takes
 * with @text; with @shown_only, only among those on screen */
GtkWidget *spc_test_find_widget       (GtkWidget          *widget,
                                       SpcTestWidgetMatch  match,
                                       const char         *text,
                                       gboolean            shown_only);
/* SpcTestWidgetMatch: a label whose text is exactly @text */
gboolean   spc_test_label_is          (GtkWidget          *widget,
                                       const char         *text);
/* SpcTestWidgetMatch: a label whose text contains @text */
gboolean   spc_test_label_holds       (GtkWidget          *widget,
                                       const char         *text);
/* Presents @window and lets it lay itself out: ten frames once @widget has
 * a width, as a layout switch takes effect in the frame after it is
 * decided (frames, not time: a loaded machine draws slowly) */
void       spc_test_wait_for_layout   (GtkWidget          *window,
                                       GtkWidget          *widget);
/* Whether @text is on screen in @label on one line, neither broken nor
 * cut short */
gboolean   spc_test_is_on_one_line    (GtkLabel           *label,
                                       const char         *text);
/* How many characters of @label's font fit in its width */
int        spc_test_width_in_chars    (GtkLabel           *label);
/* Whether @widget has the height its content asks for at its width, not
 * one left over from a layout it had before */
gboolean   spc_test_has_own_height    (GtkWidget          *widget);

G_END_DECLS
