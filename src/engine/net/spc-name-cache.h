/* spc-name-cache.h — a name looked up once per check
 *
 * Every silent port of every host asks the same reference host. A
 * hosts-file run looked it up once per port: 400 lookups at once, each a
 * blocking job in GLib's shared thread pool, where glib-networking runs
 * the TLS handshakes too; with a name server slow to answer, the
 * handshakes behind them met their deadline (issue 16). Here the first
 * caller starts the lookup, later ones wait for its answer, and the
 * answer is kept for the check, as is "no such name"; any other failure
 * (a name server that did not answer in time) goes to those waiting and
 * the next caller asks again.
 *
 * Shared by the copies of an SpcRequest, like its handshake queue (the
 * CLI's hosts share one, as do the servers of an address in the window,
 * each in a worker thread of its own). Any thread may use it; a caller's
 * callback runs on the thread-default main context of its call. A caller's cancellable ends its own wait only: the lookup
 * goes on in a thread of its own for the others, for as long as the
 * system's resolver takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_NAME_CACHE (spc_name_cache_get_type ())

G_DECLARE_FINAL_TYPE (SpcNameCache, spc_name_cache, SPC, NAME_CACHE, GObject)

SpcNameCache *spc_name_cache_new           (void);
/* As g_resolver_lookup_by_name_with_flags_async() on the default resolver */
void          spc_name_cache_lookup_async  (SpcNameCache              *self,
                                            const char                *name,
                                            GResolverNameLookupFlags   flags,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
/* GInetAddress list, free with g_resolver_free_addresses() */
GList        *spc_name_cache_lookup_finish (SpcNameCache              *self,
                                            GAsyncResult              *result,
                                            GError                   **error);
/* Lookups the resolver was asked for, answered or not */
guint         spc_name_cache_get_n_lookups (SpcNameCache              *self);

G_END_DECLS
