/* test-name-cache.c — a name looked up once per check
 *
 * A gated resolver, installed as the default, answers "a.test" with
 * 127.0.0.9 once the test opens its gate, "flaky.test" with a temporary
 * failure, any other name with "not found": each lookup blocks its
 * thread until then, as a slow name server does, and is counted. No query
 * leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-engine.h"
#include "spc-test-util.h"

#define WAIT_MS 5000

#define GATED_TYPE_RESOLVER (gated_resolver_get_type ())
G_DECLARE_FINAL_TYPE (GatedResolver, gated_resolver, GATED, RESOLVER, GResolver)

struct _GatedResolver
{
  GResolver  parent_instance;
  GMutex     mutex;
  GCond      cond;
  gboolean   open;
  guint      n_lookups;
};

G_DEFINE_FINAL_TYPE (GatedResolver, gated_resolver, G_TYPE_RESOLVER)

static GList *
gated_lookup_by_name (GResolver     *resolver,
                      const char    *name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GatedResolver *self = GATED_RESOLVER (resolver);
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&self->mutex);
  self->n_lookups++;
  while (!self->open && g_cond_wait_until (&self->cond, &self->mutex, end))
    ;
  g_mutex_unlock (&self->mutex);

  if (g_ascii_strcasecmp (name, "flaky.test") == 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, "No answer in time: %s", name);
      return NULL;
    }
  if (g_ascii_strcasecmp (name, "a.test") != 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such name here: %s", name);
      return NULL;
    }
  return g_list_append (NULL, g_inet_address_new_from_string ("127.0.0.9"));
}

static GList *
gated_lookup_by_name_with_flags (GResolver                 *resolver,
                                 const char                *name,
                                 GResolverNameLookupFlags   flags,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  return gated_lookup_by_name (resolver, name, cancellable, error);
}

static void
gated_resolver_finalize (GObject *object)
{
  GatedResolver *self = GATED_RESOLVER (object);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (gated_resolver_parent_class)->finalize (object);
}

static void
gated_resolver_class_init (GatedResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gated_resolver_finalize;
  G_RESOLVER_CLASS (klass)->lookup_by_name = gated_lookup_by_name;
  G_RESOLVER_CLASS (klass)->lookup_by_name_with_flags = gated_lookup_by_name_with_flags;
}

static void
gated_resolver_init (GatedResolver *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

static void
gated_resolver_open (GatedResolver *self)
{
  g_mutex_lock (&self->mutex);
  self->open = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static guint
gated_resolver_get_n_lookups (GatedResolver *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_lookups;
  g_mutex_unlock (&self->mutex);
  return n;
}

/* The gated resolver as the default for one test; the previous default
 * back after it */
typedef struct {
  GatedResolver *resolver;
  GResolver     *previous;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->resolver = g_object_new (GATED_TYPE_RESOLVER, NULL);
  fixture->previous = g_resolver_get_default ();
  g_resolver_set_default (G_RESOLVER (fixture->resolver));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_resolver_set_default (fixture->previous);
  g_clear_object (&fixture->previous);
  g_clear_object (&fixture->resolver);
}

/* The answer's one address as text, or the error's code */
static char *
answer_text (SpcNameCache *cache,
             GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  GList *addresses = spc_name_cache_lookup_finish (cache, result, &error);
  char *text;

  if (addresses == NULL)
    return g_strdup_printf ("%s %d", g_quark_to_string (error->domain), error->code);
  g_assert_null (addresses->next);
  text = g_inet_address_to_string (addresses->data);
  g_resolver_free_addresses (addresses);
  return text;
}

/* Looks @name up through @cache, to its answer: answer_text()'s */
static char *
lookup_text (SpcNameCache             *cache,
             const char               *name,
             GResolverNameLookupFlags  flags)
{
  g_autoptr(GAsyncResult) result = NULL;

  spc_name_cache_lookup_async (cache, name, flags, NULL, spc_test_keep_result, &result);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &result, WAIT_MS));
  return answer_text (cache, result);
}

/* Three callers of one name: one lookup; a cancel ends its caller's wait
 * at once and no one else's; a caller after the answer gets it at once */
