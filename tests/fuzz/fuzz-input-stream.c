/* fuzz-input-stream.c — a "server's" bytes, handed out in chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-input-stream.h"

/* A blocking read that finds nothing gives up after this long */
#define STALL_MAX_MS 5000

struct _FuzzInputStream
{
  GInputStream    parent_instance;

  GMutex          mutex;
  GBytes         *bytes;
  gsize           offset;
  gsize           chunk_left;
  gsize           turn_end;          /* with turns: where this turn ends */
  guint32         rng;
  gsize           max_chunk;
  FuzzInputFlags  flags;
  gboolean        waiting_for_client;
  GCancellable   *client_wrote;      /* a fresh one for each wait */
  gboolean        saw_newline;
  gboolean        stalled;
};

static void fuzz_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FuzzInputStream, fuzz_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      fuzz_input_stream_pollable_init))

/* xorshift32: the same seed gives the same chunks */
static gsize
next_chunk_size (FuzzInputStream *self)
{
  self->rng ^= self->rng << 13;
  self->rng ^= self->rng >> 17;
  self->rng ^= self->rng << 5;
  return 1 + self->rng % self->max_chunk;
}

static gboolean
at_end (FuzzInputStream *self)
{
  return self->offset >= g_bytes_get_size (self->bytes);
}

/* Just after the first line from @offset on that ends a reply */
static gsize
find_turn_end (FuzzInputStream *self)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (self->bytes, &length);
  gsize line = self->offset;

  for (gsize i = self->offset; i < length; i++)
    {
      if (data[i] != '\n')
        continue;
      if (i - line < 4 || data[line + 3] != '-')
        return i + 1;
      line = i + 1;
    }
  return length;
}

/* Under the lock: the client is to speak before the server goes on */
static void
wait_for_client (FuzzInputStream *self)
{
  self->waiting_for_client = TRUE;
  g_clear_object (&self->client_wrote);
  self->client_wrote = g_cancellable_new ();
}

/* Under the lock: copies out up to @count bytes of the current chunk */
static gsize
take (FuzzInputStream *self,
      void            *buffer,
      gsize            count)
{
  const guint8 *data = g_bytes_get_data (self->bytes, NULL);
  gsize n;

  if (self->chunk_left == 0)
    self->chunk_left = next_chunk_size (self);
  if ((self->flags & FUZZ_INPUT_TURNS) && self->turn_end <= self->offset)
    self->turn_end = find_turn_end (self);

  n = MIN (count, MIN (self->chunk_left, g_bytes_get_size (self->bytes) - self->offset));
  if (self->flags & FUZZ_INPUT_TURNS)
    n = MIN (n, self->turn_end - self->offset);
  memcpy (buffer, data + self->offset, n);
  if (memchr (data + self->offset, '\n', n) != NULL)
    self->saw_newline = TRUE;
  self->offset += n;
  self->chunk_left -= n;

  if ((self->flags & FUZZ_INPUT_TURNS) && self->offset == self->turn_end && !at_end (self))
    wait_for_client (self);

  return n;
}

/* Waits, in a blocking read that found nothing, for @cancellable or the
 * client's next write: -1 with an error when cancelled, else 0 (then the
 * caller tries again) */
static gssize
wait_stalled (FuzzInputStream  *self,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(GCancellable) client_wrote = NULL;
  GPollFD fds[2];
  guint n_fds = 0;

  g_mutex_lock (&self->mutex);
  client_wrote = g_object_ref (self->client_wrote);
  g_mutex_unlock (&self->mutex);

  if (g_cancellable_make_pollfd (client_wrote, &fds[n_fds]))
    n_fds++;
  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fds[n_fds]))
    n_fds++;

  g_poll (fds, n_fds, STALL_MAX_MS);

  g_cancellable_release_fd (client_wrote);
  if (cancellable != NULL)
    g_cancellable_release_fd (cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  return 0;
}

