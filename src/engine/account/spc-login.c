/* spc-login.c — a login check: the connection, TLS, greeting, EHLO, STARTTLS
 *
 * Each stage gets a fresh GCancellable, chained to the run's, and a timer
 * that cancels it when the stage's deadline passes (a server dripping one
 * byte a second never trips a socket timeout). A credential is sent only
 * from spc-login-auth.c, and that is reached only from ehlo_reply_cb()
 * inside TLS, after the certificate was compared with the probe's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-ehlo-name.h"
#include "spc-error.h"
#include "spc-login-private.h"

/* QUIT is a courtesy: never wait long for its 221 */
#define QUIT_DEADLINE_MAX_MS 2000

G_DEFINE_FINAL_TYPE (SpcLogin, spc_login, G_TYPE_OBJECT)

static void start_greeting (SpcLogin *self);
static void start_ehlo     (SpcLogin *self);

static gint64
since_start_ms (SpcLogin *self)
{
  return (g_get_monotonic_time () - self->started_us) / 1000;
}

void
spc_login_note (SpcLogin   *self,
                const char *text)
{
  spc_login_result_add_transcript (self->result, SPC_DIRECTION_NOTE, text, since_start_ms (self));
}

/* Stages and deadlines */

static void
stage_clear (SpcLogin *self)
{
  spc_deadline_stop (&self->deadline);
  g_clear_object (&self->stage_cancellable);
}

static void
forward_cancel_cb (GCancellable *from,
                   gpointer      to)
{
  g_cancellable_cancel (to);
}

void
spc_login_stage_begin (SpcLogin      *self,
                       SpcLoginStage  stage,
                       guint          deadline_ms)
{
  stage_clear (self);

  self->stage_cancellable = g_cancellable_new ();
  /* Disconnected when the stage cancellable dies: the run outlives it */
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (forward_cancel_cb), self->stage_cancellable, 0);
  if (g_cancellable_is_cancelled (self->cancellable))
    g_cancellable_cancel (self->stage_cancellable);

  spc_deadline_start (&self->deadline, deadline_ms, self->stage_cancellable,
                      g_task_get_context (self->task), "[spc] login stage deadline");

  spc_login_result_set_stage (self->result, stage);
}

/* The end of a run */

static void
close_connection (SpcLogin *self)
{
  g_clear_object (&self->reader);
  self->stream = NULL;
  /* Closing the socket is immediate; closing TLS would wait for close_notify */
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
}

static void
finish (SpcLogin *self)
{
  g_autoptr(SpcLogin) hold = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->task == NULL)
    return;

  hold = g_object_ref (self);
  task = g_steal_pointer (&self->task);

  spc_login_forget_credentials (self);
  stage_clear (self);
  close_connection (self);
  if (self->caller_handler != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->caller_handler);
      self->caller_handler = 0;
    }
  if (spc_login_result_get_outcome (self->result) == SPC_LOGIN_PENDING)
    spc_login_result_set_outcome (self->result, SPC_LOGIN_ERROR, SPC_LOGIN_REFUSAL_NONE);
  spc_login_result_set_stage (self->result, SPC_LOGIN_STAGE_DONE);

  g_task_return_pointer (task, g_object_ref (self->result), g_object_unref);
}

static gboolean
in_message_stage (SpcLogin *self)
{
  SpcLoginStage stage = spc_login_result_get_stage (self->result);

  return stage == SPC_LOGIN_STAGE_MAIL || stage == SPC_LOGIN_STAGE_RCPT ||
         stage == SPC_LOGIN_STAGE_DATA;
}

