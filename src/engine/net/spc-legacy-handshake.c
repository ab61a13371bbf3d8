/* spc-legacy-handshake.c — a TLS handshake that offers only TLS 1.0 and/or 1.1
 *
 * GnuTLS's transport is the socket's pollable streams, read and written
 * without blocking; when GnuTLS wants more, a pollable source on the
 * caller's main context resumes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <gnutls/gnutls.h>

#include "spc-legacy-handshake.h"

/* Non-fatal results (warning alerts) that may interrupt one handshake */
#define MAX_NON_FATAL 8

typedef struct {
  gnutls_session_t                  session;
  gnutls_certificate_credentials_t  credentials;
  GPollableInputStream             *input;
  GPollableOutputStream            *output;
  GSource                          *source;
  guint                             n_non_fatal;
  SpcLegacyVersions                 server_chose;   /* seen in its ServerHello */
  SpcLegacyHandshakeOutcome         outcome;
  char                             *error_text;
} Handshake;

static void
handshake_free (gpointer data)
{
  Handshake *handshake = data;

  if (handshake->source != NULL)
    {
      g_source_destroy (handshake->source);
      g_source_unref (handshake->source);
    }
  if (handshake->session != NULL)
    gnutls_deinit (handshake->session);
  if (handshake->credentials != NULL)
    gnutls_certificate_free_credentials (handshake->credentials);
  g_clear_object (&handshake->input);
  g_clear_object (&handshake->output);
  g_free (handshake->error_text);
  g_free (handshake);
}

/* Plus 3DES and compatibility workarounds: what old servers may need */
static const char *
priority_for (SpcLegacyVersions versions)
{
  switch ((int) versions)
    {
    case SPC_LEGACY_VERSION_TLS1_0:
      return "NORMAL:-VERS-ALL:+VERS-TLS1.0:+3DES-CBC:%COMPAT";
    case SPC_LEGACY_VERSION_TLS1_1:
      return "NORMAL:-VERS-ALL:+VERS-TLS1.1:+3DES-CBC:%COMPAT";
    default:
      return "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0:+3DES-CBC:%COMPAT";
    }
}

static SpcLegacyVersions
version_from_gnutls (gnutls_protocol_t version)
{
  switch (version)
    {
    case GNUTLS_TLS1_0: return SPC_LEGACY_VERSION_TLS1_0;
    case GNUTLS_TLS1_1: return SPC_LEGACY_VERSION_TLS1_1;
    default: return SPC_LEGACY_VERSION_NONE;
    }
}

SpcLegacyVersions
spc_legacy_handshake_offerable (SpcLegacyVersions versions)
{
  gnutls_priority_t priority = NULL;
  const unsigned int *list = NULL;
  SpcLegacyVersions offerable = SPC_LEGACY_VERSION_NONE;
  int n;

  if (versions == SPC_LEGACY_VERSION_NONE ||
      gnutls_priority_init (&priority, priority_for (versions), NULL) < 0)
    return SPC_LEGACY_VERSION_NONE;

  n = gnutls_priority_protocol_list (priority, &list);
  for (int i = 0; i < n; i++)
    offerable |= version_from_gnutls (list[i]);
  gnutls_priority_deinit (priority);

  return offerable & versions;
}

/* GnuTLS's transport */

/* What a transport function returns to GnuTLS: @n bytes, or -1 with the
 * errno that tells it to wait (EAGAIN) or that the connection is gone */
static ssize_t
transport_return (Handshake    *handshake,
                  gssize        n,
                  const GError *error)
{
  if (n >= 0)
    return n;
  gnutls_transport_set_errno (handshake->session,
                              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) ? EAGAIN : ECONNRESET);
  return -1;
}

static ssize_t
pull_cb (gnutls_transport_ptr_t  data,
         void                   *buffer,
         size_t                  size)
{
  Handshake *handshake = data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_pollable_input_stream_read_nonblocking (handshake->input, buffer, size, NULL, &error);
  return transport_return (handshake, n, error);
}

