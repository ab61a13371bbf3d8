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

/* One sentence without its full stop, in words a user understands, with
 * the facts: "Blocked on your network: no answer within 10 s" (translated;
 * NULL while the port is checked, or when the result has no detail) */
char *spc_summary_for_result     (SpcResult               *result);
/* The text of one transcript line: the line itself, or for a note its
 * sentence ("Connected to 192.0.2.1 port 587", translated) */
char *spc_summary_describe_line  (SpcResult               *result,
                                  const SpcTranscriptLine *line);
/* "10 s", "2.5 s" */
char *spc_summary_format_seconds (guint                    ms);

G_END_DECLS
