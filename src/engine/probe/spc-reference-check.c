/* spc-reference-check.c — a silent port tried on a host that must answer
 *
 * resolve MX (port 25) ─▶ resolve the next host to ask ─▶ connect, once
 *
 * A connection accepted or refused means the packets got there: the
 * network lets the port through. No answer before the deadline on the
 * reference too means the network drops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-connect.h"
#include "spc-deadline.h"
#include "spc-dns.h"
#include "spc-lookup.h"
#include "spc-reference-check.h"
#include "spc-result-private.h"

/* MX hosts worth trying (after that, the reference host) */
#define MAX_MX_HOSTS 3
/* The server's name, then its parent domain's ("smtp.example.org", "example.org") */
#define MAX_MX_DOMAINS 2

typedef struct {
  char               *host;
  SpcReferenceSource  source;
} Candidate;

typedef struct {
  SpcRequest         *request;
  SpcResult          *result;
  GList              *server_addresses;
  char               *server_host;       /* lower case, no final dot */
  guint16             port;
  guint               timeout_ms;

  GPtrArray          *candidates;        /* Candidate */
  guint               next_candidate;
  char               *mx_domain;
  guint               n_mx_domains;

  /* The hosts' lookups share one deadline; the connection has its own */
  SpcDeadlineStep     step;

  /* The last host that could not be resolved, for dns-error */
  const Candidate    *unresolved;
  char               *address;           /* connected to */
} ReferenceRun;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->host);
  g_free (candidate);
}

static void
reference_run_free (gpointer data)
{
  ReferenceRun *run = data;

  spc_deadline_step_end (&run->step);
  g_clear_object (&run->request);
  g_clear_object (&run->result);
  g_list_free_full (run->server_addresses, g_object_unref);
  g_free (run->server_host);
  g_clear_pointer (&run->candidates, g_ptr_array_unref);
  g_free (run->mx_domain);
  g_free (run->address);
  g_free (run);
}

/* A new step with a deadline of its own, cancelled with the caller's */
static void
step_begin (GTask *task)
{
  ReferenceRun *run = g_task_get_task_data (task);

  spc_deadline_step_begin (&run->step, task, run->timeout_ms, "[spc] reference deadline");
}

static gint64
step_ms (ReferenceRun *run)
{
  return spc_deadline_step_ms (&run->step);
}

static void
finish (GTask        *task,
        SpcReference *reference)
{
  ReferenceRun *run = g_task_get_task_data (task);

  spc_deadline_step_end (&run->step);
  if (reference != NULL)
    spc_result_set_reference (run->result, reference);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
finish_with (GTask              *task,
             const Candidate    *candidate,
             const char         *address,
             SpcReferenceStatus  status,
             gint64              ms)
{
  g_autoptr(SpcReference) reference = spc_reference_new (candidate->host, candidate->source,
                                                         address, status, ms);

  finish (task, reference);
}

static void
add_candidate (ReferenceRun       *run,
               const char         *host,
               SpcReferenceSource  source)
{
  g_autofree char *name = NULL;
  Candidate *candidate;

  if (host == NULL || host[0] == '\0')
    return;
  name = spc_dns_normalize_name (host);
  /* "." is a null MX (RFC 7505); the server is no reference for itself */
  if (name[0] == '\0' || g_strcmp0 (name, run->server_host) == 0)
    return;
  for (guint i = 0; i < run->candidates->len; i++)
    if (g_strcmp0 (((Candidate *) g_ptr_array_index (run->candidates, i))->host, name) == 0)
      return;

  candidate = g_new0 (Candidate, 1);
  candidate->host = g_steal_pointer (&name);
  candidate->source = source;
  g_ptr_array_add (run->candidates, candidate);
}

/* The candidate being resolved or connected to */
static const Candidate *
current_candidate (ReferenceRun *run)
{
  return g_ptr_array_index (run->candidates, run->next_candidate - 1);
}

/* Connecting, once */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ReferenceRun *run = g_task_get_task_data (task);
  const Candidate *candidate = current_candidate (run);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ms = step_ms (run);
  SpcReferenceStatus status;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection != NULL)
    {
      /* Nothing to say to it: that it answered is all we wanted */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      status = SPC_REFERENCE_STATUS_ANSWERED;
    }
  else if (spc_deadline_caller_cancelled (task))
    status = SPC_REFERENCE_STATUS_CANCELLED;
  else if (run->step.deadline.passed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    status = SPC_REFERENCE_STATUS_FILTERED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    status = SPC_REFERENCE_STATUS_REFUSED;
  else
    status = SPC_REFERENCE_STATUS_UNREACHABLE;

  finish_with (task, candidate, run->address, status, ms);
}

