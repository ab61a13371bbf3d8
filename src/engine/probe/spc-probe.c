/* spc-probe.c — one port: an asynchronous state machine with per-stage deadlines
 *
 * One operation is pending at a time. Each stage gets a fresh GCancellable,
 * chained to the run's own (itself chained to the caller's), and a timer
 * that cancels it when the stage deadline passes: socket timeouts only
 * measure inactivity, and a server dripping a byte a second never trips
 * them. When an operation ends with G_IO_ERROR_CANCELLED, the run's
 * cancellable tells a user's cancel from a deadline.
 *
 * The stages themselves live in the files spc-probe-private.h lists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-probe-private.h"

G_DEFINE_FINAL_TYPE (SpcProbe, spc_probe, G_TYPE_OBJECT)

/* Small helpers */

static gint64
elapsed_ms (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000;
}

gint64
_spc_probe_now_ms (SpcProbe *self)
{
  return elapsed_ms (self->started_us);
}

gint64
_spc_probe_stage_ms (SpcProbe *self)
{
  return elapsed_ms (self->stage_started_us);
}

void
_spc_probe_note (SpcProbe   *self,
                 SpcNote     note,
                 const char *text,
                 guint       number)
{
  spc_result_add_note (self->result, note, text, NULL, number, _spc_probe_now_ms (self));
}

gboolean
_spc_probe_user_cancelled (SpcProbe *self)
{
  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

gboolean
_spc_probe_is_deadline (SpcProbe     *self,
                        const GError *error)
{
  return self->deadline.passed &&
         !_spc_probe_user_cancelled (self) &&
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Stages and their deadlines */

static void
cancel_stage_cb (GCancellable *run_cancellable,
                 gpointer      stage_cancellable)
{
  g_cancellable_cancel (stage_cancellable);
}

static void
cancel_run_cb (GCancellable *caller_cancellable,
               gpointer      run_cancellable)
{
  g_cancellable_cancel (run_cancellable);
}

static void
stage_end (SpcProbe *self)
{
  spc_deadline_stop (&self->deadline);

  if (self->stage_handler != 0)
    {
      g_cancellable_disconnect (self->cancellable, self->stage_handler);
      self->stage_handler = 0;
    }

  g_clear_object (&self->stage_cancellable);
}

/* Starts @stage (or a new window within it) with a deadline of its own */
void
_spc_probe_stage_begin (SpcProbe *self,
                        SpcStage  stage,
                        guint     deadline_ms)
{
  stage_end (self);

  self->stage = stage;
  self->deadline_ms = deadline_ms;
  self->stage_started_us = g_get_monotonic_time ();
  self->stage_cancellable = g_cancellable_new ();
  /* Cancels the stage at once when the run is cancelled already */
  self->stage_handler = g_cancellable_connect (self->cancellable,
                                               G_CALLBACK (cancel_stage_cb),
                                               g_object_ref (self->stage_cancellable),
                                               g_object_unref);

  spc_deadline_start (&self->deadline, deadline_ms, self->stage_cancellable,
                      g_task_get_context (self->task), "[spc] probe stage deadline");

  spc_result_set_stage (self->result, stage);
}

/* Handshakes: a bounded number at once (spc-handshake-queue.h) */

static void
handshake_slot_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpcProbe) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!spc_handshake_queue_wait_finish (SPC_HANDSHAKE_QUEUE (object), result, &error))
    {
      /* Only a cancel ends the wait */
      if (self->task != NULL)
        _spc_probe_finish_cancelled (self);
      return;
    }

  self->holds_handshake_slot = TRUE;
  if (self->task == NULL || _spc_probe_user_cancelled (self))
    {
      _spc_probe_handshake_done (self);
      if (self->task != NULL)
        _spc_probe_finish_cancelled (self);
      return;
    }

  self->queued_handshake (self);
}

void
_spc_probe_queue_handshake (SpcProbe     *self,
                            SpcStage      stage,
                            SpcProbeStep  start_handshake)
{
  g_assert (!self->holds_handshake_slot);

  if (self->handshake_queue == NULL)
    {
      start_handshake (self);
      return;
    }

  stage_end (self);
  /* Not "connect" while we wait: a port still connecting after a second is
   * taken for silent and gets a reference check (spc-diagnosis.c). With
   * 2000 probes, 400 reference lookups then filled GLib's thread pool and
   * the handshakes queued behind them met their deadline. The probe's
   * own stage too, which a failure would be judged by. */
  self->stage = stage;
  spc_result_set_stage (self->result, stage);
  self->queued_handshake = start_handshake;
  spc_handshake_queue_wait_async (self->handshake_queue, self->cancellable,
                                  handshake_slot_cb, g_object_ref (self));
}

void
_spc_probe_handshake_done (SpcProbe *self)
{
  if (!self->holds_handshake_slot)
    return;

  self->holds_handshake_slot = FALSE;
  spc_handshake_queue_release (self->handshake_queue);
}

/* The end of a run */

