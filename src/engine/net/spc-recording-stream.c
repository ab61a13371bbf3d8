/* spc-recording-stream.c — an input stream that keeps the first bytes it reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-recording-stream.h"

struct _SpcRecordingStream
{
  GFilterInputStream  parent_instance;

  /* The TLS handshake reads from its own thread */
  GMutex              mutex;
  GByteArray         *head;
  gsize               limit;
};

static void spc_recording_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpcRecordingStream, spc_recording_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      spc_recording_stream_pollable_init))

static GInputStream *
get_base (SpcRecordingStream *self)
{
  return g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (self));
}

static void
record (SpcRecordingStream *self,
        const void         *buffer,
        gssize              n_read)
{
  g_mutex_lock (&self->mutex);
  if (n_read > 0 && self->head->len < self->limit)
    g_byte_array_append (self->head, buffer, MIN ((gsize) n_read, self->limit - self->head->len));
  g_mutex_unlock (&self->mutex);
}

static gssize
spc_recording_stream_read (GInputStream  *stream,
                           void          *buffer,
                           gsize          count,
                           GCancellable  *cancellable,
                           GError       **error)
{
  SpcRecordingStream *self = SPC_RECORDING_STREAM (stream);
  gssize n_read;

  n_read = g_input_stream_read (get_base (self), buffer, count, cancellable, error);
  record (self, buffer, n_read);

  return n_read;
}

static gboolean
spc_recording_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = get_base (SPC_RECORDING_STREAM (stream));

  return G_IS_POLLABLE_INPUT_STREAM (base) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
spc_recording_stream_is_readable (GPollableInputStream *stream)
{
  GInputStream *base = get_base (SPC_RECORDING_STREAM (stream));

  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base));
}

static GSource *
spc_recording_stream_create_source (GPollableInputStream *stream,
                                    GCancellable         *cancellable)
{
  GInputStream *base = get_base (SPC_RECORDING_STREAM (stream));
  g_autoptr(GSource) base_source = NULL;

  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base), NULL);

  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
spc_recording_stream_read_nonblocking (GPollableInputStream  *stream,
                                       void                  *buffer,
                                       gsize                  count,
                                       GError               **error)
{
  SpcRecordingStream *self = SPC_RECORDING_STREAM (stream);
  gssize n_read;

  n_read = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (get_base (self)),
                                                     buffer, count, NULL, error);
  record (self, buffer, n_read);

  return n_read;
}

static void
spc_recording_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = spc_recording_stream_can_poll;
  iface->is_readable = spc_recording_stream_is_readable;
  iface->create_source = spc_recording_stream_create_source;
  iface->read_nonblocking = spc_recording_stream_read_nonblocking;
}

static void
spc_recording_stream_finalize (GObject *object)
{
  SpcRecordingStream *self = SPC_RECORDING_STREAM (object);

  g_clear_pointer (&self->head, g_byte_array_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (spc_recording_stream_parent_class)->finalize (object);
}

static void
spc_recording_stream_class_init (SpcRecordingStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = spc_recording_stream_finalize;
  input_class->read_fn = spc_recording_stream_read;
}

static void
spc_recording_stream_init (SpcRecordingStream *self)
{
  g_mutex_init (&self->mutex);
  self->head = g_byte_array_new ();
}

GInputStream *
spc_recording_stream_new (GInputStream *base,
                          gsize         limit)
{
  SpcRecordingStream *self;

  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (base), NULL);

  self = g_object_new (SPC_TYPE_RECORDING_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
  self->limit = limit;

  return G_INPUT_STREAM (self);
}

GBytes *
spc_recording_stream_dup_head (SpcRecordingStream *self)
{
  GBytes *head;

  g_return_val_if_fail (SPC_IS_RECORDING_STREAM (self), NULL);

  g_mutex_lock (&self->mutex);
  head = g_bytes_new (self->head->data, self->head->len);
  g_mutex_unlock (&self->mutex);

  return head;
}
