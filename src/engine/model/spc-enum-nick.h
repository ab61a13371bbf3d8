/* spc-enum-nick.h — stable identifiers from registered enums' nicks
 *
 * The identifiers in JSON, the CLI and the settings ("certificate-invalid",
 * "starttls", "green") are the nicks glib-mkenums gives each value, so no
 * table repeats them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* NULL (and a critical) when @value is not one of @enum_type's values */
const char *spc_enum_get_nick  (GType       enum_type,
                                int         value);
/* Exact match; FALSE and @value untouched when @nick is NULL or unknown */
gboolean    spc_enum_from_nick (GType       enum_type,
                                const char *nick,
                                int        *value);

G_END_DECLS
