/* spc-probe.c — one port: an asynchronous state machine with per-stage deadlines
 *
 * One operation is pending at a time. Each stage gets a fresh GCancellable,
 * chained to the run's own (itself chained to the caller's), and a timer
 * that cancels it when the stage deadline passes: socket timeouts only
 * measure inactivity, and a server dripping a byte a second never trips
 * them. When an operation ends with G_IO_ERROR_CANCELLED, the run's
 * cancellable tells a user's cancel from a deadline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gnetworking.h>

#include "spc-address-list.h"
#include "spc-error.h"
#include "spc-line-reader.h"
#include "spc-probe.h"
#include "spc-recording-stream.h"
#include "spc-reply.h"
#include "spc-result-private.h"
#include "spc-tls-database.h"

/* After the greeting deadline, how long a probe line may take to be answered */
#define IDENTIFY_WINDOW_MAX_MS 3000
/* QUIT is a courtesy: never wait long for its 221 */
#define QUIT_WINDOW_MAX_MS 2000
#define IDENTIFY_BUFFER_SIZE 512
/* What the server sent during a TLS handshake, kept to explain a failure */
#define HANDSHAKE_HEAD_SIZE 512

typedef void (*ReplyHandler) (SpcProbe *self,
                              SpcReply *reply,
                              GError   *error);

struct _SpcProbe
{
  GObject               parent_instance;

  /* What to check */
  char                 *host;
  guint16               port;
  SpcMode               mode;
  guint                 timeout_ms;
  SpcFamily             family;
  char                 *connect_address;
  GList                *addresses;         /* GInetAddress, shared by the diagnosis */
  GTlsDatabase         *tls_database;

  SpcResult            *result;

  /* One run: the task holds a reference on the probe until it returns */
  GTask                *task;
  GCancellable         *cancellable;       /* the run's own */
  GCancellable         *caller_cancellable;
  gulong                caller_handler;
  gint64                started_us;

  /* The current stage */
  SpcStage              stage;
  GCancellable         *stage_cancellable;
  gulong                stage_handler;
  GSource              *deadline_source;
  guint                 deadline_ms;
  gboolean              deadline_passed;
  gint64                stage_started_us;

  /* The conversation */
  GSocketConnection    *connection;        /* raw TCP */
  GTlsConnection       *tls;
  GIOStream            *stream;            /* what is spoken over: connection or tls */
  SpcLineReader        *reader;
  char                 *ehlo_name;         /* "[192.0.2.1]", "[IPv6:2001:db8::1]" */
  char                 *write_buffer;
  ReplyHandler          reply_handler;
  SpcReply             *reply;
  GBytes               *first_raw_line;    /* of the reply being read */
  guint8               *identify_buffer;

  SpcCapabilities       caps;
  gboolean              tls_done;
  GTlsProtocolVersion   protocol_version;
  gboolean              ehlo_timed;
  gboolean              tried_helo;
  SpcStatus             status_before_quit;  /* the finding, when a refusal */
  char                 *summary_before_quit; /* still ends with QUIT */
  GInputStream         *handshake_input;   /* SpcRecordingStream under the TLS connection */
};

G_DEFINE_FINAL_TYPE (SpcProbe, spc_probe, G_TYPE_OBJECT)

static void start_connect (SpcProbe *self,
                           GList    *inet_addresses);
static void start_tls     (SpcProbe *self);
static void start_greeting (SpcProbe *self);
static void start_ehlo    (SpcProbe *self);
static void start_quit    (SpcProbe *self);
static void fail          (SpcProbe   *self,
                           const GError *error);

/* Small helpers */

static gint64
elapsed_ms (gint64 since_us)
{
  return (g_get_monotonic_time () - since_us) / 1000;
}

static gint64
now_ms (SpcProbe *self)
{
  return elapsed_ms (self->started_us);
}

/* "10 s", "2.5 s" */
static char *
format_seconds (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf (_("%u s"), ms / 1000);

  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

static void
note (SpcProbe   *self,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
note (SpcProbe   *self,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  spc_result_add_transcript (self->result, SPC_DIRECTION_NOTE, text, now_ms (self));
}

static gboolean
user_cancelled (SpcProbe *self)
{
  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

static gboolean
is_deadline (SpcProbe     *self,
             const GError *error)
{
  return self->deadline_passed &&
         !user_cancelled (self) &&
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

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

static gboolean
is_obsolete_tls (GTlsProtocolVersion version)
{
  return version == G_TLS_PROTOCOL_VERSION_SSL_3_0 ||
         version == G_TLS_PROTOCOL_VERSION_TLS_1_0 ||
         version == G_TLS_PROTOCOL_VERSION_TLS_1_1;
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
  if (self->deadline_source != NULL)
    {
      g_source_destroy (self->deadline_source);
      g_clear_pointer (&self->deadline_source, g_source_unref);
    }

  if (self->stage_handler != 0)
    {
      g_cancellable_disconnect (self->cancellable, self->stage_handler);
      self->stage_handler = 0;
    }

  g_clear_object (&self->stage_cancellable);
}

static gboolean
deadline_cb (gpointer user_data)
{
  SpcProbe *self = user_data;

  self->deadline_passed = TRUE;
  g_clear_pointer (&self->deadline_source, g_source_unref);
  g_cancellable_cancel (self->stage_cancellable);

  return G_SOURCE_REMOVE;
}

/* Starts @stage (or a new window within it) with a deadline of its own */
static void
stage_begin (SpcProbe *self,
             SpcStage  stage,
             guint     deadline_ms)
{
  stage_end (self);

  self->stage = stage;
  self->deadline_ms = deadline_ms;
  self->deadline_passed = FALSE;
  self->stage_started_us = g_get_monotonic_time ();
  self->stage_cancellable = g_cancellable_new ();
  /* Cancels the stage at once when the run is cancelled already */
  self->stage_handler = g_cancellable_connect (self->cancellable,
                                               G_CALLBACK (cancel_stage_cb),
                                               g_object_ref (self->stage_cancellable),
                                               g_object_unref);

  self->deadline_source = g_timeout_source_new (deadline_ms);
  g_source_set_static_name (self->deadline_source, "[spc] probe stage deadline");
  g_source_set_callback (self->deadline_source, deadline_cb, self, NULL);
  g_source_attach (self->deadline_source, g_task_get_context (self->task));

  spc_result_set_stage (self->result, stage);
}

/* The end of a run */

static void
close_connection (SpcProbe *self)
{
  g_clear_object (&self->reader);
  self->stream = NULL;

  /* Closing the socket is immediate; closing TLS would wait on close_notify */
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);

  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
}

static void
finish (SpcProbe   *self,
        SpcStatus   status,
        const char *summary)
{
  g_autoptr(SpcProbe) hold = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->task == NULL)
    return;

  hold = g_object_ref (self);
  task = g_steal_pointer (&self->task);

  stage_end (self);
  close_connection (self);

  if (self->caller_handler != 0)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_handler);
      self->caller_handler = 0;
    }

  spc_result_set_timing (self->result, SPC_TIMING_TOTAL, now_ms (self));
  spc_result_finish (self->result, status, summary);

  g_task_return_pointer (task, g_object_ref (self->result), g_object_unref);
}

