/* spc-legacy-tls-check.c — does a server that spoke modern TLS also accept TLS 1.0 or 1.1?
 *
 * connect ─▶ [greeting ─▶ EHLO ─▶ STARTTLS ─▶ 220] ─▶ handshake slot ─▶
 *   handshake offering TLS 1.1 alone; at the same time, on a second
 *   connection, the same offering TLS 1.0 alone
 *
 * One version a connection: a server with a hole (1.0 and 1.2 on, 1.1
 * off; a GnuTLS server with "-VERS-TLS1.1") refuses a ClientHello that
 * offers 1.0 and 1.1 together yet takes 1.0 alone, so a combined offer's
 * refusal would be a false "no" for 1.0. The two connections run side by
 * side: one after the other, a server that replies slowly doubled the
 * time a single-host check waits for its last port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-command.h"
#include "spc-connect.h"
#include "spc-deadline.h"
#include "spc-ehlo-name.h"
#include "spc-handshake-queue.h"
#include "spc-legacy-handshake.h"
#include "spc-legacy-tls-check.h"
#include "spc-line-reader.h"
#include "spc-reply-reader.h"
#include "spc-result-private.h"

#define BOTH_VERSIONS (SPC_LEGACY_VERSION_TLS1_0 | SPC_LEGACY_VERSION_TLS1_1)

typedef void (*ReplyHandler) (GTask *task, SpcReply *reply);

/* The check of one port: its answers, and the connections still out */
typedef struct {
  SpcResult          *result;
  SpcLegacyTls        tls1_0;
  SpcLegacyTls        tls1_1;
  guint               n_pending;
} LegacyCheck;

/* One connection, one version offered */
typedef struct {
  SpcHandshakeQueue  *queue;        /* NULL: no bound */
  char               *server_name;  /* SNI; NULL for an address */
  char               *address;
  guint16             port;
  SpcMode             mode;
  guint               timeout_ms;

  SpcLegacyVersions   offer;
  SpcLegacyTls        answer;

  GSocketConnection  *connection;
  SpcLineReader      *reader;
  SpcReply           *reply;
  ReplyHandler        reply_handler;
  gboolean            holds_slot;

  SpcDeadlineStep     step;
} LegacyRun;

static void
close_connection (LegacyRun *run,
                  gboolean   say_quit)
{
  GOutputStream *output;

  if (run->connection == NULL)
    return;

  /* Best effort, in clear: the session is over either way */
  output = g_io_stream_get_output_stream (G_IO_STREAM (run->connection));
  if (say_quit && G_IS_POLLABLE_OUTPUT_STREAM (output))
    g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (output), "QUIT\r\n", 6, NULL, NULL);

  g_clear_object (&run->reader);
  g_io_stream_close (G_IO_STREAM (run->connection), NULL, NULL);
  g_clear_object (&run->connection);
}

static void
release_slot (LegacyRun *run)
{
  if (!run->holds_slot)
    return;
  run->holds_slot = FALSE;
  spc_handshake_queue_release (run->queue);
}

static void
legacy_run_free (gpointer data)
{
  LegacyRun *run = data;

  g_assert (!run->holds_slot);
  spc_deadline_step_end (&run->step);
  close_connection (run, FALSE);
  g_clear_object (&run->queue);
  g_free (run->server_name);
  g_free (run->address);
  g_clear_pointer (&run->reply, spc_reply_unref);
  g_free (run);
}

/* A step with the stage deadline, cancelled with the caller's cancellable */
static void
step_begin (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);

  spc_deadline_step_begin (&run->step, task, run->timeout_ms, "[spc] legacy TLS deadline");
}

static void
finish (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);

  spc_deadline_step_end (&run->step);
  release_slot (run);
  close_connection (run, FALSE);
  g_task_return_int (task, run->answer);
  g_object_unref (task);
}

/* Nothing learned on this connection */
static void
give_up (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);

  run->answer = spc_deadline_caller_cancelled (task) ? SPC_LEGACY_TLS_NOT_CHECKED
                                                     : SPC_LEGACY_TLS_CANNOT_TELL;
  close_connection (run, run->mode == SPC_MODE_STARTTLS);
  finish (task);
}

/* The handshake */

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  LegacyRun *run = g_task_get_task_data (task);
  SpcLegacyVersions chosen = SPC_LEGACY_VERSION_NONE;
  g_autofree char *error_text = NULL;
  SpcLegacyHandshakeOutcome outcome;

  outcome = spc_legacy_handshake_finish (result, &chosen, &error_text);
  release_slot (run);
  close_connection (run, FALSE);
  if (error_text != NULL)
    g_debug ("legacy TLS check of port %u: %s", run->port, error_text);

  if (outcome == SPC_LEGACY_HANDSHAKE_ACCEPTED && chosen == run->offer)
    run->answer = SPC_LEGACY_TLS_ACCEPTED;
  else if (outcome == SPC_LEGACY_HANDSHAKE_REFUSED)
    run->answer = SPC_LEGACY_TLS_REFUSED;
  else if (spc_deadline_caller_cancelled (task))
    {
      give_up (task);
      return;
    }
  else
    run->answer = SPC_LEGACY_TLS_CANNOT_TELL;
  finish (task);
}

