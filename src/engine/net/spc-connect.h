/* spc-connect.h — a TCP connection as the checks make it
 *
 * What a check measures is the path to the server: never through a proxy,
 * and no TLS from GSocketClient (each check speaks TLS itself, when it
 * should).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Connects to @target; @callback's source object is the GSocketClient:
 * g_socket_client_connect_finish() gives the connection */
void spc_connect_async (GSocketConnectable  *target,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data);

G_END_DECLS