/* A summary is a sentence without its full stop */
static char *
dup_as_summary (const char *sentence)
{
  gsize len = strlen (sentence);

  return g_strndup (sentence, len > 0 && sentence[len - 1] == '.' ? len - 1 : len);
}

static void
finish_cancelled (SpcProbe *self)
{
  note (self, "%s", _("Stopped by the user"));
  finish (self, SPC_STATUS_CANCELLED, _("Stopped before the check finished"));
}

/* Lines out, replies in */

static void deliver_reply (SpcProbe *self,
                           GError   *error);

static void read_next_line (SpcProbe *self);

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GBytes) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize length = 0;

  line = spc_line_reader_read_line_finish (SPC_LINE_READER (object), result, &error);
  if (line == NULL)
    {
      deliver_reply (self, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (line, &length);
  if (self->first_raw_line == NULL)
    self->first_raw_line = g_bytes_ref (line);

  text = g_utf8_make_valid (data != NULL ? data : "", length);
  spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, text, now_ms (self));

  switch (spc_reply_add_line (self->reply, data != NULL ? data : "", length, &error))
    {
    case SPC_REPLY_NEED_MORE:
      read_next_line (self);
      break;

    case SPC_REPLY_COMPLETE:
      deliver_reply (self, NULL);
      break;

    case SPC_REPLY_ERROR:
    default:
      deliver_reply (self, g_steal_pointer (&error));
      break;
    }
}

static void
read_next_line (SpcProbe *self)
{
  spc_line_reader_read_line_async (self->reader,
                                   G_PRIORITY_DEFAULT,
                                   self->stage_cancellable,
                                   line_cb,
                                   self);
}

static void
deliver_reply (SpcProbe *self,
               GError   *error)
{
  ReplyHandler handler = self->reply_handler;

  self->reply_handler = NULL;
  handler (self, error == NULL ? self->reply : NULL, error);
  g_clear_error (&error);
}

static void
read_reply (SpcProbe     *self,
            ReplyHandler  handler)
{
  g_clear_pointer (&self->reply, spc_reply_unref);
  g_clear_pointer (&self->first_raw_line, g_bytes_unref);

  self->reply = spc_reply_new ();
  self->reply_handler = handler;

  if (self->reader == NULL)
    self->reader = spc_line_reader_new (g_io_stream_get_input_stream (self->stream), 0);

  read_next_line (self);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->write_buffer, g_free);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      self->reply_handler = NULL;
      fail (self, error);
      return;
    }

  read_reply (self, self->reply_handler);
}

/* Sends @command, then reads its reply into @handler. A failed write goes
 * to fail() directly: no reply will come. */
static void
send_command (SpcProbe     *self,
              const char   *command,
              ReplyHandler  handler)
{
  spc_result_add_transcript (self->result, SPC_DIRECTION_CLIENT, command, now_ms (self));

  g_free (self->write_buffer);
  self->write_buffer = g_strconcat (command, "\r\n", NULL);
  self->reply_handler = handler;

  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->write_buffer,
                                   strlen (self->write_buffer),
                                   G_PRIORITY_DEFAULT,
                                   self->stage_cancellable,
                                   write_cb,
                                   self);
}

/* "554 5.7.1 Service unavailable" — the reply as one line for a summary */
static char *
describe_reply (SpcReply *reply)
{
  const char * const *lines = spc_reply_get_lines (reply);

  if (lines != NULL && lines[0] != NULL && lines[0][0] != '\0')
    return g_strdup_printf ("%u %s", spc_reply_get_code (reply), lines[0]);

  return g_strdup_printf ("%u", spc_reply_get_code (reply));
}

/* Errors, by stage */

static char *
describe_tls_failure (const GError *error)
{
  const char *message = error->message != NULL ? error->message : "";

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
      g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_strdup (_("The server closed the connection during the TLS handshake"));

  /* GnuTLS refuses TLS 1.0 and 1.1: a server offering nothing newer fails
   * with a protocol version error; say what that means. */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_INAPPROPRIATE_FALLBACK) ||
      strstr (message, "version") != NULL || strstr (message, "Version") != NULL)
    return g_strdup_printf (_("The TLS handshake failed: %s (the server may offer only an obsolete TLS version such as 1.0 or 1.1)"),
                            message);

  return g_strdup_printf (_("The TLS handshake failed: %s"), message);
}

