/* spc-probe-session.c — the stages of an SMTP session, last to first:
 * QUIT, STARTTLS, EHLO, greeting, connect, resolve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gnetworking.h>

#include "spc-address-list.h"
#include "spc-connect.h"
#include "spc-ehlo-name.h"
#include "spc-error.h"
#include "spc-probe-private.h"

/* QUIT is a courtesy: never wait long for its 221 */
#define QUIT_WINDOW_MAX_MS 2000

/* QUIT: a courtesy, whatever happens the findings stand */

static void
quit_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  if (_spc_probe_user_cancelled (self))
    {
      _spc_probe_finish_cancelled (self);
      return;
    }

  if (self->detail_before_quit != SPC_DETAIL_NONE)
    {
      _spc_probe_finish (self, self->status_before_quit, self->detail_before_quit);
      return;
    }

  _spc_probe_classify (self);
}

static void
quit_written (SpcProbe     *self,
              const GError *error)
{
  if (error != NULL)
    {
      quit_reply_cb (self, NULL, NULL);
      return;
    }

  _spc_probe_read_reply (self, quit_reply_cb);
}

static void
start_quit (SpcProbe *self)
{
  _spc_probe_stage_begin (self, SPC_STAGE_QUIT, MIN (self->timeout_ms, QUIT_WINDOW_MAX_MS));
  _spc_probe_write_line (self, "QUIT", quit_written);
}

/* Ends the run on the server's answer @reply. A refusal (4xx/5xx) still
 * ends the session politely (RFC 5321 §3.1, §4.1.1.10): QUIT, bounded like
 * any QUIT, then @status. Not after other codes: after a 354 the server
 * would take QUIT as message text. */
static void
finish_on_reply (SpcProbe  *self,
                 SpcReply  *reply,
                 SpcStatus  status,
                 SpcDetail  detail)
{
  guint code = spc_reply_get_code (reply);

  _spc_probe_record_reply (self, reply);

  if (code < 400 || code >= 600)
    {
      _spc_probe_finish (self, status, detail);
      return;
    }

  self->detail_before_quit = detail;
  self->status_before_quit = status;
  start_quit (self);
}

/* STARTTLS */

static void
starttls_reply_cb (SpcProbe *self,
                   SpcReply *reply,
                   GError   *error)
{
  gsize buffered;

  if (error != NULL)
    {
      _spc_probe_fail (self, error);
      return;
    }

  if (spc_reply_get_code (reply) != 220)
    {
      finish_on_reply (self, reply, SPC_STATUS_TLS_FAILED, SPC_DETAIL_STARTTLS_REFUSED);
      return;
    }

  /* Anything already here was sent before TLS began, by the server or by
   * someone in the middle, and would be read as if it came inside TLS. */
  buffered = spc_line_reader_get_buffered (self->reader);
  if (buffered > 0)
    {
      /* The reader's buffer is a few KiB, so the count fits */
      _spc_probe_note (self, SPC_NOTE_BYTES_AFTER_STARTTLS, NULL, (guint) buffered);
      _spc_probe_finish (self, SPC_STATUS_STARTTLS_INJECTION, SPC_DETAIL_STARTTLS_INJECTION);
      return;
    }

  /* The handshake reads the raw socket, never through the reader */
  g_clear_object (&self->reader);
  _spc_probe_start_tls (self);
}

static void
start_starttls (SpcProbe *self)
{
  _spc_probe_stage_begin (self, SPC_STAGE_STARTTLS, self->timeout_ms);
  _spc_probe_send_command (self, "STARTTLS", starttls_reply_cb);
}

/* EHLO (and HELO when EHLO is refused) */

static void
after_ehlo (SpcProbe *self)
{
  spc_result_set_capabilities (self->result, &self->caps);

  /* Harmless to us (it is never sent twice) but a server bug worth telling */
  if (self->tls_done && self->caps.starttls)
    _spc_probe_note (self, SPC_NOTE_STARTTLS_AGAIN, NULL, 0);

  if (!self->tls_done && self->mode == SPC_MODE_STARTTLS && self->caps.starttls)
    start_starttls (self);
  else
    start_quit (self);
}

/* An FTP server refuses EHLO and HELO in its own words */
static gboolean
finish_if_ftp (SpcProbe *self,
               SpcReply *reply)
{
  guint code = spc_reply_get_code (reply);

  if (code < 500 || code >= 600 ||
      (!self->greeting_like_ftp && !_spc_probe_looks_like_ftp_refusal (reply)))
    return FALSE;

  finish_on_reply (self, reply, SPC_STATUS_NOT_SMTP, SPC_DETAIL_FTP_SERVER);
  return TRUE;
}

static void
helo_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  if (error != NULL)
    {
      _spc_probe_fail (self, error);
      return;
    }

  if (spc_reply_get_code (reply) == 250)
    {
      _spc_probe_note (self, SPC_NOTE_HELO_ONLY, NULL, 0);
      spc_capabilities_clear (&self->caps);
      after_ehlo (self);
      return;
    }

  if (finish_if_ftp (self, reply))
    return;
  finish_on_reply (self, reply, SPC_STATUS_REJECTED, SPC_DETAIL_HELO_REFUSED);
}