/* A broken read or write: the outcome says deadline, cancel or error */
static void
fail_io (SpcLogin     *self,
         const GError *error)
{
  gboolean user_cancelled = g_cancellable_is_cancelled (self->cancellable);
  gboolean deadline = self->deadline.passed && !user_cancelled &&
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (spc_login_result_get_stage (self->result) == SPC_LOGIN_STAGE_QUIT)
    {
      finish (self);
      return;
    }

  spc_login_note (self, deadline ? _("The deadline passed") : error->message);

  if (user_cancelled)
    spc_login_result_set_outcome (self->result, SPC_LOGIN_CANCELLED, SPC_LOGIN_REFUSAL_NONE);
  else if (in_message_stage (self))
    /* The login stands; only the message failed */
    spc_login_result_set_message_outcome (self->result,
                                          deadline ? SPC_TEST_MESSAGE_TIMEOUT : SPC_TEST_MESSAGE_ERROR,
                                          NULL);
  else if (deadline)
    spc_login_result_set_outcome (self->result, SPC_LOGIN_TIMEOUT, SPC_LOGIN_REFUSAL_NONE);
  else
    spc_login_result_set_outcome (self->result, SPC_LOGIN_ERROR, SPC_LOGIN_REFUSAL_NONE);

  if (!deadline && !user_cancelled)
    spc_login_result_set_error (self->result, error->message);

  finish (self);
}

/* QUIT, bounded; whatever it brings, the run ends */

static void
quit_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  finish (self);
}

void
spc_login_quit (SpcLogin *self)
{
  if (self->stream == NULL)
    {
      finish (self);
      return;
    }
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_QUIT, MIN (self->timeout_ms, QUIT_DEADLINE_MAX_MS));
  spc_login_send (self, "QUIT", NULL, quit_reply_cb);
}

void
spc_login_end (SpcLogin        *self,
               SpcLoginOutcome  outcome,
               SpcLoginRefusal  refusal)
{
  spc_login_result_set_outcome (self->result, outcome, refusal);
  spc_login_forget_credentials (self);
  spc_login_quit (self);
}

/* Lines out, replies in */

static void read_reply_line (SpcLogin *self);

static void
deliver_reply (SpcLogin *self)
{
  SpcLoginReplyFunc func = self->reply_func;
  g_autoptr(SpcReply) reply = g_steal_pointer (&self->reply);

  self->reply_func = NULL;
  func (self, reply);
}

static void
reply_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SpcLogin *self = user_data;
  g_autoptr(GBytes) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize length = 0;

  line = spc_line_reader_read_line_finish (SPC_LINE_READER (object), result, &error);
  if (line == NULL)
    {
      fail_io (self, error);
      return;
    }

  data = g_bytes_get_data (line, &length);
  if (data == NULL)
    data = "";
  text = g_utf8_make_valid (data, length);
  spc_login_result_add_transcript (self->result, SPC_DIRECTION_SERVER, text, since_start_ms (self));

  switch (spc_reply_add_line (self->reply, data, length, &error))
    {
    case SPC_REPLY_NEED_MORE:
      read_reply_line (self);
      break;
    case SPC_REPLY_COMPLETE:
      deliver_reply (self);
      break;
    case SPC_REPLY_ERROR:
    default:
      fail_io (self, error);
      break;
    }
}

static void
read_reply_line (SpcLogin *self)
{
  spc_line_reader_read_line_async (self->reader, G_PRIORITY_DEFAULT, self->stage_cancellable,
                                   reply_line_cb, self);
}

static void
read_reply (SpcLogin          *self,
            SpcLoginReplyFunc  func)
{
  g_clear_pointer (&self->reply, spc_reply_unref);
  self->reply = spc_reply_new ();
  self->reply_func = func;
  if (self->reader == NULL)
    self->reader = spc_line_reader_new (g_io_stream_get_input_stream (self->stream), 0);
  read_reply_line (self);
}

static void
forget_write_buffer (SpcLogin *self)
{
  spc_secret_wipe_string (g_steal_pointer (&self->write_buffer));
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SpcLogin *self = user_data;
  g_autoptr(GError) error = NULL;

  forget_write_buffer (self);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fail_io (self, error);
      return;
    }
  read_reply (self, self->reply_func);
}