static void
fail_deadline (SpcProbe *self)
{
  g_autofree char *seconds = format_seconds (self->deadline_ms);
  g_autofree char *summary = NULL;
  SpcStatus status;

  note (self, _("No progress within %s"), seconds);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      status = SPC_STATUS_DNS_ERROR;
      summary = g_strdup_printf (_("The name server did not answer for %s within %s"), self->host, seconds);
      break;

    case SPC_STAGE_CONNECT:
      status = SPC_STATUS_FILTERED;
      summary = g_strdup_printf (_("Blocked on your network: no answer within %s"), seconds);
      break;

    case SPC_STAGE_TLS:
      status = SPC_STATUS_TLS_FAILED;
      summary = g_strdup_printf (_("The TLS handshake did not finish within %s"), seconds);
      break;

    case SPC_STAGE_GREETING:
      status = SPC_STATUS_NO_GREETING;
      summary = g_strdup_printf (_("Connected, but no complete greeting within %s"), seconds);
      break;

    case SPC_STAGE_EHLO:
    case SPC_STAGE_EHLO_TLS:
      status = SPC_STATUS_TIMEOUT;
      summary = g_strdup_printf (_("No answer to EHLO within %s"), seconds);
      break;

    case SPC_STAGE_STARTTLS:
      if (self->reader == NULL)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("The TLS handshake after STARTTLS did not finish within %s"), seconds);
        }
      else
        {
          status = SPC_STATUS_TIMEOUT;
          summary = g_strdup_printf (_("No answer to STARTTLS within %s"), seconds);
        }
      break;

    case SPC_STAGE_WAITING:
    case SPC_STAGE_QUIT:
    case SPC_STAGE_DONE:
    default:
      status = SPC_STATUS_TIMEOUT;
      summary = g_strdup_printf (_("No answer within %s"), seconds);
      break;
    }

  finish (self, status, summary);
}

static void
fail (SpcProbe     *self,
      const GError *error)
{
  g_autofree char *summary = NULL;
  SpcStatus status;

  if (user_cancelled (self))
    {
      finish_cancelled (self);
      return;
    }

  if (is_deadline (self, error))
    {
      fail_deadline (self);
      return;
    }

  note (self, "%s", error->message);

  switch (self->stage)
    {
    case SPC_STAGE_RESOLVE:
      {
        const char *name = self->connect_address != NULL ? self->connect_address : self->host;
        gboolean not_found = g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);

        status = SPC_STATUS_DNS_ERROR;
        /* With -4 or -6, "not found" may only mean "none of that family" */
        if (not_found && self->family == SPC_FAMILY_IPV4)
          summary = g_strdup_printf (_("%s has no IPv4 address (DNS)"), name);
        else if (not_found && self->family == SPC_FAMILY_IPV6)
          summary = g_strdup_printf (_("%s has no IPv6 address (DNS)"), name);
        else if (not_found)
          summary = g_strdup_printf (_("The name %s was not found (DNS)"), name);
        else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
          summary = g_strdup_printf (_("The name server could not be asked for %s: %s"), name, error->message);
        else
          summary = g_strdup_printf (_("The name %s could not be resolved: %s"), name, error->message);
      }
      break;

    case SPC_STAGE_CONNECT:
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        {
          status = SPC_STATUS_REFUSED;
          summary = g_strdup (_("Nothing listens on this port (connection refused)"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          status = SPC_STATUS_FILTERED;
          summary = g_strdup (_("Blocked on your network: the connection timed out"));
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
        {
          /* EHOSTUNREACH: an ICMP "host unreachable", which firewalls also
           * send for "administratively prohibited" over IPv4 */
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("A router or firewall on the way reported the server unreachable: %s"),
                                     error->message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        {
          /* EACCES: ICMPv6 "administratively prohibited", or a local firewall */
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("A firewall rejected the connection (administratively prohibited): %s"),
                                     error->message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        {
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("No network route to the server: %s"), error->message);
        }
      else
        {
          status = SPC_STATUS_UNREACHABLE;
          summary = g_strdup_printf (_("The connection failed: %s"), error->message);
        }
      break;

    case SPC_STAGE_TLS:
      status = SPC_STATUS_TLS_FAILED;
      summary = describe_tls_failure (error);
      break;

    case SPC_STAGE_STARTTLS:
      if (self->reader == NULL || error->domain == G_TLS_ERROR)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = describe_tls_failure (error);
          break;
        }
      G_GNUC_FALLTHROUGH;

    case SPC_STAGE_GREETING:
    case SPC_STAGE_EHLO:
    case SPC_STAGE_EHLO_TLS:
    case SPC_STAGE_WAITING:
    case SPC_STAGE_QUIT:
    case SPC_STAGE_DONE:
    default:
      status = SPC_STATUS_PROTOCOL_ERROR;
      if (g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED))
        summary = g_strdup (_("The server closed the connection in the middle of the conversation"));
      else if (error->domain == SPC_ERROR)
        /* Our own messages are whole sentences naming what broke the
         * rules ("The server's reply contains a NUL byte.") */
        summary = dup_as_summary (error->message);
      else if (error->domain == G_TLS_ERROR)
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("The TLS session failed: %s"), error->message);
        }
      else
        summary = g_strdup_printf (_("The connection broke: %s"), error->message);
      break;
    }

  finish (self, status, summary);
}

/* Classification once the conversation is over */