static void
ehlo_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  guint code;

  if (error != NULL)
    {
      _spc_probe_fail (self, error);
      return;
    }

  code = spc_reply_get_code (reply);

  if (!self->ehlo_timed)
    {
      self->ehlo_timed = TRUE;
      spc_result_set_timing (self->result, SPC_TIMING_EHLO, _spc_probe_stage_ms (self));
    }

  if (code == 250)
    {
      spc_capabilities_parse_ehlo (&self->caps, spc_reply_get_lines (reply));
      after_ehlo (self);
      return;
    }

  if (!self->tls_done && finish_if_ftp (self, reply))
    return;

  /* 500/502: a server from before ESMTP; 4xx/421 means it is closing */
  if (code >= 500 && code < 600 && !self->tried_helo)
    {
      g_autofree char *helo = g_strconcat ("HELO ", self->ehlo_name, NULL);

      self->tried_helo = TRUE;
      _spc_probe_send_command (self, helo, helo_reply_cb);
      return;
    }

  finish_on_reply (self, reply, code >= 400 ? SPC_STATUS_REJECTED : SPC_STATUS_PROTOCOL_ERROR,
                   SPC_DETAIL_EHLO_REFUSED);
}

void
_spc_probe_start_ehlo (SpcProbe *self)
{
  g_autofree char *ehlo = g_strconcat ("EHLO ", self->ehlo_name, NULL);

  /* What was offered in clear is kept apart: AUTH there invites a client
   * to send its password unencrypted */
  if (self->tls_done && self->mode == SPC_MODE_STARTTLS && self->caps.ehlo_answered)
    {
      spc_result_set_capabilities_before_tls (self->result, &self->caps);
      if (self->caps.auth != NULL && self->caps.auth[0] != NULL)
        {
          g_autofree char *mechanisms = g_strjoinv (" ", self->caps.auth);

          _spc_probe_note (self, SPC_NOTE_AUTH_BEFORE_TLS, mechanisms, 0);
        }
    }

  /* Nothing learnt before TLS can be trusted after it */
  spc_capabilities_clear (&self->caps);
  self->tried_helo = FALSE;

  _spc_probe_stage_begin (self, self->tls_done && self->mode == SPC_MODE_STARTTLS ? SPC_STAGE_EHLO_TLS : SPC_STAGE_EHLO,
                          self->timeout_ms);
  _spc_probe_send_command (self, ehlo, ehlo_reply_cb);
}

static void
greeting_reply_cb (SpcProbe *self,
                   SpcReply *reply,
                   GError   *error)
{
  g_autofree char *text = NULL;
  guint code;

  if (error != NULL)
    {
      gboolean nothing_read = self->first_raw_line == NULL &&
                              (self->reader == NULL || spc_line_reader_get_buffered (self->reader) == 0);

      if (_spc_probe_user_cancelled (self))
        {
          _spc_probe_finish_cancelled (self);
          return;
        }

      if (_spc_probe_is_deadline (self, error) && nothing_read)
        {
          _spc_probe_start_identify (self);
          return;
        }

      if (_spc_probe_fail_client_certificate (self, error))
        return;

      /* What the first line is tells another protocol from a broken server */
      if (self->first_raw_line != NULL &&
          spc_reply_get_n_lines (self->reply) == 0 &&
          g_error_matches (error, SPC_ERROR, SPC_ERROR_MALFORMED))
        {
          gsize length = 0;
          const guint8 *data = g_bytes_get_data (self->first_raw_line, &length);

          _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
          if (_spc_probe_finish_foreign (self, _spc_probe_identify_foreign (data, length)))
            return;
        }

      if (nothing_read && g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED))
        {
          _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
          _spc_probe_finish (self, SPC_STATUS_NO_GREETING, SPC_DETAIL_CLOSED_WITHOUT_GREETING);
          return;
        }

      _spc_probe_fail (self, error);
      return;
    }

  code = spc_reply_get_code (reply);
  text = spc_reply_dup_text (reply);
  spc_result_set_greeting (self->result, text);

  spc_result_set_timing (self->result, SPC_TIMING_GREETING, _spc_probe_stage_ms (self));

  if (code == 220)
    {
      gsize early = self->reader != NULL ? spc_line_reader_get_buffered (self->reader) : 0;

      /* An SMTP server waits for the client after its greeting (RFC 5321
       * §4.3.1); what talks on is another service, or something between */
      if (early > 0)
        {
          _spc_probe_note (self, SPC_NOTE_EARLY_TALK, NULL, (guint) early);
          /* What came unasked is read for the transcript only: the finding
           * stands whatever it is, as after a QUIT */
          self->status_before_quit = SPC_STATUS_NOT_SMTP;
          self->detail_before_quit = SPC_DETAIL_EARLY_TALKER;
          _spc_probe_read_reply (self, quit_reply_cb);
          return;
        }
      self->greeting_like_ftp = _spc_probe_looks_like_ftp_banner (text);
      _spc_probe_start_ehlo (self);
      return;
    }

  if (code >= 400 && code < 600)
    {
      finish_on_reply (self, reply, SPC_STATUS_REJECTED, SPC_DETAIL_GREETING_REFUSED);
      return;
    }

  _spc_probe_record_reply (self, reply);
  _spc_probe_finish (self, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_GREETING_INVALID);
}

