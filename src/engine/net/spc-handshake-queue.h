/* spc-handshake-queue.h — at most N TLS handshakes of a check at once
 *
 * glib-networking runs every handshake as a blocking job in GLib's shared
 * GTask thread pool, which starts with 10 threads and grows by about one a
 * second while they are all busy. Handshakes started beyond that wait in
 * the pool while their stage deadline runs: with 1000 probes, hundreds
 * ended at the deadline having never sent a ClientHello. A probe waits for
 * a slot here instead, with no deadline running (our queue is not the
 * server's time), and starts its TLS stage when it gets one; the other
 * probes keep talking meanwhile. A host's name lookup and the reference
 * check's MX lookup are blocking jobs in the same pool and take a slot
 * the same way (spc-lookup.h).
 *
 * Shared by the copies of an SpcRequest, so a CLI run over many hosts, or
 * the window's check of an address's servers, has one bound. Any thread
 * may use it (the window's servers wait and release from worker threads
 * of their own); a waiter's callback runs on the thread-default main
 * context of its call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Under the pool's 10 threads, leaving room for the few lookups outside
 * the bound (the reference host's, once per check; discovery's) */
#define SPC_DEFAULT_MAX_HANDSHAKES 8

#define SPC_TYPE_HANDSHAKE_QUEUE (spc_handshake_queue_get_type ())

G_DECLARE_FINAL_TYPE (SpcHandshakeQueue, spc_handshake_queue, SPC, HANDSHAKE_QUEUE, GObject)

/* @max_in_flight: at least 1 */
SpcHandshakeQueue *spc_handshake_queue_new               (guint                max_in_flight);
guint              spc_handshake_queue_get_max_in_flight (SpcHandshakeQueue   *self);
/* Handshakes holding a slot now */
guint              spc_handshake_queue_get_in_flight     (SpcHandshakeQueue   *self);

/* Calls @callback when a slot is free, in the order of the calls (never
 * from inside this call), or when @cancellable is cancelled first */
void               spc_handshake_queue_wait_async        (SpcHandshakeQueue   *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* TRUE: the caller holds a slot, and gives it back with
 * spc_handshake_queue_release() (even if cancelled since). FALSE with
 * G_IO_ERROR_CANCELLED: no slot. */
gboolean           spc_handshake_queue_wait_finish       (SpcHandshakeQueue   *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void               spc_handshake_queue_release           (SpcHandshakeQueue   *self);

G_END_DECLS