static void
classify (SpcProbe *self)
{
  const SpcCapabilities *caps = &self->caps;
  g_autofree char *summary = NULL;
  SpcStatus status;

  if (self->tls_done)
    {
      const char *version = spc_result_get_tls_version (self->result);
      GTlsCertificateFlags errors = spc_result_get_certificate_errors (self->result);

      if (version == NULL)
        version = "TLS";

      /* RFC 8996: TLS 1.0 and 1.1 are deprecated; mail programs refuse them */
      if (is_obsolete_tls (self->protocol_version))
        {
          status = SPC_STATUS_TLS_FAILED;
          summary = g_strdup_printf (_("Only obsolete %s is offered: current mail programs refuse it"), version);
        }
      else if (errors != 0)
        {
          g_auto(GStrv) problems = spc_result_describe_certificate_problems (self->result, self->host);
          g_autofree char *first = dup_as_summary (problems[0] != NULL ? problems[0]
                                                                       : _("The certificate is not valid."));

          status = SPC_STATUS_CERTIFICATE_INVALID;
          if (problems[0] != NULL && problems[1] != NULL)
            summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s (and %u more problem)",
                                                    "%s (and %u more problems)",
                                                    g_strv_length (problems) - 1),
                                       first, g_strv_length (problems) - 1);
          else
            summary = g_steal_pointer (&first);
        }
      else if (caps->auth != NULL && caps->auth[0] != NULL)
        {
          g_autofree char *mechanisms = g_strjoinv (" ", caps->auth);

          status = SPC_STATUS_OK;
          if (self->mode == SPC_MODE_TLS)
            /* Translators: "Works: TLS 1.3 from the first byte, PLAIN LOGIN" */
            summary = g_strdup_printf (_("Works: %s from the first byte, %s"), version, mechanisms);
          else
            /* Translators: "Works: TLS 1.3, PLAIN LOGIN after STARTTLS" */
            summary = g_strdup_printf (_("Works: %s, %s after STARTTLS"), version, mechanisms);
        }
      else
        {
          status = SPC_STATUS_NO_AUTH;
          summary = g_strdup_printf (_("Encrypted with %s, but no login is offered: a relay port, not for sending from a mail program"),
                                     version);
        }
    }
  else if (self->mode == SPC_MODE_PLAIN)
    {
      status = SPC_STATUS_PLAINTEXT_ONLY;
      if (caps->starttls)
        summary = g_strdup (_("SMTP without encryption, as asked (the server also offers STARTTLS)"));
      else
        summary = g_strdup (_("SMTP without encryption: the server offers no STARTTLS"));
    }
  else
    {
      status = SPC_STATUS_PLAINTEXT_ONLY;
      if (caps->ehlo_answered)
        summary = g_strdup (_("No encryption: the server offers no STARTTLS, a password would travel in clear"));
      else
        summary = g_strdup (_("No encryption: the server speaks only old SMTP (HELO) without STARTTLS"));
    }

  finish (self, status, summary);
}

/* QUIT: a courtesy, whatever happens the findings stand */

static void
quit_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  if (user_cancelled (self))
    {
      finish_cancelled (self);
      return;
    }

  if (self->summary_before_quit != NULL)
    {
      g_autofree char *summary = g_steal_pointer (&self->summary_before_quit);

      finish (self, self->status_before_quit, summary);
      return;
    }

  classify (self);
}

static void
quit_write_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SpcProbe *self = user_data;

  g_clear_pointer (&self->write_buffer, g_free);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    {
      quit_reply_cb (self, NULL, NULL);
      return;
    }

  read_reply (self, quit_reply_cb);
}

static void
start_quit (SpcProbe *self)
{
  stage_begin (self, SPC_STAGE_QUIT, MIN (self->timeout_ms, QUIT_WINDOW_MAX_MS));

  spc_result_add_transcript (self->result, SPC_DIRECTION_CLIENT, "QUIT", now_ms (self));
  g_free (self->write_buffer);
  self->write_buffer = g_strdup ("QUIT\r\n");

  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->write_buffer,
                                   strlen (self->write_buffer),
                                   G_PRIORITY_DEFAULT,
                                   self->stage_cancellable,
                                   quit_write_cb,
                                   self);
}

/* Ends the run on the server's answer @code. A refusal (4xx/5xx) still
 * ends the session politely (RFC 5321 §3.1, §4.1.1.10): QUIT, bounded like
 * any QUIT, then @status. Not after other codes: after a 354 the server
 * would take QUIT as message text. */
static void
finish_on_reply (SpcProbe   *self,
                 guint       code,
                 SpcStatus   status,
                 const char *summary)
{
  if (code < 400 || code >= 600)
    {
      finish (self, status, summary);
      return;
    }

  g_free (self->summary_before_quit);
  self->summary_before_quit = g_strdup (summary);
  self->status_before_quit = status;
  start_quit (self);
}

/* STARTTLS */

static void
starttls_reply_cb (SpcProbe *self,
                   SpcReply *reply,
                   GError   *error)
{
  g_autofree char *text = NULL;
  gsize buffered;

  if (error != NULL)
    {
      fail (self, error);
      return;
    }

  text = describe_reply (reply);

  if (spc_reply_get_code (reply) != 220)
    {
      g_autofree char *summary = g_strdup_printf (_("The server offers STARTTLS but refused it: %s"), text);

      finish_on_reply (self, spc_reply_get_code (reply), SPC_STATUS_TLS_FAILED, summary);
      return;
    }

  /* Anything already here was sent before TLS began, by the server or by
   * someone in the middle, and would be read as if it came inside TLS. */
  buffered = spc_line_reader_get_buffered (self->reader);
  if (buffered > 0)
    {
      g_autofree char *summary = NULL;

      /* %u, not G_GSIZE_FORMAT: xgettext cannot expand the macro. The
       * reader's buffer is a few KiB, so the count fits. */
      note (self, g_dngettext (GETTEXT_PACKAGE,
                               "%u byte arrived after the STARTTLS answer, before TLS",
                               "%u bytes arrived after the STARTTLS answer, before TLS",
                               buffered),
            (guint) buffered);
      summary = g_strdup (_("Unsafe STARTTLS: the server sent more after its 220 answer, before TLS began (command injection)"));
      finish (self, SPC_STATUS_STARTTLS_INJECTION, summary);
      return;
    }

  /* The handshake reads the raw socket, never through the reader */
  g_clear_object (&self->reader);
  start_tls (self);
}

static void
start_starttls (SpcProbe *self)
{
  stage_begin (self, SPC_STAGE_STARTTLS, self->timeout_ms);
  send_command (self, "STARTTLS", starttls_reply_cb);
}

/* EHLO (and HELO when EHLO is refused) */

static void
after_ehlo (SpcProbe *self)
{
  spc_result_set_capabilities (self->result, &self->caps);

  /* Harmless to us (it is never sent twice) but a server bug worth telling */
  if (self->tls_done && self->caps.starttls)
    note (self, "%s", _("The server offers STARTTLS again inside TLS, which RFC 3207 forbids"));

  if (!self->tls_done && self->mode == SPC_MODE_STARTTLS && self->caps.starttls)
    start_starttls (self);
  else
    start_quit (self);
}

