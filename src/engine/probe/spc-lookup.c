/* spc-lookup.c — name lookups as the probe and the diagnosis make them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-deadline.h"
#include "spc-lookup.h"

GResolverNameLookupFlags
spc_family_get_lookup_flags (SpcFamily family)
{
  switch (family)
    {
    case SPC_FAMILY_IPV4:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY;

    case SPC_FAMILY_IPV6:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY;

    case SPC_FAMILY_ANY:
    default:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT;
    }
}

gboolean
spc_family_accepts (SpcFamily     family,
                    GInetAddress *address)
{
  switch (family)
    {
    case SPC_FAMILY_IPV4:
      return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;

    case SPC_FAMILY_IPV6:
      return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

    case SPC_FAMILY_ANY:
    default:
      return TRUE;
    }
}

SpcDetail
spc_lookup_error_get_detail (const GError *error,
                             SpcFamily     family)
{
  gboolean not_found = error == NULL || g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);

  /* With -4 or -6, "not found" may only mean "none of that family" */
  if (not_found && family == SPC_FAMILY_IPV4)
    return SPC_DETAIL_DNS_NO_IPV4;
  if (not_found && family == SPC_FAMILY_IPV6)
    return SPC_DETAIL_DNS_NO_IPV6;
  if (not_found)
    return SPC_DETAIL_DNS_NOT_FOUND;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return SPC_DETAIL_DNS_TIMEOUT;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return SPC_DETAIL_DNS_UNAVAILABLE;
  return SPC_DETAIL_DNS_FAILED;
}

/* One lookup, as spc_lookup_host_async() and spc_lookup_mx_async() make it */

typedef struct {
  SpcHandshakeQueue        *slots;
  char                     *name;
  gboolean                  mx;      /* MX records, else addresses */
  GResolverNameLookupFlags  flags;
  guint                     timeout_ms;
  SpcDeadlineStep           step;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_clear_object (&lookup->slots);
  g_free (lookup->name);
  g_free (lookup);
}

static void
free_records (gpointer records)
{
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  GError *error = NULL;
  GList *answer;

  /* The resolver always answers: the slot and the step end here */
  if (lookup->mx)
    answer = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  else
    answer = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (object), result, &error);
  spc_handshake_queue_release (lookup->slots);
  spc_deadline_step_end (&lookup->step);

  if (answer != NULL)
    g_task_return_pointer (task, answer,
                           lookup->mx ? free_records : (GDestroyNotify) g_resolver_free_addresses);
  else if (lookup->step.deadline.passed && !spc_deadline_caller_cancelled (task))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "No answer for %s within %u ms", lookup->name, lookup->timeout_ms);
    }
  else
    g_task_return_error (task, error);
}

static void
slot_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GResolver) resolver = NULL;
  GError *error = NULL;

  /* Only a cancel ends the wait */
  if (!spc_handshake_queue_wait_finish (SPC_HANDSHAKE_QUEUE (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  spc_deadline_step_begin (&lookup->step, task, lookup->timeout_ms, "[spc] lookup deadline");
  resolver = g_resolver_get_default ();
  if (lookup->mx)
    g_resolver_lookup_records_async (resolver, lookup->name, G_RESOLVER_RECORD_MX,
                                     lookup->step.cancellable, resolved_cb, g_steal_pointer (&task));
  else
    g_resolver_lookup_by_name_with_flags_async (resolver, lookup->name, lookup->flags,
                                                lookup->step.cancellable,
                                                resolved_cb, g_steal_pointer (&task));
}

static void
lookup_start (SpcRequest          *request,
              const char          *name,
              gboolean             mx,
              guint                timeout_ms,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task;
  Lookup *lookup;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mx ? (gpointer) spc_lookup_mx_async : (gpointer) spc_lookup_host_async);
  lookup = g_new0 (Lookup, 1);
  lookup->slots = g_object_ref (spc_request_get_handshake_queue (request));
  lookup->name = g_strdup (name);
  lookup->mx = mx;
  lookup->flags = spc_family_get_lookup_flags (spc_request_get_family (request));
  lookup->timeout_ms = timeout_ms;
  g_task_set_task_data (task, lookup, lookup_free);

  spc_handshake_queue_wait_async (lookup->slots, cancellable, slot_cb, task);
}

void
spc_lookup_host_async (SpcRequest          *request,
                       const char          *host,
                       guint                timeout_ms,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (SPC_IS_REQUEST (request));
  g_return_if_fail (host != NULL);

  lookup_start (request, host, FALSE, timeout_ms, cancellable, callback, user_data);
}

void
spc_lookup_mx_async (SpcRequest          *request,
                     const char          *domain,
                     guint                timeout_ms,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (SPC_IS_REQUEST (request));
  g_return_if_fail (domain != NULL);

  lookup_start (request, domain, TRUE, timeout_ms, cancellable, callback, user_data);
}

GList *
spc_lookup_host_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, spc_lookup_host_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GList *
spc_lookup_mx_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, spc_lookup_mx_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
