/* spc-login-auth.c — AUTH: GNU SASL for passwords, XOAUTH2/OAUTHBEARER for tokens
 *
 * Reached only inside TLS, after the certificate matched the probe's, and
 * only with a mechanism the server offered inside TLS. Every line that may
 * carry a credential is shown as "****" in the transcript, and every buffer
 * that held one is wiped before it is freed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-login-private.h"

static const char * const password_mechanisms[] = {
  "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN", NULL,
};

static const char * const token_mechanisms[] = {
  "OAUTHBEARER", "XOAUTH2", NULL,
};

/* The client speaks first: the first message goes with AUTH (RFC 4954 §4) */
static const char * const client_first_mechanisms[] = {
  "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", NULL,
};

const char * const *
spc_login_get_password_mechanisms (void)
{
  return password_mechanisms;
}

gboolean
spc_login_mechanism_fits (const char *mechanism,
                          gboolean    token)
{
  g_autofree char *upper = g_ascii_strup (mechanism, -1);

  return g_strv_contains (token ? token_mechanisms : password_mechanisms, upper);
}

static gboolean
is_oauth (const char *mechanism)
{
  return g_strv_contains (token_mechanisms, mechanism);
}

static gboolean
offered (const char * const *list,
         const char         *mechanism)
{
  return list != NULL && g_strv_contains (list, mechanism);
}

/* The mechanism to use, or NULL with @outcome and @refusal set (and the
 * mechanism that could not be used in *@refused) */
static const char *
choose_mechanism (SpcLogin         *self,
                  SpcLoginOutcome  *outcome,
                  SpcLoginRefusal  *refusal,
                  const char      **refused)
{
  const char * const *usable = self->token != NULL ? token_mechanisms : password_mechanisms;
  const char * const *inside = (const char * const *) self->caps.auth;
  const char * const *before = spc_login_result_get_auth_before_tls (self->result);

  *outcome = SPC_LOGIN_NOT_OFFERED;
  *refusal = SPC_LOGIN_REFUSAL_NONE;
  *refused = self->mechanism;

  if (self->mechanism != NULL)
    {
      if (!g_strv_contains (usable, self->mechanism))
        return NULL;
      if (offered (inside, self->mechanism))
        return self->mechanism;
      if (offered (before, self->mechanism))
        {
          *outcome = SPC_LOGIN_REFUSED_INSECURE;
          *refusal = SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY;
        }
      return NULL;
    }

  for (guint i = 0; usable[i] != NULL; i++)
    if (offered (inside, usable[i]))
      return usable[i];

  for (guint i = 0; usable[i] != NULL; i++)
    if (offered (before, usable[i]))
      {
        *outcome = SPC_LOGIN_REFUSED_INSECURE;
        *refusal = SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY;
        *refused = usable[i];
        break;
      }

  return NULL;
}

static void
wipe_sasl_property (Gsasl_session  *session,
                    Gsasl_property  property)
{
  /* GNU SASL frees its copies without clearing them: clear them first */
  char *value = (char *) gsasl_property_fast (session, property);

  if (value != NULL)
    spc_secret_wipe (value, strlen (value));
}

void
spc_login_forget_credentials (SpcLogin *self)
{
  if (self->sasl_session != NULL)
    {
      wipe_sasl_property (self->sasl_session, GSASL_PASSWORD);
      wipe_sasl_property (self->sasl_session, GSASL_SCRAM_SALTED_PASSWORD);
      gsasl_finish (self->sasl_session);
      self->sasl_session = NULL;
    }
  g_clear_pointer (&self->sasl, gsasl_done);
  g_clear_pointer (&self->password, spc_secret_free);
  g_clear_pointer (&self->token, spc_secret_free);
}

static void
auth_succeeded (SpcLogin *self,
                SpcReply *reply)
{
  spc_login_result_set_reply (self->result, reply);
  spc_login_result_set_outcome (self->result, SPC_LOGIN_OK, SPC_LOGIN_REFUSAL_NONE);
  spc_login_forget_credentials (self);

  if (self->message_to != NULL)
    spc_login_start_message (self);
  else
    spc_login_quit (self);
}