static void
helo_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;

  if (error != NULL)
    {
      fail (self, error);
      return;
    }

  if (spc_reply_get_code (reply) == 250)
    {
      note (self, "%s", _("No ESMTP: the server only answers HELO"));
      spc_capabilities_clear (&self->caps);
      after_ehlo (self);
      return;
    }

  text = describe_reply (reply);
  summary = g_strdup_printf (_("The server refused both EHLO and HELO: %s"), text);
  finish_on_reply (self, spc_reply_get_code (reply), SPC_STATUS_REJECTED, summary);
}

static void
ehlo_reply_cb (SpcProbe *self,
               SpcReply *reply,
               GError   *error)
{
  guint code;

  if (error != NULL)
    {
      fail (self, error);
      return;
    }

  code = spc_reply_get_code (reply);

  if (!self->ehlo_timed)
    {
      self->ehlo_timed = TRUE;
      spc_result_set_timing (self->result, SPC_TIMING_EHLO, elapsed_ms (self->stage_started_us));
    }

  if (code == 250)
    {
      spc_capabilities_parse_ehlo (&self->caps, spc_reply_get_lines (reply));
      after_ehlo (self);
      return;
    }

  /* 500/502: a server from before ESMTP; 4xx/421 means it is closing */
  if (code >= 500 && code < 600 && !self->tried_helo)
    {
      g_autofree char *helo = g_strconcat ("HELO ", self->ehlo_name, NULL);

      self->tried_helo = TRUE;
      send_command (self, helo, helo_reply_cb);
      return;
    }

  {
    g_autofree char *text = describe_reply (reply);
    g_autofree char *summary = g_strdup_printf (_("The server refused EHLO: %s"), text);

    finish_on_reply (self, code,
                     code >= 400 ? SPC_STATUS_REJECTED : SPC_STATUS_PROTOCOL_ERROR, summary);
  }
}

static void
start_ehlo (SpcProbe *self)
{
  g_autofree char *ehlo = g_strconcat ("EHLO ", self->ehlo_name, NULL);

  /* Nothing learnt before TLS can be trusted after it */
  spc_capabilities_clear (&self->caps);
  self->tried_helo = FALSE;

  stage_begin (self, self->tls_done && self->mode == SPC_MODE_STARTTLS ? SPC_STAGE_EHLO_TLS : SPC_STAGE_EHLO,
               self->timeout_ms);
  send_command (self, ehlo, ehlo_reply_cb);
}

/* Greeting, and what to do when none comes */

static gboolean
looks_like_smtp_reply (const guint8 *data,
                       gsize         length)
{
  return length >= 3 &&
         g_ascii_isdigit (data[0]) && g_ascii_isdigit (data[1]) && g_ascii_isdigit (data[2]) &&
         (length == 3 || data[3] == ' ' || data[3] == '-' || data[3] == '\r' || data[3] == '\n');
}

typedef enum {
  FOREIGN_NONE,
  FOREIGN_HTTP,
  FOREIGN_SSH,
  FOREIGN_TLS,
  FOREIGN_BINARY,
} Foreign;

static Foreign
identify_foreign (const guint8 *data,
                  gsize         length)
{
  gsize n_binary = 0;

  if (length >= 5 && memcmp (data, "HTTP/", 5) == 0)
    return FOREIGN_HTTP;

  if (length >= 4 && memcmp (data, "SSH-", 4) == 0)
    return FOREIGN_SSH;

  /* A TLS record: handshake (22) or alert (21), version 3.x */
  if (length >= 2 && (data[0] == 0x15 || data[0] == 0x16) && data[1] == 0x03)
    return FOREIGN_TLS;

  if (length >= 5 && (g_ascii_strncasecmp ((const char *) data, "<html", 5) == 0 ||
                      g_ascii_strncasecmp ((const char *) data, "<!doc", 5) == 0))
    return FOREIGN_HTTP;

  /* Starts like an SMTP reply: a broken mail server, not another protocol */
  if (length >= 3 && g_ascii_isdigit (data[0]) && g_ascii_isdigit (data[1]) && g_ascii_isdigit (data[2]))
    return FOREIGN_NONE;

  for (gsize i = 0; i < length; i++)
    if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\r' && data[i] != '\n') || data[i] == 0x7f)
      n_binary++;

  /* Random bytes: about an eighth are control characters */
  if (length > 0 && n_binary * 16 >= length)
    return FOREIGN_BINARY;

  return FOREIGN_NONE;
}

/* Ends the run on a foreign protocol; FALSE when @foreign is none */
static gboolean
finish_foreign (SpcProbe *self,
                Foreign   foreign)
{
  switch (foreign)
    {
    case FOREIGN_HTTP:
      finish (self, SPC_STATUS_NOT_SMTP, _("A web server answered, not a mail server"));
      return TRUE;

    case FOREIGN_SSH:
      finish (self, SPC_STATUS_NOT_SMTP, _("An SSH server answered, not a mail server"));
      return TRUE;

    case FOREIGN_TLS:
      if (self->mode == SPC_MODE_TLS)
        finish (self, SPC_STATUS_NOT_SMTP, _("A TLS service answered, but not with SMTP"));
      else if (self->mode == SPC_MODE_PLAIN)
        finish (self, SPC_STATUS_MODE_MISMATCH,
                _("This port expects SSL/TLS from the first byte; use SSL/TLS on it, not an unencrypted connection"));
      else
        finish (self, SPC_STATUS_MODE_MISMATCH,
                _("This port expects SSL/TLS from the first byte; use SSL/TLS on it, not STARTTLS"));
      return TRUE;

    case FOREIGN_BINARY:
      finish (self, SPC_STATUS_NOT_SMTP, _("The server sent binary data, not an SMTP greeting"));
      return TRUE;

    case FOREIGN_NONE:
    default:
      return FALSE;
    }
}

