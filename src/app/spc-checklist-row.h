/* spc-checklist-row.h — one question of the checklist, its short answer
 * and what the measurements say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "spc-engine.h"

G_BEGIN_DECLS

#define SPC_TYPE_CHECKLIST_ROW (spc_checklist_row_get_type ())

G_DECLARE_FINAL_TYPE (SpcChecklistRow, spc_checklist_row, SPC, CHECKLIST_ROW, AdwExpanderRow)

/* The question as the title; the answer word (Yes, No, Not known) in a
 * column at the row's end, or above the headline in a narrow row; the
 * evidence, when there is some, inside */
GtkWidget *spc_checklist_row_new (const SpcChecklistItem *item);

G_END_DECLS
