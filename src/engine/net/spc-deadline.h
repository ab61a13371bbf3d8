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

/* One step of a GTask: a GCancellable of its own, cancelled when the
 * task's is (the caller's, if any) or when the step's deadline passes */
typedef struct {
  GCancellable *cancellable;   /* the step's; NULL between steps */
  GCancellable *caller;
  gulong        handler;
  SpcDeadline   deadline;      /* deadline.passed: the last step ran out of time */
  gint64        started_us;
} SpcDeadlineStep;

/* Ends the current step, if any, and begins one of @ms for @task: the
 * task's cancellable is the caller's, its context runs the deadline */
void     spc_deadline_step_begin       (SpcDeadlineStep *self,
                                        GTask           *task,
                                        guint            ms,
                                        const char      *name);
/* Disarms and drops the step's cancellable; deadline.passed keeps its value */
void     spc_deadline_step_end         (SpcDeadlineStep *self);
/* Since the step began */
gint64   spc_deadline_step_ms          (SpcDeadlineStep *self);
/* Whether @task's caller cancelled it, whatever a step's deadline did */
gboolean spc_deadline_caller_cancelled (GTask           *task);

G_END_DECLS
