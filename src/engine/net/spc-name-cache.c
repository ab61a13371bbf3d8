/* spc-name-cache.c — a name looked up once per check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-name-cache.h"
#include "spc-waiter.h"

typedef struct {
  gboolean  answered;
  GList    *addresses;  /* GInetAddress, once answered */
  GError   *error;      /* or this */
  GQueue    waiting;    /* GTask, each holding a reference */
} Entry;

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
  char                     *key;
  char                     *name;
  GResolverNameLookupFlags  flags;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->key);
  g_free (lookup->name);
  g_free (lookup);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  /* A lookup in flight holds the cache (its task's source): no one waits */
  g_assert (g_queue_is_empty (&entry->waiting));
  g_resolver_free_addresses (entry->addresses);
  g_clear_error (&entry->error);
  g_free (entry);
}

static void
give_answer (GTask       *task,
             const Entry *entry)
{
  spc_waiter_unwatch_cancel (task);
  if (entry->error != NULL)
    g_task_return_error (task, g_error_copy (entry->error));
  else
    g_task_return_pointer (task,
                           g_list_copy_deep (entry->addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL),
                           (GDestroyNotify) g_resolver_free_addresses);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  SpcNameCache *self = g_task_get_source_object (task);
  GHashTableIter iter;
  Entry *entry;
  gboolean removed = FALSE;

  /* A check asks for few names */
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->entries);
  while (!removed && g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    removed = g_queue_remove (&entry->waiting, task);
  g_mutex_unlock (&self->mutex);

  /* Otherwise the answer came first, and the waiter got it */
  if (removed)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled while waiting for a name lookup");
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

/* In GLib's pool, as the resolver's own asynchronous lookup would be;
 * each waiter's answer reaches its own context from here */
static void
lookup_thread (GTask        *lookup_task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *unused)
{
  SpcNameCache *self = source_object;
  Lookup *lookup = task_data;
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GError *error = NULL;
  GList *addresses;
  Entry *entry;
  GQueue waiting = G_QUEUE_INIT;
  GTask *task;

  addresses = g_resolver_lookup_by_name_with_flags (resolver, lookup->name, lookup->flags, NULL, &error);

  g_mutex_lock (&self->mutex);
  entry = g_hash_table_lookup (self->entries, lookup->key);
  entry->answered = TRUE;
  entry->addresses = addresses;
  entry->error = error;
  waiting = entry->waiting;
  g_queue_init (&entry->waiting);
  g_mutex_unlock (&self->mutex);

  /* An answered entry never changes: it is read without the lock */
  while ((task = g_queue_pop_head (&waiting)) != NULL)
    {
      give_answer (task, entry);
      g_object_unref (task);
    }
  g_task_return_boolean (lookup_task, TRUE);
}

static void
start_lookup (SpcNameCache             *self,
              const char               *key,
              const char               *name,
              GResolverNameLookupFlags  flags)
{
  /* No callback: the waiters are answered from the thread */
  g_autoptr(GTask) lookup_task = g_task_new (self, NULL, NULL, NULL);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->key = g_strdup (key);
  lookup->name = g_strdup (name);
  lookup->flags = flags;
  g_task_set_source_tag (lookup_task, start_lookup);
  g_task_set_name (lookup_task, "[spc] name cache lookup");
  g_task_set_task_data (lookup_task, lookup, lookup_free);
  g_task_run_in_thread (lookup_task, lookup_thread);
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
  answered = entry->answered;
  if (!answered)
    {
      spc_waiter_watch_cancel (task, waiter_cancelled_cb, "[spc] name cache cancel");
      g_queue_push_tail (&entry->waiting, g_object_ref (task));
    }
  g_mutex_unlock (&self->mutex);

  if (start)
    start_lookup (self, key, name, flags);
  else if (answered)
    give_answer (task, entry);
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
