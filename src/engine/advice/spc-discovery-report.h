/* spc-discovery-report.h — an address's discovery and the diagnoses of its
 * candidates, as JSON or text
 *
 * The JSON keys are a contract documented in README.md ("For an address").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "spc-discovery.h"

G_BEGIN_DECLS

/* @diagnoses: SpcDiagnosis* of the candidates probed, in the order started */
JsonNode *spc_discovery_report_to_json_node (SpcDiscovery *discovery,
                                             GPtrArray    *diagnoses);
char     *spc_discovery_report_to_text      (SpcDiscovery *discovery,
                                             GPtrArray    *diagnoses,
                                             gboolean      color);

G_END_DECLS
