/* fuzz-output-stream.c — what a client wrote, one record per write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-output-stream.h"

struct _FuzzOutputStream
{
  GOutputStream    parent_instance;

  /* The TLS handshake writes from its own thread */
  GMutex           mutex;
  FuzzInputStream *peer;
  GArray          *writes;
  gsize            size;
};

static void fuzz_output_stream_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FuzzOutputStream, fuzz_output_stream, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      fuzz_output_stream_pollable_init))

static void
write_clear (gpointer data)
{
  FuzzWrite *write = data;

  g_bytes_unref (write->bytes);
}

static gssize
fuzz_output_stream_write_nonblocking (GPollableOutputStream  *stream,
                                      const void             *buffer,
                                      gsize                   count,
                                      GError                **error)
{
  FuzzOutputStream *self = FUZZ_OUTPUT_STREAM (stream);
  FuzzWrite write = {
    .bytes = g_bytes_new (buffer, count),
    .after_line = fuzz_input_stream_get_saw_newline (self->peer),
    .after_stall = fuzz_input_stream_get_stalled (self->peer),
  };

  g_mutex_lock (&self->mutex);
  g_array_append_val (self->writes, write);
  self->size += count;
  g_mutex_unlock (&self->mutex);
  fuzz_input_stream_client_wrote (self->peer);

  return count;
}

static gssize
fuzz_output_stream_write (GOutputStream  *stream,
                          const void     *buffer,
                          gsize           count,
                          GCancellable   *cancellable,
                          GError        **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  return fuzz_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (stream), buffer, count, error);
}

static gboolean
fuzz_output_stream_is_writable (GPollableOutputStream *stream)
{
  return TRUE;
}

static GSource *
fuzz_output_stream_create_source (GPollableOutputStream *stream,
                                  GCancellable          *cancellable)
{
  g_autoptr(GSource) ready = g_timeout_source_new (0);

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static void
fuzz_output_stream_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->is_writable = fuzz_output_stream_is_writable;
  iface->create_source = fuzz_output_stream_create_source;
  iface->write_nonblocking = fuzz_output_stream_write_nonblocking;
}

static void
fuzz_output_stream_finalize (GObject *object)
{
  FuzzOutputStream *self = FUZZ_OUTPUT_STREAM (object);

  g_array_unref (self->writes);
  g_object_unref (self->peer);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fuzz_output_stream_parent_class)->finalize (object);
}

static void
fuzz_output_stream_class_init (FuzzOutputStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fuzz_output_stream_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = fuzz_output_stream_write;
}

static void
fuzz_output_stream_init (FuzzOutputStream *self)
{
  g_mutex_init (&self->mutex);
  self->writes = g_array_new (FALSE, TRUE, sizeof (FuzzWrite));
  g_array_set_clear_func (self->writes, write_clear);
}

GOutputStream *
fuzz_output_stream_new (FuzzInputStream *peer)
{
  FuzzOutputStream *self = g_object_new (FUZZ_TYPE_OUTPUT_STREAM, NULL);

  self->peer = g_object_ref (peer);
  return G_OUTPUT_STREAM (self);
}

GArray *
fuzz_output_stream_get_writes (FuzzOutputStream *self)
{
  return self->writes;
}

gsize
fuzz_output_stream_get_size (FuzzOutputStream *self)
{
  return self->size;
}
