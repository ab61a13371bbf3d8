/* spc-report-private.h — pieces of the JSON report other reports reuse
 * (spc-discovery-report.c: an address's report embeds the same objects;
 * spc-login-text.c: the login's report has members of the same kinds)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "spc-advice.h"

G_BEGIN_DECLS

void _spc_report_add_nullable_string        (JsonBuilder             *builder,
                                             const char              *member,
                                             const char              *value);
/* @member: null (returns FALSE) unless @present, else an object begun
 * (returns TRUE: the caller adds its members, then ends the object) */
gboolean _spc_report_begin_object_or_null   (JsonBuilder             *builder,
                                             const char              *member,
                                             gboolean                 present);
/* "host", "port", "mode": a server and how it is spoken to, the members
 * every server object of the reports begins with */
void _spc_report_add_server                 (JsonBuilder             *builder,
                                             const char              *host,
                                             guint16                  port,
                                             SpcMode                  mode);
/* "recommendation": null (returns FALSE) or an object begun with host, port,
 * mode, security, auth and reason (returns TRUE: the caller may add its own
 * members, then ends the object) */
gboolean _spc_report_begin_recommendation   (JsonBuilder             *builder,
                                             const SpcRecommendation *recommendation);
/* "checklist": [{question, answer, evidence}] */
void _spc_report_add_checklist_items        (JsonBuilder             *builder,
                                             GPtrArray               *items);

/* "reference": null or {host, source, address, status, ms} (spc-network-report.c) */
void _spc_report_add_reference              (JsonBuilder             *builder,
                                             SpcResult               *result);
/* "legacy_tls": null or {tls1_0, tls1_1} (spc-legacy-tls-text.c) */
void _spc_report_add_legacy_tls             (JsonBuilder             *builder,
                                             SpcResult               *result);
/* "network": {blocks, lets_through, undecided, evidence, summary} */
void _spc_report_add_network                (JsonBuilder             *builder,
                                             GListModel              *results);

G_END_DECLS