void
_spc_probe_start_greeting (SpcProbe *self)
{
  /* Never write before the greeting: servers punish early talkers */
  _spc_probe_stage_begin (self, SPC_STAGE_GREETING, self->timeout_ms);
  _spc_probe_read_reply (self, greeting_reply_cb);
}

/* Connect */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      _spc_probe_fail (self, error);
      return;
    }

  self->connection = G_IO_STREAM (connection);
  self->stream = self->connection;
  /* Each command waits for its reply: without this, Nagle holds the EHLO
   * after the TLS handshake until the server's delayed ACK (40 ms or more) */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  remote = g_socket_connection_get_remote_address (connection, NULL);
  spc_result_set_timing (self->result, SPC_TIMING_CONNECT, _spc_probe_stage_ms (self));

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
      g_autofree char *address = g_inet_address_to_string (inet);

      spc_result_set_address (self->result, address);
      _spc_probe_note (self, SPC_NOTE_CONNECTED, address, self->port);
    }

  g_free (self->ehlo_name);
  self->ehlo_name = spc_ehlo_name_for_connection (connection);

  _spc_probe_start_session (self);
}

void
_spc_probe_start_session (SpcProbe *self)
{
  if (self->mode == SPC_MODE_TLS)
    _spc_probe_start_tls (self);
  else
    _spc_probe_start_greeting (self);
}

static void
start_connect (SpcProbe *self,
               GList    *inet_addresses)
{
  g_autoptr(SpcAddressList) list = spc_address_list_new (inet_addresses, self->port);
  g_autofree char *text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (list));

  _spc_probe_stage_begin (self, SPC_STAGE_CONNECT, self->timeout_ms);
  _spc_probe_note (self, SPC_NOTE_CONNECTING, text, 0);
  spc_connect_async (G_SOCKET_CONNECTABLE (list), self->stage_cancellable, connect_cb, self);
}

/* Resolve */

/* Keeps the addresses of the allowed family, in their order; NULL if none */
static GList *
filter_addresses (SpcProbe *self,
                  GList    *inet_addresses)
{
  GList *kept = NULL;

  for (GList *l = inet_addresses; l != NULL; l = l->next)
    if (spc_family_accepts (self->family, l->data))
      kept = g_list_prepend (kept, g_object_ref (l->data));

  return g_list_reverse (kept);
}

static void
connect_or_fail (SpcProbe *self,
                 GList    *inet_addresses)
{
  GList *kept = filter_addresses (self, inet_addresses);

  if (kept == NULL)
    {
      SpcDetail detail = SPC_DETAIL_NO_ADDRESS;

      if (self->family == SPC_FAMILY_IPV6)
        detail = SPC_DETAIL_NO_IPV6_ADDRESS;
      else if (self->family == SPC_FAMILY_IPV4)
        detail = SPC_DETAIL_NO_IPV4_ADDRESS;

      _spc_probe_finish (self, SPC_STATUS_DNS_ERROR, detail);
      return;
    }

  start_connect (self, kept);
  g_list_free_full (kept, g_object_unref);
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (object), result, &error);
  if (error != NULL)
    {
      _spc_probe_fail (self, error);
      return;
    }

  if (addresses == NULL)
    {
      _spc_probe_finish (self, SPC_STATUS_DNS_ERROR, spc_lookup_error_get_detail (NULL, self->family));
      return;
    }

  connect_or_fail (self, addresses);
  g_resolver_free_addresses (addresses);
}

static GInetAddress *
parse_address (const char *text)
{
  g_autofree char *bare = NULL;
  gsize len;

  if (text == NULL)
    return NULL;

  len = strlen (text);
  if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
    bare = g_strndup (text + 1, len - 2);
  else
    bare = g_strdup (text);

  return g_inet_address_new_from_string (bare);
}

void
_spc_probe_start_resolve (SpcProbe *self)
{
  const char *target = self->connect_address != NULL ? self->connect_address : self->host;
  g_autoptr(GInetAddress) literal = NULL;
  g_autoptr(GResolver) resolver = NULL;

  if (self->addresses != NULL && self->connect_address == NULL)
    {
      connect_or_fail (self, self->addresses);
      return;
    }

  literal = parse_address (target);
  if (literal != NULL)
    {
      GList single = { literal, NULL, NULL };

      if (!spc_family_accepts (self->family, literal))
        {
          _spc_probe_finish (self, SPC_STATUS_DNS_ERROR, SPC_DETAIL_WRONG_FAMILY);
          return;
        }

      connect_or_fail (self, &single);
      return;
    }

  _spc_probe_stage_begin (self, SPC_STAGE_RESOLVE, self->timeout_ms);
  _spc_probe_note (self, SPC_NOTE_LOOKING_UP, target, 0);

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_with_flags_async (resolver, target,
                                              spc_family_get_lookup_flags (self->family),
                                              self->stage_cancellable,
                                              resolve_cb, self);
}
