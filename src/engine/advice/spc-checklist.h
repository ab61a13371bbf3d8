/* spc-checklist.h — the article's questions answered from the measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *question;   /* "Is port 25 blocked on my network?" (translated) */
  char *answer;     /* "Yes: nothing answered within 10 s." / "Not known: …"; a
                     * first sentence, then maybe one line per problem */
  char *evidence;   /* the measurement it rests on, one line a port; may be NULL */
} SpcChecklistItem;

/* @results: a GListModel of SpcResult (a diagnosis). Returns
 * SpcChecklistItem*, with a free func */
GPtrArray        *spc_advice_answer_checklist (GListModel       *results);
/* Takes @answer and @evidence (may be NULL) */
SpcChecklistItem *spc_checklist_item_new      (const char       *question,
                                               char             *answer,
                                               char             *evidence);
void              spc_checklist_item_free     (SpcChecklistItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcChecklistItem, spc_checklist_item_free)

G_END_DECLS
