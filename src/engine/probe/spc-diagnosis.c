/* spc-diagnosis.c — every port of one host, probed at once
 *
 * The host is resolved once, with a deadline, and its addresses are shared
 * by every probe: a slow name server costs one deadline, not one per port,
 * and a name that does not resolve marks every port dns-error.
 *
 * A port whose connection has had no answer for REFERENCE_SUSPECT_MS (or
 * that ends filtered sooner) gets its reference check (spc-reference-check.h)
 * — not from the start: when every port answers, no third party is
 * contacted, and a silent port costs at most that much more time. A port
 * that connects after all has its check stopped and forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-deadline.h"
#include "spc-diagnosis-private.h"
#include "spc-legacy-tls-check.h"
#include "spc-reference-check.h"
#include "spc-result-private.h"
#include "spc-tls-database.h"

/* A SYN retransmission (1 s) without answer: by then a reachable server has
 * almost always answered */
#define REFERENCE_SUSPECT_MS 1000

/* One port's reference check, as the diagnosis watches its result */
typedef struct {
  SpcDiagnosis *diagnosis;      /* not a reference: the diagnosis owns this */
  SpcResult    *result;
  gulong        stage_handler;
  gulong        status_handler;
  GSource      *suspect_timer;
  GCancellable *cancellable;
  gboolean      started;
} PortReference;

struct _SpcDiagnosis
{
  GObject       parent_instance;

  SpcRequest   *request;          /* our own copy, never changed */
  const char   *host;             /* the request's */
  guint         timeout_ms;       /* the request's */

  GPtrArray    *probes;           /* SpcProbe, one per spec */
  GPtrArray    *results;          /* SpcResult, the list model's items */
  GPtrArray    *references;       /* PortReference, when the request asks for them */
  GList        *server_addresses; /* GInetAddress: never a reference */
  GMainContext *context;          /* where it runs */
  SpcDiagnosisThread *thread;     /* a mirror's run on a worker thread */

  GCancellable *cancellable;
  GDateTime    *started;
  gint64        started_us;
  gint64        ended_us;
  guint         n_running;
  gboolean      resolving;
  gboolean      done;
};

static void spc_diagnosis_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpcDiagnosis, spc_diagnosis, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      spc_diagnosis_list_model_init))

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
spc_diagnosis_get_item_type (GListModel *model)
{
  return SPC_TYPE_RESULT;
}

static guint
spc_diagnosis_get_n_items (GListModel *model)
{
  return SPC_DIAGNOSIS (model)->results->len;
}

static gpointer
spc_diagnosis_get_item (GListModel *model,
                        guint       position)
{
  SpcDiagnosis *self = SPC_DIAGNOSIS (model);

  if (position >= self->results->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->results, position));
}

static void
spc_diagnosis_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = spc_diagnosis_get_item_type;
  iface->get_n_items = spc_diagnosis_get_n_items;
  iface->get_item = spc_diagnosis_get_item;
}

/* Running */

void
_spc_diagnosis_end (SpcDiagnosis *self,
                    gint64        ended_us)
{
  g_return_if_fail (!self->done);

  self->done = TRUE;
  self->ended_us = ended_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[DONE], 0);
}

static void
check_done (SpcDiagnosis *self)
{
  if (self->done || self->resolving || self->n_running > 0)
    return;

  _spc_diagnosis_end (self, g_get_monotonic_time ());
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  /* A reference taken at start: the diagnosis outlives its probes */
  g_autoptr(SpcDiagnosis) self = user_data;
  g_autoptr(SpcResult) probe_result = NULL;

  if (g_async_result_is_tagged (result, spc_legacy_tls_check_run_async))
    spc_legacy_tls_check_run_finish (result);
  else
    probe_result = spc_probe_run_finish (SPC_PROBE (object), result);
  /* A port runs on through its TLS 1.0/1.1 check, after its result */
  if (probe_result != NULL && spc_legacy_tls_check_wanted (self->request, probe_result, self->cancellable))
    {
      spc_legacy_tls_check_run_async (self->request, probe_result, self->cancellable,
                                      probe_done_cb, g_object_ref (self));
      return;
    }
  g_assert (self->n_running > 0);
  self->n_running--;
  check_done (self);
}

/* Reference checks */

