/* spc-command.c — one command out, its reply in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-command.h"

typedef struct {
  char                  *buffer;    /* the line and CRLF; wiped once written */
  gsize                  length;
  SpcReply              *reply;
  SpcReplyLineFunc       line_func;
  gpointer               line_data;
  gboolean               written;
} CommandData;

static void
command_data_free (gpointer data)
{
  CommandData *command = data;

  g_free (command->buffer);
  spc_reply_unref (command->reply);
  g_free (command);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!spc_reply_read_finish (SPC_LINE_READER (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CommandData *command = g_task_get_task_data (task);
  SpcLineReader *reader = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  /* The line may hold a credential; explicit_bzero() is what
   * spc_secret_wipe() does, and smtp/ does not depend on account/ */
  explicit_bzero (command->buffer, command->length);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  command->written = TRUE;

  spc_reply_read_async (reader, command->reply, cancellable,
                        command->line_func, command->line_data,
                        reply_cb, g_steal_pointer (&task));
}

void
spc_command_send_async (GOutputStream          *output,
                        SpcLineReader          *reader,
                        const char             *line,
                        SpcReply               *reply,
                        GCancellable           *cancellable,
                        SpcReplyLineFunc        line_func,
                        gpointer                line_data,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  GTask *task;
  CommandData *command;

  g_return_if_fail (G_IS_OUTPUT_STREAM (output));
  g_return_if_fail (SPC_IS_LINE_READER (reader));
  g_return_if_fail (line != NULL);
  g_return_if_fail (reply != NULL);

  task = g_task_new (reader, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_command_send_async);
  /* Each step reports cancellation itself; a reply that completed stays
   * complete, as in spc_reply_read_async() */
  g_task_set_check_cancellable (task, FALSE);

  command = g_new0 (CommandData, 1);
  command->buffer = g_strconcat (line, "\r\n", NULL);
  command->length = strlen (command->buffer);
  command->reply = spc_reply_ref (reply);
  command->line_func = line_func;
  command->line_data = line_data;
  g_task_set_task_data (task, command, command_data_free);

  /* The task keeps the buffer alive until the write ends */
  g_output_stream_write_all_async (output, command->buffer, command->length,
                                   g_task_get_priority (task), cancellable,
                                   written_cb, task);
}

gboolean
spc_command_send_finish (SpcLineReader  *reader,
                         GAsyncResult   *result,
                         gboolean       *written,
                         GError        **error)
{
  CommandData *command;

  g_return_val_if_fail (g_task_is_valid (result, reader), FALSE);

  command = g_task_get_task_data (G_TASK (result));
  if (written != NULL)
    *written = command->written;
  return g_task_propagate_boolean (G_TASK (result), error);
}
