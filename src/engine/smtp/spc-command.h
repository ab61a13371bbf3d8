/* spc-command.h — one command out, its reply in
 *
 * The probe, the login and the TLS 1.0/1.1 check each send a line and read
 * the one reply it brings the same way. The transcript stays theirs: each
 * records what it sent (or a masked form) before calling this. The line
 * may hold a credential (the login's AUTH): the copy written is wiped as
 * soon as the write ends, whether it succeeded or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-line-reader.h"
#include "spc-reply.h"
#include "spc-reply-reader.h"

G_BEGIN_DECLS

/* Writes @line and CRLF to @output, then reads one reply from @reader
 * (over the same connection's input) into @reply (new, owned by the
 * caller), as spc_reply_read_async() does, with @line_func (may be NULL)
 * and @line_data; @cancellable serves both steps. */
void     spc_command_send_async  (GOutputStream          *output,
                                  SpcLineReader          *reader,
                                  const char             *line,
                                  SpcReply               *reply,
                                  GCancellable           *cancellable,
                                  SpcReplyLineFunc        line_func,
                                  gpointer                line_data,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data);
/* @written (may be NULL) tells which step failed: FALSE, the write (no
 * reply will come; errors: G_IO_ERROR_*), TRUE, the read (errors: those of
 * spc_reply_read_finish()) */
gboolean spc_command_send_finish (SpcLineReader          *reader,
                                  GAsyncResult           *result,
                                  gboolean               *written,
                                  GError                **error);

G_END_DECLS
