/* spc-diagnosis-thread.c — a diagnosis whose probes run on a thread of their own
 *
 * spc_diagnosis_start_in_thread() makes the caller's diagnosis a mirror: a
 * sibling diagnosis of the same request runs on a worker thread, on a main
 * context of its own, so its sockets, stage timers, handshake-queue waits
 * and lookups never wait behind the caller's work (a window's layout and
 * drawing), and what it measures does not depend on how busy that is.
 *
 * Nothing mutable is shared. The worker owns its diagnosis; when it has
 * nothing more urgent to do and none of the check's TLS handshakes runs
 * (for HANDSHAKE_HOLD_MAX_MS at most), it copies each result that changed
 * into a snapshot (a new SpcResult nobody else sees) and queues it. The
 * caller's context brings the mirror's result up to the newest snapshot of its port
 * (spc_result_update_from()), so every notify, "running" and "done" is
 * emitted there. A busy caller sees the news later and in fewer steps;
 * the timings in them are the worker's.
 *
 * Stopping is the mirror's GCancellable, which any thread may watch: a
 * source on the worker's context cancels the sibling. The thread ends by
 * itself once its diagnosis is done and every operation it started has
 * called back (drain_sibling()), and nobody waits for it: a mirror
 * finalized early stops the run, and what the worker still sends then
 * finds nobody.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-diagnosis-private.h"
#include "spc-handshake-queue.h"
#include "spc-result-private.h"

/* A bound on waiting for the last callbacks when the thread leaves: never
 * reached when each operation calls back as it must (a cancelled one with
 * G_IO_ERROR_CANCELLED) */
#define DRAIN_MAX_MS 5000
/* News held back for a handshake looks again this often, and waits at most
 * so long: a handshake on loopback computes for 2 to 10 ms; one still
 * running after that waits for its server (a silent port's, for the whole
 * deadline), and the news goes */
#define HANDSHAKE_RECHECK_MS  2
#define HANDSHAKE_HOLD_MAX_MS 25

/* Shared by the mirror, the worker and the news on their way (an atomic
 * reference-counted box) */
struct _SpcDiagnosisThread
{
  GMainContext *caller_context;   /* where the mirror lives */
  SpcDiagnosis *mirror;           /* caller's thread only; NULL once finalized */
  GCancellable *stop;             /* the mirror's, watched by the worker */
  guint         n_ports;

  GMutex        lock;             /* guards what follows */
  SpcResult   **snapshots;        /* per port: the newest not yet shown, or NULL */
  gboolean      news_queued;      /* a delivery is attached to caller_context */
  gboolean      ended;            /* the sibling is done, not yet told */
  gint64        ended_us;
};

typedef struct _Worker Worker;

/* One port of the sibling, as the worker watches it */
typedef struct {
  Worker    *worker;
  SpcResult *result;              /* the sibling's, which holds it */
  gulong     handler;
  gboolean   changed;             /* since its last snapshot */
} PortWatch;

/* The worker thread's own: nobody else touches it */
struct _Worker
{
  SpcDiagnosisThread *thread;
  SpcDiagnosis       *diagnosis;  /* the sibling */
  GMainContext       *context;
  PortWatch          *ports;
  SpcHandshakeQueue  *handshakes;  /* the check's */
  GSource            *copy_source;
  gint64              held_since_us;  /* news first held back, or 0 */
  gboolean            done;
};

static void
thread_clear (gpointer data)
{
  SpcDiagnosisThread *thread = data;

  for (guint i = 0; i < thread->n_ports; i++)
    g_clear_object (&thread->snapshots[i]);
  g_free (thread->snapshots);
  g_object_unref (thread->stop);
  g_main_context_unref (thread->caller_context);
  g_mutex_clear (&thread->lock);
}

static void
thread_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, thread_clear);
}

/* The caller's side */

