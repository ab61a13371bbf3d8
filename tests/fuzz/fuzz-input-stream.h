/* fuzz-input-stream.h — a "server's" bytes, handed out in chunks
 *
 * A pollable input stream over a copy of some bytes: each read returns at
 * most what is left of the current chunk, the chunk sizes drawn from a
 * seed the fuzz input gives, so replies arrive split anywhere or many at
 * once. Flags make the server wait to be spoken to, answer one reply per
 * write of the client, or stall at the end (nothing more, ever, until the
 * reader's cancellable fires: the probe's deadlines are exercised).
 *
 * The TLS handshake reads from its own thread: the state is locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  /* After the last byte a stall instead of the end of stream */
  FUZZ_INPUT_STALL_AT_END    = 1 << 0,
  /* Nothing before the client's first write */
  FUZZ_INPUT_WAIT_FOR_CLIENT = 1 << 1,
  /* One reply a turn: after a line that ends a reply (no "-" after its
   * code), nothing more until the client writes again */
  FUZZ_INPUT_TURNS           = 1 << 2,
} FuzzInputFlags;

#define FUZZ_TYPE_INPUT_STREAM (fuzz_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (FuzzInputStream, fuzz_input_stream, FUZZ, INPUT_STREAM, GInputStream)

/* @max_chunk ≥ 1 */
GInputStream *fuzz_input_stream_new             (const guint8    *data,
                                                 gsize            length,
                                                 guint32          seed,
                                                 gsize            max_chunk,
                                                 FuzzInputFlags   flags);
/* The client wrote: a server waiting to be spoken to speaks */
void          fuzz_input_stream_client_wrote    (FuzzInputStream *self);
/* Whether a "\n" has been read so far (a complete line reached the reader) */
gboolean      fuzz_input_stream_get_saw_newline (FuzzInputStream *self);
/* Whether a reader has found nothing to read (stalled, or waiting) */
gboolean      fuzz_input_stream_get_stalled     (FuzzInputStream *self);

G_END_DECLS
