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

/* Takes @task out of its owner's list, under the owner's lock: TRUE when
 * it was still there (the list's reference is then the caller's) */
typedef gboolean (*SpcWaiterRemove) (GTask *task);

/* Once @task's cancellable fires, from @task's context: @remove takes it
 * out of its list and, if it was still there, @task returns
 * G_IO_ERROR_CANCELLED. Nothing when it has no cancellable. */
void spc_waiter_watch_cancel   (GTask           *task,
                                SpcWaiterRemove  remove,
                                const char      *name);
/* Before @task is given what it waited for */
void spc_waiter_unwatch_cancel (GTask           *task);

G_END_DECLS
