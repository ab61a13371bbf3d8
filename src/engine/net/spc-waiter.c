/* spc-waiter.c — a GTask that waits in a list for something to be given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-waiter.h"

typedef struct {
  GTask           *task;
  SpcWaiterRemove  remove;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_object_unref (watch->task);
  g_free (watch);
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  Watch *watch = data;

  /* Otherwise what it waited for came first, and it got that */
  if (watch->remove (watch->task))
    {
      g_task_return_new_error (watch->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled while waiting");
      g_object_unref (watch->task);
    }
  return G_SOURCE_REMOVE;
}

void
spc_waiter_watch_cancel (GTask           *task,
                         SpcWaiterRemove  remove,
                         const char      *name)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) cancel_source = NULL;
  Watch *watch;

  if (cancellable == NULL)
    return;

  watch = g_new0 (Watch, 1);
  watch->task = g_object_ref (task);
  watch->remove = remove;
  cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_static_name (cancel_source, name);
  g_source_set_callback (cancel_source, G_SOURCE_FUNC (cancelled_cb), watch, watch_free);
  g_task_set_task_data (task, g_source_ref (cancel_source), (GDestroyNotify) g_source_unref);
  g_source_attach (cancel_source, g_task_get_context (task));
}

void
spc_waiter_unwatch_cancel (GTask *task)
{
  GSource *cancel_source = g_task_get_task_data (task);

  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
}
