/* spc-discovery-advice.c — what to use for an address, and what its
 * provider says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-discovery-advice.h"

/* The guess is ours, not the provider's */
#define GUESS_TRUST 4

SpcResult *
spc_discovery_advice_find_result (GPtrArray    *diagnoses,
                                  SpcCandidate *candidate)
{
  for (guint i = 0; i < diagnoses->len; i++)
    {
      SpcDiagnosis *diagnosis = diagnoses->pdata[i];
      SpcResult *result;

      if (g_ascii_strcasecmp (spc_diagnosis_get_host (diagnosis), spc_candidate_get_host (candidate)) != 0)
        continue;
      result = spc_diagnosis_find_result (diagnosis, spc_candidate_get_port (candidate));
      if (result != NULL && spc_result_get_mode (result) == spc_candidate_get_mode (candidate))
        return result;
    }
  return NULL;
}

static gboolean
is_green (SpcResult *result)
{
  return result != NULL && spc_result_get_finished (result)
         && spc_result_get_verdict (result) == SPC_VERDICT_GREEN;
}

static SpcDiagnosis *
find_diagnosis (GPtrArray    *diagnoses,
                SpcCandidate *candidate)
{
  SpcResult *wanted = spc_discovery_advice_find_result (diagnoses, candidate);

  for (guint i = 0; wanted != NULL && i < diagnoses->len; i++)
    if (spc_diagnosis_find_result (diagnoses->pdata[i], spc_candidate_get_port (candidate)) == wanted)
      return diagnoses->pdata[i];
  return NULL;
}

SpcRecommendation *
spc_discovery_advice_recommend (SpcDiscovery  *discovery,
                                GPtrArray     *diagnoses,
                                SpcCandidate **candidate)
{
  g_autoptr(GPtrArray) ranked = spc_discovery_dup_ranked (discovery);

  for (guint i = 0; i < ranked->len; i++)
    {
      SpcCandidate *best = ranked->pdata[i];
      SpcDiagnosis *diagnosis;
      SpcRecommendation *recommendation;

      if (!is_green (spc_discovery_advice_find_result (diagnoses, best)))
        continue;
      diagnosis = find_diagnosis (diagnoses, best);
      recommendation = spc_advice_recommend (G_LIST_MODEL (diagnosis), spc_candidate_get_host (best));
      /* One diagnosis holds what one source named for a host: its own
       * choice among them may be another of its ports */
      for (guint j = 0; recommendation != NULL && j < ranked->len; j++)
        {
          SpcCandidate *other = ranked->pdata[j];

          if (spc_candidate_get_port (other) == recommendation->port
              && spc_candidate_get_mode (other) == recommendation->mode
              && g_ascii_strcasecmp (spc_candidate_get_host (other), spc_candidate_get_host (best)) == 0)
            {
              best = other;
              break;
            }
        }
      if (candidate != NULL)
        *candidate = best;
      return recommendation;
    }
  if (candidate != NULL)
    *candidate = NULL;
  return NULL;
}

/* The provider's own claim: the best candidate not from our guess */
static SpcCandidate *
provider_claim (GPtrArray *ranked)
{
  for (guint i = 0; i < ranked->len; i++)
    if (spc_candidate_get_trust (ranked->pdata[i]) < GUESS_TRUST)
      return ranked->pdata[i];
  return NULL;
}