static void
close_connection (SpcProbe *self)
{
  g_clear_object (&self->reader);
  self->stream = NULL;

  /* Closing the socket is immediate; closing TLS would wait on close_notify */
  if (self->connection != NULL)
    g_io_stream_close (self->connection, NULL, NULL);

  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
}

void
_spc_probe_finish (SpcProbe  *self,
                   SpcStatus  status,
                   SpcDetail  detail)
{
  g_autoptr(SpcProbe) hold = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->task == NULL)
    return;

  hold = g_object_ref (self);
  task = g_steal_pointer (&self->task);

  stage_end (self);
  close_connection (self);
  _spc_probe_handshake_done (self);

  if (self->caller_handler != 0)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
      self->caller_handler = 0;
    }

  spc_result_set_timing (self->result, SPC_TIMING_TOTAL, _spc_probe_now_ms (self));
  spc_result_finish (self->result, status, detail);

  g_task_return_pointer (task, g_object_ref (self->result), g_object_unref);
}

void
_spc_probe_finish_cancelled (SpcProbe *self)
{
  _spc_probe_note (self, SPC_NOTE_STOPPED, NULL, 0);
  _spc_probe_finish (self, SPC_STATUS_CANCELLED, SPC_DETAIL_CANCELLED);
}

/* GObject */

static void
spc_probe_finalize (GObject *object)
{
  SpcProbe *self = SPC_PROBE (object);

  g_assert (self->task == NULL);
  g_assert (!self->holds_handshake_slot);

  stage_end (self);
  close_connection (self);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->connect_address, g_free);
  g_list_free_full (g_steal_pointer (&self->addresses), g_object_unref);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->handshake_queue);
  g_clear_object (&self->result);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->caller_cancellable);
  g_clear_pointer (&self->ehlo_name, g_free);
  g_clear_pointer (&self->write_buffer, g_free);
  g_clear_pointer (&self->reply, spc_reply_unref);
  g_clear_pointer (&self->first_raw_line, g_bytes_unref);
  g_clear_pointer (&self->identify_buffer, g_free);
  g_clear_object (&self->handshake_input);
  g_clear_object (&self->interaction);
  spc_capabilities_clear (&self->caps);

  G_OBJECT_CLASS (spc_probe_parent_class)->finalize (object);
}

static void
spc_probe_class_init (SpcProbeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_probe_finalize;
}

static void
spc_probe_init (SpcProbe *self)
{
  self->timeout_ms = SPC_DEFAULT_TIMEOUT_MS;
  self->family = SPC_FAMILY_ANY;
}

SpcProbe *
spc_probe_new (SpcRequest *request,
               guint16     port,
               SpcMode     mode)
{
  SpcProbe *self;

  g_return_val_if_fail (SPC_IS_REQUEST (request), NULL);
  g_return_val_if_fail (spc_request_get_host (request) != NULL, NULL);
  g_return_val_if_fail (port > 0, NULL);

  self = g_object_new (SPC_TYPE_PROBE, NULL);
  self->host = g_strdup (spc_request_get_host (request));
  self->port = port;
  self->mode = mode;
  self->timeout_ms = spc_request_get_timeout_ms (request);
  self->family = spc_request_get_family (request);
  self->connect_address = g_strdup (spc_request_get_connect_address (request));
  g_set_object (&self->tls_database, spc_request_get_tls_database (request));
  g_set_object (&self->handshake_queue, spc_request_get_handshake_queue (request));
  self->result = spc_result_new (port, mode);
  spc_result_set_host (self->result, self->host, self->connect_address);

  return self;
}

void
spc_probe_set_addresses (SpcProbe *self,
                         GList    *inet_addresses)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);

  g_list_free_full (g_steal_pointer (&self->addresses), g_object_unref);
  self->addresses = g_list_copy_deep (inet_addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
}

SpcResult *
spc_probe_get_result (SpcProbe *self)
{
  g_return_val_if_fail (SPC_IS_PROBE (self), NULL);

  return self->result;
}

static void
begin_run (SpcProbe            *self,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, spc_probe_run_async);
  /* Never fails: a cancelled run returns its (cancelled) result */
  g_task_set_check_cancellable (self->task, FALSE);

  self->started_us = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (cancel_run_cb),
                                                    g_object_ref (self->cancellable),
                                                    g_object_unref);
    }

  _spc_probe_note (self, SPC_NOTE_CHECKING, self->host, self->port);
}

void
spc_probe_run_async (SpcProbe            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (!spc_result_get_finished (self->result));

  begin_run (self, cancellable, callback, user_data);
  _spc_probe_start_resolve (self);
}

void
_spc_probe_run_on_stream_async (SpcProbe            *self,
                                GIOStream           *stream,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (!spc_result_get_finished (self->result));

  begin_run (self, cancellable, callback, user_data);
  self->connection = g_object_ref (stream);
  self->stream = self->connection;
  g_free (self->ehlo_name);
  self->ehlo_name = g_strdup ("[192.0.2.1]");
  _spc_probe_start_session (self);
}

SpcResult *
spc_probe_run_finish (SpcProbe     *self,
                      GAsyncResult *result)
{
  g_return_val_if_fail (SPC_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
