/* spc-probe-io.c — lines out, replies in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-command.h"
#include "spc-probe-private.h"
#include "spc-reply-reader.h"

/* Lines out, replies in */

static void
line_seen (GBytes   *line,
           gpointer  user_data)
{
  SpcProbe *self = user_data;
  g_autofree char *text = spc_reply_line_to_text (line);

  if (self->first_raw_line == NULL)
    self->first_raw_line = g_bytes_ref (line);

  spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, text, _spc_probe_now_ms (self));
}

/* The reply read, or why none came, to the handler waiting for it */
static void
deliver_reply (SpcProbe *self,
               GError   *error)
{
  SpcProbeReplyHandler handler = self->reply_handler;

  self->reply_handler = NULL;
  handler (self, error == NULL ? self->reply : NULL, error);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  spc_reply_read_finish (SPC_LINE_READER (object), result, &error);
  deliver_reply (user_data, error);
}

/* A new reply to read into, and the reader over what is spoken now */
static void
begin_reply (SpcProbe *self)
{
  g_clear_pointer (&self->reply, spc_reply_unref);
  g_clear_pointer (&self->first_raw_line, g_bytes_unref);

  self->reply = spc_reply_new ();

  if (self->reader == NULL)
    self->reader = spc_line_reader_new (g_io_stream_get_input_stream (self->stream), 0);
}

void
_spc_probe_read_reply (SpcProbe             *self,
                       SpcProbeReplyHandler  handler)
{
  begin_reply (self);
  self->reply_handler = handler;

  spc_reply_read_async (self->reader, self->reply, self->stage_cancellable,
                        line_seen, self, reply_cb, self);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SpcProbe *self = user_data;
  SpcProbeWriteHandler handler = self->write_handler;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->write_buffer, g_free);
  self->write_handler = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  handler (self, error);
}

void
_spc_probe_write_line (SpcProbe             *self,
                       const char           *line,
                       SpcProbeWriteHandler  handler)
{
  spc_result_add_transcript (self->result, SPC_DIRECTION_CLIENT, line, _spc_probe_now_ms (self));

  g_free (self->write_buffer);
  self->write_buffer = g_strconcat (line, "\r\n", NULL);
  self->write_handler = handler;

  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   self->write_buffer,
                                   strlen (self->write_buffer),
                                   G_PRIORITY_DEFAULT,
                                   self->stage_cancellable,
                                   write_cb,
                                   self);
}

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean written = FALSE;

  spc_command_send_finish (SPC_LINE_READER (object), result, &written, &error);

  /* A failed write goes to fail() directly: no reply will come */
  if (!written)
    {
      self->reply_handler = NULL;
      _spc_probe_fail (self, error);
      return;
    }

  deliver_reply (self, error);
}

void
_spc_probe_send_command (SpcProbe             *self,
                         const char           *command,
                         SpcProbeReplyHandler  handler)
{
  spc_result_add_transcript (self->result, SPC_DIRECTION_CLIENT, command, _spc_probe_now_ms (self));

  begin_reply (self);
  self->reply_handler = handler;

  spc_command_send_async (g_io_stream_get_output_stream (self->stream), self->reader,
                          command, self->reply, self->stage_cancellable,
                          line_seen, self, command_cb, self);
}

void
_spc_probe_record_reply (SpcProbe *self,
                         SpcReply *reply)
{
  const char * const *lines = spc_reply_get_lines (reply);

  spc_result_set_reply (self->result, spc_reply_get_code (reply),
                        lines != NULL ? lines[0] : NULL);
}
