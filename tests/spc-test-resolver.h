/* spc-test-resolver.h — a GResolver that answers only what a test told it
 *
 * Installed as the default (g_resolver_set_default), it keeps every lookup
 * of a test on this machine: the names it was given resolve to loopback
 * addresses, the MX records it was given are returned, and every other
 * name or record is "not found" at once (no query ever leaves).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_TEST_RESOLVER (spc_test_resolver_get_type ())

G_DECLARE_FINAL_TYPE (SpcTestResolver, spc_test_resolver, SPC, TEST_RESOLVER, GResolver)

SpcTestResolver *spc_test_resolver_new      (void);
/* @name (any case) resolves to @address, which must be a loopback address */
void             spc_test_resolver_add_host (SpcTestResolver *self,
                                             const char      *name,
                                             const char      *address);
/* @domain has one MX record: @exchange at preference 10 */
void             spc_test_resolver_add_mx   (SpcTestResolver *self,
                                             const char      *domain,
                                             const char      *exchange);
/* An asynchronous lookup of @name, of its addresses or its records, never
 * answers: only its cancellable (a deadline's) ends it; without one it is
 * "not found" */
void             spc_test_resolver_add_silent_host (SpcTestResolver *self,
                                                    const char      *name);
/* How many name lookups were asked for so far */
guint            spc_test_resolver_get_n_lookups   (SpcTestResolver *self);
/* How many record (MX) lookups were asked for so far */
guint            spc_test_resolver_get_n_record_lookups (SpcTestResolver *self);

G_END_DECLS