static void
start_handshake (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);

  step_begin (task);
  spc_legacy_handshake_async (G_IO_STREAM (run->connection), run->server_name, run->offer,
                              run->step.cancellable, handshake_cb, task);
}

static void
slot_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  LegacyRun *run = g_task_get_task_data (task);

  if (!spc_handshake_queue_wait_finish (SPC_HANDSHAKE_QUEUE (object), result, NULL))
    {
      give_up (task);
      return;
    }
  run->holds_slot = TRUE;
  if (spc_deadline_caller_cancelled (task))
    {
      give_up (task);
      return;
    }
  start_handshake (task);
}

/* As the probe's: our queue is not the server's time, no deadline runs */
static void
queue_handshake (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);

  spc_deadline_step_end (&run->step);
  if (run->queue == NULL)
    {
      start_handshake (task);
      return;
    }
  spc_handshake_queue_wait_async (run->queue, g_task_get_cancellable (task), slot_cb, task);
}

/* STARTTLS in clear: bounded replies, each with the deadline */

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  LegacyRun *run = g_task_get_task_data (task);

  if (!spc_reply_read_finish (SPC_LINE_READER (object), result, NULL))
    {
      give_up (task);
      return;
    }
  run->reply_handler (task, run->reply);
}

/* A new reply to read into @handler */
static void
begin_reply (LegacyRun    *run,
             ReplyHandler  handler)
{
  g_clear_pointer (&run->reply, spc_reply_unref);
  run->reply = spc_reply_new ();
  run->reply_handler = handler;
  if (run->reader == NULL)
    run->reader = spc_line_reader_new (g_io_stream_get_input_stream (G_IO_STREAM (run->connection)), 0);
}

static void
read_reply (GTask        *task,
            ReplyHandler  handler)
{
  LegacyRun *run = g_task_get_task_data (task);

  step_begin (task);
  begin_reply (run, handler);
  spc_reply_read_async (run->reader, run->reply, run->step.cancellable, NULL, NULL, reply_cb, task);
}

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  LegacyRun *run = g_task_get_task_data (task);

  /* A failed write or read: either way nothing is learned */
  if (!spc_command_send_finish (SPC_LINE_READER (object), result, NULL, NULL))
    {
      give_up (task);
      return;
    }
  run->reply_handler (task, run->reply);
}

static void
send_command (GTask        *task,
              const char   *command,
              ReplyHandler  handler)
{
  LegacyRun *run = g_task_get_task_data (task);

  /* The command and its reply share one step, as in the probe: a line this
   * short is written at once */
  step_begin (task);
  begin_reply (run, handler);
  spc_command_send_async (g_io_stream_get_output_stream (G_IO_STREAM (run->connection)),
                          run->reader, command, run->reply, run->step.cancellable,
                          NULL, NULL, command_cb, task);
}

static void
starttls_cb (GTask    *task,
             SpcReply *reply)
{
  LegacyRun *run = g_task_get_task_data (task);

  /* Bytes after the 220 are an injection the probe reports: not ours to judge */
  if (spc_reply_get_code (reply) != 220 || spc_line_reader_get_buffered (run->reader) > 0)
    {
      give_up (task);
      return;
    }
  g_clear_object (&run->reader);
  queue_handshake (task);
}

static void
ehlo_cb (GTask    *task,
         SpcReply *reply)
{
  if (spc_reply_get_code (reply) != 250)
    {
      give_up (task);
      return;
    }
  send_command (task, "STARTTLS", starttls_cb);
}

static void
greeting_cb (GTask    *task,
             SpcReply *reply)
{
  LegacyRun *run = g_task_get_task_data (task);
  g_autofree char *ehlo = NULL;
  g_autofree char *name = NULL;

  if (spc_reply_get_code (reply) != 220)
    {
      give_up (task);
      return;
    }
  name = spc_ehlo_name_for_connection (run->connection);
  ehlo = g_strconcat ("EHLO ", name, NULL);
  send_command (task, ehlo, ehlo_cb);
}

/* The connection */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  LegacyRun *run = g_task_get_task_data (task);

  run->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (run->connection == NULL)
    {
      give_up (task);
      return;
    }

  if (run->mode == SPC_MODE_TLS)
    queue_handshake (task);
  else
    read_reply (task, greeting_cb);
}

static void
start_connection (GTask *task)
{
  LegacyRun *run = g_task_get_task_data (task);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new_from_string (run->address, run->port);

  if (target == NULL)
    {
      give_up (task);
      return;
    }

  step_begin (task);
  spc_connect_async (G_SOCKET_CONNECTABLE (target), run->step.cancellable, connect_cb, task);
}