static ssize_t
push_cb (gnutls_transport_ptr_t  data,
         const void             *buffer,
         size_t                  size)
{
  Handshake *handshake = data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_pollable_output_stream_write_nonblocking (handshake->output, buffer, size, NULL, &error);
  return transport_return (handshake, n, error);
}

/* Called once the ServerHello was read and accepted: its version is the
 * server's choice, whatever happens later in the handshake */
static int
server_hello_cb (gnutls_session_t      session,
                 unsigned int          type,
                 unsigned int          when,
                 unsigned int          incoming,
                 const gnutls_datum_t *message)
{
  Handshake *handshake = gnutls_session_get_ptr (session);

  handshake->server_chose = version_from_gnutls (gnutls_protocol_get_version (session));
  return 0;
}

/* Errors before the server chose a version that are its answer to our offer */
static gboolean
is_refusal (int error)
{
  return error == GNUTLS_E_FATAL_ALERT_RECEIVED ||
         error == GNUTLS_E_UNSUPPORTED_VERSION_PACKET ||
         error == GNUTLS_E_PREMATURE_TERMINATION ||
         error == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ||
         error == GNUTLS_E_PULL_ERROR ||
         error == GNUTLS_E_PUSH_ERROR;
}

static void
finish (GTask                     *task,
        SpcLegacyHandshakeOutcome  outcome,
        const char                *error_text)
{
  Handshake *handshake = g_task_get_task_data (task);

  handshake->outcome = outcome;
  handshake->error_text = g_strdup (error_text);
  g_task_return_boolean (task, TRUE);
}

static void step (GTask *task);

static gboolean
ready_cb (GObject  *stream,
          gpointer  user_data)
{
  GTask *task = user_data;
  Handshake *handshake = g_task_get_task_data (task);

  g_clear_pointer (&handshake->source, g_source_unref);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    finish (task, SPC_LEGACY_HANDSHAKE_UNKNOWN, NULL);
  else
    step (task);
  return G_SOURCE_REMOVE;
}

/* Resumes the handshake when the socket can do what GnuTLS waits for */
static void
wait_for_socket (GTask *task)
{
  Handshake *handshake = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (gnutls_record_get_direction (handshake->session) == 0)
    handshake->source = g_pollable_input_stream_create_source (handshake->input, cancellable);
  else
    handshake->source = g_pollable_output_stream_create_source (handshake->output, cancellable);

  g_source_set_static_name (handshake->source, "[spc] legacy TLS handshake");
  /* The source holds the task until it fires or the task is freed */
  g_source_set_callback (handshake->source, G_SOURCE_FUNC (ready_cb),
                         g_object_ref (task), g_object_unref);
  g_source_attach (handshake->source, g_task_get_context (task));
}

static void
step (GTask *task)
{
  Handshake *handshake = g_task_get_task_data (task);
  int ret;

  for (;;)
    {
      ret = gnutls_handshake (handshake->session);
      if (ret == GNUTLS_E_SUCCESS)
        {
          /* The only line ever sent in the session; if it cannot go now,
           * it does not matter: the socket is closed anyway */
          gnutls_record_send (handshake->session, "QUIT\r\n", 6);
          handshake->server_chose = version_from_gnutls (gnutls_protocol_get_version (handshake->session));
          finish (task, SPC_LEGACY_HANDSHAKE_ACCEPTED, NULL);
          return;
        }
      if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
        {
          wait_for_socket (task);
          return;
        }
      if (gnutls_error_is_fatal (ret) || ++handshake->n_non_fatal > MAX_NON_FATAL)
        break;
    }

  if (handshake->server_chose != SPC_LEGACY_VERSION_NONE)
    finish (task, SPC_LEGACY_HANDSHAKE_ACCEPTED, gnutls_strerror (ret));
  else if (is_refusal (ret))
    finish (task, SPC_LEGACY_HANDSHAKE_REFUSED, gnutls_strerror (ret));
  else
    finish (task, SPC_LEGACY_HANDSHAKE_UNKNOWN, gnutls_strerror (ret));
}

