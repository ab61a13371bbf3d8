/* spc-lookup.h — name lookups as the probe and the diagnosis make them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-detail.h"
#include "spc-request.h"

G_BEGIN_DECLS

GResolverNameLookupFlags spc_family_get_lookup_flags (SpcFamily     family);
gboolean                 spc_family_accepts          (SpcFamily     family,
                                                      GInetAddress *address);
/* @host's addresses as @request asks (its family), looked up once a slot
 * of its handshake queue is free: a lookup is a blocking job in GLib's
 * thread pool, as a handshake is, and under the same bound it cannot make
 * handshakes wait in the pool past their deadline. @timeout_ms runs from
 * then (DNS has no timeout of its own that we control; our queue is not
 * the name server's time); when it passes, G_IO_ERROR_TIMED_OUT.
 *
 * The slot is given back when the answer comes or the deadline cancels
 * the lookup. On a GLib whose resolver cannot stop a blocking lookup
 * (2.74), the pool's job may go on past a deadline: the bound then holds
 * only as long as name servers answer within it. */
void                     spc_lookup_host_async       (SpcRequest          *request,
                                                      const char          *host,
                                                      guint                timeout_ms,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* GInetAddress list, free with g_resolver_free_addresses() */
GList                   *spc_lookup_host_finish      (GAsyncResult        *result,
                                                      GError             **error);
/* The same for @domain's MX records */
void                     spc_lookup_mx_async         (SpcRequest          *request,
                                                      const char          *domain,
                                                      guint                timeout_ms,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* GVariant "(qs)" list, free with g_list_free_full() and g_variant_unref() */
GList                   *spc_lookup_mx_finish        (GAsyncResult        *result,
                                                      GError             **error);
/* What a failed lookup means; @error NULL: nothing was found */
SpcDetail                spc_lookup_error_get_detail (const GError *error,
                                                      SpcFamily     family);

G_END_DECLS
