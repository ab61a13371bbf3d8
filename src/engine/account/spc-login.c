/* spc-login.c — a login check: the object, its run, stages and how it ends
 *
 * Each stage gets a fresh GCancellable, chained to the run's, and a timer
 * that cancels it when the stage's deadline passes (a server dripping one
 * byte a second never trips a socket timeout). What is said on the wire is
 * in spc-login-session.c, AUTH in spc-login-auth.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-login-private.h"

/* QUIT is a courtesy: never wait long for its 221 */
#define QUIT_DEADLINE_MAX_MS 2000

G_DEFINE_FINAL_TYPE (SpcLogin, spc_login, G_TYPE_OBJECT)

gint64
spc_login_now_ms (SpcLogin *self)
{
  return (g_get_monotonic_time () - self->started_us) / 1000;
}

void
spc_login_note (SpcLogin   *self,
                SpcNote     note,
                const char *text,
                const char *extra,
                guint       number)
{
  spc_login_result_add_note (self->result, note, text, extra, number, spc_login_now_ms (self));
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

void
spc_login_finish (SpcLogin *self)
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

void
spc_login_fail (SpcLogin     *self,
                const GError *error)
{
  gboolean user_cancelled = g_cancellable_is_cancelled (self->cancellable);
  gboolean deadline = self->deadline.passed && !user_cancelled &&
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (spc_login_result_get_stage (self->result) == SPC_LOGIN_STAGE_QUIT)
    {
      spc_login_finish (self);
      return;
    }

  if (deadline)
    spc_login_note (self, SPC_NOTE_DEADLINE_PASSED, NULL, NULL, 0);
  else
    spc_login_note (self, SPC_NOTE_ERROR, error->message, NULL, 0);

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

  spc_login_finish (self);
}

/* QUIT, bounded; whatever it brings, the run ends */

static void
quit_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  spc_login_finish (self);
}

void
spc_login_quit (SpcLogin *self)
{
  if (self->stream == NULL)
    {
      spc_login_finish (self);
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

void
spc_login_end_with_reply (SpcLogin        *self,
                          SpcReply        *reply,
                          SpcLoginOutcome  outcome,
                          SpcLoginRefusal  refusal)
{
  spc_login_result_set_reply (self->result, reply);
  spc_login_end (self, outcome, refusal);
}

/* The probe's statuses that measured the port's security: it worked,
 * only without encryption, with a bad certificate or with a STARTTLS
 * injection */
static gboolean
port_answered (SpcStatus status)
{
  return status == SPC_STATUS_OK || status == SPC_STATUS_NO_AUTH ||
         status == SPC_STATUS_PLAINTEXT_ONLY || status == SPC_STATUS_CERTIFICATE_INVALID ||
         status == SPC_STATUS_STARTTLS_INJECTION;
}

/* Before connecting: is this port one a credential may go to? */
static gboolean
refuse_before_connecting (SpcLogin *self)
{
  SpcResult *probe = self->probe_result;
  SpcStatus status = spc_result_get_status (probe);
  SpcLoginOutcome outcome = SPC_LOGIN_REFUSED_INSECURE;
  SpcLoginRefusal refusal = SPC_LOGIN_REFUSAL_NONE;

  /* A port that did not work at all (refused, filtered, never greeted,
   * a failed handshake) says nothing about its encryption: that comes
   * first, so no refusal claims what was never measured */
  if (!port_answered (status))
    {
      outcome = SPC_LOGIN_ERROR;
      refusal = SPC_LOGIN_REFUSAL_PROBE_NOT_GREEN;
    }
  else if (spc_result_get_mode (probe) == SPC_MODE_PLAIN || status == SPC_STATUS_PLAINTEXT_ONLY ||
           spc_result_get_tls_version (probe) == NULL)
    refusal = SPC_LOGIN_REFUSAL_NO_TLS;
  else if (status == SPC_STATUS_CERTIFICATE_INVALID ||
           !spc_result_get_certificate_valid (probe) ||
           spc_result_get_cert_sha256 (probe) == NULL)
    refusal = SPC_LOGIN_REFUSAL_CERTIFICATE;
  else if (status == SPC_STATUS_STARTTLS_INJECTION)
    refusal = SPC_LOGIN_REFUSAL_STARTTLS_INJECTION;
  else if (self->user == NULL || (self->password == NULL && self->token == NULL))
    {
      outcome = SPC_LOGIN_ERROR;
      refusal = SPC_LOGIN_REFUSAL_NO_CREDENTIALS;
    }
  else if (self->mechanism != NULL && !spc_login_mechanism_fits (self->mechanism, self->token != NULL))
    {
      /* PLAIN with a token, XOAUTH2 with a password: nothing the server
       * offers or not, so nothing to connect for */
      spc_login_result_set_mechanism (self->result, self->mechanism);
      outcome = SPC_LOGIN_ERROR;
      refusal = SPC_LOGIN_REFUSAL_SASL_FAILED;
    }
  else if (self->message_to != NULL &&
           (!spc_login_address_is_valid (self->message_from) ||
            !spc_login_address_is_valid (self->message_to)))
    {
      outcome = SPC_LOGIN_ERROR;
      refusal = SPC_LOGIN_REFUSAL_INVALID_ADDRESS;
    }
  else
    return FALSE;

  spc_login_result_set_outcome (self->result, outcome, refusal);
  spc_login_finish (self);
  return TRUE;
}

/* The object */

static void
spc_login_finalize (GObject *object)
{
  SpcLogin *self = SPC_LOGIN (object);

  spc_login_forget_credentials (self);
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

  spc_login_start_connect (self);
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
