/* spc-probe-tls.c — the TLS handshake (implicit, or after STARTTLS) and what it tells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-connect.h"
#include "spc-probe-private.h"
#include "spc-recording-stream.h"
#include "spc-tls-database.h"

/* What the server sent during a TLS handshake, kept to explain a failure */
#define HANDSHAKE_HEAD_SIZE 512
/* How long a silent port's second connection may take to show TLS */
#define TLS_ATTEMPT_WINDOW_MAX_MS 3000

static const char *
tls_version_to_string (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return NULL;
    }
}

gboolean
_spc_probe_is_obsolete_tls (GTlsProtocolVersion version)
{
  return version == G_TLS_PROTOCOL_VERSION_SSL_3_0 ||
         version == G_TLS_PROTOCOL_VERSION_TLS_1_0 ||
         version == G_TLS_PROTOCOL_VERSION_TLS_1_1;
}

/* TLS: implicit, or after STARTTLS */

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* Accepted only to finish the diagnosis: the flags are recorded after
   * the handshake and such a port is never green; nothing but EHLO and
   * QUIT is ever sent over it. */
  return TRUE;
}

static gboolean
looks_like_tls_record (const guint8 *data,
                       gsize         length)
{
  /* change_cipher_spec, alert, handshake, application data; version 3.x */
  return length >= 1 && data[0] >= 0x14 && data[0] <= 0x17 && (length < 2 || data[1] == 0x03);
}

/* The handshake failed: what the server sent instead of TLS, if anything,
 * is the better explanation. TRUE when that ended the run. */
static gboolean
explain_failed_handshake (SpcProbe     *self,
                          const GError *error)
{
  g_autoptr(GBytes) head = NULL;
  g_autofree char *first_line = NULL;
  gboolean complete_line;
  const guint8 *data;
  gsize length = 0;
  gboolean smtp;
  SpcProbeForeign foreign;

  if (self->handshake_input == NULL)
    return FALSE;

  head = spc_recording_stream_dup_head (SPC_RECORDING_STREAM (self->handshake_input));
  data = g_bytes_get_data (head, &length);
  if (length == 0 || looks_like_tls_record (data, length))
    return FALSE;

  {
    g_autofree char *text = g_utf8_make_valid ((const char *) data, length);
    g_auto(GStrv) lines = g_strsplit (text, "\n", 2);

    /* GnuTLS stops reading after a record header's 5 bytes: "220 l" is
     * the start of a line, not the greeting, and is shown as such */
    complete_line = lines[1] != NULL;
    first_line = complete_line ? g_strdup (g_strchomp (lines[0]))
                               : g_strconcat (lines[0], "…", NULL);
  }

  smtp = _spc_probe_looks_like_smtp_reply (data, length);
  foreign = smtp ? SPC_PROBE_FOREIGN_NONE : _spc_probe_identify_foreign (data, length);

  /* On an implicit-TLS port only a plaintext greeting or another known
   * protocol explains more than the handshake error itself */
  if (self->mode == SPC_MODE_TLS && !smtp && foreign != SPC_PROBE_FOREIGN_HTTP && foreign != SPC_PROBE_FOREIGN_SSH)
    return FALSE;

  _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
  spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, first_line, _spc_probe_now_ms (self));

  if (self->mode == SPC_MODE_STARTTLS)
    {
      _spc_probe_finish (self, SPC_STATUS_STARTTLS_INJECTION, SPC_DETAIL_STARTTLS_PLAINTEXT);
      return TRUE;
    }

  if (smtp)
    {
      /* Like any greeting: its text without the code */
      if (complete_line)
        spc_result_set_greeting (self->result, strlen (first_line) > 4 ? first_line + 4 : "");
      _spc_probe_finish (self, SPC_STATUS_MODE_MISMATCH, SPC_DETAIL_PLAIN_SMTP_ON_TLS_PORT);
      return TRUE;
    }

  return _spc_probe_finish_foreign (self, foreign);
}

