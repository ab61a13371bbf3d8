/* spc-certificate-text.h — a certificate's dates and problems in words
 *
 * One description per problem and one date format, for the summary, the
 * checklist and the window's details alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-result.h"

G_BEGIN_DECLS

/* "2 March 2026", in local time (translated format); NULL for NULL */
char  *spc_certificate_format_date       (GDateTime *date);
/* A whole sentence per problem with the facts of @result, checked against
 * its host: "The certificate was issued for other.example, not
 * smtp.example.com." (translated); NULL-terminated, free with g_strfreev */
char **spc_certificate_describe_problems (SpcResult *result);

G_END_DECLS
