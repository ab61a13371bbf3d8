/* spc-recommendation-view.h — which port to use, why, and its configuration to copy
 *
 * (Named "view" because the engine's SpcRecommendation is the advice itself.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "spc-engine.h"

G_BEGIN_DECLS

#define SPC_TYPE_RECOMMENDATION_VIEW (spc_recommendation_view_get_type ())

G_DECLARE_FINAL_TYPE (SpcRecommendationView, spc_recommendation_view, SPC, RECOMMENDATION_VIEW, AdwBin)

/* The advice for @results as soon as it is decided (no port still running
 * could change it, see spc_advice_recommendation_is_decided ()); until then
 * "checking", with the @elapsed_ms so far. Once @done, the advice or what
 * to do next when no port works. */
void        spc_recommendation_view_update       (SpcRecommendationView *self,
                                                  GListModel            *results,
                                                  const char            *host,
                                                  gboolean               done,
                                                  gint64                 elapsed_ms);
/* For an email address: @advice (taken; NULL while none) is what the
 * discovery's ranking chose among @results, all the ports probed (a
 * GtkFlattenListModel of the SpcDiagnosis that probed them: Check Login
 * takes its trust from the one the port came from); until @done and
 * without advice, "checking" with @elapsed_ms */
void        spc_recommendation_view_update_for_address (SpcRecommendationView *self,
                                                  GListModel            *results,
                                                  SpcRecommendation     *advice,
                                                  gboolean               done,
                                                  gint64                 elapsed_ms);
/* The user's own address (NULL or "" when not known): the User name row
 * shows it and every configuration copied uses it */
void        spc_recommendation_view_set_address  (SpcRecommendationView *self,
                                                  const char            *address);
/* "Use Port 465 with SSL/TLS", or the failure heading */
const char *spc_recommendation_view_get_headline (SpcRecommendationView *self);
/* The advice shown (NULL while checking or when no port works) */
const SpcRecommendation *
            spc_recommendation_view_get_advice   (SpcRecommendationView *self);

G_END_DECLS