/* Validation's errors and the faults it leaves out, in one note */
static void
note_certificate_problems (SpcProbe *self)
{
  g_auto(GStrv) problems = spc_result_dup_certificate_problems (self->result);
  g_autofree char *joined = NULL;

  if (problems[0] == NULL)
    return;

  joined = g_strjoinv (", ", problems);
  _spc_probe_note (self, SPC_NOTE_CERTIFICATE_NOT_TRUSTED, joined, 0);
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SpcProbe *self = user_data;
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *cipher = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GTlsCertificate *peer;
  GTlsDatabase *database;
  const char *version;
  GTlsCertificateFlags errors;

  _spc_probe_handshake_done (self);
  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      if (!_spc_probe_user_cancelled (self) && !_spc_probe_is_deadline (self, error) &&
          explain_failed_handshake (self, error))
        return;

      _spc_probe_fail (self, error);
      return;
    }

  self->tls_done = TRUE;
  self->stream = G_IO_STREAM (tls);
  g_clear_object (&self->reader);

  self->protocol_version = g_tls_connection_get_protocol_version (tls);
  version = tls_version_to_string (self->protocol_version);
  cipher = g_tls_connection_get_ciphersuite_name (tls);
  errors = g_tls_connection_get_peer_certificate_errors (tls);

  database = g_tls_connection_get_database (tls);
  peer = g_tls_connection_get_peer_certificate (tls);
  /* The results of one check share one object per chain */
  if (database != NULL && SPC_IS_TLS_DATABASE (database))
    certificate = spc_tls_database_dup_shared_certificate (SPC_TLS_DATABASE (database), peer);
  else if (peer != NULL)
    certificate = g_object_ref (peer);

  spc_result_set_timing (self->result, SPC_TIMING_TLS, _spc_probe_stage_ms (self));
  spc_result_set_tls (self->result, version, cipher, certificate, errors);

  spc_result_add_note (self->result, SPC_NOTE_TLS_DONE, version, cipher, 0, _spc_probe_now_ms (self));
  if (spc_tls_interaction_get_certificate_requested (self->interaction))
    _spc_probe_note (self, SPC_NOTE_CLIENT_CERTIFICATE_REQUESTED, NULL, 0);

  note_certificate_problems (self);

  if (self->mode == SPC_MODE_TLS)
    _spc_probe_start_greeting (self);
  else
    _spc_probe_start_ehlo (self);
}


/* The connection gets its database at construction, and never one of
 * glib-networking's own: for those, glib-networking 2.74 rebuilds a GnuTLS
 * trust list from the whole system store in every new connection (about
 * 25 ms of main-thread CPU each, in series for all ports; see
 * docs/benchmarks.md). Our wrapper verifies through
 * g_tls_database_verify_chain() like any database, so validation is the same. */
static GIOStream *
new_tls_client_connection (SpcProbe            *self,
                           GIOStream           *base,
                           GSocketConnectable  *identity,
                           GError             **error)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GTlsDatabase) database = spc_tls_database_new_shared (self->tls_database);

  return g_initable_new (g_tls_backend_get_client_connection_type (backend),
                         NULL, error,
                         "base-io-stream", base,
                         "server-identity", identity,
                         "database", database,
                         NULL);
}

/* Certificates are checked against the name the user typed, whatever
 * address was connected to */
static GSocketConnectable *
new_server_identity (SpcProbe *self)
{
  if (g_hostname_is_ip_address (self->host))
    /* An address is no server name: as a GInetSocketAddress it is checked
     * against the certificate's IP entries and not sent as SNI, which
     * RFC 6066 forbids and GnuTLS servers answer with a fatal alert */
    return G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (self->host, self->port));
  return g_network_address_new (self->host, self->port);
}

static void
prepare_tls_connection (SpcProbe       *self,
                        GTlsConnection *tls)
{
  /* The session ends with QUIT, and the socket is closed after it */
  g_tls_connection_set_require_close_notify (tls, FALSE);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  g_clear_object (&self->interaction);
  self->interaction = spc_tls_interaction_new ();
  g_tls_connection_set_interaction (tls, G_TLS_INTERACTION (self->interaction));
}

/* Implicit TLS has a stage of its own; after STARTTLS the handshake is
 * part of that command's stage */
static SpcStage
handshake_stage (SpcProbe *self)
{
  return self->mode == SPC_MODE_TLS ? SPC_STAGE_TLS : SPC_STAGE_STARTTLS;
}

static void
start_handshake (SpcProbe *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  SpcStage stage = handshake_stage (self);

  identity = new_server_identity (self);
  /* The raw socket, through a recorder: if the handshake fails, what the
   * server sent instead tells why */
  g_clear_object (&self->handshake_input);
  self->handshake_input = spc_recording_stream_new (g_io_stream_get_input_stream (self->connection),
                                                    HANDSHAKE_HEAD_SIZE);
  base = g_simple_io_stream_new (self->handshake_input,
                                 g_io_stream_get_output_stream (self->connection));
  tls = new_tls_client_connection (self, base, identity, &error);
  if (tls == NULL)
    {
      _spc_probe_stage_begin (self, stage, self->timeout_ms);
      _spc_probe_fail (self, error);
      return;
    }

  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  prepare_tls_connection (self, self->tls);

  /* The deadline and the timing start here: creating the connection loads
   * the trust store, local work that a busy machine may make slow */
  _spc_probe_stage_begin (self, stage, self->timeout_ms);
  _spc_probe_note (self, SPC_NOTE_TLS_STARTING, NULL, 0);
  g_tls_connection_handshake_async (self->tls,
                                    G_PRIORITY_DEFAULT,
                                    self->stage_cancellable,
                                    handshake_cb,
                                    self);
}

