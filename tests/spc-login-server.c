/* spc-login-server.c — a scripted SMTP server for the login tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gsasl.h>

#include "spc-login-server.h"
#include "spc-test-util.h"

#define MAX_LINE          4096
#define MAX_COMMANDS      200           /* per connection */
#define MAX_RECORDED      (256 * 1024)  /* bytes kept per port */
#define MAX_MESSAGE       (256 * 1024)
#define SOCKET_TIMEOUT_S  20

/* {"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"} */
#define OAUTH_ERROR_JSON_B64 \
  "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ=="

typedef struct {
  GMutex            *mutex;       /* the server's */
  SpcLoginScenario   scenario;
  guint16            port;
  GSocketService    *service;
  guint              n_connections;
  GByteArray        *received;
  char              *authenticated;
  char              *message;
  GTlsCertificate   *good;
  GTlsCertificate   *other;       /* the long chain: trusted, another certificate */
  GTlsCertificate   *untrusted;   /* self-signed */
  GCancellable      *cancellable;
  guint             *n_active;    /* the server's */
} PortState;

struct _SpcLoginServer
{
  GObject          parent_instance;
  GMutex           mutex;
  GPtrArray       *ports;         /* PortState */
  GTlsCertificate *certs[3];
  GCancellable    *cancellable;
  guint            n_active;      /* sessions still on a thread */
};

G_DEFINE_FINAL_TYPE (SpcLoginServer, spc_login_server, G_TYPE_OBJECT)

typedef struct {
  PortState         *port;
  GSocketConnection *connection;
  GIOStream         *stream;      /* the connection or a TLS connection over it */
  gboolean           in_tls;
  guint              number;      /* 1 for the first connection to the port */
} Session;

/* I/O */

static void
record (Session      *session,
        const guint8 *data,
        gsize         length)
{
  g_mutex_lock (session->port->mutex);
  if (session->port->received->len + length <= MAX_RECORDED)
    g_byte_array_append (session->port->received, data, length);
  g_mutex_unlock (session->port->mutex);
}

static gboolean
say (Session    *session,
     const char *text)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (session->stream),
                                    text, strlen (text), NULL, session->port->cancellable, NULL);
}

/* An SpcTestReadByte: a byte from the client, recorded */
static gboolean
read_recorded_byte (gpointer  data,
                    guint8   *byte)
{
  Session *session = data;
  GInputStream *input = g_io_stream_get_input_stream (session->stream);

  if (g_input_stream_read (input, byte, 1, session->port->cancellable, NULL) != 1)
    return FALSE;
  record (session, byte, 1);
  return TRUE;
}

/* One line without CRLF; NULL at the end or when too long */
static char *
read_line (Session *session)
{
  return spc_test_read_line (read_recorded_byte, session, MAX_LINE, NULL);
}

static gboolean
start_tls (Session *session)
{
  PortState *port = session->port;
  GTlsCertificate *certificate = port->good;
  g_autoptr(GIOStream) tls = NULL;

  if (port->scenario == SPC_LOGIN_SCENARIO_SELF_SIGNED ||
      (port->scenario == SPC_LOGIN_SCENARIO_CERT_BREAKS && session->number > 1))
    certificate = port->untrusted;
  else if ((port->scenario == SPC_LOGIN_SCENARIO_CERT_CHANGES ||
            port->scenario == SPC_LOGIN_SCENARIO_CERT_CHANGES_TLS) && session->number > 1)
    certificate = port->other;

  tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                        NULL, NULL,
                        "base-io-stream", session->connection,
                        "certificate", certificate,
                        "database", NULL,
                        NULL);
  if (tls == NULL)
    return FALSE;
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), port->cancellable, NULL))
    return FALSE;

  g_set_object (&session->stream, tls);
  session->in_tls = TRUE;
  return TRUE;
}

/* What the server offers */

static gboolean
implicit_tls (SpcLoginScenario scenario)
{
  return scenario == SPC_LOGIN_SCENARIO_IMPLICIT_TLS || scenario == SPC_LOGIN_SCENARIO_CERT_CHANGES_TLS;
}

