/* spc-login-text.h — a login check's facts in words: what happened, what next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "spc-login-result.h"

G_BEGIN_DECLS

/* One sentence saying what the login check found (translated) */
char      *spc_login_text_describe         (SpcLoginResult *result);
/* One sentence saying what to do next, or NULL when nothing is to be done */
char      *spc_login_text_advise           (SpcLoginResult *result);
/* The same for the test message; NULL when none was sent */
char      *spc_login_text_describe_message (SpcLoginResult *result);
char      *spc_login_text_advise_message   (SpcLoginResult *result);

/* Why GNOME Online Accounts gave no token (spc_goa_get_token_finish's
 * @error), and what to do instead: one or two sentences */
char      *spc_login_text_describe_goa_error (const GError *error);

/* A line of the login's transcript: the line itself, or a note in words */
char      *spc_login_text_describe_line    (const SpcTranscriptLine *line);

/* The CLI's JSON contract: {host, port, mechanism, result, reply, advice} */
JsonNode  *spc_login_text_to_json          (SpcLoginResult *result);
/* {to, result, reply, message_id, queue_id}; NULL when no message was asked */
JsonNode  *spc_login_text_message_to_json  (SpcLoginResult *result);

G_END_DECLS
