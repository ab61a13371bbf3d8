/* spc-login-result-private.h — how SpcLogin fills a login result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-login-result.h"
#include "spc-reply.h"

G_BEGIN_DECLS

SpcLoginResult *spc_login_result_new           (const char      *host,
                                                guint16          port,
                                                SpcMode          mode,
                                                const char      *user);
void            spc_login_result_set_stage     (SpcLoginResult  *self,
                                                SpcLoginStage    stage);
void            spc_login_result_set_outcome   (SpcLoginResult  *self,
                                                SpcLoginOutcome  outcome,
                                                SpcLoginRefusal  refusal);
void            spc_login_result_set_mechanism (SpcLoginResult  *self,
                                                const char      *mechanism);
/* The last reply to the login; NULL clears it */
void            spc_login_result_set_reply     (SpcLoginResult  *self,
                                                const SpcReply  *reply);
void            spc_login_result_set_error     (SpcLoginResult  *self,
                                                const char      *message);
void            spc_login_result_set_auth      (SpcLoginResult  *self,
                                                gboolean         after_tls,
                                                const char * const *mechanisms);
void            spc_login_result_set_sha256    (SpcLoginResult  *self,
                                                const char      *expected,
                                                const char      *seen);
/* @text must hold no credential: the caller masks it */
void            spc_login_result_add_transcript (SpcLoginResult *self,
                                                SpcDirection     direction,
                                                const char      *text,
                                                gint64           t_ms);
/* A note of what the check did or saw (SPC_DIRECTION_NOTE); its words
 * are made in advice/ (spc_login_text_describe_line()) */
void            spc_login_result_add_note      (SpcLoginResult *self,
                                                SpcNote          note,
                                                const char      *text,
                                                const char      *extra,
                                                guint            number,
                                                gint64           t_ms);
void            spc_login_result_set_message   (SpcLoginResult  *self,
                                                const char      *from,
                                                const char      *to,
                                                const char      *message_id);
void            spc_login_result_set_message_outcome (SpcLoginResult       *self,
                                                      SpcTestMessageOutcome outcome,
                                                      const SpcReply       *reply);

G_END_DECLS
