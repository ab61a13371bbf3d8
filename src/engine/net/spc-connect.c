/* spc-connect.c — a TCP connection as the checks make it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-connect.h"

void
spc_connect_async (GSocketConnectable  *target,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_return_if_fail (G_IS_SOCKET_CONNECTABLE (target));

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_tls (client, FALSE);
  g_socket_client_connect_async (client, target, cancellable, callback, user_data);
}