static void
test_shared (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SpcNameCache) cache = spc_name_cache_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *results[3] = { NULL, NULL, NULL };
  g_autofree char *cancelled = NULL;

  spc_name_cache_lookup_async (cache, "a.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL,
                               spc_test_keep_result, &results[0]);
  spc_name_cache_lookup_async (cache, "A.Test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                               spc_test_keep_result, &results[1]);
  spc_name_cache_lookup_async (cache, "a.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, NULL,
                               spc_test_keep_result, &results[2]);

  g_cancellable_cancel (cancellable);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &results[1], WAIT_MS));
  cancelled = answer_text (cache, results[1]);
  g_assert_cmpstr (cancelled, ==, "g-io-error-quark 19");  /* G_IO_ERROR_CANCELLED */
  g_assert_null (results[0]);
  g_assert_null (results[2]);

  gated_resolver_open (fixture->resolver);
  for (guint i = 0; i <= 2; i += 2)
    {
      g_autofree char *text = NULL;

      g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &results[i], WAIT_MS));
      text = answer_text (cache, results[i]);
      g_assert_cmpstr (text, ==, "127.0.0.9");
    }

  {
    g_autofree char *text = lookup_text (cache, "a.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT);

    g_assert_cmpstr (text, ==, "127.0.0.9");
  }
  g_assert_cmpuint (gated_resolver_get_n_lookups (fixture->resolver), ==, 1);
  g_assert_cmpuint (spc_name_cache_get_n_lookups (cache), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_clear_object (&results[i]);
}

/* A failure is kept too; other flags are another lookup */
static void
test_failure_kept (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SpcNameCache) cache = spc_name_cache_new ();
  GResolverNameLookupFlags flags[] = { G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                       G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                       G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY };

  gated_resolver_open (fixture->resolver);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *text = lookup_text (cache, "missing.test", flags[i]);

      g_assert_cmpstr (text, ==, "g-resolver-error-quark 0");  /* G_RESOLVER_ERROR_NOT_FOUND */
      g_assert_cmpuint (gated_resolver_get_n_lookups (fixture->resolver), ==, i < 2 ? 1 : 2);
    }
}

/* A name server's hiccup is not kept: the next caller asks again */
static void
test_hiccup_not_kept (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SpcNameCache) cache = spc_name_cache_new ();

  gated_resolver_open (fixture->resolver);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = lookup_text (cache, "flaky.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT);

      g_assert_cmpstr (text, ==, "g-resolver-error-quark 1");  /* G_RESOLVER_ERROR_TEMPORARY_FAILURE */
      g_assert_cmpuint (gated_resolver_get_n_lookups (fixture->resolver), ==, i + 1);
    }
}

/* The first caller's context is a worker thread's, gone before the answer
 * (the window's worker after a check stopped): the lookup still ends, and
 * with it its hold on the cache */
static gpointer
short_lived_caller (gpointer data)
{
  SpcNameCache *cache = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  g_main_context_push_thread_default (context);
  spc_name_cache_lookup_async (cache, "a.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                               spc_test_keep_result, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (context, FALSE);
  g_assert_nonnull (result);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_caller_context_gone (Fixture       *fixture,
                          gconstpointer  data)
{
  SpcNameCache *cache = spc_name_cache_new ();
  gint64 end;

  g_thread_join (g_thread_new ("short-lived caller", short_lived_caller, cache));

  g_object_add_weak_pointer (G_OBJECT (cache), (gpointer *) &cache);
  g_object_unref (cache);
  g_assert_nonnull (cache);  /* the lookup holds it */
  gated_resolver_open (fixture->resolver);
  end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  while (cache != NULL && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (cache);
}

/* A waiter given what it waited for no longer watches its cancellable:
 * the watch would hold the task (and its caller's data) until a cancel
 * that never comes */
static void
test_answered_unwatched (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SpcNameCache) cache = spc_name_cache_new ();
  g_autoptr(SpcHandshakeQueue) queue = spc_handshake_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *answered = NULL;
  GAsyncResult *slot = NULL;

  /* The name cache's waiter, then the handshake queue's */
  spc_name_cache_lookup_async (cache, "a.test", G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                               spc_test_keep_result, &answered);
  gated_resolver_open (fixture->resolver);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &answered, WAIT_MS));
  g_object_add_weak_pointer (G_OBJECT (answered), (gpointer *) &answered);
  g_object_unref (answered);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_unset, &answered, WAIT_MS));

  spc_handshake_queue_wait_async (queue, NULL, spc_test_keep_result, &slot);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &slot, WAIT_MS));
  g_assert_true (spc_handshake_queue_wait_finish (queue, slot, NULL));
  g_clear_object (&slot);
  spc_handshake_queue_wait_async (queue, cancellable, spc_test_keep_result, &slot);
  spc_handshake_queue_release (queue);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &slot, WAIT_MS));
  g_assert_true (spc_handshake_queue_wait_finish (queue, slot, NULL));
  spc_handshake_queue_release (queue);
  g_object_add_weak_pointer (G_OBJECT (slot), (gpointer *) &slot);
  g_object_unref (slot);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_unset, &slot, WAIT_MS));
}