static void
port_reference_stop_timer (PortReference *reference)
{
  if (reference->suspect_timer == NULL)
    return;
  g_source_destroy (reference->suspect_timer);
  g_clear_pointer (&reference->suspect_timer, g_source_unref);
}

static void
port_reference_free (gpointer data)
{
  PortReference *reference = data;

  port_reference_stop_timer (reference);
  g_clear_signal_handler (&reference->stage_handler, reference->result);
  g_clear_signal_handler (&reference->status_handler, reference->result);
  g_clear_object (&reference->result);
  g_clear_object (&reference->cancellable);
  g_free (reference);
}

static gboolean
port_is_silent (SpcResult *result)
{
  if (spc_result_get_finished (result))
    return spc_result_get_status (result) == SPC_STATUS_FILTERED;
  return spc_result_get_stage (result) <= SPC_STAGE_CONNECT;
}

static void
reference_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PortReference *reference = user_data;
  g_autoptr(SpcDiagnosis) self = reference->diagnosis;

  spc_reference_check_run_finish (result);

  /* The port answered after all: its reference says nothing */
  if (!port_is_silent (reference->result))
    spc_result_set_reference (reference->result, NULL);

  g_assert (self->n_running > 0);
  self->n_running--;
  check_done (self);
}

static void
port_reference_start (PortReference *reference)
{
  SpcDiagnosis *self = reference->diagnosis;

  port_reference_stop_timer (reference);
  if (reference->started || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  reference->started = TRUE;
  reference->cancellable = g_cancellable_new ();
  self->n_running++;
  /* Released by reference_done_cb(): the diagnosis outlives the check */
  g_object_ref (self);
  spc_reference_check_run_async (self->request, reference->result, self->server_addresses,
                                 reference->cancellable, reference_done_cb, reference);
}

static gboolean
suspect_timer_cb (gpointer data)
{
  PortReference *reference = data;

  g_clear_pointer (&reference->suspect_timer, g_source_unref);
  if (!spc_result_get_finished (reference->result) &&
      spc_result_get_stage (reference->result) == SPC_STAGE_CONNECT)
    port_reference_start (reference);
  return G_SOURCE_REMOVE;
}

/* The port's stage or status changed: arm, start or stop its reference */
static void
port_changed_cb (SpcResult  *result,
                 GParamSpec *pspec,
                 gpointer    data)
{
  PortReference *reference = data;
  SpcDiagnosis *self = reference->diagnosis;
  gboolean finished = spc_result_get_finished (result);

  if (!port_is_silent (result))
    {
      port_reference_stop_timer (reference);
      if (reference->cancellable != NULL)
        g_cancellable_cancel (reference->cancellable);
    }
  else if (finished)
    port_reference_start (reference);
  else if (spc_result_get_stage (result) == SPC_STAGE_CONNECT &&
           !reference->started && reference->suspect_timer == NULL)
    {
      reference->suspect_timer = g_timeout_source_new (MIN (REFERENCE_SUSPECT_MS, self->timeout_ms / 2));
      g_source_set_callback (reference->suspect_timer, suspect_timer_cb, reference, NULL);
      g_source_set_static_name (reference->suspect_timer, "[spc] reference suspect timer");
      g_source_attach (reference->suspect_timer, self->context);
    }
}

static void
watch_references (SpcDiagnosis *self)
{
  self->references = g_ptr_array_new_with_free_func (port_reference_free);

  for (guint i = 0; i < self->results->len; i++)
    {
      PortReference *reference = g_new0 (PortReference, 1);

      reference->diagnosis = self;
      reference->result = g_object_ref (g_ptr_array_index (self->results, i));
      reference->stage_handler = g_signal_connect (reference->result, "notify::stage",
                                                   G_CALLBACK (port_changed_cb), reference);
      reference->status_handler = g_signal_connect (reference->result, "notify::status",
                                                    G_CALLBACK (port_changed_cb), reference);
      g_ptr_array_add (self->references, reference);
    }
}

/* The addresses the server is reached at, which no reference may share */
static void
set_server_addresses (SpcDiagnosis *self,
                      GList        *inet_addresses)
{
  const char *literal = spc_request_get_connect_address (self->request);
  GInetAddress *address;

  g_list_free_full (g_steal_pointer (&self->server_addresses), g_object_unref);
  if (inet_addresses != NULL)
    {
      self->server_addresses = g_list_copy_deep (inet_addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      return;
    }

  address = g_inet_address_new_from_string (literal != NULL ? literal : self->host);
  if (address != NULL)
    self->server_addresses = g_list_prepend (NULL, address);
}

static void
run_probes (SpcDiagnosis *self,
            GList        *inet_addresses)
{
  self->n_running += self->probes->len;
  set_server_addresses (self, inet_addresses);

  for (guint i = 0; i < self->probes->len; i++)
    {
      SpcProbe *probe = g_ptr_array_index (self->probes, i);

      if (inet_addresses != NULL)
        spc_probe_set_addresses (probe, inet_addresses);

      spc_probe_run_async (probe, self->cancellable, probe_done_cb, g_object_ref (self));
    }

  check_done (self);
}

/* Ends every port without probing it (the name did not resolve, or the
 * user stopped before it did); @error, when set, is the lookup's */
static void
finish_all (SpcDiagnosis *self,
            SpcStatus     status,
            SpcDetail     detail,
            const GError *error)
{
  gint64 total = (g_get_monotonic_time () - self->started_us) / 1000;

  for (guint i = 0; i < self->results->len; i++)
    {
      SpcResult *result = g_ptr_array_index (self->results, i);

      if (error != NULL)
        spc_result_add_note (result, SPC_NOTE_ERROR, error->message, NULL, 0, total);
      spc_result_set_error (result, error);
      spc_result_set_deadline_ms (result, self->timeout_ms);
      spc_result_set_timing (result, SPC_TIMING_TOTAL, total);
      spc_result_finish (result, status, detail);
    }
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpcDiagnosis) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;
  SpcDetail detail;

  addresses = spc_lookup_host_finish (result, &error);
  self->resolving = FALSE;

  if (addresses != NULL)
    {
      run_probes (self, addresses);
      g_resolver_free_addresses (addresses);
      return;
    }

  detail = spc_lookup_error_get_detail (error, spc_request_get_family (self->request));
  if (g_cancellable_is_cancelled (self->cancellable))
    finish_all (self, SPC_STATUS_CANCELLED, SPC_DETAIL_CANCELLED, NULL);
  else
    /* The deadline is ours: the library's words would add nothing */
    finish_all (self, SPC_STATUS_DNS_ERROR, detail, detail == SPC_DETAIL_DNS_TIMEOUT ? NULL : error);

  check_done (self);
}

static gboolean
is_address (const char *text)
{
  g_autoptr(GInetAddress) address = NULL;

  if (text == NULL)
    return FALSE;

  address = g_inet_address_new_from_string (text);
  return address != NULL;
}

static void
begin (SpcDiagnosis *self)
{
  self->started = g_date_time_new_now_utc ();
  self->started_us = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

GCancellable *
_spc_diagnosis_begin_mirror (SpcDiagnosis       *self,
                             SpcDiagnosisThread *thread)
{
  g_return_val_if_fail (self->started == NULL, NULL);

  /* Its results are another run's copies: nothing of its own to watch */
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_ptr_array_set_size (self->probes, 0);
  self->thread = thread;
  begin (self);
  return self->cancellable;
}

void
spc_diagnosis_start (SpcDiagnosis *self)
{
  g_return_if_fail (SPC_IS_DIAGNOSIS (self));
  g_return_if_fail (self->started == NULL);

  begin (self);

  /* Nothing to resolve: an address, or --resolve; each probe handles it */
  if (spc_request_get_connect_address (self->request) != NULL
      || is_address (self->host)
      || self->probes->len == 0)
    {
      run_probes (self, NULL);
      return;
    }

  for (guint i = 0; i < self->results->len; i++)
    spc_result_set_stage (g_ptr_array_index (self->results, i), SPC_STAGE_RESOLVE);
  /* Once for every port: a slow name server costs one deadline */
  self->resolving = TRUE;
  spc_lookup_host_async (self->request, self->host, self->timeout_ms, self->cancellable,
                         resolve_cb, g_object_ref (self));
}

void
spc_diagnosis_cancel (SpcDiagnosis *self)
{
  g_return_if_fail (SPC_IS_DIAGNOSIS (self));

  if (self->cancellable == NULL || self->done)
    return;

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; self->references != NULL && i < self->references->len; i++)
    {
      PortReference *reference = g_ptr_array_index (self->references, i);

      port_reference_stop_timer (reference);
      if (reference->cancellable != NULL)
        g_cancellable_cancel (reference->cancellable);
    }
}

gboolean
spc_diagnosis_is_running (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), FALSE);

  return self->started != NULL && !self->done;
}