/* "bundled, srv": which sources named it (stable identifiers) */
static char *
join_sources (SpcCandidate *candidate)
{
  GPtrArray *sources = spc_candidate_get_sources (candidate);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < sources->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, spc_discovery_source_get_location (sources->pdata[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The claim was not measured to a verdict of its own: not checked, cut
 * short, or working with a warning; NULL when it was */
static char *
describe_claim_unmeasured (SpcCandidate *claim,
                           SpcResult    *claim_result)
{
  guint port = spc_candidate_get_port (claim);
  g_autofree char *host = _spc_advice_dup_display_host (spc_candidate_get_host (claim));
  const char *security = spc_mode_get_security_label (spc_candidate_get_claimed_mode (claim));

  if (claim_result == NULL)
    return g_strdup_printf (_("Your provider says port %u with %s on %s; it was not checked from here."),
                            port, security, host);
  if (!spc_result_get_finished (claim_result)
      || spc_result_get_status (claim_result) == SPC_STATUS_CANCELLED)
    return g_strdup_printf (_("Your provider says port %u with %s on %s; its check did not finish."),
                            port, security, host);
  if (spc_result_get_verdict (claim_result) == SPC_VERDICT_YELLOW)
    return g_strdup_printf (_("Your provider says port %u with %s on %s; from here it works, but with a warning (see that port)."),
                            port, security, host);
  return NULL;
}

char *
spc_discovery_advice_describe_claim (SpcCandidate            *claim,
                                     SpcResult               *claim_result,
                                     const SpcRecommendation *recommendation)
{
  guint port = spc_candidate_get_port (claim);
  g_autofree char *host = _spc_advice_dup_display_host (spc_candidate_get_host (claim));
  g_autofree char *recommended_host = recommendation != NULL ? _spc_advice_dup_display_host (recommendation->host) : NULL;
  const char *security = spc_mode_get_security_label (spc_candidate_get_claimed_mode (claim));
  g_autofree char *unmeasured = NULL;
  g_autofree char *works = NULL;

  g_return_val_if_fail (SPC_IS_CANDIDATE (claim), NULL);

  if (is_green (claim_result))
    return g_strdup_printf (_("Your provider says port %u with %s on %s, and it works from here."),
                            port, security, host);
  unmeasured = describe_claim_unmeasured (claim, claim_result);
  if (unmeasured != NULL && recommendation == NULL)
    return g_steal_pointer (&unmeasured);
  if (unmeasured != NULL)
    {
      works = g_strdup_printf (_("From here, port %u with %s on %s works."),
                               recommendation->port, recommendation->security, recommended_host);
      return g_strdup_printf ("%s %s", unmeasured, works);
    }
  if (recommendation != NULL)
    return g_strdup_printf (_("Your provider says port %u with %s on %s; from here that does not work, but port %u with %s on %s does."),
                            port, security, host, recommendation->port, recommendation->security,
                            recommended_host);
  return g_strdup_printf (_("Your provider says port %u with %s on %s; from here that does not work, and no other port does either."),
                          port, security, host);
}

SpcChecklistItem *
spc_discovery_advice_answer_provider (SpcDiscovery *discovery,
                                      GPtrArray    *diagnoses)
{
  const char *question = _("Which port does my provider recommend?");
  g_autoptr(GPtrArray) ranked = spc_discovery_dup_ranked (discovery);
  g_autoptr(SpcRecommendation) recommendation = spc_discovery_advice_recommend (discovery, diagnoses, NULL);
  SpcCandidate *claim = provider_claim (ranked);
  g_autofree char *recommended_host = recommendation != NULL ? _spc_advice_dup_display_host (recommendation->host) : NULL;

  if (claim != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_ANSWERED,
                                   spc_discovery_advice_describe_claim (claim,
                                                                        spc_discovery_advice_find_result (diagnoses, claim),
                                                                        recommendation),
                                   join_sources (claim));
  if (recommendation != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup_printf (_("No published setting of your provider was found. From this check, port %u with %s on %s works best."),
                                                    recommendation->port, recommendation->security,
                                                    recommended_host),
                                   NULL);
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 g_strdup (_("No published setting of your provider was found, and no server found works from here.")),
                                 NULL);
}

GPtrArray *
spc_discovery_advice_answer_checklist (SpcDiscovery *discovery,
                                       GPtrArray    *diagnoses)
{
  SpcCandidate *candidate = NULL;
  g_autoptr(SpcRecommendation) recommendation = spc_discovery_advice_recommend (discovery, diagnoses,
                                                                                &candidate);
  SpcDiagnosis *diagnosis = candidate != NULL ? find_diagnosis (diagnoses, candidate)
                            : diagnoses->len > 0 ? diagnoses->pdata[0] : NULL;
  const char *question = _("Which port does my provider recommend?");
  GPtrArray *items = spc_advice_answer_checklist (diagnosis != NULL ? G_LIST_MODEL (diagnosis) : NULL);

  for (guint i = 0; i < items->len; i++)
    {
      SpcChecklistItem *item = items->pdata[i];

      if (g_strcmp0 (item->question, question) == 0)
        {
          spc_checklist_item_free (item);
          items->pdata[i] = spc_discovery_advice_answer_provider (discovery, diagnoses);
        }
    }
  return items;
}

char *
spc_discovery_advice_describe_handler (SpcDiscovery *discovery)
{
  GListModel *sources = spc_discovery_get_sources (discovery);
  const char *provider = spc_discovery_get_provider (discovery);

  if (provider == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);

      /* Found from the domain itself: no one else handles it */
      if (spc_discovery_source_get_kind (source) != SPC_SOURCE_KIND_MX
          && spc_discovery_source_get_result (source) == SPC_SOURCE_RESULT_FOUND
          && spc_discovery_source_get_provider (source) != NULL)
        return NULL;
    }
  return g_strdup_printf (_("Your mail is handled by %s."), provider);
}
