/* spc-checklist.h — the article's questions answered from the measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The short answer, told apart from its words so a reader can emphasise it */
typedef enum {
  SPC_CHECKLIST_YES,
  SPC_CHECKLIST_NO,
  SPC_CHECKLIST_NOT_KNOWN,  /* this run cannot tell: the headline says what would */
  SPC_CHECKLIST_ANSWERED,   /* a "which" or "how" question: the headline is the answer */
} SpcChecklistAnswer;

typedef struct {
  char               *question;  /* "Is port 25 blocked on my network?" (translated) */
  SpcChecklistAnswer  answer;
  char               *headline;  /* one short line beside the answer: "Nothing answered on port 25 …" */
  char               *evidence;  /* the measurements it rests on, one line each; may be NULL */
} SpcChecklistItem;

/* "yes", "no", "not-known", "answered" (stable: the JSON uses them) */
const char       *spc_checklist_answer_to_string (SpcChecklistAnswer answer);
/* "Yes", "No", "Not known" (translated), shown beside the headline, which
 * never repeats it; NULL for SPC_CHECKLIST_ANSWERED: the headline is the answer */
const char       *spc_checklist_answer_get_label (SpcChecklistAnswer answer);

/* @results: a GListModel of SpcResult (a diagnosis). Returns
 * SpcChecklistItem*, with a free func */
GPtrArray        *spc_advice_answer_checklist (GListModel        *results);
/* Takes @headline and @evidence (may be NULL) */
SpcChecklistItem *spc_checklist_item_new      (const char        *question,
                                               SpcChecklistAnswer answer,
                                               char              *headline,
                                               char              *evidence);
void              spc_checklist_item_free     (SpcChecklistItem  *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcChecklistItem, spc_checklist_item_free)

G_END_DECLS