gboolean
spc_diagnosis_is_done (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), FALSE);

  return self->done;
}

GDateTime *
spc_diagnosis_get_started (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), NULL);

  return self->started;
}

gint64
spc_diagnosis_get_duration_ms (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), 0);

  if (self->started == NULL)
    return 0;

  return ((self->done ? self->ended_us : g_get_monotonic_time ()) - self->started_us) / 1000;
}

SpcResult *
spc_diagnosis_find_result (SpcDiagnosis *self,
                           guint16       port)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), NULL);

  for (guint i = 0; i < self->results->len; i++)
    {
      SpcResult *result = g_ptr_array_index (self->results, i);

      if (spc_result_get_port (result) == port)
        return result;
    }

  return NULL;
}

/* Configuration */

const char *
spc_diagnosis_get_host (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), NULL);

  return self->host;
}

guint
spc_diagnosis_get_timeout_ms (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), 0);

  return self->timeout_ms;
}

SpcRequest *
spc_diagnosis_get_request (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), NULL);

  return self->request;
}

/* GObject */

static void
spc_diagnosis_finalize (GObject *object)
{
  SpcDiagnosis *self = SPC_DIAGNOSIS (object);

  if (self->thread != NULL)
    _spc_diagnosis_thread_forget (g_steal_pointer (&self->thread));

  g_clear_object (&self->request);
  g_clear_pointer (&self->references, g_ptr_array_unref);
  g_list_free_full (g_steal_pointer (&self->server_addresses), g_object_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->probes, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->started, g_date_time_unref);

  G_OBJECT_CLASS (spc_diagnosis_parent_class)->finalize (object);
}