/* The window's servers of one address run in worker threads of their own
 * and share one handshake queue: a slot released by one thread while
 * another is queueing must go to that waiter. Each round, this thread
 * holds the only slot, the other thread asks for it, and this thread
 * releases it at a varying moment; a waiter queued after the release
 * found nobody would wait for ever (2 in 3000 rounds, before the fix). */

#define RACE_ROUNDS 20000

typedef struct {
  SpcHandshakeQueue *queue;
  gint               round;     /* the round the other thread may start */
  gint               finished;  /* the last round it finished */
  gint               lost;      /* the round whose slot never came, or 0 */
} Race;

static gpointer
race_waiter (gpointer data)
{
  Race *race = data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  for (gint round = 1; round <= RACE_ROUNDS; round++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GAsyncResult) slot = NULL;
      gint64 end;

      while (g_atomic_int_get (&race->round) < round)
        g_thread_yield ();
      spc_handshake_queue_wait_async (race->queue, cancellable, spc_test_keep_result, &slot);
      end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
      while (slot == NULL && g_get_monotonic_time () < end)
        g_main_context_iteration (context, FALSE);
      if (slot == NULL)
        {
          /* Out of the queue, so that it can be freed */
          g_cancellable_cancel (cancellable);
          while (slot == NULL)
            g_main_context_iteration (context, TRUE);
          g_atomic_int_set (&race->lost, round);
          g_atomic_int_set (&race->finished, round);
          break;
        }
      g_assert_true (spc_handshake_queue_wait_finish (race->queue, slot, NULL));
      spc_handshake_queue_release (race->queue);
      g_atomic_int_set (&race->finished, round);
    }
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_release_from_another_thread (void)
{
  g_autoptr(SpcHandshakeQueue) queue = spc_handshake_queue_new (1);
  Race race = { queue, 0, 0, 0 };
  GThread *thread = g_thread_new ("race waiter", race_waiter, &race);

  for (gint round = 1; round <= RACE_ROUNDS && g_atomic_int_get (&race.lost) == 0; round++)
    {
      g_autoptr(GAsyncResult) slot = NULL;

      spc_handshake_queue_wait_async (queue, NULL, spc_test_keep_result, &slot);
      g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &slot, WAIT_MS));
      g_assert_true (spc_handshake_queue_wait_finish (queue, slot, NULL));

      g_atomic_int_set (&race.round, round);
      for (volatile guint spin = 0; spin < (guint) (round % 200) * 10; spin++)
        ;
      spc_handshake_queue_release (queue);
      while (g_atomic_int_get (&race.finished) < round)
        g_thread_yield ();
    }
  g_thread_join (thread);

  g_assert_cmpint (race.lost, ==, 0);
  g_assert_cmpuint (spc_handshake_queue_get_in_flight (queue), ==, 0);
}

/* Copies of a request share its cache, as they share its handshake queue */
static void
test_request_copies_share (void)
{
  g_autoptr(SpcRequest) request = spc_request_new ("127.0.0.1");
  g_autoptr(SpcRequest) copy = spc_request_copy (request);
  g_autoptr(SpcRequest) other = spc_request_new ("127.0.0.1");

  g_assert_true (spc_request_get_name_cache (copy) == spc_request_get_name_cache (request));
  g_assert_false (spc_request_get_name_cache (other) == spc_request_get_name_cache (request));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/name-cache/shared", Fixture, NULL, fixture_set_up, test_shared, fixture_tear_down);
  g_test_add ("/name-cache/failure-kept", Fixture, NULL, fixture_set_up, test_failure_kept, fixture_tear_down);
  g_test_add_func ("/name-cache/request-copies-share", test_request_copies_share);
  g_test_add ("/name-cache/hiccup-not-kept", Fixture, NULL, fixture_set_up, test_hiccup_not_kept, fixture_tear_down);
  g_test_add ("/name-cache/caller-context-gone", Fixture, NULL, fixture_set_up, test_caller_context_gone, fixture_tear_down);
  g_test_add ("/waiter/answered-unwatched", Fixture, NULL, fixture_set_up, test_answered_unwatched, fixture_tear_down);
  g_test_add_func ("/handshake-queue/release-from-another-thread", test_release_from_another_thread);

  return g_test_run ();
}