static void
identify_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *seconds = format_seconds (self->timeout_ms);
  g_autofree char *summary = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (user_cancelled (self))
    {
      finish_cancelled (self);
      return;
    }

  if (n_read > 0)
    {
      g_autofree char *text = g_utf8_make_valid ((const char *) self->identify_buffer, n_read);
      g_auto(GStrv) lines = g_strsplit (text, "\n", 2);

      spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, g_strchomp (lines[0]), now_ms (self));

      if (finish_foreign (self, identify_foreign (self->identify_buffer, n_read)))
        return;

      /* Not SMTP either: SMTP speaks first */
      if (!looks_like_smtp_reply (self->identify_buffer, n_read))
        {
          finish (self, SPC_STATUS_NOT_SMTP, _("Something answered, but not a mail server"));
          return;
        }

      summary = g_strdup_printf (_("No greeting within %s; the server answered only when spoken to"), seconds);
    }
  else
    {
      /* End of stream, an error or the window's end: silence all along */
      if (is_deadline (self, error))
        {
          g_autofree char *window = format_seconds (self->deadline_ms);

          note (self, _("No answer to that line either within %s"), window);
        }
      else if (error != NULL)
        note (self, "%s", error->message);
      else
        note (self, "%s", _("The server closed the connection without a word"));
      summary = g_strdup_printf (_("Connected, but no greeting within %s"), seconds);
    }

  finish (self, SPC_STATUS_NO_GREETING, summary);
}

static void
identify_write_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->write_buffer, g_free);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_autofree char *seconds = format_seconds (self->timeout_ms);
      g_autofree char *summary = NULL;

      if (user_cancelled (self))
        {
          finish_cancelled (self);
          return;
        }

      summary = g_strdup_printf (_("Connected, but no greeting within %s"), seconds);
      finish (self, SPC_STATUS_NO_GREETING, summary);
      return;
    }

  self->identify_buffer = g_malloc (IDENTIFY_BUFFER_SIZE);
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream),
                             self->identify_buffer,
                             IDENTIFY_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT,
                             self->stage_cancellable,
                             identify_read_cb,
                             self);
}

/* The greeting deadline passed in silence: now, and only now, speak, to
 * learn what listens (a web server answers "HTTP/1.1 400"). */
static void
start_identify (SpcProbe *self)
{
  g_autofree char *seconds = format_seconds (self->timeout_ms);
  g_autofree char *line = g_strconcat ("EHLO ", self->ehlo_name, NULL);

  note (self, _("No greeting within %s; sending a line to learn what listens"), seconds);
  stage_begin (self, SPC_STAGE_GREETING, MIN (self->timeout_ms, IDENTIFY_WINDOW_MAX_MS));

  spc_result_add_transcript (self->result, SPC_DIRECTION_CLIENT, line, now_ms (self));
  g_free (self->write_buffer);
  self->write_buffer = g_strconcat (line, "\r\n", NULL);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->write_buffer,
                                   strlen (self->write_buffer),
                                   G_PRIORITY_DEFAULT,
                                   self->stage_cancellable,
                                   identify_write_cb,
                                   self);
}

static void
greeting_reply_cb (SpcProbe *self,
                   SpcReply *reply,
                   GError   *error)
{
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  guint code;

  if (error != NULL)
    {
      gboolean nothing_read = self->first_raw_line == NULL &&
                              (self->reader == NULL || spc_line_reader_get_buffered (self->reader) == 0);

      if (user_cancelled (self))
        {
          finish_cancelled (self);
          return;
        }

      if (is_deadline (self, error) && nothing_read)
        {
          start_identify (self);
          return;
        }

      /* What the first line is tells another protocol from a broken server */
      if (self->first_raw_line != NULL &&
          spc_reply_get_n_lines (self->reply) == 0 &&
          g_error_matches (error, SPC_ERROR, SPC_ERROR_MALFORMED))
        {
          gsize length = 0;
          const guint8 *data = g_bytes_get_data (self->first_raw_line, &length);

          note (self, "%s", error->message);
          if (finish_foreign (self, identify_foreign (data, length)))
            return;
        }

      if (nothing_read && g_error_matches (error, SPC_ERROR, SPC_ERROR_CLOSED))
        {
          note (self, "%s", error->message);
          finish (self, SPC_STATUS_NO_GREETING, _("The server closed the connection without a greeting"));
          return;
        }

      fail (self, error);
      return;
    }

  code = spc_reply_get_code (reply);
  text = spc_reply_dup_text (reply);
  spc_result_set_greeting (self->result, text);

  spc_result_set_timing (self->result, SPC_TIMING_GREETING, elapsed_ms (self->stage_started_us));

  if (code == 220)
    {
      start_ehlo (self);
      return;
    }

  g_clear_pointer (&text, g_free);
  text = describe_reply (reply);

  if (code >= 400 && code < 600)
    {
      summary = g_strdup_printf (_("The server refuses to talk to this computer: %s"), text);
      finish_on_reply (self, code, SPC_STATUS_REJECTED, summary);
      return;
    }

  summary = g_strdup_printf (_("The greeting is not a valid SMTP greeting: %s"), text);
  finish (self, SPC_STATUS_PROTOCOL_ERROR, summary);
}

