/* spc-recording-stream.h — an input stream that keeps the first bytes it reads
 *
 * Put under a TLS handshake, it tells afterwards what the server sent when
 * the handshake failed: a plaintext SMTP greeting on an implicit-TLS port
 * (a mode mismatch), or plain text after a STARTTLS 220 where TLS should
 * have begun (injection). Pollable, as GTlsConnection needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_RECORDING_STREAM (spc_recording_stream_get_type ())

G_DECLARE_FINAL_TYPE (SpcRecordingStream, spc_recording_stream, SPC, RECORDING_STREAM, GFilterInputStream)

/* @base must be a GPollableInputStream (a socket's); it is not closed with
 * this stream. At most @limit bytes are kept. */
GInputStream *spc_recording_stream_new      (GInputStream       *base,
                                             gsize               limit);
/* The first bytes read so far (at most the limit) */
GBytes       *spc_recording_stream_dup_head (SpcRecordingStream *self);

G_END_DECLS