/* "*" cancels an exchange (RFC 4954 §4); its 501 ends the run as an error */
static void
cancelled_reply_cb (SpcLogin *self,
                    SpcReply *reply)
{
  spc_login_end_with_reply (self, reply, SPC_LOGIN_ERROR, self->stop_reason);
}

static void
cancel_exchange (SpcLogin        *self,
                 SpcLoginRefusal  why)
{
  self->stop_reason = why;
  spc_login_forget_credentials (self);
  spc_login_send (self, "*", NULL, cancelled_reply_cb);
}

/* GNU SASL */

static void
sasl_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  const char * const *lines = spc_reply_get_lines (reply);
  guint code = spc_reply_get_code (reply);
  char *response = NULL;
  int rc;

  if (code == 235)
    {
      auth_succeeded (self, reply);
      return;
    }

  if (code != 334)
    {
      spc_login_end_with_reply (self, reply, code >= 400 ? SPC_LOGIN_REJECTED : SPC_LOGIN_ERROR,
                                SPC_LOGIN_REFUSAL_NONE);
      return;
    }

  if (++self->sasl_rounds > SPC_LOGIN_MAX_SASL_ROUNDS)
    {
      spc_login_note (self, SPC_NOTE_SASL_TOO_MANY_STEPS, NULL, NULL, SPC_LOGIN_MAX_SASL_ROUNDS);
      cancel_exchange (self, SPC_LOGIN_REFUSAL_TOO_MANY_STEPS);
      return;
    }

  rc = gsasl_step64 (self->sasl_session, lines != NULL && lines[0] != NULL ? lines[0] : "", &response);
  if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
    {
      spc_login_note (self, SPC_NOTE_SASL_FAILED, gsasl_mechanism_name (self->sasl_session),
                      gsasl_strerror (rc), 0);
      gsasl_free (response);
      cancel_exchange (self, SPC_LOGIN_REFUSAL_SASL_FAILED);
      return;
    }

  spc_login_send (self, response != NULL ? response : "", "****", sasl_reply_cb);
  if (response != NULL)
    spc_secret_wipe (response, strlen (response));
  gsasl_free (response);
}

static void
start_sasl (SpcLogin   *self,
            const char *mechanism)
{
  g_autofree char *shown = g_strdup_printf ("AUTH %s ****", mechanism);
  char *initial = NULL;
  char *line;
  int rc;

  rc = gsasl_init (&self->sasl);
  if (rc == GSASL_OK)
    rc = gsasl_client_start (self->sasl, mechanism, &self->sasl_session);
  if (rc != GSASL_OK)
    {
      spc_login_note (self, SPC_NOTE_SASL_FAILED, mechanism, gsasl_strerror (rc), 0);
      spc_login_end (self, SPC_LOGIN_ERROR, SPC_LOGIN_REFUSAL_SASL_FAILED);
      return;
    }

  gsasl_property_set (self->sasl_session, GSASL_AUTHID, self->user);
  gsasl_property_set (self->sasl_session, GSASL_PASSWORD, spc_secret_get (self->password));
  gsasl_property_set (self->sasl_session, GSASL_SERVICE, "smtp");
  gsasl_property_set (self->sasl_session, GSASL_HOSTNAME, self->host);
  /* Only GNU SASL's copy is used from here on */
  g_clear_pointer (&self->password, spc_secret_free);

  if (!g_strv_contains (client_first_mechanisms, mechanism))
    {
      /* LOGIN and CRAM-MD5 wait for the server's first challenge */
      line = g_strdup_printf ("AUTH %s", mechanism);
      spc_login_send (self, line, NULL, sasl_reply_cb);
      g_free (line);
      return;
    }

  rc = gsasl_step64 (self->sasl_session, "", &initial);
  if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
    {
      spc_login_note (self, SPC_NOTE_SASL_FAILED, mechanism, gsasl_strerror (rc), 0);
      gsasl_free (initial);
      spc_login_end (self, SPC_LOGIN_ERROR, SPC_LOGIN_REFUSAL_SASL_FAILED);
      return;
    }

  /* An empty initial response is "=" (RFC 4954 §4) */
  line = g_strdup_printf ("AUTH %s %s", mechanism, initial != NULL && initial[0] != '\0' ? initial : "=");
  spc_login_send (self, line, shown, sasl_reply_cb);
  spc_secret_wipe_string (line);
  if (initial != NULL)
    spc_secret_wipe (initial, strlen (initial));
  gsasl_free (initial);
}