static gboolean
offers_starttls (Session *session)
{
  SpcLoginScenario scenario = session->port->scenario;

  if (session->in_tls || implicit_tls (scenario) ||
      scenario == SPC_LOGIN_SCENARIO_PLAINTEXT_ONLY)
    return FALSE;
  return scenario != SPC_LOGIN_SCENARIO_STARTTLS_DISAPPEARS || session->number == 1;
}

static const char *
offered_mechanisms (Session *session)
{
  SpcLoginScenario scenario = session->port->scenario;
  const char *all = "SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN XOAUTH2 OAUTHBEARER";

  if (scenario == SPC_LOGIN_SCENARIO_AUTH_BEFORE_TLS_ONLY)
    return session->in_tls ? NULL : "PLAIN LOGIN";
  if (scenario == SPC_LOGIN_SCENARIO_PLAINTEXT_ONLY ||
      (scenario == SPC_LOGIN_SCENARIO_STARTTLS_DISAPPEARS && session->number > 1))
    return "PLAIN LOGIN";
  if (!session->in_tls)
    return NULL;
  if (scenario == SPC_LOGIN_SCENARIO_ONLY_PLAIN)
    return "PLAIN";
  return all;
}

static gboolean
answer_ehlo (Session *session)
{
  const char *mechanisms = offered_mechanisms (session);
  g_autofree char *auth = mechanisms != NULL ? g_strdup_printf ("250-AUTH %s\r\n", mechanisms)
                                             : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("250-localhost\r\n250-PIPELINING\r\n%s%s"
                                           "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n",
                                           offers_starttls (session) ? "250-STARTTLS\r\n" : "",
                                           auth);
  return say (session, text);
}

/* AUTH */

static int
sasl_callback (Gsasl         *context,
               Gsasl_session *sasl,
               Gsasl_property property)
{
  const char *authid = gsasl_property_fast (sasl, GSASL_AUTHID);

  if (property == GSASL_PASSWORD && g_strcmp0 (authid, SPC_LOGIN_SERVER_USER) == 0)
    return gsasl_property_set (sasl, GSASL_PASSWORD, SPC_LOGIN_SERVER_PASSWORD);
  return GSASL_NO_CALLBACK;
}

static void
authenticated (Session    *session,
               const char *mechanism)
{
  g_mutex_lock (session->port->mutex);
  g_free (session->port->authenticated);
  session->port->authenticated = g_strdup (mechanism);
  g_mutex_unlock (session->port->mutex);
}

static gboolean
auth_with_sasl (Session    *session,
                const char *mechanism,
                const char *initial)
{
  Gsasl *context = NULL;
  Gsasl_session *sasl = NULL;
  g_autofree char *input = g_strdup (initial == NULL || g_str_equal (initial, "=") ? "" : initial);
  gboolean alive = TRUE;

  if (gsasl_init (&context) != GSASL_OK)
    return FALSE;
  gsasl_callback_set (context, sasl_callback);
  if (gsasl_server_start (context, mechanism, &sasl) != GSASL_OK)
    {
      gsasl_done (context);
      return say (session, "504 5.5.4 Unrecognized authentication type\r\n");
    }
  gsasl_property_set (sasl, GSASL_SERVICE, "smtp");
  gsasl_property_set (sasl, GSASL_HOSTNAME, "localhost");

  for (guint round = 0; alive && round < 10; round++)
    {
      char *output = NULL;
      int rc = gsasl_step64 (sasl, input, &output);
      g_autofree char *challenge = NULL;

      if (rc == GSASL_OK && (output == NULL || output[0] == '\0'))
        {
          gsasl_free (output);
          authenticated (session, mechanism);
          alive = say (session, "235 2.7.0 Authentication successful\r\n");
          break;
        }
      if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
        {
          gsasl_free (output);
          alive = say (session, "535 5.7.8 Error: authentication failed: authentication failure\r\n");
          break;
        }

      /* More to say: a challenge, or SCRAM's server-final message */
      challenge = g_strdup_printf ("334 %s\r\n", output != NULL ? output : "");
      gsasl_free (output);
      g_free (input);
      input = NULL;
      if (!say (session, challenge) || (input = read_line (session)) == NULL)
        {
          alive = FALSE;
          break;
        }
      if (g_str_equal (input, "*"))
        {
          alive = say (session, "501 5.7.0 Authentication aborted\r\n");
          break;
        }
      if (rc == GSASL_OK)
        {
          authenticated (session, mechanism);
          alive = say (session, "235 2.7.0 Authentication successful\r\n");
          break;
        }
    }

  gsasl_finish (sasl);
  gsasl_done (context);
  return alive;
}