static gboolean
deliver_news_cb (gpointer data)
{
  SpcDiagnosisThread *thread = data;
  g_autofree SpcResult **news = g_new0 (SpcResult *, thread->n_ports);
  g_autoptr(SpcDiagnosis) mirror = NULL;
  gboolean ended;

  g_mutex_lock (&thread->lock);
  for (guint i = 0; i < thread->n_ports; i++)
    news[i] = g_steal_pointer (&thread->snapshots[i]);
  thread->news_queued = FALSE;
  ended = thread->ended;
  thread->ended = FALSE;
  g_mutex_unlock (&thread->lock);

  /* Alive until the end here, whatever its handlers do */
  if (thread->mirror != NULL)
    mirror = g_object_ref (thread->mirror);

  for (guint i = 0; i < thread->n_ports; i++)
    {
      if (news[i] != NULL && mirror != NULL)
        {
          g_autoptr(SpcResult) result = g_list_model_get_item (G_LIST_MODEL (mirror), i);

          spc_result_update_from (result, news[i]);
        }
      g_clear_object (&news[i]);
    }

  /* Every port's last news came with it or before */
  if (ended && mirror != NULL)
    _spc_diagnosis_end (mirror, thread->ended_us);

  return G_SOURCE_REMOVE;
}

void
_spc_diagnosis_thread_forget (SpcDiagnosisThread *thread)
{
  thread->mirror = NULL;
  g_cancellable_cancel (thread->stop);
  thread_release (thread);
}

/* The worker's side */

/* Hands what changed (and the end, when @ended) to the caller's context */
static void
send_news (Worker   *worker,
           gboolean  ended)
{
  SpcDiagnosisThread *thread = worker->thread;
  g_autofree SpcResult **made = g_new0 (SpcResult *, thread->n_ports);
  gboolean queue;

  for (guint i = 0; i < thread->n_ports; i++)
    {
      PortWatch *port = &worker->ports[i];

      if (!port->changed)
        continue;
      port->changed = FALSE;
      made[i] = spc_result_new (spc_result_get_port (port->result), spc_result_get_mode (port->result));
      spc_result_update_from (made[i], port->result);
    }

  g_mutex_lock (&thread->lock);
  for (guint i = 0; i < thread->n_ports; i++)
    {
      SpcResult *older;

      if (made[i] == NULL)
        continue;
      /* Only the newest is worth showing: the older, never shown, goes */
      older = thread->snapshots[i];
      thread->snapshots[i] = made[i];
      made[i] = older;
    }
  if (ended)
    {
      thread->ended = TRUE;
      thread->ended_us = g_get_monotonic_time ();
    }
  queue = !thread->news_queued;
  thread->news_queued = TRUE;
  g_mutex_unlock (&thread->lock);

  for (guint i = 0; i < thread->n_ports; i++)
    g_clear_object (&made[i]);

  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_news_cb, g_atomic_rc_box_acquire (thread), thread_release);
      g_source_set_static_name (source, "[spc] diagnosis thread news");
      g_source_attach (source, thread->caller_context);
      g_source_unref (source);
    }
}

static gboolean copy_changes_cb (gpointer data);

/* A copy when the worker is idle (a socket ready meanwhile comes first),
 * or after @delay_ms */
static void
queue_copy (Worker *worker,
            guint   delay_ms)
{
  if (worker->copy_source != NULL)
    return;

  worker->copy_source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_callback (worker->copy_source, copy_changes_cb, worker, NULL);
  g_source_set_static_name (worker->copy_source, "[spc] diagnosis thread copy");
  g_source_attach (worker->copy_source, worker->context);
}

/* While one of the check's TLS handshakes (or host lookups, which hold
 * the same queue's slots) runs, news waits: each delivery has the caller
 * lay out and redraw, CPU that a loaded machine takes from the handshake
 * (GnuTLS computes on GLib's pool, glib-networking checks the certificate
 * on this context). In window-timing, the STARTTLS port's
 * handshake comes while the other ports' news arrives: its handshake took
 * 3 to 5 ms more in the window than in the CLI and its total 8 to 12 ms
 * more (the test's bound is 5 ms plus the CLI's own noise); -3 to +5 ms
 * with this. Never longer than HANDSHAKE_HOLD_MAX_MS. */