static void
start_greeting (SpcProbe *self)
{
  /* Never write before the greeting: servers punish early talkers */
  stage_begin (self, SPC_STAGE_GREETING, self->timeout_ms);
  read_reply (self, greeting_reply_cb);
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
  Foreign foreign;

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

  smtp = looks_like_smtp_reply (data, length);
  foreign = smtp ? FOREIGN_NONE : identify_foreign (data, length);

  /* On an implicit-TLS port only a plaintext greeting or another known
   * protocol explains more than the handshake error itself */
  if (self->mode == SPC_MODE_TLS && !smtp && foreign != FOREIGN_HTTP && foreign != FOREIGN_SSH)
    return FALSE;

  note (self, "%s", error->message);
  spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, first_line, now_ms (self));

  if (self->mode == SPC_MODE_STARTTLS)
    {
      finish (self, SPC_STATUS_STARTTLS_INJECTION,
              _("Unsafe STARTTLS: after its 220 answer the server sent plain text where TLS should begin (command injection)"));
      return TRUE;
    }

  if (smtp)
    {
      /* Like any greeting: its text without the code */
      if (complete_line)
        spc_result_set_greeting (self->result, strlen (first_line) > 4 ? first_line + 4 : "");
      finish (self, SPC_STATUS_MODE_MISMATCH,
              _("This port speaks plain SMTP; use STARTTLS on it, not SSL/TLS"));
      return TRUE;
    }

  return finish_foreign (self, foreign);
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
  const char *version;
  GTlsCertificateFlags errors;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      if (!user_cancelled (self) && !is_deadline (self, error) &&
          explain_failed_handshake (self, error))
        return;

      fail (self, error);
      return;
    }

  self->tls_done = TRUE;
  self->stream = G_IO_STREAM (tls);
  g_clear_object (&self->reader);

  self->protocol_version = g_tls_connection_get_protocol_version (tls);
  version = tls_version_to_string (self->protocol_version);
  cipher = g_tls_connection_get_ciphersuite_name (tls);
  errors = g_tls_connection_get_peer_certificate_errors (tls);

  spc_result_set_timing (self->result, SPC_TIMING_TLS, elapsed_ms (self->stage_started_us));
  spc_result_set_tls (self->result, version, cipher,
                      g_tls_connection_get_peer_certificate (tls), errors);

  note (self, _("TLS handshake done: %s, %s"), version != NULL ? version : "?", cipher != NULL ? cipher : "?");

  if (errors != 0)
    {
      g_auto(GStrv) names = spc_certificate_flags_to_strv (errors);
      g_autofree char *joined = g_strjoinv (", ", names);

      note (self, _("Certificate not trusted (%s): only EHLO and QUIT will be sent"), joined);
    }

  if (self->mode == SPC_MODE_TLS)
    start_greeting (self);
  else
    start_ehlo (self);
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
  g_autoptr(GTlsDatabase) database = NULL;

  if (self->tls_database != NULL && SPC_IS_TLS_DATABASE (self->tls_database))
    database = g_object_ref (self->tls_database);
  else if (self->tls_database != NULL)
    database = spc_tls_database_new (self->tls_database, NULL);
  else
    {
      g_autoptr(GTlsDatabase) system_database = g_tls_backend_get_default_database (backend);

      if (system_database != NULL)
        database = spc_tls_database_new (system_database, NULL);
    }

  return g_initable_new (g_tls_backend_get_client_connection_type (backend),
                         NULL, error,
                         "base-io-stream", base,
                         "server-identity", identity,
                         "database", database,
                         NULL);
}

static void
start_tls (SpcProbe *self)
{
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GIOStream) base = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  SpcStage stage = self->mode == SPC_MODE_TLS ? SPC_STAGE_TLS : SPC_STAGE_STARTTLS;

  /* Certificates are checked against the name the user typed, whatever
   * address was connected to */
  if (g_hostname_is_ip_address (self->host))
    /* An address is no server name: as a GInetSocketAddress it is checked
     * against the certificate's IP entries and not sent as SNI, which
     * RFC 6066 forbids and GnuTLS servers answer with a fatal alert */
    identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new_from_string (self->host, self->port));
  else
    identity = g_network_address_new (self->host, self->port);
  /* The raw socket, through a recorder: if the handshake fails, what the
   * server sent instead tells why */
  g_clear_object (&self->handshake_input);
  self->handshake_input = spc_recording_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)),
                                                    HANDSHAKE_HEAD_SIZE);
  base = g_simple_io_stream_new (self->handshake_input,
                                 g_io_stream_get_output_stream (G_IO_STREAM (self->connection)));
  tls = new_tls_client_connection (self, base, identity, &error);
  if (tls == NULL)
    {
      stage_begin (self, stage, self->timeout_ms);
      fail (self, error);
      return;
    }

  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  /* The session ends with QUIT, and the socket is closed after it */
  g_tls_connection_set_require_close_notify (self->tls, FALSE);
  g_signal_connect (self->tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  /* The deadline and the timing start here: creating the connection loads
   * the trust store, local work that a busy machine may make slow */
  stage_begin (self, stage, self->timeout_ms);
  note (self, "%s", _("Starting the TLS handshake"));
  g_tls_connection_handshake_async (self->tls,
                                    G_PRIORITY_DEFAULT,
                                    self->stage_cancellable,
                                    handshake_cb,
                                    self);
}

/* Connect */

static char *
make_ehlo_name (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autofree char *text = NULL;
  GInetAddress *inet;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("[127.0.0.1]");

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  text = g_inet_address_to_string (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);

  return g_strdup_printf ("[%s]", text);
}

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
      fail (self, error);
      return;
    }

  self->connection = connection;
  self->stream = G_IO_STREAM (connection);
  /* Each command waits for its reply: without this, Nagle holds the EHLO
   * after the TLS handshake until the server's delayed ACK (40 ms or more) */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  remote = g_socket_connection_get_remote_address (connection, NULL);
  spc_result_set_timing (self->result, SPC_TIMING_CONNECT, elapsed_ms (self->stage_started_us));

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
      g_autofree char *address = g_inet_address_to_string (inet);

      spc_result_set_address (self->result, address);
      note (self, _("Connected to %s port %u"), address, self->port);
    }

  g_free (self->ehlo_name);
  self->ehlo_name = make_ehlo_name (connection);

  if (self->mode == SPC_MODE_TLS)
    start_tls (self);
  else
    start_greeting (self);
}

