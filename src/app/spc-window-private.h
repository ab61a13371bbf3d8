/* spc-window-private.h — what the files of the main window share
 *
 * The window is one type over several files, as GNOME Text Editor's:
 * spc-window.c (the type, its life and public API), spc-window-check.c
 * (starting and stopping a check, feeding the rows and the advice),
 * spc-window-recent.c (recent hosts and suggestions) and
 * spc-window-actions.c (actions, shortcuts, copy and save).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-window.h"

G_BEGIN_DECLS

struct _SpcWindow
{
  AdwApplicationWindow   parent_instance;

  GSettings             *settings;
  SpcDiagnosis          *diagnosis;
  char                  *host;          /* as displayed, for the diagnosis shown */
  char                  *ca_file;       /* --ca-file, overrides the preference */
  gboolean               suggesting;    /* typing since the last check */
  guint                  progress_timer;/* ticks the time so far until decided */

  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  AdwEntryRow           *host_row;
  GtkMenuButton         *recent_button;
  GtkBox                *suggestion_box;
  GMenu                 *recent_section;
  GtkButton             *check_button;
  GtkLabel              *host_error_label;
  GtkStack              *stack;
  SpcRecommendationView *recommendation;
  AdwPreferencesGroup   *ports_group;
  GtkListBox            *port_list;
  GtkWidget             *checklist_group;
  GtkListBox            *checklist_list;
};

/* spc-window-check.c */
void _spc_window_check               (SpcWindow      *self);
void _spc_window_stop_diagnosis      (SpcWindow      *self);
void _spc_window_show_host_error     (SpcWindow      *self,
                                      const char     *message);

/* spc-window-recent.c */
void _spc_window_update_recent_menu  (SpcWindow      *self);
void _spc_window_remember_host       (SpcWindow      *self,
                                      const char     *host);

/* spc-window-actions.c */
void _spc_window_class_actions_init  (SpcWindowClass *klass);
void _spc_window_update_actions      (SpcWindow      *self);

G_END_DECLS
