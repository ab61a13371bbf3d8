/* spc-advice.h — what to use, why, and how to write it down for each client
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

typedef enum {
  SPC_CONFIG_PLAIN,           /* Thunderbird / Evolution words */
  SPC_CONFIG_MSMTP,
  SPC_CONFIG_POSTFIX,         /* relayhost + SASL/TLS settings for main.cf */
  SPC_CONFIG_GIT_SEND_EMAIL,
  SPC_CONFIG_NEOMUTT,
  SPC_CONFIG_CURL,
  SPC_CONFIG_SWAKS,
  SPC_CONFIG_PYTHON,          /* smtplib */
  SPC_N_CONFIG_FORMATS,       /*< skip >*/
} SpcConfigFormat;

typedef struct {
  char *question;   /* "Is port 25 blocked on my network?" (translated) */
  char *answer;     /* "Yes: nothing answered within 10 s." / "Not known: …" */
  char *evidence;   /* the measurement it rests on, may be NULL */
} SpcChecklistItem;

/* @results: a GListModel of SpcResult (a diagnosis); finished or not, only
 * finished green ports count. NULL when no port is green. */
SpcRecommendation *spc_advice_recommend            (GListModel        *results,
                                                    const char        *host);
void               spc_recommendation_free         (SpcRecommendation *recommendation);
/* When nothing is green: what to do next, naming the ports and why (translated) */
char              *spc_advice_describe_failure     (GListModel        *results);

const char        *spc_config_format_to_string     (SpcConfigFormat    format);  /* "plain", "msmtp", … */
const char        *spc_config_format_get_title     (SpcConfigFormat    format);  /* "Mail client (Thunderbird, Evolution)", … (translated) */
/* @user: the user name to write, or NULL for a placeholder ("you@example.com") */
char              *spc_advice_format_config        (const SpcRecommendation *recommendation,
                                                    SpcConfigFormat    format,
                                                    const char        *user);

/* The article's checklist answered from the measurements */
GPtrArray         *spc_advice_answer_checklist     (GListModel        *results);  /* of SpcChecklistItem*, with free func */
/* Takes @answer and @evidence (may be NULL) */
SpcChecklistItem  *spc_checklist_item_new          (const char        *question,
                                                    char              *answer,
                                                    char              *evidence);
void               spc_checklist_item_free         (SpcChecklistItem  *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcRecommendation, spc_recommendation_free)

G_END_DECLS