static gboolean
copy_changes_cb (gpointer data)
{
  Worker *worker = data;
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&worker->copy_source, g_source_unref);
  if (worker->held_since_us == 0)
    worker->held_since_us = now;
  if (spc_handshake_queue_get_in_flight (worker->handshakes) > 0 &&
      now - worker->held_since_us < HANDSHAKE_HOLD_MAX_MS * G_TIME_SPAN_MILLISECOND)
    {
      queue_copy (worker, HANDSHAKE_RECHECK_MS);
      return G_SOURCE_REMOVE;
    }
  worker->held_since_us = 0;
  send_news (worker, FALSE);
  return G_SOURCE_REMOVE;
}

static void
port_changed_cb (SpcResult  *result,
                 GParamSpec *pspec,
                 gpointer    data)
{
  PortWatch *port = data;

  port->changed = TRUE;
  queue_copy (port->worker, 0);
}

static void
sibling_done_cb (SpcDiagnosis *diagnosis,
                 gpointer      data)
{
  Worker *worker = data;

  if (worker->copy_source != NULL)
    {
      g_source_destroy (worker->copy_source);
      g_clear_pointer (&worker->copy_source, g_source_unref);
    }
  send_news (worker, TRUE);
  worker->done = TRUE;
}

static gboolean
cancel_sibling_cb (gpointer data)
{
  spc_diagnosis_cancel (data);
  return G_SOURCE_REMOVE;
}

/* In the thread that stops (the UI's): the cancel itself is the worker's */
static void
stop_cb (GCancellable *stop,
         gpointer      data)
{
  Worker *worker = data;
  /* A source, not an invoke: a stop before the start still comes after it */
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_sibling_cb, g_object_ref (worker->diagnosis), g_object_unref);
  g_source_set_static_name (source, "[spc] diagnosis thread stop");
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

static Worker *
worker_new (SpcDiagnosisThread *thread,
            SpcDiagnosis       *sibling)
{
  Worker *worker = g_new0 (Worker, 1);

  worker->thread = g_atomic_rc_box_acquire (thread);
  worker->diagnosis = sibling;
  worker->context = g_main_context_new ();
  worker->ports = g_new0 (PortWatch, thread->n_ports);
  worker->handshakes = g_object_ref (spc_request_get_handshake_queue (spc_diagnosis_get_request (sibling)));
  for (guint i = 0; i < thread->n_ports; i++)
    {
      PortWatch *port = &worker->ports[i];
      g_autoptr(SpcResult) result = g_list_model_get_item (G_LIST_MODEL (sibling), i);

      port->worker = worker;
      port->result = result;
    }

  return worker;
}

/* Everything of the worker but its reference on the sibling and the
 * context, which the drain below still needs */
static void
worker_disconnect (Worker *worker)
{
  for (guint i = 0; i < worker->thread->n_ports; i++)
    g_clear_signal_handler (&worker->ports[i].handler, worker->ports[i].result);
  g_signal_handlers_disconnect_by_data (worker->diagnosis, worker);
  if (worker->copy_source != NULL)
    {
      g_source_destroy (worker->copy_source);
      g_clear_pointer (&worker->copy_source, g_source_unref);
    }
}

static void
worker_free (Worker *worker)
{
  g_free (worker->ports);
  g_object_unref (worker->handshakes);
  g_main_context_unref (worker->context);
  thread_release (worker->thread);
  g_free (worker);
}