static gssize
fuzz_input_stream_read_nonblocking (GPollableInputStream  *stream,
                                    void                  *buffer,
                                    gsize                  count,
                                    GError               **error)
{
  FuzzInputStream *self = FUZZ_INPUT_STREAM (stream);
  gssize n = 0;

  g_mutex_lock (&self->mutex);
  if (self->waiting_for_client || (at_end (self) && (self->flags & FUZZ_INPUT_STALL_AT_END)))
    {
      self->stalled = TRUE;
      n = -1;
    }
  else if (!at_end (self))
    n = take (self, buffer, count);
  g_mutex_unlock (&self->mutex);

  if (n < 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "nothing to read yet");
  return n;
}

static gssize
fuzz_input_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FuzzInputStream *self = FUZZ_INPUT_STREAM (stream);

  /* Once more after a wait: the client may have written meanwhile */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      n = fuzz_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer, count, &local_error);
      if (n >= 0)
        return n;
      if (wait_stalled (self, cancellable, error) < 0)
        return -1;
    }
  return 0;
}

static gboolean
fuzz_input_stream_is_readable (GPollableInputStream *stream)
{
  FuzzInputStream *self = FUZZ_INPUT_STREAM (stream);
  gboolean readable;

  g_mutex_lock (&self->mutex);
  readable = !self->waiting_for_client &&
             (!at_end (self) || !(self->flags & FUZZ_INPUT_STALL_AT_END));
  g_mutex_unlock (&self->mutex);

  return readable;
}

static GSource *
fuzz_input_stream_create_source (GPollableInputStream *stream,
                                 GCancellable         *cancellable)
{
  FuzzInputStream *self = FUZZ_INPUT_STREAM (stream);
  g_autoptr(GSource) ready = NULL;

  /* Readable: at once. Waiting: until the client writes. Stalled at the
   * end: only the cancellable ends the wait. */
  g_mutex_lock (&self->mutex);
  if (self->waiting_for_client)
    ready = g_cancellable_source_new (self->client_wrote);
  else if (!at_end (self) || !(self->flags & FUZZ_INPUT_STALL_AT_END))
    ready = g_timeout_source_new (0);
  g_mutex_unlock (&self->mutex);

  return g_pollable_source_new_full (stream, ready, cancellable);
}

static void
fuzz_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->is_readable = fuzz_input_stream_is_readable;
  iface->create_source = fuzz_input_stream_create_source;
  iface->read_nonblocking = fuzz_input_stream_read_nonblocking;
}

static void
fuzz_input_stream_finalize (GObject *object)
{
  FuzzInputStream *self = FUZZ_INPUT_STREAM (object);

  g_bytes_unref (self->bytes);
  g_clear_object (&self->client_wrote);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (fuzz_input_stream_parent_class)->finalize (object);
}

static void
fuzz_input_stream_class_init (FuzzInputStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fuzz_input_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = fuzz_input_stream_read;
}

static void
fuzz_input_stream_init (FuzzInputStream *self)
{
  g_mutex_init (&self->mutex);
  self->client_wrote = g_cancellable_new ();
}

GInputStream *
fuzz_input_stream_new (const guint8   *data,
                       gsize           length,
                       guint32         seed,
                       gsize           max_chunk,
                       FuzzInputFlags  flags)
{
  FuzzInputStream *self;

  g_return_val_if_fail (max_chunk >= 1, NULL);

  self = g_object_new (FUZZ_TYPE_INPUT_STREAM, NULL);
  self->bytes = g_bytes_new (data, length);
  /* xorshift never leaves 0 */
  self->rng = seed != 0 ? seed : 0x9e3779b9;
  self->max_chunk = max_chunk;
  self->flags = flags;
  self->waiting_for_client = (flags & FUZZ_INPUT_WAIT_FOR_CLIENT) != 0;

  return G_INPUT_STREAM (self);
}

void
fuzz_input_stream_client_wrote (FuzzInputStream *self)
{
  g_autoptr(GCancellable) client_wrote = NULL;

  g_mutex_lock (&self->mutex);
  self->waiting_for_client = FALSE;
  client_wrote = g_object_ref (self->client_wrote);
  g_mutex_unlock (&self->mutex);

  g_cancellable_cancel (client_wrote);
}

gboolean
fuzz_input_stream_get_saw_newline (FuzzInputStream *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->saw_newline;
}

gboolean
fuzz_input_stream_get_stalled (FuzzInputStream *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->stalled;
}
