/* spc-width-layout.h — a row's layout that tells when the row is narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPC_TYPE_WIDTH_LAYOUT (spc_width_layout_get_type ())

G_DECLARE_FINAL_TYPE (SpcWidthLayout, spc_width_layout, SPC, WIDTH_LAYOUT, GtkLayoutManager)

/* Lays its widget's children out as GtkBinLayout does, told the width
 * first; "narrow" is TRUE while the widget is allocated less than
 * @narrow_width pixels */
GtkLayoutManager *spc_width_layout_new        (int             narrow_width);
gboolean          spc_width_layout_get_narrow (SpcWidthLayout *self);
/* Puts a new SpcWidthLayout of @narrow_width in place of @widget's
 * GtkBinLayout (AdwExpanderRow's) and returns it; NULL, and the widget left
 * as it is, when its layout is another (it then stays wide) */
SpcWidthLayout   *spc_width_layout_install    (GtkWidget      *widget,
                                               int             narrow_width);

G_END_DECLS