void
_spc_probe_start_tls (SpcProbe *self)
{
  _spc_probe_queue_handshake (self, handshake_stage (self), start_handshake);
}

/* A client certificate demanded */

gboolean
_spc_probe_fail_client_certificate (SpcProbe     *self,
                                    const GError *error)
{
  gboolean requested = self->interaction != NULL &&
                       spc_tls_interaction_get_certificate_requested (self->interaction);

  /* GnuTLS names it when the server's alert says so; many servers just
   * close once the handshake is over (TLS 1.3) or during it */
  if (!g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED) &&
      !(requested && (self->stage == SPC_STAGE_TLS || self->stage == SPC_STAGE_STARTTLS ||
                      self->stage == SPC_STAGE_GREETING || self->stage == SPC_STAGE_EHLO ||
                      self->stage == SPC_STAGE_EHLO_TLS)))
    return FALSE;
  if (self->tls == NULL)
    return FALSE;

  /* (after a completed handshake, the request is noted already) */
  if (!self->tls_done)
    _spc_probe_note (self, SPC_NOTE_CLIENT_CERTIFICATE_REQUESTED, NULL, 0);
  _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
  spc_result_set_error (self->result, error);
  _spc_probe_finish (self, SPC_STATUS_TLS_FAILED, SPC_DETAIL_CLIENT_CERTIFICATE_REQUIRED);
  return TRUE;
}

/* A silent port tried for TLS on a second connection */

static void
finish_silent (SpcProbe *self)
{
  if (_spc_probe_user_cancelled (self))
    {
      _spc_probe_finish_cancelled (self);
      return;
    }
  _spc_probe_finish (self, SPC_STATUS_NO_GREETING, self->detail_if_no_tls);
}

/* The second connection or its handshake failed: why, then the silence */
static void
second_attempt_failed (SpcProbe     *self,
                       const GError *error)
{
  if (_spc_probe_is_deadline (self, error))
    _spc_probe_note (self, SPC_NOTE_NO_PROGRESS, NULL, self->deadline_ms);
  else
    _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
  finish_silent (self);
}

static void
second_handshake_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SpcProbe *self = user_data;
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  g_autoptr(GError) error = NULL;

  _spc_probe_handshake_done (self);
  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      second_attempt_failed (self, error);
      return;
    }

  /* Only the fact that TLS answered: its certificate is the implicit-TLS
   * port's business, which the user is told to probe */
  _spc_probe_note (self, SPC_NOTE_TLS_ANSWERED,
                   tls_version_to_string (g_tls_connection_get_protocol_version (tls)), 0);
  _spc_probe_finish (self, SPC_STATUS_MODE_MISMATCH, SPC_DETAIL_EXPECTS_TLS);
}

/* With a handshake slot (spc-handshake-queue.h), as every handshake */
static void
start_second_handshake (SpcProbe *self)
{
  g_autoptr(GSocketConnectable) identity = new_server_identity (self);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  tls = new_tls_client_connection (self, self->connection, identity, &error);
  if (tls == NULL)
    {
      _spc_probe_handshake_done (self);
      _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
      finish_silent (self);
      return;
    }
  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  prepare_tls_connection (self, self->tls);

  _spc_probe_stage_begin (self, SPC_STAGE_TLS, MIN (self->timeout_ms, TLS_ATTEMPT_WINDOW_MAX_MS));
  g_tls_connection_handshake_async (self->tls, G_PRIORITY_DEFAULT, self->stage_cancellable,
                                    second_handshake_cb, self);
}

static void
second_connect_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      second_attempt_failed (self, error);
      return;
    }
  self->connection = G_IO_STREAM (connection);
  _spc_probe_queue_handshake (self, SPC_STAGE_TLS, start_second_handshake);
}

void
_spc_probe_try_tls_instead (SpcProbe  *self,
                            SpcDetail  silent_detail)
{
  const char *address = spc_result_get_address (self->result);
  g_autoptr(GSocketAddress) target = NULL;

  self->detail_if_no_tls = silent_detail;
  if (address != NULL)
    target = g_inet_socket_address_new_from_string (address, self->port);
  if (target == NULL)
    {
      finish_silent (self);
      return;
    }

  /* The first connection has nothing more to tell */
  g_clear_object (&self->reader);
  self->stream = NULL;
  g_io_stream_close (self->connection, NULL, NULL);
  g_clear_object (&self->tls);
  g_clear_object (&self->connection);

  /* A TLS server answers a ClientHello at once: a bounded window, as for
   * the line that identifies what listens */
  _spc_probe_stage_begin (self, SPC_STAGE_TLS, MIN (self->timeout_ms, TLS_ATTEMPT_WINDOW_MAX_MS));
  _spc_probe_note (self, SPC_NOTE_TRYING_TLS, NULL, self->port);

  spc_connect_async (G_SOCKET_CONNECTABLE (target), self->stage_cancellable, second_connect_cb, self);
}
