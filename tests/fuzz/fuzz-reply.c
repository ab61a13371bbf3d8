/* fuzz-reply.c — libFuzzer target: bytes from a "server" through the line
 * reader (over a GMemoryInputStream, driving a main context) into the
 * reply parser, and the same bytes split into lines straight into the
 * parser, so lines beyond the reader's cap reach the parser too.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "fuzz-lines.h"
#include "fuzz-read-line.h"
#include "spc-error.h"
#include "spc-line-reader.h"
#include "spc-reply.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Exercises every accessor, so a broken invariant shows up here */
static void
inspect_reply (SpcReply *reply)
{
  g_autofree char *text = spc_reply_dup_text (reply);
  const char * const *lines = spc_reply_get_lines (reply);
  guint n_lines = spc_reply_get_n_lines (reply);
  guint code = spc_reply_get_code (reply);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (lines);
  g_assert_null (lines[n_lines]);
  for (guint i = 0; i < n_lines; i++)
    g_assert_true (g_utf8_validate (lines[i], -1, NULL));
  g_assert_cmpuint (n_lines, <=, SPC_REPLY_MAX_LINES);
  if (n_lines > 0)
    g_assert_true (code >= 100 && code <= 599);
  if (spc_reply_is_complete (reply))
    g_assert_cmpuint (n_lines, >, 0);
}

/* Returns a fresh reply when the current one ended or failed */
static SpcReply *
feed (SpcReply   *reply,
      const char *line,
      gsize       length)
{
  g_autoptr(GError) error = NULL;
  SpcReplyState state = spc_reply_add_line (reply, line, length, &error);

  if (state == SPC_REPLY_ERROR)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SPC_ERROR);
      g_assert_true (error->code == SPC_ERROR_MALFORMED || error->code == SPC_ERROR_REPLY_TOO_LARGE);
    }
  else
    {
      g_assert_null (error);
    }

  inspect_reply (reply);

  if (state == SPC_REPLY_NEED_MORE)
    return reply;

  spc_reply_unref (reply);
  return spc_reply_new ();
}

static void
through_reader (const guint8 *data,
                size_t        size)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SpcLineReader) reader = NULL;
  SpcReply *reply = spc_reply_new ();
  /* Small caps from the first byte, so long-line paths are reached by
   * small inputs */
  gsize max_line = size > 0 ? 8 + data[0] * 4 : SPC_LINE_READER_DEFAULT_MAX_LINE;

  g_main_context_push_thread_default (context);

  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  reader = spc_line_reader_new (stream, max_line);

  /* Each read returns a line (at least one byte consumed) or an error */
  for (gsize round = 0; round <= size + 1; round++)
    {
      FuzzReadResult read = { 0 };
      guint iterations = 0;

      spc_line_reader_read_line_async (reader, G_PRIORITY_DEFAULT, NULL, fuzz_read_line_cb, &read);
      while (!read.done)
        {
          g_main_context_iteration (context, TRUE);
          g_assert_cmpuint (++iterations, <, 100000);
        }

      g_assert_true ((read.line == NULL) != (read.error == NULL));
      g_assert_cmpuint (spc_line_reader_get_buffered (reader), <=, max_line + 2);

      if (read.error != NULL)
        {
          g_assert_true (read.error->domain == SPC_ERROR);
          g_assert_true (read.error->code == SPC_ERROR_CLOSED || read.error->code == SPC_ERROR_LINE_TOO_LONG);
          g_clear_error (&read.error);
          break;
        }

      g_assert_cmpuint (g_bytes_get_size (read.line), <=, max_line);
      reply = feed (reply, g_bytes_get_data (read.line, NULL), g_bytes_get_size (read.line));
      g_bytes_unref (read.line);
    }

  spc_reply_unref (reply);

  /* Nothing may be left behind on the context */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

static void
feed_line (const char *line,
           gsize       length,
           gpointer    user_data)
{
  SpcReply **reply = user_data;

  *reply = feed (*reply, line, length);
}

static void
straight_to_parser (const guint8 *data,
                    size_t        size)
{
  SpcReply *reply = spc_reply_new ();

  fuzz_each_line (data, size, feed_line, &reply);
  spc_reply_unref (reply);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  through_reader (data, size);
  straight_to_parser (data, size);

  return 0;
}
