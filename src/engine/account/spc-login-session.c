/* spc-login-session.c — what a login check says on the wire before AUTH:
 * lines out and replies in, connect, TLS, greeting, EHLO, STARTTLS
 *
 * A credential is sent only from spc-login-auth.c, and that is reached only
 * from ehlo_reply_cb() inside TLS, after the certificate was compared with
 * the probe's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-command.h"
#include "spc-connect.h"
#include "spc-ehlo-name.h"
#include "spc-login-private.h"
#include "spc-reply-reader.h"

static void start_greeting (SpcLogin *self);
static void start_ehlo     (SpcLogin *self);

/* Lines out, replies in */

static void
line_seen (GBytes   *line,
           gpointer  user_data)
{
  SpcLogin *self = user_data;
  g_autofree char *text = spc_reply_line_to_text (line);

  spc_login_result_add_transcript (self->result, SPC_DIRECTION_SERVER, text, spc_login_now_ms (self));
}

/* A new reply to read into @func, and the reader over what is spoken now */
static void
begin_reply (SpcLogin          *self,
             SpcLoginReplyFunc  func)
{
  g_clear_pointer (&self->reply, spc_reply_unref);
  self->reply = spc_reply_new ();
  self->reply_func = func;
  if (self->reader == NULL)
    self->reader = spc_line_reader_new (g_io_stream_get_input_stream (self->stream), 0);
}

/* The reply goes to its func; any failure, writing or reading, ends the run */
static void
end_reply (SpcLogin     *self,
           const GError *error)
{
  SpcLoginReplyFunc func = self->reply_func;
  g_autoptr(SpcReply) reply = g_steal_pointer (&self->reply);

  self->reply_func = NULL;
  if (error != NULL)
    {
      spc_login_fail (self, error);
      return;
    }
  func (self, reply);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  spc_reply_read_finish (SPC_LINE_READER (object), result, &error);
  end_reply (user_data, error);
}

static void
read_reply (SpcLogin          *self,
            SpcLoginReplyFunc  func)
{
  begin_reply (self, func);
  spc_reply_read_async (self->reader, self->reply, self->stage_cancellable,
                        line_seen, self, reply_cb, self);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  spc_command_send_finish (SPC_LINE_READER (object), result, NULL, &error);
  end_reply (user_data, error);
}

void
spc_login_send (SpcLogin          *self,
                const char        *line,
                const char        *shown,
                SpcLoginReplyFunc  func)
{
  if (shown == NULL || shown[0] != '\0')
    spc_login_result_add_transcript (self->result, SPC_DIRECTION_CLIENT,
                                     shown != NULL ? shown : line, spc_login_now_ms (self));

  /* spc_command_send_async() wipes its copy of @line (it may be a
   * credential) as soon as it is written */
  begin_reply (self, func);
  spc_command_send_async (g_io_stream_get_output_stream (self->stream), self->reader,
                          line, self->reply, self->stage_cancellable,
                          line_seen, self, sent_cb, self);
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
          spc_login_note (self, SPC_NOTE_ERROR, error->message, NULL, 0);
          spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                        SPC_LOGIN_REFUSAL_CERTIFICATE);
          spc_login_finish (self);
          return;
        }
      spc_login_fail (self, error);
      return;
    }

  peer = g_tls_connection_get_peer_certificate (self->tls);
  seen = peer != NULL ? spc_certificate_dup_sha256 (peer) : NULL;
  spc_login_result_set_sha256 (self->result, expected, seen);

  if (seen == NULL || g_strcmp0 (seen, expected) != 0 ||
      g_tls_connection_get_peer_certificate_errors (self->tls) != 0)
    {
      /* Not even QUIT: this may not be the server the probe talked to */
      spc_login_note (self, SPC_NOTE_CERTIFICATE_CHANGED, NULL, NULL, 0);
      spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                    SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED);
      spc_login_finish (self);
      return;
    }

  spc_login_note (self, SPC_NOTE_SAME_CERTIFICATE, NULL, NULL, 0);
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
      spc_login_fail (self, error);
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
      spc_login_end_with_reply (self, reply, SPC_LOGIN_REFUSED_INSECURE, SPC_LOGIN_REFUSAL_NO_TLS);
      return;
    }

  /* Bytes already here came before TLS and would be read as if inside it */
  if (spc_line_reader_get_buffered (self->reader) > 0)
    {
      spc_login_result_set_outcome (self->result, SPC_LOGIN_REFUSED_INSECURE,
                                    SPC_LOGIN_REFUSAL_STARTTLS_INJECTION);
      spc_login_finish (self);
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
      spc_login_end_with_reply (self, reply, SPC_LOGIN_REJECTED, SPC_LOGIN_REFUSAL_NONE);
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
      spc_login_end_with_reply (self, reply, SPC_LOGIN_REJECTED, SPC_LOGIN_REFUSAL_NONE);
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
      spc_login_fail (self, error);
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

void
spc_login_start_connect (SpcLogin *self)
{
  g_autoptr(GSocketConnectable) target = NULL;
  const char *address = spc_result_get_address (self->probe_result);
  guint16 port = spc_result_get_port (self->probe_result);

  if (address != NULL)
    target = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (address, port));
  if (target == NULL)
    target = g_network_address_new (self->host, port);

  spc_login_stage_begin (self, SPC_LOGIN_STAGE_CONNECT, self->timeout_ms);
  spc_connect_async (target, self->stage_cancellable, connect_cb, self);
}
