/* spc-waiter.c — a GTask that waits in a list for something to be given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-waiter.h"

void
spc_waiter_watch_cancel (GTask                  *task,
                         GCancellableSourceFunc  cancelled,
                         const char             *name)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) cancel_source = NULL;

  if (cancellable == NULL)
    return;

  cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_static_name (cancel_source, name);
  g_source_set_callback (cancel_source, G_SOURCE_FUNC (cancelled), g_object_ref (task), g_object_unref);
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
