/* spc-diagnosis-private.h — what spc-diagnosis.c and
 * spc-diagnosis-thread.c (a diagnosis run on a thread of its own) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-diagnosis.h"

G_BEGIN_DECLS

/* A run on a worker thread and the mirror it reports to */
typedef struct _SpcDiagnosisThread SpcDiagnosisThread;

/* spc-diagnosis.c */

/* A new diagnosis of @self's request (its trust is loaded already) */
SpcDiagnosis *_spc_diagnosis_new_sibling    (SpcDiagnosis       *self);
/* Starts @self as the mirror of @thread's run: started now, without
 * probes or reference checks of its own. Returns (not a reference) the
 * cancellable spc_diagnosis_cancel() cancels; any thread may watch it. */
GCancellable *_spc_diagnosis_begin_mirror   (SpcDiagnosis       *self,
                                             SpcDiagnosisThread *thread);
/* Done at @ended_us (g_get_monotonic_time()): "running" then "done" */
void          _spc_diagnosis_end            (SpcDiagnosis       *self,
                                             gint64              ended_us);

/* spc-diagnosis-thread.c */

/* The mirror is being finalized: stops the run, which then reports to
 * nobody */
void          _spc_diagnosis_thread_forget  (SpcDiagnosisThread *thread);

G_END_DECLS