/* XOAUTH2 and OAUTHBEARER, checked byte for byte */
static gboolean
oauth_framing_is_right (const char *mechanism,
                        const char *initial,
                        guint16     port)
{
  g_autofree char *expected = NULL;
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  if (initial == NULL)
    return FALSE;
  decoded = g_base64_decode (initial, &length);

  if (g_str_equal (mechanism, "XOAUTH2"))
    expected = g_strdup_printf ("user=%s\001auth=Bearer %s\001\001",
                                SPC_LOGIN_SERVER_USER, SPC_LOGIN_SERVER_TOKEN);
  else
    expected = g_strdup_printf ("n,a=%s,\001host=localhost\001port=%u\001auth=Bearer %s\001\001",
                                SPC_LOGIN_SERVER_USER, port, SPC_LOGIN_SERVER_TOKEN);

  return length == strlen (expected) && memcmp (decoded, expected, length) == 0;
}

static gboolean
auth_with_token (Session    *session,
                 const char *mechanism,
                 const char *initial)
{
  g_autofree char *after_error = NULL;
  gboolean right = oauth_framing_is_right (mechanism, initial, session->port->port);

  if (right && session->port->scenario != SPC_LOGIN_SCENARIO_OAUTH_ERROR)
    {
      authenticated (session, mechanism);
      return say (session, "235 2.7.0 Accepted\r\n");
    }

  /* RFC 7628 §3.2.3 and Google's XOAUTH2: error details, then the final no */
  if (!say (session, "334 " OAUTH_ERROR_JSON_B64 "\r\n") ||
      (after_error = read_line (session)) == NULL)
    return FALSE;
  return say (session, "535 5.7.8 Username and Password not accepted\r\n");
}

static gboolean
handle_auth (Session    *session,
             const char *arguments)
{
  g_auto(GStrv) words = g_strsplit (arguments != NULL ? arguments : "", " ", 3);
  const char *mechanisms = offered_mechanisms (session);
  g_auto(GStrv) offered = g_strsplit (mechanisms != NULL ? mechanisms : "", " ", -1);
  const char *mechanism = words[0] != NULL ? words[0] : "";
  const char *initial = words[0] != NULL ? words[1] : NULL;

  switch (session->port->scenario)
    {
    case SPC_LOGIN_SCENARIO_AUTH_534:
      return say (session, "534-5.7.9 Application-specific password required. Learn more at\r\n"
                           "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor\r\n");
    case SPC_LOGIN_SCENARIO_AUTH_5730:
      return say (session, "535 5.7.30 Basic authentication is not supported for Client Submission.\r\n");
    case SPC_LOGIN_SCENARIO_AUTH_530:
      return say (session, "530 5.7.0 Authentication required\r\n");
    case SPC_LOGIN_SCENARIO_AUTH_SILENT:
      return TRUE;
    case SPC_LOGIN_SCENARIO_AUTH_HOSTILE_REPLY:
      return say (session, SPC_LOGIN_SERVER_HOSTILE_REPLY "\r\n");
    default:
      break;
    }

  if (!g_strv_contains ((const char * const *) offered, mechanism))
    return say (session, "504 5.5.4 Unrecognized authentication type\r\n");
  if (g_str_equal (mechanism, "XOAUTH2") || g_str_equal (mechanism, "OAUTHBEARER"))
    return auth_with_token (session, mechanism, initial);
  return auth_with_sasl (session, mechanism, initial);
}

