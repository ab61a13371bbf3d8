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
/* What a failed lookup means; @error NULL: nothing was found */
SpcDetail                spc_lookup_error_get_detail (const GError *error,
                                                      SpcFamily     family);

G_END_DECLS
