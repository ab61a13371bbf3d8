/* spc-deadline.h — a timer that cancels an operation when its time is up
 *
 * Socket timeouts measure inactivity only, and DNS has none we control: a
 * deadline cancels a GCancellable after a fixed time, and remembers that it
 * did, so a deadline can be told from a user's cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GSource  *source;   /* NULL when not armed */
  gboolean  passed;
} SpcDeadline;

/* Arms @self (stopping it first): after @ms on @context, @cancellable is
 * cancelled and passed becomes TRUE. The owner of @self keeps it alive
 * until spc_deadline_stop(). */
void spc_deadline_start (SpcDeadline  *self,
                         guint         ms,
                         GCancellable *cancellable,
                         GMainContext *context,
                         const char   *name);
/* Disarms @self; passed keeps its value */
void spc_deadline_stop  (SpcDeadline  *self);

/* One step of an operation: a GCancellable of its own, cancelled when the
 * caller's is (@caller may be NULL) or when the step's deadline passes */
typedef struct {
  GCancellable *cancellable;   /* the step's; NULL between steps */
  GCancellable *caller;
  gulong        handler;
  SpcDeadline   deadline;      /* deadline.passed: the last step ran out of time */
  gint64        started_us;
} SpcDeadlineStep;

/* Ends the current step, if any, and begins one of @ms on @context */
void   spc_deadline_step_begin (SpcDeadlineStep *self,
                                GCancellable    *caller,
                                guint            ms,
                                GMainContext    *context,
                                const char      *name);
/* Disarms and drops the step's cancellable; deadline.passed keeps its value */
void   spc_deadline_step_end   (SpcDeadlineStep *self);
/* Since the step began */
gint64 spc_deadline_step_ms    (SpcDeadlineStep *self);

G_END_DECLS