static void
start_connect (GTask        *task,
               GInetAddress *address)
{
  ReferenceRun *run = g_task_get_task_data (task);
  const Candidate *candidate = current_candidate (run);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, run->port);
  g_autoptr(SpcReference) pending = NULL;

  /* The same deadline the server's connection had, from now */
  step_begin (task);
  run->address = g_inet_address_to_string (address);
  pending = spc_reference_new (candidate->host, candidate->source, run->address,
                               SPC_REFERENCE_STATUS_PENDING, -1);
  spc_result_set_reference (run->result, pending);

  spc_connect_async (G_SOCKET_CONNECTABLE (socket_address), run->step.cancellable, connect_cb, task);
}

/* Resolving the hosts to ask, one after another */

static void resolve_next_candidate (GTask *task);

static gboolean
is_server_address (ReferenceRun *run,
                   GInetAddress *address)
{
  for (GList *l = run->server_addresses; l != NULL; l = l->next)
    if (g_inet_address_equal (l->data, address))
      return TRUE;
  return FALSE;
}

/* An address of the family the server was first tried over, if there is
 * one, so that both connections take the same path; never the server's */
static GInetAddress *
choose_address (ReferenceRun *run,
                GList        *addresses)
{
  SpcFamily family = spc_request_get_family (run->request);
  GInetAddress *first = NULL;
  GSocketFamily server_family = G_SOCKET_FAMILY_INVALID;

  if (run->server_addresses != NULL)
    server_family = g_inet_address_get_family (run->server_addresses->data);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      GInetAddress *address = l->data;

      if (!spc_family_accepts (family, address) || is_server_address (run, address))
        continue;
      if (g_inet_address_get_family (address) == server_family)
        return address;
      if (first == NULL)
        first = address;
    }

  return first;
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  ReferenceRun *run = g_task_get_task_data (task);
  const Candidate *candidate = current_candidate (run);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  GInetAddress *address;

  addresses = spc_name_cache_lookup_finish (SPC_NAME_CACHE (object), result, &error);
  if (spc_deadline_caller_cancelled (task))
    {
      g_resolver_free_addresses (addresses);
      finish_with (task, candidate, NULL, SPC_REFERENCE_STATUS_CANCELLED, step_ms (run));
      return;
    }

  address = choose_address (run, addresses);
  if (address != NULL)
    {
      g_object_ref (address);
      g_resolver_free_addresses (addresses);
      start_connect (task, address);
      g_object_unref (address);
      return;
    }

  g_resolver_free_addresses (addresses);
  /* Found, but only at the server's own address: not a reference */
  if (error != NULL)
    run->unresolved = candidate;
  if (run->step.deadline.passed)
    {
      finish_with (task, candidate, NULL, SPC_REFERENCE_STATUS_DNS_ERROR, step_ms (run));
      return;
    }
  resolve_next_candidate (task);
}

static void
resolve_next_candidate (GTask *task)
{
  ReferenceRun *run = g_task_get_task_data (task);
  const Candidate *candidate;

  if (run->next_candidate >= run->candidates->len)
    {
      /* Nobody to ask: no reference, unless a host could not be resolved */
      if (run->unresolved != NULL)
        finish_with (task, run->unresolved, NULL, SPC_REFERENCE_STATUS_DNS_ERROR, step_ms (run));
      else
        finish (task, NULL);
      return;
    }

  candidate = g_ptr_array_index (run->candidates, run->next_candidate++);
  /* Every silent port of every host of the run asks the same hosts */
  spc_name_cache_lookup_async (spc_request_get_name_cache (run->request), candidate->host,
                               spc_family_get_lookup_flags (spc_request_get_family (run->request)),
                               run->step.cancellable, resolve_cb, task);
}

