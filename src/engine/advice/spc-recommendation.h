/* spc-recommendation.h — which port to use, and why the others lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-ports.h"
#include "spc-result.h"

G_BEGIN_DECLS

typedef struct {
  char    *host;
  guint16  port;
  SpcMode  mode;
  char    *security;     /* "SSL/TLS" or "STARTTLS" (stable, untranslated: JSON) */
  char    *auth;         /* preferred mechanism to configure, e.g. "PLAIN"; NULL if none offered */
  char   **auth_offered; /* every mechanism the port offered after TLS */
  char    *reason;       /* one or two sentences: why this port, and why the others lost (translated) */
  gint64   latency_ms;
  char    *ca_file;      /* the extra CA file the check trusted (--ca-file, the
                          * preference), NULL for the system's: set by the
                          * caller; every configuration format names it */
} SpcRecommendation;

/* @results: a GListModel of SpcResult (a diagnosis); finished or not, only
 * finished green ports count. NULL when no port is green. */
SpcRecommendation *spc_advice_recommend            (GListModel        *results,
                                                    const char        *host);
/* TRUE when the recommendation can no longer change: every port finished,
 * or a port is green and no port still running could outrank it (only a
 * lower rank is still running, e.g. a blocked 25 behind a working 465).
 * The winner is then spc_advice_recommend ()'s, now and at the end. */
gboolean           spc_advice_recommendation_is_decided (GListModel *results);
/* "7 seconds so far. …": what the window says until it is decided */
char              *spc_advice_describe_progress    (gint64             elapsed_ms);
void               spc_recommendation_free         (SpcRecommendation *recommendation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcRecommendation, spc_recommendation_free)

G_END_DECLS
