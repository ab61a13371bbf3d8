/* spc-handshake-queue.c — at most N TLS handshakes of a check at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-handshake-queue.h"
#include "spc-waiter.h"

struct _SpcHandshakeQueue
{
  GObject  parent_instance;

  GMutex   mutex;
  guint    max_in_flight;
  guint    in_flight;
  GQueue   waiting;        /* GTask, oldest first; each holds a reference */
};

G_DEFINE_FINAL_TYPE (SpcHandshakeQueue, spc_handshake_queue, G_TYPE_OBJECT)

/* SpcWaiterRemove */
static gboolean
remove_waiter (GTask *task)
{
  SpcHandshakeQueue *self = g_task_get_source_object (task);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return g_queue_remove (&self->waiting, task);
}

static void
grant (GTask *task)
{
  spc_waiter_unwatch_cancel (task);
  g_task_return_boolean (task, TRUE);
}

void
spc_handshake_queue_wait_async (SpcHandshakeQueue   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean free_slot;

  g_return_if_fail (SPC_IS_HANDSHAKE_QUEUE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_handshake_queue_wait_async);
  /* A slot once given is the caller's to release, cancelled or not */
  g_task_set_check_cancellable (task, FALSE);

  /* Decided and queued under one lock: a release from another thread
   * between the two would find nobody waiting and keep the slot free
   * while this task waits for it. The cancel watch is set first; it runs
   * from this thread's context, so never in between. */
  spc_waiter_watch_cancel (task, remove_waiter, "[spc] handshake queue cancel");
  g_mutex_lock (&self->mutex);
  free_slot = self->in_flight < self->max_in_flight && g_queue_is_empty (&self->waiting);
  if (free_slot)
    self->in_flight++;
  else
    g_queue_push_tail (&self->waiting, g_object_ref (task));
  g_mutex_unlock (&self->mutex);

  /* GTask defers a return made in the iteration that created it */
  if (free_slot)
    grant (task);
}

gboolean
spc_handshake_queue_wait_finish (SpcHandshakeQueue  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (SPC_IS_HANDSHAKE_QUEUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
spc_handshake_queue_release (SpcHandshakeQueue *self)
{
  GTask *next;

  g_return_if_fail (SPC_IS_HANDSHAKE_QUEUE (self));

  /* The slot passes to the oldest waiter, if any */
  g_mutex_lock (&self->mutex);
  if (self->in_flight == 0)
    {
      g_mutex_unlock (&self->mutex);
      g_critical ("%s: no slot is held", G_STRFUNC);
      return;
    }
  next = g_queue_pop_head (&self->waiting);
  if (next == NULL)
    self->in_flight--;
  g_mutex_unlock (&self->mutex);

  if (next != NULL)
    {
      grant (next);
      g_object_unref (next);
    }
}

guint
spc_handshake_queue_get_max_in_flight (SpcHandshakeQueue *self)
{
  g_return_val_if_fail (SPC_IS_HANDSHAKE_QUEUE (self), 0);

  return self->max_in_flight;
}

guint
spc_handshake_queue_get_in_flight (SpcHandshakeQueue *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SPC_IS_HANDSHAKE_QUEUE (self), 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->in_flight;
}

static void
spc_handshake_queue_finalize (GObject *object)
{
  SpcHandshakeQueue *self = SPC_HANDSHAKE_QUEUE (object);

  /* Every waiter holds a reference on us through its task */
  g_assert (g_queue_is_empty (&self->waiting));
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (spc_handshake_queue_parent_class)->finalize (object);
}

static void
spc_handshake_queue_class_init (SpcHandshakeQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_handshake_queue_finalize;
}

static void
spc_handshake_queue_init (SpcHandshakeQueue *self)
{
  g_mutex_init (&self->mutex);
  g_queue_init (&self->waiting);
}

SpcHandshakeQueue *
spc_handshake_queue_new (guint max_in_flight)
{
  SpcHandshakeQueue *self;

  g_return_val_if_fail (max_in_flight >= 1, NULL);

  self = g_object_new (SPC_TYPE_HANDSHAKE_QUEUE, NULL);
  self->max_in_flight = max_in_flight;
  return self;
}
