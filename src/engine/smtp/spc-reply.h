/* spc-reply.h — a pure, bounded SMTP reply parser (RFC 5321 §4.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define SPC_REPLY_MAX_LINES 128
#define SPC_REPLY_MAX_BYTES (32 * 1024)

#define SPC_TYPE_REPLY (spc_reply_get_type ())

typedef struct _SpcReply SpcReply;

typedef enum {
  SPC_REPLY_NEED_MORE,   /* a "250-" continuation line was added */
  SPC_REPLY_COMPLETE,    /* the final "250 " (or bare "250") line was added */
  SPC_REPLY_ERROR,       /* malformed, mismatched code, or over the caps: see error */
} SpcReplyState;

GType          spc_reply_get_type      (void) G_GNUC_CONST;
SpcReply      *spc_reply_new           (void);
SpcReply      *spc_reply_ref           (SpcReply    *reply);
void           spc_reply_unref         (SpcReply    *reply);

/* Feeds one line without its line terminator. @line need not be
 * NUL-terminated and may hold any bytes: NUL or a missing/invalid code is
 * SPC_ERROR_MALFORMED, a code differing from the first line's is
 * SPC_ERROR_MALFORMED, more than SPC_REPLY_MAX_LINES lines or
 * SPC_REPLY_MAX_BYTES bytes is SPC_ERROR_REPLY_TOO_LARGE. */
SpcReplyState  spc_reply_add_line      (SpcReply    *reply,
                                        const char  *line,
                                        gsize        length,
                                        GError     **error);
gboolean       spc_reply_is_complete   (const SpcReply *reply);
/* 100..599 as sent; any other code (999, 000) is SPC_ERROR_MALFORMED */
guint          spc_reply_get_code      (const SpcReply *reply);
/* The text of each line after "NNN-" / "NNN ", as valid UTF-8 (invalid
 * sequences replaced by U+FFFD); NULL-terminated, owned by the reply. */
const char * const *spc_reply_get_lines (const SpcReply *reply);
guint          spc_reply_get_n_lines   (const SpcReply *reply);
/* All lines joined with "\n" (newly allocated) */
char          *spc_reply_dup_text      (const SpcReply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcReply, spc_reply_unref)

G_END_DECLS