/* DATA: lines up to ".", dot-stuffing undone, bounded */
static gboolean
handle_data (Session *session)
{
  g_autoptr(GString) message = g_string_new (NULL);

  if (!say (session, "354 End data with <CR><LF>.<CR><LF>\r\n"))
    return FALSE;

  while (message->len < MAX_MESSAGE)
    {
      g_autofree char *line = read_line (session);

      if (line == NULL)
        return FALSE;
      if (g_str_equal (line, "."))
        break;
      g_string_append (message, line[0] == '.' ? line + 1 : line);
      g_string_append (message, "\r\n");
    }

  g_mutex_lock (session->port->mutex);
  g_free (session->port->message);
  session->port->message = g_strdup (message->str);
  g_mutex_unlock (session->port->mutex);

  return say (session, "250 2.0.0 Ok: queued as " SPC_LOGIN_SERVER_QUEUE_ID "\r\n");
}

/* One command; FALSE ends the conversation */
static gboolean
handle_command (Session    *session,
                const char *line)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 2);
  g_autofree char *verb = g_ascii_strup (parts[0] != NULL ? parts[0] : "", -1);

  if (g_str_equal (verb, "EHLO"))
    return answer_ehlo (session);
  if (g_str_equal (verb, "STARTTLS") && offers_starttls (session))
    return say (session, "220 2.0.0 Ready to start TLS\r\n") && start_tls (session);
  if (g_str_equal (verb, "AUTH"))
    return handle_auth (session, parts[0] != NULL ? parts[1] : NULL);
  if (g_str_equal (verb, "MAIL"))
    return say (session, session->port->scenario == SPC_LOGIN_SCENARIO_MAIL_553
                         ? "553 5.7.1 <" SPC_LOGIN_SERVER_USER ">: Sender address rejected: not owned by user\r\n"
                         : "250 2.1.0 Ok\r\n");
  if (g_str_equal (verb, "RCPT"))
    return say (session, "250 2.1.5 Ok\r\n");
  if (g_str_equal (verb, "DATA"))
    return handle_data (session);
  if (g_str_equal (verb, "QUIT"))
    {
      say (session, "221 2.0.0 Bye\r\n");
      return FALSE;
    }
  if (g_str_equal (verb, "RSET") || g_str_equal (verb, "NOOP"))
    return say (session, "250 2.0.0 Ok\r\n");
  return say (session, "502 5.5.2 Error: command not recognized\r\n");
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  PortState *port = user_data;
  Session session = { port, connection, G_IO_STREAM (g_object_ref (connection)), FALSE, 0 };

  g_socket_set_timeout (g_socket_connection_get_socket (connection), SOCKET_TIMEOUT_S);
  g_mutex_lock (port->mutex);
  session.number = ++port->n_connections;
  (*port->n_active)++;
  g_mutex_unlock (port->mutex);

  if ((!implicit_tls (port->scenario) || start_tls (&session)) &&
      say (&session, "220 localhost ESMTP login test server\r\n"))
    for (guint i = 0; i < MAX_COMMANDS; i++)
      {
        g_autofree char *line = read_line (&session);

        if (line == NULL || !handle_command (&session, line))
          break;
      }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_clear_object (&session.stream);
  g_mutex_lock (port->mutex);
  (*port->n_active)--;
  g_mutex_unlock (port->mutex);
  return TRUE;
}

/* The object */

static void
port_state_free (gpointer data)
{
  PortState *port = data;

  g_socket_service_stop (port->service);
  g_socket_listener_close (G_SOCKET_LISTENER (port->service));
  g_object_unref (port->service);
  g_byte_array_unref (port->received);
  g_free (port->authenticated);
  g_free (port->message);
  g_free (port);
}

static PortState *
find_port (SpcLoginServer *self,
           guint16         number)
{
  for (guint i = 0; i < self->ports->len; i++)
    {
      PortState *port = g_ptr_array_index (self->ports, i);

      if (port->port == number)
        return port;
    }
  g_assert_not_reached ();
}

