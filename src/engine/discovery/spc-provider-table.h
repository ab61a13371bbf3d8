/* spc-provider-table.h — the bundled provider table (from the ISPDB)
 *
 * Answers at once, offline, and reveals nothing. The table is converted from
 * Thunderbird's ISPDB (MPL-2.0) by build-aux/ispdb-convert.py and compiled
 * into the engine as a GResource.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-autoconfig.h"

G_BEGIN_DECLS

#define SPC_TYPE_PROVIDER_TABLE (spc_provider_table_get_type ())

G_DECLARE_FINAL_TYPE (SpcProviderTable, spc_provider_table, SPC, PROVIDER_TABLE, GObject)

/* The table compiled into the engine */
SpcProviderTable        *spc_provider_table_new_bundled     (void);
/* A table in the converter's format (SPC_ERROR_MALFORMED on a bad line) */
SpcProviderTable        *spc_provider_table_new_from_bytes  (GBytes           *bytes,
                                                             GError          **error);
guint                    spc_provider_table_get_n_providers (SpcProviderTable *self);
guint                    spc_provider_table_get_n_domains   (SpcProviderTable *self);
/* The provider serving @domain (ASCII, any case), or NULL; owned by the table */
const SpcProviderConfig *spc_provider_table_lookup          (SpcProviderTable *self,
                                                             const char       *domain);
/* For a host such as an MX: the provider of the longest suffix of @hostname
 * with at least two labels ("eur.olc.protection.outlook.com" →
 * "olc.protection.outlook.com"); *matched_domain (may be NULL) is set to the
 * suffix that matched, pointing into @hostname */
const SpcProviderConfig *spc_provider_table_lookup_host     (SpcProviderTable *self,
                                                             const char       *hostname,
                                                             const char      **matched_domain);

G_END_DECLS