static void
connect_to (SpcProbe           *self,
            GSocketConnectable *connectable)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  /* The path to the server is what is measured: never through a proxy.
   * No TLS here: the probe does it itself, at the right moment. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_tls (client, FALSE);

  g_socket_client_connect_async (client,
                                 connectable,
                                 self->stage_cancellable,
                                 connect_cb,
                                 self);
}

static void
start_connect (SpcProbe *self,
               GList    *inet_addresses)
{
  g_autoptr(SpcAddressList) list = spc_address_list_new (inet_addresses, self->port);
  g_autofree char *text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (list));

  stage_begin (self, SPC_STAGE_CONNECT, self->timeout_ms);
  note (self, _("Connecting to %s"), text);
  connect_to (self, G_SOCKET_CONNECTABLE (list));
}

/* Resolve */

static gboolean
family_accepts (SpcFamily     family,
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

/* Keeps the addresses of the allowed family, in their order; NULL if none */
static GList *
filter_addresses (SpcProbe *self,
                  GList    *inet_addresses)
{
  GList *kept = NULL;

  for (GList *l = inet_addresses; l != NULL; l = l->next)
    if (family_accepts (self->family, l->data))
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
      g_autofree char *summary = NULL;

      if (self->family == SPC_FAMILY_IPV6)
        summary = g_strdup_printf (_("%s has no IPv6 address"), self->host);
      else if (self->family == SPC_FAMILY_IPV4)
        summary = g_strdup_printf (_("%s has no IPv4 address"), self->host);
      else
        summary = g_strdup_printf (_("%s has no address"), self->host);

      finish (self, SPC_STATUS_DNS_ERROR, summary);
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
  if (addresses == NULL && error == NULL)
    error = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, _("No address found"));

  if (error != NULL)
    {
      fail (self, error);
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

static void
start_resolve (SpcProbe *self)
{
  const char *target = self->connect_address != NULL ? self->connect_address : self->host;
  g_autoptr(GInetAddress) literal = NULL;
  GResolverNameLookupFlags flags = G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT;
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

      if (!family_accepts (self->family, literal))
        {
          g_autofree char *summary = g_strdup_printf (_("%s is not an address of the family asked for (IPv4 or IPv6)"), target);

          finish (self, SPC_STATUS_DNS_ERROR, summary);
          return;
        }

      connect_or_fail (self, &single);
      return;
    }

  if (self->family == SPC_FAMILY_IPV4)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY;
  else if (self->family == SPC_FAMILY_IPV6)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY;

  stage_begin (self, SPC_STAGE_RESOLVE, self->timeout_ms);
  note (self, _("Looking up %s"), target);

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_with_flags_async (resolver, target, flags,
                                              self->stage_cancellable,
                                              resolve_cb, self);
}

/* GObject */

static void
spc_probe_finalize (GObject *object)
{
  SpcProbe *self = SPC_PROBE (object);

  g_assert (self->task == NULL);

  stage_end (self);
  close_connection (self);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->connect_address, g_free);
  g_clear_pointer (&self->summary_before_quit, g_free);
  g_list_free_full (g_steal_pointer (&self->addresses), g_object_unref);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->result);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->caller_cancellable);
  g_clear_pointer (&self->ehlo_name, g_free);
  g_clear_pointer (&self->write_buffer, g_free);
  g_clear_pointer (&self->reply, spc_reply_unref);
  g_clear_pointer (&self->first_raw_line, g_bytes_unref);
  g_clear_pointer (&self->identify_buffer, g_free);
  g_clear_object (&self->handshake_input);
  spc_capabilities_clear (&self->caps);
  g_clear_pointer (&self->caps.auth, g_strfreev);

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
  self->caps.auth = g_new0 (char *, 1);
}

SpcProbe *
spc_probe_new (const char *host,
               guint16     port,
               SpcMode     mode)
{
  SpcProbe *self;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port > 0, NULL);

  self = g_object_new (SPC_TYPE_PROBE, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->mode = mode;
  self->result = spc_result_new (port, mode);

  return self;
}

void
spc_probe_set_timeout_ms (SpcProbe *self,
                          guint     timeout_ms)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : SPC_DEFAULT_TIMEOUT_MS;
}

void
spc_probe_set_family (SpcProbe  *self,
                      SpcFamily  family)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);

  self->family = family;
}

void
spc_probe_set_connect_address (SpcProbe   *self,
                               const char *address)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (self->task == NULL);

  g_free (self->connect_address);
  self->connect_address = g_strdup (address);
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

void
spc_probe_set_tls_database (SpcProbe     *self,
                            GTlsDatabase *database)
{
  g_return_if_fail (SPC_IS_PROBE (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));
  g_return_if_fail (self->task == NULL);

  g_set_object (&self->tls_database, database);
}

SpcResult *
spc_probe_get_result (SpcProbe *self)
{
  g_return_val_if_fail (SPC_IS_PROBE (self), NULL);

  return self->result;
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

  note (self, _("Checking port %u of %s (%s)"), self->port, self->host, spc_mode_to_string (self->mode));
  start_resolve (self);
}

SpcResult *
spc_probe_run_finish (SpcProbe     *self,
                      GAsyncResult *result)
{
  g_return_val_if_fail (SPC_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}

GTlsDatabase *
spc_tls_database_new_with_ca_file (const char  *ca_file,
                                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTlsDatabase) file_database = NULL;
  g_autoptr(GTlsDatabase) system_database = NULL;
  GList *certificates;

  g_return_val_if_fail (ca_file != NULL, NULL);

  /* GTlsFileDatabase accepts a file without certificates; a CA file that
   * trusts nothing is a mistake the user must hear about. */
  certificates = g_tls_certificate_list_new_from_file (ca_file, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” cannot be read: %s"), ca_file, local_error->message);
      return NULL;
    }

  if (certificates == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” holds no PEM certificate"), ca_file);
      return NULL;
    }

  g_list_free_full (certificates, g_object_unref);

  file_database = g_tls_file_database_new (ca_file, &local_error);
  if (file_database == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_CA_FILE,
                   _("The CA file “%s” cannot be used: %s"), ca_file, local_error->message);
      return NULL;
    }

  system_database = g_tls_backend_get_default_database (g_tls_backend_get_default ());

  return spc_tls_database_new (file_database, system_database);
}
