/* spc-summary.h — one port's outcome and transcript notes in words
 *
 * Pure functions of a result's facts: the same facts give the same
 * sentence, with no network and no clock involved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-result.h"

G_BEGIN_DECLS

/* One sentence without its full stop, in a mail-client user's words:
 * "Works with encryption; sign-in with a password offered" (translated;
 * NULL while the port is checked, or when the result has no detail). No
 * protocol names but the client's own (SSL/TLS, STARTTLS): those are in
 * the details. */
char *spc_summary_for_result     (SpcResult               *result);
/* The technical facts behind that sentence, for the details: "TLS 1.3
 * after STARTTLS; AUTH PLAIN LOGIN", the server's reply, the library's
 * error, as a line without its full stop (translated; NULL when the
 * summary says it all). A certificate's
 * are spc_certificate_describe_problems()'s. */
char *spc_summary_details_for_result (SpcResult           *result);
/* The text of one transcript line: the line itself, or for a note its
 * sentence ("Connected to 192.0.2.1 port 587", translated) */
char *spc_summary_describe_line  (SpcResult               *result,
                                  const SpcTranscriptLine *line);
/* "10 s", "2.5 s" */
char *spc_summary_format_seconds (guint                    ms);

G_END_DECLS
