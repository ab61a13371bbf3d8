/* spc-line-reader.c — a bounded line reader over a raw GInputStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-error.h"
#include "spc-line-reader.h"

/* Room for a CRLF after a line of the maximum length */
#define TERMINATOR_SLACK 2

struct _SpcLineReader
{
  GObject       parent_instance;

  GInputStream *stream;
  gsize         max_line_length;

  /* Unreturned bytes are buffer[start, end); never more than buffer_size */
  guint8       *buffer;
  gsize         buffer_size;
  gsize         start;
  gsize         end;
  /* Bytes from start already known to hold no LF, so a line arriving one
   * byte at a time is not rescanned from its beginning on every read */
  gsize         scanned;

  gboolean      eof;
  gboolean      saw_bare_lf;
  gboolean      reading;
};

G_DEFINE_FINAL_TYPE (SpcLineReader, spc_line_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STREAM,
  PROP_MAX_LINE_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
spc_line_reader_constructed (GObject *object)
{
  SpcLineReader *self = SPC_LINE_READER (object);

  G_OBJECT_CLASS (spc_line_reader_parent_class)->constructed (object);

  g_assert (G_IS_INPUT_STREAM (self->stream));

  self->buffer_size = self->max_line_length + TERMINATOR_SLACK;
  self->buffer = g_malloc (self->buffer_size);
}

static void
spc_line_reader_finalize (GObject *object)
{
  SpcLineReader *self = SPC_LINE_READER (object);

  g_clear_object (&self->stream);
  g_clear_pointer (&self->buffer, g_free);

  G_OBJECT_CLASS (spc_line_reader_parent_class)->finalize (object);
}

static void
spc_line_reader_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpcLineReader *self = SPC_LINE_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;

    case PROP_MAX_LINE_LENGTH:
      g_value_set_uint64 (value, self->max_line_length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_line_reader_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpcLineReader *self = SPC_LINE_READER (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;

    case PROP_MAX_LINE_LENGTH:
      self->max_line_length = g_value_get_uint64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_line_reader_class_init (SpcLineReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = spc_line_reader_constructed;
  object_class->finalize = spc_line_reader_finalize;
  object_class->get_property = spc_line_reader_get_property;
  object_class->set_property = spc_line_reader_set_property;

  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL,
                         G_TYPE_INPUT_STREAM,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /* Capped so a caller cannot ask for an unbounded buffer by accident */
  properties[PROP_MAX_LINE_LENGTH] =
    g_param_spec_uint64 ("max-line-length", NULL, NULL,
                         1, 1024 * 1024, SPC_LINE_READER_DEFAULT_MAX_LINE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_line_reader_init (SpcLineReader *self)
{
  self->max_line_length = SPC_LINE_READER_DEFAULT_MAX_LINE;
}

/**
 * spc_line_reader_new:
 * @stream: the raw stream to read from
 * @max_line_length: the longest line accepted, without its terminator;
 *   0 for %SPC_LINE_READER_DEFAULT_MAX_LINE
 */
SpcLineReader *
spc_line_reader_new (GInputStream *stream,
                     gsize         max_line_length)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (max_line_length == 0)
    max_line_length = SPC_LINE_READER_DEFAULT_MAX_LINE;

  return g_object_new (SPC_TYPE_LINE_READER,
                       "stream", stream,
                       "max-line-length", (guint64) max_line_length,
                       NULL);
}

gsize
spc_line_reader_get_buffered (SpcLineReader *self)
{
  g_return_val_if_fail (SPC_IS_LINE_READER (self), 0);

  return self->end - self->start;
}

gboolean
spc_line_reader_get_saw_bare_lf (SpcLineReader *self)
{
  g_return_val_if_fail (SPC_IS_LINE_READER (self), FALSE);

  return self->saw_bare_lf;
}

/* Returns TRUE when @task got its result (a line or an error) from what
 * is buffered; FALSE when more bytes must be read. */
static gboolean
try_take_line (SpcLineReader *self,
               GTask         *task)
{
  const guint8 *data = self->buffer + self->start;
  gsize available = self->end - self->start;
  const guint8 *lf;

  lf = memchr (data + self->scanned, '\n', available - self->scanned);

  if (lf != NULL)
    {
      gsize consumed = (gsize) (lf - data) + 1;
      gsize length = consumed - 1;
      gboolean bare_lf = TRUE;

      if (length > 0 && data[length - 1] == '\r')
        {
          length--;
          bare_lf = FALSE;
        }

      if (length > self->max_line_length)
        {
          g_task_return_new_error (task, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG,
                                   _("The server sent a line longer than %u bytes."),
                                   (guint) self->max_line_length);
          return TRUE;
        }

      self->saw_bare_lf = bare_lf;
      self->start += consumed;
      self->scanned = 0;
      if (self->start == self->end)
        self->start = self->end = 0;

      g_task_return_pointer (task,
                             g_bytes_new (data, length),
                             (GDestroyNotify) g_bytes_unref);
      return TRUE;
    }

  self->scanned = available;

  /* A full buffer without LF holds a line of at least max + 2 bytes */
  if (available >= self->buffer_size)
    {
      g_task_return_new_error (task, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG,
                               _("The server sent a line longer than %u bytes."),
                               (guint) self->max_line_length);
      return TRUE;
    }

  if (self->eof)
    {
      g_task_return_new_error (task, SPC_ERROR, SPC_ERROR_CLOSED,
                               available > 0
                               ? _("The server closed the connection in the middle of a line.")
                               : _("The server closed the connection."));
      return TRUE;
    }

  return FALSE;
}

static void read_more (SpcLineReader *self,
                       GTask         *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpcLineReader *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n_read < 0)
    {
      self->reading = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (n_read == 0)
    self->eof = TRUE;
  else
    self->end += n_read;

  /* Not busy while the line is handed over: the caller's callback may run
   * right here and ask for the next line. */
  self->reading = FALSE;
  if (!try_take_line (self, task))
    {
      self->reading = TRUE;
      read_more (self, g_steal_pointer (&task));
    }
}

static void
read_more (SpcLineReader *self,
           GTask         *task)
{
  /* Move the partial line to the front so the whole buffer can fill */
  if (self->start > 0)
    {
      memmove (self->buffer, self->buffer + self->start, self->end - self->start);
      self->end -= self->start;
      self->start = 0;
    }

  g_input_stream_read_async (self->stream,
                             self->buffer + self->end,
                             self->buffer_size - self->end,
                             g_task_get_priority (task),
                             g_task_get_cancellable (task),
                             read_cb,
                             task);
}

void
spc_line_reader_read_line_async (SpcLineReader       *self,
                                 int                  io_priority,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SPC_IS_LINE_READER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_line_reader_read_line_async);
  g_task_set_priority (task, io_priority);

  if (self->reading)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A line is already being read");
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (try_take_line (self, task))
    return;

  self->reading = TRUE;
  read_more (self, g_steal_pointer (&task));
}

GBytes *
spc_line_reader_read_line_finish (SpcLineReader  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (SPC_IS_LINE_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
