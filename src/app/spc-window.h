/* spc-window.h — the main window: a host, its ports, the advice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "spc-engine.h"
#include "spc-application.h"
#include "spc-recommendation-view.h"

G_BEGIN_DECLS

#define SPC_TYPE_WINDOW (spc_window_get_type ())

G_DECLARE_FINAL_TYPE (SpcWindow, spc_window, SPC, WINDOW, AdwApplicationWindow)

SpcWindow         *spc_window_new                (SpcApplication *application);
/* An extra CA file for this session (the --ca-file option); NULL to use the preference */
void               spc_window_set_ca_file        (SpcWindow      *self,
                                                  const char     *ca_file);
const char        *spc_window_get_ca_file        (SpcWindow      *self);
/* Puts @host in the entry and checks it, replacing any check still running */
void               spc_window_check_host         (SpcWindow      *self,
                                                  const char     *host);
/* Writes the JSON report of what is shown (an address's discovery and its
 * servers, as `smtp-port-check --json ADDRESS` writes it, or a server's
 * check) to @file: what Save as JSON does once a file is chosen; a toast
 * says how it went */
void               spc_window_save_report        (SpcWindow      *self,
                                                  GFile          *file);

/* For tests and the screenshot script: what the window shows */
SpcDiagnosis      *spc_window_get_diagnosis      (SpcWindow      *self);
/* The inline error under the entry, or NULL when none is shown */
const char        *spc_window_get_host_error     (SpcWindow      *self);
GtkListBox        *spc_window_get_port_list      (SpcWindow      *self);
SpcRecommendationView *spc_window_get_recommendation (SpcWindow      *self);
/* The recent hosts offered under the entry for what is typed */
char             **spc_window_dup_suggestions    (SpcWindow      *self);
/* For an email address typed: its discovery, the diagnoses of the servers
 * found (SpcDiagnosis*), and "Your mail is handled by …" or NULL */
SpcDiscovery      *spc_window_get_discovery      (SpcWindow      *self);
GPtrArray         *spc_window_get_discovered_diagnoses (SpcWindow *self);
const char        *spc_window_get_handler_text   (SpcWindow      *self);
/* "empty", "offline", "not-found" or "results" */
const char        *spc_window_get_page           (SpcWindow      *self);

G_END_DECLS
