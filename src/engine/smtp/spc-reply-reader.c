/* spc-reply-reader.c — one whole SMTP reply, read line by line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-reply-reader.h"

typedef struct {
  SpcReply         *reply;
  SpcReplyLineFunc  line_func;
  gpointer          line_data;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *read = data;

  spc_reply_unref (read->reply);
  g_free (read);
}

char *
spc_reply_line_to_text (GBytes *line)
{
  const char *data;
  gsize length = 0;

  g_return_val_if_fail (line != NULL, NULL);

  data = g_bytes_get_data (line, &length);
  return g_utf8_make_valid (data != NULL ? data : "", length);
}

static void read_next_line (GTask *task);

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *read = g_task_get_task_data (task);
  g_autoptr(GBytes) line = NULL;
  GError *error = NULL;
  const char *data;
  gsize length = 0;

  line = spc_line_reader_read_line_finish (SPC_LINE_READER (object), result, &error);
  if (line == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (read->line_func != NULL)
    read->line_func (line, read->line_data);

  data = g_bytes_get_data (line, &length);
  switch (spc_reply_add_line (read->reply, data != NULL ? data : "", length, &error))
    {
    case SPC_REPLY_NEED_MORE:
      read_next_line (g_steal_pointer (&task));
      break;

    case SPC_REPLY_COMPLETE:
      g_task_return_boolean (task, TRUE);
      break;

    case SPC_REPLY_ERROR:
    default:
      g_task_return_error (task, error);
      break;
    }
}

static void
read_next_line (GTask *task)
{
  spc_line_reader_read_line_async (g_task_get_source_object (task),
                                   g_task_get_priority (task),
                                   g_task_get_cancellable (task),
                                   line_cb,
                                   task);
}

void
spc_reply_read_async (SpcLineReader       *reader,
                      SpcReply            *reply,
                      GCancellable        *cancellable,
                      SpcReplyLineFunc     line_func,
                      gpointer             line_data,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  ReadData *read;

  g_return_if_fail (SPC_IS_LINE_READER (reader));
  g_return_if_fail (reply != NULL);

  task = g_task_new (reader, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_reply_read_async);
  /* The line reader reports cancellation itself; a reply that completed
   * stays complete */
  g_task_set_check_cancellable (task, FALSE);

  read = g_new0 (ReadData, 1);
  read->reply = spc_reply_ref (reply);
  read->line_func = line_func;
  read->line_data = line_data;
  g_task_set_task_data (task, read, read_data_free);

  read_next_line (task);
}

gboolean
spc_reply_read_finish (SpcLineReader  *reader,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, reader), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