void
spc_login_server_stop (SpcLoginServer *self)
{
  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->ports->len; i++)
    {
      PortState *port = g_ptr_array_index (self->ports, i);

      g_socket_service_stop (port->service);
      g_socket_listener_close (G_SOCKET_LISTENER (port->service));
    }

  /* Bounded: every blocking read watches the cancellable */
  for (guint i = 0; i < 500; i++)
    {
      guint n_active;

      g_mutex_lock (&self->mutex);
      n_active = self->n_active;
      g_mutex_unlock (&self->mutex);
      if (n_active == 0)
        break;
      g_usleep (10 * 1000);
    }
}

static void
spc_login_server_dispose (GObject *object)
{
  SpcLoginServer *self = SPC_LOGIN_SERVER (object);

  if (self->ports != NULL)
    spc_login_server_stop (self);
  G_OBJECT_CLASS (spc_login_server_parent_class)->dispose (object);
}

static void
spc_login_server_finalize (GObject *object)
{
  SpcLoginServer *self = SPC_LOGIN_SERVER (object);

  /* Threads still running hold the service; they end on the cancellable */
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->certs); i++)
    g_clear_object (&self->certs[i]);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (spc_login_server_parent_class)->finalize (object);
}

static void
spc_login_server_class_init (SpcLoginServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = spc_login_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = spc_login_server_finalize;
}

static void
spc_login_server_init (SpcLoginServer *self)
{
  g_mutex_init (&self->mutex);
  self->ports = g_ptr_array_new_with_free_func (port_state_free);
  self->cancellable = g_cancellable_new ();
}

SpcLoginServer *
spc_login_server_new (const char  *cert_dir,
                      GError     **error)
{
  static const char * const names[] = { "localhost", "long-chain", "self-signed" };
  g_autoptr(SpcLoginServer) self = g_object_new (SPC_TYPE_LOGIN_SERVER, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *cert = g_strdup_printf ("%s/%s.pem", cert_dir, names[i]);
      g_autofree char *key = g_strdup_printf ("%s/%s-key.pem", cert_dir, names[i]);

      self->certs[i] = g_tls_certificate_new_from_files (cert, key, error);
      if (self->certs[i] == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

SpcLoginServer *
spc_login_server_new_for_test (void)
{
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  g_autoptr(GError) error = NULL;
  SpcLoginServer *server = spc_login_server_new (cert_dir, &error);

  g_assert_no_error (error);
  return server;
}

guint16
spc_login_server_add_port (SpcLoginServer    *self,
                           SpcLoginScenario   scenario,
                           GError           **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  PortState *port = g_new0 (PortState, 1);

  port->mutex = &self->mutex;
  port->scenario = scenario;
  port->received = g_byte_array_new ();
  port->good = self->certs[0];
  port->other = self->certs[1];
  port->untrusted = self->certs[2];
  port->cancellable = self->cancellable;
  port->n_active = &self->n_active;
  port->service = g_threaded_socket_service_new (16);
  g_signal_connect (port->service, "run", G_CALLBACK (run_cb), port);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (port->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    {
      port_state_free (port);
      return 0;
    }
  port->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_ptr_array_add (self->ports, port);
  g_socket_service_start (port->service);
  return port->port;
}

guint
spc_login_server_get_n_connections (SpcLoginServer *self,
                                    guint16         number)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return find_port (self, number)->n_connections;
}

GBytes *
spc_login_server_dup_received (SpcLoginServer *self,
                               guint16         number)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  PortState *port = find_port (self, number);

  return g_bytes_new (port->received->data, port->received->len);
}

char *
spc_login_server_dup_authenticated (SpcLoginServer *self,
                                    guint16         number)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return g_strdup (find_port (self, number)->authenticated);
}

char *
spc_login_server_dup_message (SpcLoginServer *self,
                              guint16         number)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return g_strdup (find_port (self, number)->message);
}