void
spc_login_send (SpcLogin          *self,
                const char        *line,
                const char        *shown,
                SpcLoginReplyFunc  func)
{
  spc_login_result_add_transcript (self->result, SPC_DIRECTION_CLIENT,
                                   shown != NULL ? shown : line, since_start_ms (self));

  forget_write_buffer (self);
  self->write_buffer = g_strconcat (line, "\r\n", NULL);
  self->reply_func = func;

  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->write_buffer, strlen (self->write_buffer),
                                   G_PRIORITY_DEFAULT, self->stage_cancellable,
                                   sent_cb, self);
}

/* TLS, and the certificate the probe saw */

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SpcLogin *self = user_data;

  /* Unlike the probe, never accept: nothing more is said to such a server */
  self->certificate_errors = errors;
  return FALSE;
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SpcLogin *self = user_data;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *peer;
  g_autofree char *seen = NULL;
  const char *expected = spc_result_get_cert_sha256 (self->probe_result);

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &error))
    {
      if (self->certificate_errors != 0 && !g_cancellable_is_cancelled (self->cancellable))
        {
          spc_login_note (self, error->message);
          spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                        SPC_LOGIN_REFUSAL_CERTIFICATE);
          finish (self);
          return;
        }
      fail_io (self, error);
      return;
    }

  peer = g_tls_connection_get_peer_certificate (self->tls);
  seen = peer != NULL ? spc_certificate_dup_sha256 (peer) : NULL;
  spc_login_result_set_sha256 (self->result, expected, seen);

  if (seen == NULL || g_strcmp0 (seen, expected) != 0 ||
      g_tls_connection_get_peer_certificate_errors (self->tls) != 0)
    {
      /* Not even QUIT: this may not be the server the probe talked to */
      spc_login_note (self, _("The certificate differs from the one the probe saw"));
      spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                    SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED);
      finish (self);
      return;
    }

  spc_login_note (self, _("TLS handshake done: the same certificate as the probe saw"));
  self->stream = G_IO_STREAM (self->tls);

  if (spc_result_get_mode (self->probe_result) == SPC_MODE_TLS)
    start_greeting (self);
  else
    start_ehlo (self);
}

static void
start_tls (SpcLogin *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  /* The handshake reads the raw socket, never through a line reader */
  g_clear_object (&self->reader);
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_TLS, self->timeout_ms);

  identity = g_network_address_new (self->host, spc_result_get_port (self->probe_result));
  tls = g_tls_client_connection_new (G_IO_STREAM (self->connection), identity, &error);
  if (tls == NULL)
    {
      fail_io (self, error);
      return;
    }
  self->tls = G_TLS_CONNECTION (tls);
  if (self->tls_database != NULL)
    g_tls_connection_set_database (self->tls, self->tls_database);
  g_signal_connect (self->tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  g_tls_connection_handshake_async (self->tls, G_PRIORITY_DEFAULT, self->stage_cancellable,
                                    handshake_cb, self);
}

/* STARTTLS */

static void
starttls_reply_cb (SpcLogin *self,
                   SpcReply *reply)
{
  if (spc_reply_get_code (reply) != 220)
    {
      spc_login_result_set_reply (self->result, reply);
      spc_login_end (self, SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_NO_TLS);
      return;
    }

  /* Bytes already here came before TLS and would be read as if inside it */
  if (spc_line_reader_get_buffered (self->reader) > 0)
    {
      spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                    SPC_LOGIN_REFUSAL_STARTTLS_INJECTION);
      finish (self);
      return;
    }

  start_tls (self);
}

/* EHLO: before TLS (STARTTLS ports), then inside TLS */