/* XOAUTH2 (Google, Microsoft) and OAUTHBEARER (RFC 7628) */

/* The GS2 header's authzid escapes "," and "=" (RFC 5801 §4) */
static char *
escape_saslname (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == ',')
        g_string_append (out, "=2C");
      else if (*p == '=')
        g_string_append (out, "=3D");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The initial client response, base64; wipe it after use */
char *
spc_login_oauth_initial_response (const char *mechanism,
                                  const char *user,
                                  const char *token,
                                  const char *host,
                                  guint16     port)
{
  char *raw;
  char *encoded;

  if (g_str_equal (mechanism, "XOAUTH2"))
    raw = g_strdup_printf ("user=%s\001auth=Bearer %s\001\001", user, token);
  else
    {
      g_autofree char *authzid = escape_saslname (user);

      raw = g_strdup_printf ("n,a=%s,\001host=%s\001port=%u\001auth=Bearer %s\001\001",
                             authzid, host, port, token);
    }

  encoded = g_base64_encode ((const guchar *) raw, strlen (raw));
  spc_secret_wipe_string (raw);
  return encoded;
}

static void
oauth_reply_cb (SpcLogin *self,
                SpcReply *reply)
{
  guint code = spc_reply_get_code (reply);
  const char *mechanism = spc_login_result_get_mechanism (self->result);

  if (code == 235 && !self->oauth_error_seen)
    {
      auth_succeeded (self, reply);
      return;
    }

  if (code == 334 && !self->oauth_error_seen)
    {
      /* The server's error details (base64 JSON); the client answers with
       * an empty line (XOAUTH2) or a lone 0x01 (OAUTHBEARER, RFC 7628
       * §3.2.3) and then gets the final refusal */
      self->oauth_error_seen = TRUE;
      spc_login_forget_credentials (self);
      spc_login_send (self, g_str_equal (mechanism, "XOAUTH2") ? "" : "AQ==", NULL, oauth_reply_cb);
      return;
    }

  spc_login_end_with_reply (self, reply,
                            code == 235 ? SPC_LOGIN_OK : code >= 400 ? SPC_LOGIN_REJECTED : SPC_LOGIN_ERROR,
                            SPC_LOGIN_REFUSAL_NONE);
}

static void
start_oauth (SpcLogin   *self,
             const char *mechanism)
{
  g_autofree char *shown = g_strdup_printf ("AUTH %s ****", mechanism);
  char *initial = spc_login_oauth_initial_response (mechanism, self->user, spc_secret_get (self->token),
                                                    self->host,
                                                    spc_result_get_port (self->probe_result));
  char *line = g_strdup_printf ("AUTH %s %s", mechanism, initial);

  spc_login_send (self, line, shown, oauth_reply_cb);
  spc_secret_wipe_string (line);
  spc_secret_wipe_string (initial);
}

void
spc_login_start_auth (SpcLogin *self)
{
  SpcLoginOutcome outcome;
  SpcLoginRefusal refusal;
  const char *refused = NULL;
  const char *mechanism = choose_mechanism (self, &outcome, &refusal, &refused);

  if (mechanism == NULL)
    {
      spc_login_result_set_mechanism (self->result, refused);
      spc_login_end (self, outcome, refusal);
      return;
    }

  spc_login_result_set_mechanism (self->result, mechanism);
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_AUTH, self->timeout_ms);
  self->sasl_rounds = 0;
  self->oauth_error_seen = FALSE;

  if (is_oauth (mechanism))
    start_oauth (self, mechanism);
  else
    start_sasl (self, mechanism);
}
