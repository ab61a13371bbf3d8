/* spc-report.h — a diagnosis as JSON (json-glib) or as plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "spc-diagnosis.h"

G_BEGIN_DECLS

/* The schema is documented in README.md (it is a contract for scripts) */
JsonNode *spc_report_to_json_node   (SpcDiagnosis *diagnosis);
/* One object per host into @builder's open array, whatever number of
 * diagnoses probed that host's ports */
void      spc_report_add_hosts      (JsonBuilder  *builder,
                                     GPtrArray    *diagnoses);
char     *spc_report_to_json        (SpcDiagnosis *diagnosis,
                                     gboolean      pretty);
/* @root as JSON text, pretty with an indent of 2 when @pretty, through
 * spc_report_json_to_data () */
char     *spc_report_node_to_json   (JsonNode     *root,
                                     gboolean      pretty);
/* What @generator writes, with the hidden characters of the network's text
 * as \uXXXX escapes (spc_display_text_json ()): every JSON we print */
char     *spc_report_json_to_data   (JsonGenerator *generator);
/* A table (port, light as a word, status, security, latency), then the
 * recommendation and its plain configuration; ANSI colour only when @color */
char     *spc_report_to_text        (SpcDiagnosis *diagnosis,
                                     gboolean      color);

G_END_DECLS
