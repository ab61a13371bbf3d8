/* spc-config-format.h — the recommendation written down for each client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "spc-recommendation.h"

G_BEGIN_DECLS

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

const char *spc_config_format_to_string (SpcConfigFormat          format);  /* "plain", "msmtp", … */
const char *spc_config_format_get_title (SpcConfigFormat          format);  /* "Mail Client (Thunderbird, Evolution)", … (translated) */
/* The authentication method as a mail client's drop-down names it: PLAIN
 * and LOGIN are "Normal password" (translated); NULL: "No authentication" */
const char *spc_config_format_get_auth_label (const char        *auth);
/* @user: the user name to write, or NULL for a placeholder ("you@example.com") */
char       *spc_advice_format_config    (const SpcRecommendation *recommendation,
                                         SpcConfigFormat          format,
                                         const char              *user);

G_END_DECLS
