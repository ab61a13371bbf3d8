/* spc-login-private.h — the login's state, shared by its stage files
 *
 * spc-login.c: the object, its run, stages, deadlines, QUIT and the end;
 * spc-login-session.c: lines out and replies in, connect, TLS, greeting,
 * EHLO, STARTTLS; spc-login-auth.c: AUTH; spc-login-message.c: the test
 * message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsasl.h>

#include "spc-deadline.h"
#include "spc-line-reader.h"
#include "spc-login.h"
#include "spc-login-result-private.h"
#include "spc-reply.h"
#include "spc-result-private.h"

G_BEGIN_DECLS

/* How many 334 challenges one AUTH may bring */
#define SPC_LOGIN_MAX_SASL_ROUNDS 10

typedef void (*SpcLoginReplyFunc) (SpcLogin *self,
                                   SpcReply *reply);

struct _SpcLogin
{
  GObject          parent_instance;

  /* What to do */
  char            *host;
  SpcResult       *probe_result;
  guint            timeout_ms;
  GTlsDatabase    *tls_database;
  char            *user;
  SpcSecret       *password;
  SpcSecret       *token;
  char            *mechanism;
  char            *message_from;
  char            *message_to;

  SpcLoginResult  *result;

  /* One run */
  GTask           *task;
  GCancellable    *cancellable;        /* the run's own, chained to the caller's */
  gulong           caller_handler;
  gint64           started_us;
  GCancellable    *stage_cancellable;
  SpcDeadline      deadline;        /* the current stage's */

  /* The conversation */
  GSocketConnection *connection;
  GTlsConnection  *tls;
  GIOStream       *stream;
  SpcLineReader   *reader;
  char            *ehlo_name;
  SpcReply        *reply;
  SpcLoginReplyFunc reply_func;
  GTlsCertificateFlags certificate_errors;
  SpcCapabilities  caps;

  /* AUTH */
  Gsasl           *sasl;
  Gsasl_session   *sasl_session;
  guint            sasl_rounds;
  gboolean         oauth_error_seen;
  SpcLoginRefusal  stop_reason;        /* why we sent "*" */
};

/* spc-login.c */
/* Since the run started */
gint64   spc_login_now_ms       (SpcLogin          *self);
void     spc_login_stage_begin  (SpcLogin          *self,
                                 SpcLoginStage      stage,
                                 guint              deadline_ms);
void     spc_login_note         (SpcLogin          *self,
                                 SpcNote            note,
                                 const char        *text,
                                 const char        *extra,
                                 guint              number);
/* A broken read or write: the outcome says deadline, cancel or error */
void     spc_login_fail         (SpcLogin          *self,
                                 const GError      *error);
/* Ends the run now, without QUIT */
void     spc_login_finish       (SpcLogin          *self);
/* Sets the outcome, then QUIT (bounded) and the end of the run */
void     spc_login_end          (SpcLogin          *self,
                                 SpcLoginOutcome    outcome,
                                 SpcLoginRefusal    refusal);
/* spc_login_end() on the server's @reply, which the result keeps */
void     spc_login_end_with_reply (SpcLogin        *self,
                                   SpcReply        *reply,
                                   SpcLoginOutcome  outcome,
                                   SpcLoginRefusal  refusal);
void     spc_login_quit         (SpcLogin          *self);

/* spc-login-session.c */
void     spc_login_start_connect (SpcLogin         *self);
/* Sends @line and CRLF; the transcript shows @shown instead when not NULL (a
 * credential), nothing when @shown is "" (the caller notes what it sent).
 * Then reads one reply into @func; a failure ends the run. */
void     spc_login_send         (SpcLogin          *self,
                                 const char        *line,
                                 const char        *shown,
                                 SpcLoginReplyFunc  func);

/* spc-login-auth.c */
void     spc_login_start_auth   (SpcLogin          *self);
/* Wipes every copy of the credentials: ours, GNU SASL's */
void     spc_login_forget_credentials (SpcLogin    *self);

/* The XOAUTH2 or OAUTHBEARER initial response, base64; wipe it after use */
char    *spc_login_oauth_initial_response (const char *mechanism,
                                           const char *user,
                                           const char *token,
                                           const char *host,
                                           guint16     port);

/* spc-login-message.c */
void     spc_login_start_message (SpcLogin         *self);
/* The RFC 5322 message, dot-stuffed, ending with "\r\n.\r\n" */
char    *spc_login_build_message (const char       *from,
                                  const char       *to,
                                  const char       *message_id,
                                  GDateTime        *date,
                                  const char       *host,
                                  guint16           port,
                                  SpcMode           mode);
char    *spc_login_make_message_id (const char     *from);

G_END_DECLS
