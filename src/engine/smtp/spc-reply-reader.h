/* spc-reply-reader.h — one whole SMTP reply, read line by line
 *
 * The probe and the login read replies the same way: bounded lines from an
 * SpcLineReader fed into an SpcReply until its last line came. Each caller
 * sees every raw line first (its transcript), and keeps the reply it passed,
 * complete or not, to judge what a failure means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-line-reader.h"
#include "spc-reply.h"

G_BEGIN_DECLS

/* Called with each line as it arrives, before it is parsed; @line holds
 * any bytes, without its terminator */
typedef void (*SpcReplyLineFunc) (GBytes   *line,
                                  gpointer  user_data);
/* Such a line as valid UTF-8, as a transcript shows it */
char     *spc_reply_line_to_text (GBytes *line);

/* Reads lines from @reader into @reply (new, owned by the caller) until it
 * is complete. Errors: the line reader's, and the reply parser's
 * (SPC_ERROR_MALFORMED, SPC_ERROR_REPLY_TOO_LARGE). A reply completed as
 * @cancellable fires still counts as read. */
void      spc_reply_read_async  (SpcLineReader       *reader,
                                 SpcReply            *reply,
                                 GCancellable        *cancellable,
                                 SpcReplyLineFunc     line_func,
                                 gpointer             line_data,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean  spc_reply_read_finish (SpcLineReader       *reader,
                                 GAsyncResult        *result,
                                 GError             **error);

G_END_DECLS
