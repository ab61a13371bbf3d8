/* spc-window-private.h — what the files of the main window share
 *
 * The window is one type over several files, as GNOME Text Editor's:
 * spc-window.c (the type, its life and public API), spc-window-check.c
 * (starting and stopping a check, feeding the rows and the advice),
 * spc-window-address.c (an email address: discovery, a group of rows per
 * server found),
 * spc-window-recent.c (what is remembered: recent hosts, suggestions, the
 * address) and
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
  /* An email address typed: its discovery and a diagnosis per server found */
  SpcDiscovery          *discovery;
  GPtrArray             *diagnoses;     /* SpcDiagnosis*, in the order started */
  GHashTable            *host_groups;   /* host → GListStore of its diagnoses */
  /* What each server's request copies: the preferences and the trust, read
   * once, and so one bound on handshakes and one name cache for them all */
  SpcRequest            *servers_request;
  gint64                 address_started;

  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkWidget             *copy_report_button;
  GtkWidget             *entry_box;       /* the entry and Check */
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
  GtkLabel              *handler_label;
  GtkBox                *hosts_box;
};

/* spc-window-check.c */
void _spc_window_check               (SpcWindow      *self);
void _spc_window_stop_diagnosis      (SpcWindow      *self);
void _spc_window_show_host_error     (SpcWindow      *self,
                                      const char     *message);
void _spc_window_show_page           (SpcWindow      *self,
                                      const char     *name);
SpcRequest *_spc_window_new_request  (SpcWindow      *self,
                                      const char     *ascii_host,
                                      GArray         *specs);
/* TRUE while a check (of a host or of an address) runs */
gboolean _spc_window_is_running      (SpcWindow      *self);

/* spc-window-address.c */
void _spc_window_check_address       (SpcWindow      *self,
                                      const char     *address);
void _spc_window_stop_address        (SpcWindow      *self);
void _spc_window_cancel_address      (SpcWindow      *self);
void _spc_window_show_checklist      (SpcWindow      *self,
                                      GPtrArray      *items);

/* spc-window-recent.c */
void _spc_window_update_recent_menu  (SpcWindow      *self);
void _spc_window_remember_host       (SpcWindow      *self,
                                      const char     *host);
/* The address typed last: kept (the `address` key) and given back only
 * while Remember Recent Servers is on; "" otherwise */
void _spc_window_remember_address    (SpcWindow      *self,
                                      const char     *address);
char *_spc_window_dup_address        (SpcWindow      *self);

/* spc-window-actions.c */
void _spc_window_class_actions_init  (SpcWindowClass *klass);
void _spc_window_update_actions      (SpcWindow      *self);

G_END_DECLS