static void
spc_diagnosis_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpcDiagnosis *self = SPC_DIAGNOSIS (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, spc_diagnosis_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_diagnosis_class_init (SpcDiagnosisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_diagnosis_finalize;
  object_class->get_property = spc_diagnosis_get_property;

  /**
   * SpcDiagnosis:running:
   *
   * TRUE from spc_diagnosis_start() until every probe ended; notified
   * (on the caller's main context) when it changes, just before "done".
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpcDiagnosis::done:
   *
   * Emitted once, after every probe ended (cancelled included).
   */
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
spc_diagnosis_init (SpcDiagnosis *self)
{
  self->probes = g_ptr_array_new_with_free_func (g_object_unref);
  self->results = g_ptr_array_new_with_free_func (g_object_unref);
}

/* @request's trust is loaded */
static SpcDiagnosis *
diagnosis_new (SpcRequest *request)
{
  SpcDiagnosis *self = g_object_new (SPC_TYPE_DIAGNOSIS, NULL);
  GArray *specs;

  self->request = spc_request_copy (request);
  {
    /* One database for all the ports, so they share its verdicts */
    g_autoptr(GTlsDatabase) shared = spc_tls_database_new_shared (spc_request_get_tls_database (self->request));

    spc_request_set_tls_database (self->request, shared);
  }
  self->host = spc_request_get_host (self->request);
  self->timeout_ms = spc_request_get_timeout_ms (self->request);
  specs = spc_request_get_ports (self->request);

  /* Items exist from the start, so a view can show every port at once */
  for (guint i = 0; i < specs->len; i++)
    {
      const SpcPortSpec *spec = &g_array_index (specs, SpcPortSpec, i);
      SpcProbe *probe = spc_probe_new (self->request, spec->port, spec->mode);

      g_ptr_array_add (self->probes, probe);
      g_ptr_array_add (self->results, g_object_ref (spc_probe_get_result (probe)));
    }

  if (spc_request_get_reference (self->request))
    watch_references (self);

  return self;
}

SpcDiagnosis *
spc_diagnosis_new_for_request (SpcRequest  *request,
                               GError     **error)
{
  g_return_val_if_fail (SPC_IS_REQUEST (request), NULL);
  g_return_val_if_fail (spc_request_get_host (request) != NULL
                        && *spc_request_get_host (request) != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!spc_request_load_trust (request, error))
    return NULL;

  return diagnosis_new (request);
}

SpcDiagnosis *
_spc_diagnosis_new_sibling (SpcDiagnosis *self)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (self), NULL);

  return diagnosis_new (self->request);
}