static void
ehlo_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  gboolean inside_tls = self->tls != NULL;

  if (spc_reply_get_code (reply) != 250)
    {
      spc_login_result_set_reply (self->result, reply);
      spc_login_end (self, SPC_LOGIN_REJECTED, SPC_LOGIN_REFUSAL_NONE);
      return;
    }

  spc_capabilities_clear (&self->caps);
  spc_capabilities_parse_ehlo (&self->caps, spc_reply_get_lines (reply));
  spc_login_result_set_auth (self->result, inside_tls, (const char * const *) self->caps.auth);

  if (inside_tls)
    {
      spc_login_start_auth (self);
      return;
    }

  /* The probe saw STARTTLS; a server without it now is being downgraded */
  if (!self->caps.starttls)
    {
      spc_login_end (self, SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_NO_TLS);
      return;
    }

  spc_login_stage_begin (self, SPC_LOGIN_STAGE_STARTTLS, self->timeout_ms);
  spc_login_send (self, "STARTTLS", NULL, starttls_reply_cb);
}

static void
start_ehlo (SpcLogin *self)
{
  g_autofree char *ehlo = g_strconcat ("EHLO ", self->ehlo_name, NULL);

  spc_login_stage_begin (self, SPC_LOGIN_STAGE_EHLO, self->timeout_ms);
  spc_login_send (self, ehlo, NULL, ehlo_reply_cb);
}

static void
greeting_cb (SpcLogin *self,
             SpcReply *reply)
{
  if (spc_reply_get_code (reply) != 220)
    {
      spc_login_result_set_reply (self->result, reply);
      spc_login_end (self, SPC_LOGIN_REJECTED, SPC_LOGIN_REFUSAL_NONE);
      return;
    }
  start_ehlo (self);
}

static void
start_greeting (SpcLogin *self)
{
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_GREETING, self->timeout_ms);
  read_reply (self, greeting_cb);
}

/* Connect, to the address that answered the probe */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpcLogin *self = user_data;
  g_autoptr(GError) error = NULL;

  self->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (self->connection == NULL)
    {
      fail_io (self, error);
      return;
    }

  /* The EHLO name the probe uses too */
  self->ehlo_name = spc_ehlo_name_for_connection (self->connection);
  self->stream = G_IO_STREAM (self->connection);

  if (spc_result_get_mode (self->probe_result) == SPC_MODE_TLS)
    start_tls (self);
  else
    start_greeting (self);
}

static void
start_connect (SpcLogin *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) target = NULL;
  const char *address = spc_result_get_address (self->probe_result);
  guint16 port = spc_result_get_port (self->probe_result);

  g_socket_client_set_enable_proxy (client, FALSE);
  if (address != NULL)
    target = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (address, port));
  if (target == NULL)
    target = g_network_address_new (self->host, port);

  spc_login_stage_begin (self, SPC_LOGIN_STAGE_CONNECT, self->timeout_ms);
  g_socket_client_connect_async (client, target, self->stage_cancellable, connect_cb, self);
}

/* Before connecting: is this port one a credential may go to? */
static gboolean
refuse_before_connecting (SpcLogin *self)
{
  SpcResult *probe = self->probe_result;
  SpcStatus status = spc_result_get_status (probe);
  SpcLoginOutcome outcome = SPC_LOGIN_REFUSED_INSECURE;
  SpcLoginRefusal refusal = SPC_LOGIN_REFUSAL_NONE;

  if (spc_result_get_mode (probe) == SPC_MODE_PLAIN || status == SPC_STATUS_PLAINTEXT_ONLY ||
      spc_result_get_tls_version (probe) == NULL)
    refusal = SPC_LOGIN_REFUSAL_NO_TLS;
  else if (status == SPC_STATUS_CERTIFICATE_INVALID ||
           spc_result_get_certificate_errors (probe) != 0 ||
           spc_result_get_cert_sha256 (probe) == NULL)
    refusal = SPC_LOGIN_REFUSAL_CERTIFICATE;
  else if (status == SPC_STATUS_STARTTLS_INJECTION)
    refusal = SPC_LOGIN_REFUSAL_STARTTLS_INJECTION;
  else if (status != SPC_STATUS_OK && status != SPC_STATUS_NO_AUTH)
    {
      outcome = SPC_LOGIN_ERROR;
      refusal = SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN;
    }
  else if (self->user == NULL || (self->password == NULL && self->token == NULL))
    {
      outcome = SPC_LOGIN_ERROR;
      spc_login_result_set_error (self->result, _("No user name, or neither a password nor a token"));
    }
  else if (self->message_to != NULL &&
           (!spc_login_address_is_valid (self->message_from) ||
            !spc_login_address_is_valid (self->message_to)))
    {
      outcome = SPC_LOGIN_ERROR;
      spc_login_result_set_error (self->result, _("The test message needs a valid sender and recipient address"));
    }
  else
    return FALSE;

  spc_login_result_set_outcome (self->result, outcome, refusal);
  finish (self);
  return TRUE;
}