gboolean
spc_legacy_tls_check_applies (SpcResult *result)
{
  g_return_val_if_fail (SPC_IS_RESULT (result), FALSE);

  return spc_result_get_finished (result) &&
         spc_result_get_status (result) != SPC_STATUS_CANCELLED &&
         spc_result_get_mode (result) != SPC_MODE_PLAIN &&
         spc_result_get_tls_version (result) != NULL &&
         spc_result_get_address (result) != NULL;
}

gboolean
spc_legacy_tls_check_wanted (SpcRequest   *request,
                             SpcResult    *result,
                             GCancellable *cancellable)
{
  return spc_request_get_legacy_tls (request) && spc_legacy_tls_check_applies (result) &&
         (cancellable == NULL || !g_cancellable_is_cancelled (cancellable));
}

static void
legacy_check_free (gpointer data)
{
  LegacyCheck *check = data;

  g_clear_object (&check->result);
  g_free (check);
}

static void
connection_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  LegacyCheck *check = g_task_get_task_data (task);
  LegacyRun *run = g_task_get_task_data (G_TASK (result));
  SpcLegacyTls answer = g_task_propagate_int (G_TASK (result), NULL);

  if (run->offer == SPC_LEGACY_VERSION_TLS1_0)
    check->tls1_0 = answer;
  else
    check->tls1_1 = answer;
  /* Each answer shows as it comes */
  spc_result_set_legacy_tls (check->result, check->tls1_0, check->tls1_1);

  g_assert (check->n_pending > 0);
  if (--check->n_pending == 0)
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
start_version (GTask             *task,
               SpcRequest        *request,
               SpcLegacyVersions  version)
{
  LegacyCheck *check = g_task_get_task_data (task);
  GTask *connection_task;
  LegacyRun *run;
  const char *host;

  /* Each connection's task holds itself until finish() */
  connection_task = g_task_new (NULL, g_task_get_cancellable (task), connection_done_cb,
                                g_object_ref (task));
  g_task_set_check_cancellable (connection_task, FALSE);
  run = g_new0 (LegacyRun, 1);
  g_task_set_task_data (connection_task, run, legacy_run_free);
  g_set_object (&run->queue, spc_request_get_handshake_queue (request));
  host = spc_result_get_host (check->result);
  /* An address is no server name (RFC 6066), as in the probe */
  if (host != NULL && !g_hostname_is_ip_address (host))
    run->server_name = g_strdup (host);
  run->address = g_strdup (spc_result_get_address (check->result));
  run->port = spc_result_get_port (check->result);
  run->mode = spc_result_get_mode (check->result);
  run->timeout_ms = spc_request_get_timeout_ms (request);
  run->offer = version;
  run->answer = SPC_LEGACY_TLS_CANNOT_TELL;

  check->n_pending++;
  start_connection (connection_task);
}

void
spc_legacy_tls_check_run_async (SpcRequest          *request,
                                SpcResult           *result,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LegacyCheck *check;
  SpcLegacyVersions offerable;

  g_return_if_fail (SPC_IS_REQUEST (request));
  g_return_if_fail (SPC_IS_RESULT (result));
  g_return_if_fail (spc_legacy_tls_check_applies (result));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_legacy_tls_check_run_async);
  g_task_set_check_cancellable (task, FALSE);

  check = g_new0 (LegacyCheck, 1);
  g_task_set_task_data (task, check, legacy_check_free);
  check->result = g_object_ref (result);

  /* What this computer's GnuTLS will not offer cannot be asked */
  offerable = spc_legacy_handshake_offerable (BOTH_VERSIONS);
  check->tls1_0 = (offerable & SPC_LEGACY_VERSION_TLS1_0) ? SPC_LEGACY_TLS_CHECKING : SPC_LEGACY_TLS_CANNOT_TELL;
  check->tls1_1 = (offerable & SPC_LEGACY_VERSION_TLS1_1) ? SPC_LEGACY_TLS_CHECKING : SPC_LEGACY_TLS_CANNOT_TELL;
  spc_result_set_legacy_tls (result, check->tls1_0, check->tls1_1);
  if (offerable == SPC_LEGACY_VERSION_NONE)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Both at once; 1.1 is asked first, as before, for a server that takes
   * connections one at a time */
  if (offerable & SPC_LEGACY_VERSION_TLS1_1)
    start_version (task, request, SPC_LEGACY_VERSION_TLS1_1);
  if (offerable & SPC_LEGACY_VERSION_TLS1_0)
    start_version (task, request, SPC_LEGACY_VERSION_TLS1_0);
}

void
spc_legacy_tls_check_run_finish (GAsyncResult *result)
{
  g_return_if_fail (g_task_is_valid (result, NULL));

  g_task_propagate_boolean (G_TASK (result), NULL);
}
