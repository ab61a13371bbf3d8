/* spc-discovery-advice.h — what to use for an address, and what its
 * provider says, from a discovery and the diagnoses of its candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-advice.h"
#include "spc-diagnosis.h"
#include "spc-discovery.h"

G_BEGIN_DECLS

/* The result of @candidate's port in @diagnoses (SpcDiagnosis*), or NULL
 * when it was not probed */
SpcResult         *spc_discovery_advice_find_result     (GPtrArray     *diagnoses,
                                                         SpcCandidate  *candidate);
/* What our probes confirmed first, then the trust of the sources, then
 * 465 over 587 over the others; never a port that is not green. NULL when
 * no candidate is green; *@candidate (may be NULL) is set to the one
 * recommended. */
SpcRecommendation *spc_discovery_advice_recommend       (SpcDiscovery  *discovery,
                                                         GPtrArray     *diagnoses,
                                                         SpcCandidate **candidate);
/* "Your provider says port 587 with STARTTLS on smtp.example.org, and it
 * works from here.": the provider's @claim set against its measurement
 * @claim_result (NULL when it was not probed) and what works best
 * (@recommendation, or NULL), saying only what was measured (translated) */
char              *spc_discovery_advice_describe_claim  (SpcCandidate            *claim,
                                                         SpcResult               *claim_result,
                                                         const SpcRecommendation *recommendation);
/* "Which port does my provider recommend?" answered from the sources and
 * set against the measurements (translated) */
SpcChecklistItem  *spc_discovery_advice_answer_provider (SpcDiscovery  *discovery,
                                                         GPtrArray     *diagnoses);
/* The checklist of the recommended (else the first) diagnosis, with the
 * provider's question answered from the discovery; of SpcChecklistItem* */
GPtrArray         *spc_discovery_advice_answer_checklist (SpcDiscovery *discovery,
                                                         GPtrArray     *diagnoses);
/* "Your mail is handled by Google Mail." when the servers were found
 * through the domain's MX; NULL otherwise (translated) */
char              *spc_discovery_advice_describe_handler (SpcDiscovery *discovery);

G_END_DECLS
