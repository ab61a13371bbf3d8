/* test-diagnosis-thread.c — when the worker thread of
 * spc_diagnosis_start_in_thread() leaves
 *
 * Exactly when every operation its diagnosis started has called back: not
 * before (a callback that comes to a context nobody iterates strands its
 * source and everything it holds), and not a fixed quiet period after.
 * The thread is seen by its name in /proc/self/task.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-engine.h"
#include "spc-test-server.h"
#include "spc-test-util.h"

#define THREAD_NAME      "spc-diagnosis"
/* Well under any quiet period worth the name (the old rule waited 200 ms) */
#define PROMPT_EXIT_MS   100
/* A cancelled lookup answered this late, as GLib's pool may */
#define LATE_ANSWER_MS   300
#define WAIT_DEADLINE_MS 10000
#define N_RUNS           5

/* Worker threads of this process now */
static guint
count_diagnosis_threads (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *name = NULL;

      /* A thread may end while it is read */
      if (g_file_get_contents (path, &name, NULL, NULL) && g_strcmp0 (g_strchomp (name), THREAD_NAME) == 0)
        n++;
    }
  return n;
}

static gboolean
no_diagnosis_thread (gpointer data)
{
  return count_diagnosis_threads () == 0;
}

/* Microseconds from @since until no worker thread is left (polled each
 * millisecond, without iterating anything) */
static gint64
wait_for_threads_gone (gint64 since)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_DEADLINE_MS * G_TIME_SPAN_MILLISECOND;

  while (count_diagnosis_threads () > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  return g_get_monotonic_time () - since;
}

static void
note_done_time (SpcDiagnosis *diagnosis,
                gpointer      data)
{
  *(gint64 *) data = g_get_monotonic_time ();
}

static gboolean
time_is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

static SpcStatus
status_of_first (SpcDiagnosis *diagnosis)
{
  g_autoptr(SpcResult) result = g_list_model_get_item (G_LIST_MODEL (diagnosis), 0);

  return spc_result_get_status (result);
}

static SpcDiagnosis *
new_diagnosis (const char *host,
               GArray     *specs,
               const char *connect_address)
{
  g_autoptr(GTlsDatabase) database = spc_test_new_ca_database ();
  g_autoptr(SpcRequest) request = g_object_new (SPC_TYPE_REQUEST,
                                                "host", host,
                                                "ports", specs,
                                                "timeout-ms", 20000,
                                                "connect-address", connect_address,
                                                "tls-database", database,
                                                "reference", FALSE,
                                                NULL);

  return spc_diagnosis_new_for_request (request, NULL);
}

/* Nothing pending when the last port ends: the thread leaves at once */
static void
test_leaves_at_once (void)
{
  g_autoptr(SpcTestServer) server = spc_test_server_new_for_test ();
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec spec = { 0, SPC_MODE_STARTTLS };
  gint64 fastest = G_MAXINT64;

  spec.port = spc_test_server_add_loopback_port (server, SPC_SCENARIO_GOOD_STARTTLS_AUTH, 0);
  g_array_append_val (specs, spec);
  spec.port = spc_test_closed_port ();
  g_array_append_val (specs, spec);

  g_assert_true (spc_test_wait_for (no_diagnosis_thread, NULL, WAIT_DEADLINE_MS));
  /* The fastest of a few: a loaded machine may delay any one of them */
  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(SpcDiagnosis) diagnosis = new_diagnosis ("localhost", specs, "127.0.0.1");
      gint64 done_us = 0;
      gint64 gone_us;

      g_signal_connect (diagnosis, "done", G_CALLBACK (note_done_time), &done_us);
      spc_diagnosis_start_in_thread (diagnosis);
      g_assert_true (spc_test_wait_for (time_is_set, &done_us, WAIT_DEADLINE_MS));
      g_assert_cmpint (status_of_first (diagnosis), ==, SPC_STATUS_OK);

      gone_us = wait_for_threads_gone (done_us);
      g_test_message ("run %u: the thread was gone %" G_GINT64_FORMAT " us after done", run, gone_us);
      fastest = MIN (fastest, gone_us);
    }
  g_assert_cmpint (fastest, <, PROMPT_EXIT_MS * G_TIME_SPAN_MILLISECOND);
}

/* A resolver whose lookups end only on a cancel, and answer it
 * LATE_ANSWER_MS later from a thread of their own, as GLib's pool does */

#define TYPE_LATE_RESOLVER (late_resolver_get_type ())
G_DECLARE_FINAL_TYPE (LateResolver, late_resolver, LATE, RESOLVER, GResolver)

struct _LateResolver
{
  GResolver parent_instance;

  GMutex    lock;
  gint64    answered_us;          /* when the cancel was answered */
  guint     threads_at_answer;    /* worker threads alive then */
};

G_DEFINE_FINAL_TYPE (LateResolver, late_resolver, G_TYPE_RESOLVER)