static gboolean
note_give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Every asynchronous operation the sibling starts (its lookup, each
 * probe's run, each reference and TLS 1.0/1.1 check) holds a reference on
 * it until its callback, and a cancelled one still calls back, onto this
 * context: often a moment later, from GLib's thread pool. A callback that
 * came to a context nobody iterates would strand its source and all it
 * holds. So once "done" came, the worker drops its own reference and
 * iterates until the last callback has dropped the last one: the sibling
 * is gone exactly when nothing of it is pending, and not a fixed time
 * later. */
static void
drain_sibling (Worker *worker)
{
  SpcDiagnosis *sibling = g_steal_pointer (&worker->diagnosis);
  gboolean give_up = FALSE;
  GSource *bound;

  g_object_add_weak_pointer (G_OBJECT (sibling), (gpointer *) &sibling);
  g_object_unref (sibling);
  if (sibling == NULL)
    return;

  bound = g_timeout_source_new (DRAIN_MAX_MS);
  g_source_set_callback (bound, note_give_up_cb, &give_up, NULL);
  g_source_set_static_name (bound, "[spc] diagnosis thread drain bound");
  g_source_attach (bound, worker->context);
  while (sibling != NULL && !give_up)
    g_main_context_iteration (worker->context, TRUE);
  g_source_destroy (bound);
  g_source_unref (bound);

  if (sibling != NULL)
    g_object_remove_weak_pointer (G_OBJECT (sibling), (gpointer *) &sibling);
}

static gpointer
worker_run (gpointer data)
{
  Worker *worker = data;
  gulong stop_handler;

  g_main_context_push_thread_default (worker->context);

  /* A handler, not a GCancellableSource: GLib 2.74's source can be
   * resurrected and leaked when another thread cancels while it is
   * destroyed here (LeakSanitizer: 120 bytes after the diagnosis thread tests) */
  stop_handler = g_cancellable_connect (worker->thread->stop, G_CALLBACK (stop_cb), worker, NULL);

  for (guint i = 0; i < worker->thread->n_ports; i++)
    worker->ports[i].handler = g_signal_connect (worker->ports[i].result, "notify",
                                                 G_CALLBACK (port_changed_cb), &worker->ports[i]);
  g_signal_connect (worker->diagnosis, "done", G_CALLBACK (sibling_done_cb), worker);

  spc_diagnosis_start (worker->diagnosis);
  while (!worker->done)
    g_main_context_iteration (worker->context, TRUE);

  /* Waits for a stop_cb running in another thread; the cancel it queued
   * holds the sibling, so the drain dispatches it */
  g_cancellable_disconnect (worker->thread->stop, stop_handler);
  worker_disconnect (worker);
  drain_sibling (worker);
  /* What GLib itself queued on the way (a socket client's cancelled
   * attempts) is ready by now */
  while (g_main_context_iteration (worker->context, FALSE))
    ;

  g_main_context_pop_thread_default (worker->context);
  worker_free (worker);
  return NULL;
}

void
spc_diagnosis_start_in_thread (SpcDiagnosis *self)
{
  SpcDiagnosisThread *thread;
  Worker *worker;

  g_return_if_fail (SPC_IS_DIAGNOSIS (self));
  g_return_if_fail (spc_diagnosis_get_started (self) == NULL);

  /* The mirror holds the first reference, given back when it is finalized */
  thread = g_atomic_rc_box_new0 (SpcDiagnosisThread);
  g_mutex_init (&thread->lock);
  thread->caller_context = g_main_context_ref_thread_default ();
  thread->mirror = self;
  thread->n_ports = g_list_model_get_n_items (G_LIST_MODEL (self));
  thread->snapshots = g_new0 (SpcResult *, thread->n_ports);
  thread->stop = g_object_ref (_spc_diagnosis_begin_mirror (self, thread));

  /* Made here, then the worker's alone: starting a thread orders memory */
  worker = worker_new (thread, _spc_diagnosis_new_sibling (self));
  g_thread_unref (g_thread_new ("spc-diagnosis", worker_run, worker));
}