/* Port 25: the MX hosts of the server's domain */

static void start_mx_lookup (GTask *task);

static void
add_mx_candidates (ReferenceRun *run,
                   GList        *records)
{
  g_autoptr(GPtrArray) exchanges = spc_dns_sort_mx_exchanges (records);

  for (guint i = 0; i < exchanges->len && run->candidates->len < MAX_MX_HOSTS; i++)
    add_candidate (run, g_ptr_array_index (exchanges, i), SPC_REFERENCE_SOURCE_MX);
}

/* "smtp.example.org" → "example.org"; NULL when fewer than two labels remain */
static char *
parent_domain (const char *domain)
{
  const char *dot = strchr (domain, '.');

  if (dot == NULL || strchr (dot + 1, '.') == NULL)
    return NULL;
  return g_strdup (dot + 1);
}

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  GTask *task = user_data;
  ReferenceRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  GList *records;

  records = spc_lookup_mx_finish (result, &error);
  if (records != NULL)
    {
      add_mx_candidates (run, records);
      g_list_free_full (records, (GDestroyNotify) g_variant_unref);
    }

  if (spc_deadline_caller_cancelled (task))
    {
      finish (task, NULL);
      return;
    }

  /* A name server that did not answer in time is not asked again */
  parent = parent_domain (run->mx_domain);
  if (run->candidates->len == 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) &&
      run->n_mx_domains < MAX_MX_DOMAINS && parent != NULL)
    {
      g_free (run->mx_domain);
      run->mx_domain = g_steal_pointer (&parent);
      start_mx_lookup (task);
      return;
    }

  /* Each MX lookup had a deadline of its own: the hosts' lookups get one */
  step_begin (task);
  add_candidate (run, spc_request_get_reference_host (run->request), SPC_REFERENCE_SOURCE_HOST);
  resolve_next_candidate (task);
}

/* Like the host's own lookup, an MX lookup is a blocking job in GLib's
 * thread pool: it waits for a slot of the handshake queue, and its
 * deadline starts with it (spc-lookup.h) */
static void
start_mx_lookup (GTask *task)
{
  ReferenceRun *run = g_task_get_task_data (task);

  run->n_mx_domains++;
  spc_lookup_mx_async (run->request, run->mx_domain, run->timeout_ms,
                       g_task_get_cancellable (task), mx_cb, task);
}

void
spc_reference_check_run_async (SpcRequest          *request,
                               SpcResult           *result,
                               GList               *server_addresses,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GInetAddress) literal = NULL;
  ReferenceRun *run;
  GTask *task;

  g_return_if_fail (SPC_IS_REQUEST (request));
  g_return_if_fail (SPC_IS_RESULT (result));

  run = g_new0 (ReferenceRun, 1);
  run->request = g_object_ref (request);
  run->result = g_object_ref (result);
  run->server_addresses = g_list_copy_deep (server_addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  run->server_host = spc_dns_normalize_name (spc_request_get_host (request));
  run->port = spc_result_get_port (result);
  run->timeout_ms = spc_request_get_timeout_ms (request);
  run->candidates = g_ptr_array_new_with_free_func (candidate_free);

  /* The task holds itself until finish() */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_reference_check_run_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, run, reference_run_free);

  literal = g_inet_address_new_from_string (run->server_host);
  if (run->port == 25 && literal == NULL)
    {
      run->mx_domain = g_strdup (run->server_host);
      start_mx_lookup (task);
      return;
    }

  step_begin (task);
  add_candidate (run, spc_request_get_reference_host (request), SPC_REFERENCE_SOURCE_HOST);
  resolve_next_candidate (task);
}

void
spc_reference_check_run_finish (GAsyncResult *result)
{
  g_return_if_fail (g_task_is_valid (result, NULL));

  g_task_propagate_boolean (G_TASK (result), NULL);
}
