/* spc-name-cache.c — a name looked up once per check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-name-cache.h"
#include "spc-waiter.h"

/* In the table: answered (addresses or error set), or in flight */
typedef struct {
  GList    *addresses;  /* GInetAddress, once answered */
  GError   *error;      /* or this */
  GQueue    waiting;    /* GTask, each holding a reference */
} Entry;

static gboolean
entry_answered (const Entry *entry)
{
  return entry->addresses != NULL || entry->error != NULL;
}

struct _SpcNameCache
{
  GObject     parent_instance;

  GMutex      mutex;
  GHashTable *entries;  /* "flags:name" → Entry */
  guint       n_lookups;
};

G_DEFINE_FINAL_TYPE (SpcNameCache, spc_name_cache, G_TYPE_OBJECT)

/* A lookup in flight: its entry stays in the table */
typedef struct {
  SpcNameCache             *cache;
  char                     *key;
  char                     *name;
  GResolverNameLookupFlags  flags;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_object_unref (lookup->cache);
  g_free (lookup->key);
  g_free (lookup->name);
  g_free (lookup);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  /* A lookup in flight holds the cache: no one waits */
  g_assert (g_queue_is_empty (&entry->waiting));
  g_resolver_free_addresses (entry->addresses);
  g_clear_error (&entry->error);
  g_free (entry);
}

static void
give_answer (GTask        *task,
             GList        *addresses,
             const GError *error)
{
  spc_waiter_unwatch_cancel (task);
  if (addresses == NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task,
                           g_list_copy_deep (addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL),
                           (GDestroyNotify) g_resolver_free_addresses);
}

/* SpcWaiterRemove: a check asks for few names */
static gboolean
remove_waiter (GTask *task)
{
  SpcNameCache *self = g_task_get_source_object (task);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (g_queue_remove (&entry->waiting, task))
      return TRUE;
  return FALSE;
}

/* A thread of its own, not GLib's task pool: a task reports back to the
 * context of its caller, which may be a worker thread's that is gone by
 * then; and on GLib 2.74 the pool is where handshakes run. Each waiter's
 * answer reaches its own context from here. */
static gpointer
lookup_thread (gpointer data)
{
  Lookup *lookup = data;
  SpcNameCache *self = lookup->cache;
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *addresses;
  Entry *entry;
  GQueue waiting = G_QUEUE_INIT;
  gboolean keep;
  GTask *task;

  addresses = g_resolver_lookup_by_name_with_flags (resolver, lookup->name, lookup->flags, NULL, &error);
  /* A name that does not exist stays so for the check; a name server's
   * hiccup must not answer for every later port */
  keep = addresses != NULL || g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);

  g_mutex_lock (&self->mutex);
  entry = g_hash_table_lookup (self->entries, lookup->key);
  waiting = entry->waiting;
  g_queue_init (&entry->waiting);
  if (keep)
    {
      entry->addresses = addresses;
      entry->error = g_steal_pointer (&error);
    }
  else
    g_hash_table_remove (self->entries, lookup->key);
  g_mutex_unlock (&self->mutex);

  /* An answered entry never changes: it is read without the lock */
  while ((task = g_queue_pop_head (&waiting)) != NULL)
    {
      if (keep)
        give_answer (task, entry->addresses, entry->error);
      else
        give_answer (task, NULL, error);
      g_object_unref (task);
    }

  lookup_free (lookup);
  return NULL;
}

static void
start_lookup (SpcNameCache             *self,
              const char               *key,
              const char               *name,
              GResolverNameLookupFlags  flags)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->cache = g_object_ref (self);
  lookup->key = g_strdup (key);
  lookup->name = g_strdup (name);
  lookup->flags = flags;
  g_thread_unref (g_thread_new ("spc-name-lookup", lookup_thread, lookup));
}

void
spc_name_cache_lookup_async (SpcNameCache             *self,
                             const char               *name,
                             GResolverNameLookupFlags  flags,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *key = NULL;
  Entry *entry;
  gboolean start = FALSE;
  gboolean answered;

  g_return_if_fail (SPC_IS_NAME_CACHE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  folded = g_ascii_strdown (name, -1);
  key = g_strdup_printf ("%u:%s", (guint) flags, folded);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_name_cache_lookup_async);

  g_mutex_lock (&self->mutex);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_queue_init (&entry->waiting);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
      self->n_lookups++;
      start = TRUE;
    }
  answered = entry_answered (entry);
  if (!answered)
    {
      spc_waiter_watch_cancel (task, remove_waiter, "[spc] name cache cancel");
      g_queue_push_tail (&entry->waiting, g_object_ref (task));
    }
  g_mutex_unlock (&self->mutex);

  if (start)
    start_lookup (self, key, name, flags);
  else if (answered)
    give_answer (task, entry->addresses, entry->error);
}

GList *
spc_name_cache_lookup_finish (SpcNameCache  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SPC_IS_NAME_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
spc_name_cache_get_n_lookups (SpcNameCache *self)
{
  guint n;

  g_return_val_if_fail (SPC_IS_NAME_CACHE (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_lookups;
  g_mutex_unlock (&self->mutex);
  return n;
}

static void
spc_name_cache_finalize (GObject *object)
{
  SpcNameCache *self = SPC_NAME_CACHE (object);

  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (spc_name_cache_parent_class)->finalize (object);
}

static void
spc_name_cache_class_init (SpcNameCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_name_cache_finalize;
}

static void
spc_name_cache_init (SpcNameCache *self)
{
  g_mutex_init (&self->mutex);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
}

SpcNameCache *
spc_name_cache_new (void)
{
  return g_object_new (SPC_TYPE_NAME_CACHE, NULL);
}
