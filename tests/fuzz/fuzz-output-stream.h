/* fuzz-output-stream.h — what a client wrote, one record per write
 *
 * A pollable output stream that takes every write whole and keeps it,
 * with what the peer input stream had handed out by then, so that the
 * fuzzer can check the order of the conversation afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fuzz-input-stream.h"

G_BEGIN_DECLS

#define FUZZ_TYPE_OUTPUT_STREAM (fuzz_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (FuzzOutputStream, fuzz_output_stream, FUZZ, OUTPUT_STREAM, GOutputStream)

typedef struct {
  GBytes   *bytes;
  gboolean  after_line;      /* the peer had handed out a "\n" by then */
  gboolean  after_stall;     /* the peer had been found stalled by then */
} FuzzWrite;

/* @peer: the input of the same conversation, only read */
GOutputStream *fuzz_output_stream_new        (FuzzInputStream  *peer);
/* The writes so far, in order; FuzzWrite, owned by the stream */
GArray        *fuzz_output_stream_get_writes (FuzzOutputStream *self);
/* The bytes of all writes so far */
gsize          fuzz_output_stream_get_size   (FuzzOutputStream *self);

G_END_DECLS
