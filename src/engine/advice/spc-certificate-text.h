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
/* Whole sentences per problem with the facts of @result, checked against
 * its host, and what to do about it: "The certificate was issued for
 * other.example, not smtp.example.com. Use a server name the certificate
 * names, …" (translated). A certificate valid for less than 14 more days
 * has that as its one problem. NULL-terminated, free with g_strfreev */
char **spc_certificate_describe_problems (SpcResult *result);
/* The first problem as a summary, without a full stop: "Certificate not
 * trusted: it expired on 2 March 2026" (translated); NULL when none.
 * @n_problems, when not NULL, gets how many there are. */
char  *spc_certificate_summarize         (SpcResult *result,
                                          guint     *n_problems);

/* Who must act on @result's certificate problems, the same problems
 * spc_certificate_describe_problems() tells, as flags; 0 when there is none */
typedef enum {
  SPC_CERTIFICATE_FIX_DATES   = 1 << 0, /* this computer's clock, or a renewal */
  SPC_CERTIFICATE_FIX_NAME    = 1 << 1, /* another server name */
  SPC_CERTIFICATE_FIX_TRUST   = 1 << 2, /* an authority added here, or the provider */
  SPC_CERTIFICATE_FIX_CHAIN   = 1 << 3, /* the administrator sends the current intermediates */
  SPC_CERTIFICATE_FIX_REPLACE = 1 << 4, /* the administrator replaces the certificate */
} SpcCertificateFixes;

SpcCertificateFixes spc_certificate_get_fixes (SpcResult *result);

G_END_DECLS
