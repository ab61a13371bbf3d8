/* spc-test-resolver.c — a GResolver that answers only what a test told it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-test-resolver.h"

struct _SpcTestResolver
{
  GResolver   parent_instance;

  GHashTable *hosts;      /* lower-case name → address text */
  GHashTable *exchanges;  /* lower-case domain → MX host */
  GHashTable *silent;     /* lower-case names never answered */
  guint       n_lookups;
  guint       n_record_lookups;
};

G_DEFINE_FINAL_TYPE (SpcTestResolver, spc_test_resolver, G_TYPE_RESOLVER)

static GList *
find_addresses (SpcTestResolver  *self,
                const char       *name,
                GError          **error)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  const char *address = g_hash_table_lookup (self->hosts, key);

  if (address == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such name here: %s", name);
      return NULL;
    }

  return g_list_append (NULL, g_inet_address_new_from_string (address));
}

static GList *
find_records (SpcTestResolver     *self,
              const char          *name,
              GResolverRecordType  type,
              GError             **error)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  const char *exchange = g_hash_table_lookup (self->exchanges, key);

  if (type != G_RESOLVER_RECORD_MX || exchange == NULL)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such record here: %s", name);
      return NULL;
    }

  return g_list_append (NULL, g_variant_ref_sink (g_variant_new ("(qs)", 10, exchange)));
}

/* Answers at once, from this thread's context: @answer, or @error */
static void
return_answer (GResolver           *resolver,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               GList               *answer,
               GDestroyNotify       free_answer,
               GError              *error)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, free_answer);
}

static gboolean
on_lookup_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return G_SOURCE_REMOVE;
}

/* TRUE when @name is one never answered: its lookup then ends on a cancel */
static gboolean
wait_for_cancel (SpcTestResolver     *self,
                 const char          *name,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  g_autoptr(GSource) source = NULL;

  if (cancellable == NULL || !g_hash_table_contains (self->silent, key))
    return FALSE;

  source = g_cancellable_source_new (cancellable);
  g_source_set_callback (source, G_SOURCE_FUNC (on_lookup_cancelled),
                         g_task_new (self, cancellable, callback, user_data), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
  return TRUE;
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *name,
                GCancellable  *cancellable,
                GError       **error)
{
  SpcTestResolver *self = SPC_TEST_RESOLVER (resolver);

  self->n_lookups++;
  return find_addresses (self, name, error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *name,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  SpcTestResolver *self = SPC_TEST_RESOLVER (resolver);
  GError *error = NULL;
  GList *addresses = NULL;

  self->n_lookups++;
  if (wait_for_cancel (self, name, cancellable, callback, user_data))
    return;
  addresses = find_addresses (self, name, &error);
  return_answer (resolver, cancellable, callback, user_data,
                 addresses, (GDestroyNotify) g_resolver_free_addresses, error);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *name,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, name, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_finish (GResolver     *resolver,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
free_records (gpointer records)
{
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *name,
                GResolverRecordType   type,
                GCancellable         *cancellable,
                GError              **error)
{
  SpcTestResolver *self = SPC_TEST_RESOLVER (resolver);

  self->n_record_lookups++;
  return find_records (self, name, type, error);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *name,
                      GResolverRecordType  type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  SpcTestResolver *self = SPC_TEST_RESOLVER (resolver);
  GError *error = NULL;
  GList *records;

  self->n_record_lookups++;
  if (wait_for_cancel (self, name, cancellable, callback, user_data))
    return;
  records = find_records (self, name, type, &error);
  return_answer (resolver, cancellable, callback, user_data, records, free_records, error);
}

static void
spc_test_resolver_finalize (GObject *object)
{
  SpcTestResolver *self = SPC_TEST_RESOLVER (object);

  g_hash_table_unref (self->hosts);
  g_hash_table_unref (self->exchanges);
  g_hash_table_unref (self->silent);

  G_OBJECT_CLASS (spc_test_resolver_parent_class)->finalize (object);
}

static void
spc_test_resolver_class_init (SpcTestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = spc_test_resolver_finalize;
  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_finish;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_finish;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_finish;
}

static void
spc_test_resolver_init (SpcTestResolver *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->exchanges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->silent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SpcTestResolver *
spc_test_resolver_new (void)
{
  return g_object_new (SPC_TYPE_TEST_RESOLVER, NULL);
}

void
spc_test_resolver_add_host (SpcTestResolver *self,
                            const char      *name,
                            const char      *address)
{
  g_autoptr(GInetAddress) parsed = g_inet_address_new_from_string (address);

  g_return_if_fail (SPC_IS_TEST_RESOLVER (self));
  /* Tests stay on this machine */
  g_return_if_fail (parsed != NULL && g_inet_address_get_is_loopback (parsed));

  g_hash_table_insert (self->hosts, g_ascii_strdown (name, -1), g_strdup (address));
}

void
spc_test_resolver_add_mx (SpcTestResolver *self,
                          const char      *domain,
                          const char      *exchange)
{
  g_return_if_fail (SPC_IS_TEST_RESOLVER (self));

  g_hash_table_insert (self->exchanges, g_ascii_strdown (domain, -1), g_strdup (exchange));
}

void
spc_test_resolver_add_silent_host (SpcTestResolver *self,
                                   const char      *name)
{
  g_return_if_fail (SPC_IS_TEST_RESOLVER (self));

  g_hash_table_add (self->silent, g_ascii_strdown (name, -1));
}

guint
spc_test_resolver_get_n_lookups (SpcTestResolver *self)
{
  g_return_val_if_fail (SPC_IS_TEST_RESOLVER (self), 0);

  return self->n_lookups;
}

guint
spc_test_resolver_get_n_record_lookups (SpcTestResolver *self)
{
  g_return_val_if_fail (SPC_IS_TEST_RESOLVER (self), 0);

  return self->n_record_lookups;
}
