/* spc-line-reader.h — a bounded line reader over a raw GInputStream
 *
 * GDataInputStream grows its buffer without limit; this one never holds more
 * than its maximum line length, and tells how many bytes are buffered beyond
 * the last line (STARTTLS injection detection).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_LINE_READER_DEFAULT_MAX_LINE 4096

#define SPC_TYPE_LINE_READER (spc_line_reader_get_type ())

G_DECLARE_FINAL_TYPE (SpcLineReader, spc_line_reader, SPC, LINE_READER, GObject)

SpcLineReader *spc_line_reader_new              (GInputStream        *stream,
                                                 gsize                max_line_length);
/* Reads one line ending in CRLF (a bare LF also ends a line; a bare CR does
 * not). The returned bytes exclude the terminator and may contain anything
 * (NUL, invalid UTF-8): the reply parser judges them.
 * Errors: SPC_ERROR_LINE_TOO_LONG past max_line_length (the rest is not
 * read), SPC_ERROR_CLOSED on end of stream (even mid-line), G_IO_ERROR_*
 * from the stream, G_IO_ERROR_CANCELLED. Only one read at a time. */
void           spc_line_reader_read_line_async  (SpcLineReader       *self,
                                                 int                  io_priority,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes        *spc_line_reader_read_line_finish (SpcLineReader       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Bytes received but not yet returned as a line */
gsize          spc_line_reader_get_buffered     (SpcLineReader       *self);
/* TRUE when the last line ended in a bare LF (recorded, tolerated) */
gboolean       spc_line_reader_get_saw_bare_lf  (SpcLineReader       *self);

G_END_DECLS