typedef struct {
  GTask *task;
} Pending;

static gpointer
answer_late (gpointer data)
{
  GTask *task = data;
  LateResolver *self = g_task_get_source_object (task);

  g_usleep (LATE_ANSWER_MS * G_TIME_SPAN_MILLISECOND);
  g_mutex_lock (&self->lock);
  self->answered_us = g_get_monotonic_time ();
  self->threads_at_answer = count_diagnosis_threads ();
  g_mutex_unlock (&self->lock);
  /* Completes on the context the lookup was started in */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled, answered late");
  g_object_unref (task);
  return NULL;
}

static void
lookup_cancelled (GCancellable *cancellable,
                  gpointer      data)
{
  Pending *pending = data;

  g_thread_unref (g_thread_new ("late-answer", answer_late, g_steal_pointer (&pending->task)));
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->task);
  g_free (pending);
}

static void
late_lookup_async (GResolver                *resolver,
                   const char               *name,
                   GResolverNameLookupFlags  flags,
                   GCancellable             *cancellable,
                   GAsyncReadyCallback       callback,
                   gpointer                  user_data)
{
  Pending *pending = g_new0 (Pending, 1);

  g_assert_nonnull (cancellable);
  pending->task = g_task_new (resolver, cancellable, callback, user_data);
  g_task_set_check_cancellable (pending->task, FALSE);
  g_cancellable_connect (cancellable, G_CALLBACK (lookup_cancelled), pending, pending_free);
}

static void
late_lookup_by_name_async (GResolver           *resolver,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  late_lookup_async (resolver, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, callback, user_data);
}

static GList *
late_lookup_finish (GResolver     *resolver,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
late_lookup_by_name (GResolver     *resolver,
                     const char    *name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "Only asynchronous lookups here");
  return NULL;
}

static void
late_resolver_finalize (GObject *object)
{
  g_mutex_clear (&LATE_RESOLVER (object)->lock);

  G_OBJECT_CLASS (late_resolver_parent_class)->finalize (object);
}

static void
late_resolver_class_init (LateResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = late_resolver_finalize;
  resolver_class->lookup_by_name = late_lookup_by_name;
  resolver_class->lookup_by_name_async = late_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = late_lookup_finish;
  resolver_class->lookup_by_name_with_flags_async = late_lookup_async;
  resolver_class->lookup_by_name_with_flags_finish = late_lookup_finish;
}

static void
late_resolver_init (LateResolver *self)
{
  g_mutex_init (&self->lock);
}

/* Stopped while its lookup runs: the thread is still there when the
 * cancelled lookup calls back, late, and leaves at once after */
static void
test_waits_for_late_cancel (void)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(LateResolver) resolver = g_object_new (TYPE_LATE_RESOLVER, NULL);
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  SpcPortSpec spec = { 587, SPC_MODE_STARTTLS };
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  gint64 done_us = 0;
  gint64 cancelled_us;
  gint64 gone_us;

  g_array_append_val (specs, spec);
  g_resolver_set_default (G_RESOLVER (resolver));
  g_assert_true (spc_test_wait_for (no_diagnosis_thread, NULL, WAIT_DEADLINE_MS));

  diagnosis = new_diagnosis ("mail.test", specs, NULL);
  g_signal_connect (diagnosis, "done", G_CALLBACK (note_done_time), &done_us);
  spc_diagnosis_start_in_thread (diagnosis);
  spc_diagnosis_cancel (diagnosis);
  cancelled_us = g_get_monotonic_time ();

  g_assert_true (spc_test_wait_for (time_is_set, &done_us, WAIT_DEADLINE_MS));
  gone_us = wait_for_threads_gone (done_us);
  g_resolver_set_default (previous);

  g_mutex_lock (&resolver->lock);
  g_test_message ("answered %" G_GINT64_FORMAT " us after the cancel, done %" G_GINT64_FORMAT
                  " us after it, the thread gone %" G_GINT64_FORMAT " us after done",
                  resolver->answered_us - cancelled_us, done_us - cancelled_us, gone_us);
  /* The answer found the thread, which ended the run from it */
  g_assert_cmpint (resolver->answered_us, >=, cancelled_us + LATE_ANSWER_MS * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (resolver->threads_at_answer, ==, 1);
  g_assert_cmpint (done_us, >=, resolver->answered_us);
  g_mutex_unlock (&resolver->lock);
  g_assert_cmpint (status_of_first (diagnosis), ==, SPC_STATUS_CANCELLED);
  g_assert_cmpint (gone_us, <, WAIT_DEADLINE_MS * G_TIME_SPAN_MILLISECOND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagnosis-thread/leaves-at-once", test_leaves_at_once);
  g_test_add_func ("/diagnosis-thread/waits-for-late-cancel", test_waits_for_late_cancel);

  return g_test_run ();
}
