/* spc-deadline.c — a timer that cancels an operation when its time is up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-deadline.h"

typedef struct {
  SpcDeadline  *deadline;
  GCancellable *cancellable;
} Expiry;

static void
expiry_free (gpointer data)
{
  Expiry *expiry = data;

  g_object_unref (expiry->cancellable);
  g_free (expiry);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Expiry *expiry = user_data;

  expiry->deadline->passed = TRUE;
  g_clear_pointer (&expiry->deadline->source, g_source_unref);
  g_cancellable_cancel (expiry->cancellable);

  return G_SOURCE_REMOVE;
}

void
spc_deadline_start (SpcDeadline  *self,
                    guint         ms,
                    GCancellable *cancellable,
                    GMainContext *context,
                    const char   *name)
{
  Expiry *expiry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  spc_deadline_stop (self);
  self->passed = FALSE;

  expiry = g_new0 (Expiry, 1);
  expiry->deadline = self;
  expiry->cancellable = g_object_ref (cancellable);

  self->source = g_timeout_source_new (ms);
  g_source_set_static_name (self->source, name);
  g_source_set_callback (self->source, deadline_cb, expiry, expiry_free);
  g_source_attach (self->source, context);
}

void
spc_deadline_stop (SpcDeadline *self)
{
  g_return_if_fail (self != NULL);

  if (self->source == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}

/* Steps */

static void
cancel_step_cb (GCancellable *caller,
                gpointer      step_cancellable)
{
  g_cancellable_cancel (step_cancellable);
}

void
spc_deadline_step_end (SpcDeadlineStep *self)
{
  g_return_if_fail (self != NULL);

  spc_deadline_stop (&self->deadline);
  if (self->handler != 0)
    g_cancellable_disconnect (self->caller, self->handler);
  self->handler = 0;
  g_clear_object (&self->caller);
  g_clear_object (&self->cancellable);
}

void
spc_deadline_step_begin (SpcDeadlineStep *self,
                         GTask           *task,
                         guint            ms,
                         const char      *name)
{
  GCancellable *caller;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_TASK (task));

  caller = g_task_get_cancellable (task);

  spc_deadline_step_end (self);
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  if (caller != NULL)
    {
      self->caller = g_object_ref (caller);
      /* Cancels the step at once when the caller is cancelled already */
      self->handler = g_cancellable_connect (caller, G_CALLBACK (cancel_step_cb),
                                             g_object_ref (self->cancellable),
                                             g_object_unref);
    }
  spc_deadline_start (&self->deadline, ms, self->cancellable, g_task_get_context (task), name);
}

gint64
spc_deadline_step_ms (SpcDeadlineStep *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return (g_get_monotonic_time () - self->started_us) / 1000;
}

gboolean
spc_deadline_caller_cancelled (GTask *task)
{
  GCancellable *caller;

  g_return_val_if_fail (G_IS_TASK (task), FALSE);

  caller = g_task_get_cancellable (task);
  return caller != NULL && g_cancellable_is_cancelled (caller);
}
