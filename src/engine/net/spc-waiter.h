/* spc-waiter.h — a GTask that waits in a list for something to be given
 *
 * The handshake queue's waiters wait for a slot, the name cache's for an
 * answer. Either way the waiter's cancel is noticed from its own main
 * context, never inside g_cancellable_cancel(): the waiter's callback may
 * then disconnect the handlers that led to the cancel without deadlocking
 * on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Calls @cancelled (with @task) from @task's context once its cancellable
 * fires; nothing when it has none. @cancelled takes the task out of its
 * list and, if it was still there, returns it cancelled. */
void spc_waiter_watch_cancel   (GTask                  *task,
                                GCancellableSourceFunc  cancelled,
                                const char             *name);
/* Before @task is given what it waited for */
void spc_waiter_unwatch_cancel (GTask                  *task);

G_END_DECLS
