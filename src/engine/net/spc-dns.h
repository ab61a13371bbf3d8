/* spc-dns.h — names and MX records as DNS gives them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @name in lower case, without a final dot: the root name "." becomes "" */
char      *spc_dns_normalize_name       (const char *name);
/* The exchanges of MX @records (GVariant "(qs)", as
 * g_resolver_lookup_records() returns them), lowest preference first;
 * the strings belong to @records */
GPtrArray *spc_dns_sort_mx_exchanges    (GList      *records);

G_END_DECLS