static int
setup_session (Handshake         *handshake,
               const char        *server_name,
               SpcLegacyVersions  versions)
{
  int ret;

  if ((ret = gnutls_init (&handshake->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK)) < 0)
    return ret;
  gnutls_session_set_ptr (handshake->session, handshake);
  if ((ret = gnutls_priority_set_direct (handshake->session, priority_for (versions), NULL)) < 0)
    return ret;
  /* No trust list and no verification: only the version is asked for */
  if ((ret = gnutls_certificate_allocate_credentials (&handshake->credentials)) < 0 ||
      (ret = gnutls_credentials_set (handshake->session, GNUTLS_CRD_CERTIFICATE, handshake->credentials)) < 0)
    return ret;
  if (server_name != NULL &&
      (ret = gnutls_server_name_set (handshake->session, GNUTLS_NAME_DNS, server_name, strlen (server_name))) < 0)
    return ret;

  gnutls_transport_set_ptr (handshake->session, handshake);
  gnutls_transport_set_pull_function (handshake->session, pull_cb);
  gnutls_transport_set_push_function (handshake->session, push_cb);
  gnutls_handshake_set_hook_function (handshake->session, GNUTLS_HANDSHAKE_SERVER_HELLO,
                                      GNUTLS_HOOK_POST, server_hello_cb);
  return GNUTLS_E_SUCCESS;
}

void
spc_legacy_handshake_async (GIOStream           *stream,
                            const char          *server_name,
                            SpcLegacyVersions    versions,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Handshake *handshake;
  GInputStream *input;
  GOutputStream *output;
  int ret;

  g_return_if_fail (G_IS_IO_STREAM (stream));
  g_return_if_fail (versions != SPC_LEGACY_VERSION_NONE);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_legacy_handshake_async);
  g_task_set_check_cancellable (task, FALSE);

  handshake = g_new0 (Handshake, 1);
  g_task_set_task_data (task, handshake, handshake_free);

  input = g_io_stream_get_input_stream (stream);
  output = g_io_stream_get_output_stream (stream);
  if (!G_IS_POLLABLE_INPUT_STREAM (input) || !G_IS_POLLABLE_OUTPUT_STREAM (output) ||
      !g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)) ||
      !g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output)))
    {
      finish (task, SPC_LEGACY_HANDSHAKE_UNKNOWN, "The connection cannot be polled");
      return;
    }
  handshake->input = G_POLLABLE_INPUT_STREAM (g_object_ref (input));
  handshake->output = G_POLLABLE_OUTPUT_STREAM (g_object_ref (output));

  ret = setup_session (handshake, server_name, versions);
  if (ret < 0)
    {
      finish (task, SPC_LEGACY_HANDSHAKE_UNKNOWN, gnutls_strerror (ret));
      return;
    }

  step (task);
}

SpcLegacyHandshakeOutcome
spc_legacy_handshake_finish (GAsyncResult       *result,
                             SpcLegacyVersions  *chosen,
                             char              **error_text)
{
  Handshake *handshake;

  g_return_val_if_fail (g_task_is_valid (result, NULL), SPC_LEGACY_HANDSHAKE_UNKNOWN);

  handshake = g_task_get_task_data (G_TASK (result));
  g_task_propagate_boolean (G_TASK (result), NULL);

  if (chosen != NULL)
    *chosen = handshake->outcome == SPC_LEGACY_HANDSHAKE_ACCEPTED ? handshake->server_chose
                                                                 : SPC_LEGACY_VERSION_NONE;
  if (error_text != NULL)
    *error_text = g_strdup (handshake->error_text);
  return handshake->outcome;
}