/* The object */

static void
spc_login_finalize (GObject *object)
{
  SpcLogin *self = SPC_LOGIN (object);

  spc_login_forget_credentials (self);
  forget_write_buffer (self);
  g_clear_pointer (&self->reply, spc_reply_unref);
  spc_capabilities_clear (&self->caps);
  g_free (self->host);
  g_clear_object (&self->probe_result);
  g_clear_object (&self->tls_database);
  g_free (self->user);
  g_free (self->mechanism);
  g_free (self->message_from);
  g_free (self->message_to);
  g_free (self->ehlo_name);
  g_clear_object (&self->result);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (spc_login_parent_class)->finalize (object);
}

static void
spc_login_class_init (SpcLoginClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_login_finalize;
}

static void
spc_login_init (SpcLogin *self)
{
  self->timeout_ms = 10000;
}

SpcLogin *
spc_login_new (const char *host,
               SpcResult  *probe_result)
{
  SpcLogin *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (SPC_IS_RESULT (probe_result), NULL);

  self = g_object_new (SPC_TYPE_LOGIN, NULL);
  self->host = g_strdup (host);
  self->probe_result = g_object_ref (probe_result);
  return self;
}

void
spc_login_set_timeout_ms (SpcLogin *self,
                          guint     timeout_ms)
{
  self->timeout_ms = MAX (timeout_ms, 100);
}

void
spc_login_set_tls_database (SpcLogin     *self,
                            GTlsDatabase *database)
{
  g_set_object (&self->tls_database, database);
}

void
spc_login_set_user (SpcLogin   *self,
                    const char *user)
{
  g_free (self->user);
  self->user = g_strdup (user);
}

void
spc_login_set_password (SpcLogin  *self,
                        SpcSecret *password)
{
  spc_secret_free (self->password);
  self->password = password;
}

void
spc_login_set_oauth2_token (SpcLogin  *self,
                            SpcSecret *token)
{
  spc_secret_free (self->token);
  self->token = token;
}

void
spc_login_set_mechanism (SpcLogin   *self,
                         const char *mechanism)
{
  g_free (self->mechanism);
  self->mechanism = mechanism != NULL ? g_ascii_strup (mechanism, -1) : NULL;
}

void
spc_login_set_test_message (SpcLogin   *self,
                            const char *from,
                            const char *to)
{
  g_free (self->message_from);
  g_free (self->message_to);
  self->message_from = g_strdup (from);
  self->message_to = g_strdup (to);
}

void
spc_login_run_async (SpcLogin            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (SPC_IS_LOGIN (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, spc_login_run_async);
  self->started_us = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    self->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                  g_object_ref (self->cancellable), g_object_unref);

  g_clear_object (&self->result);
  self->result = spc_login_result_new (self->host, spc_result_get_port (self->probe_result),
                                       spc_result_get_mode (self->probe_result), self->user);
  /* Known from the start, so a report names the message even when the
   * login fails before it */
  if (self->message_to != NULL)
    spc_login_result_set_message (self->result, self->message_from, self->message_to, NULL);

  if (refuse_before_connecting (self))
    return;

  start_connect (self);
}

SpcLoginResult *
spc_login_run_finish (SpcLogin     *self,
                      GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

gboolean
spc_login_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || address[0] == '\0' || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if (*p <= ' ' || *p >= 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == '"')
      return FALSE;
  at = strchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}
