/* spc-preferences-window.h — the settings of a check, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SPC_TYPE_PREFERENCES_WINDOW (spc_preferences_window_get_type ())

/* A dialog over the main window where libadwaita has them (1.5), a window
 * of its own before (Debian 12's 1.2) */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (SpcPreferencesWindow, spc_preferences_window, SPC, PREFERENCES_WINDOW, AdwPreferencesDialog)
#else
G_DECLARE_FINAL_TYPE (SpcPreferencesWindow, spc_preferences_window, SPC, PREFERENCES_WINDOW, AdwPreferencesWindow)
#endif

/* Shown with spc_ui_present_dialog() */
SpcPreferencesWindow *spc_preferences_window_new (void);
/* The CA file given for this session (--ca-file), which checks use instead
 * of the preference: the row shows it and the preference cannot be changed
 * from there. NULL: the preference. */
void spc_preferences_window_set_session_ca_file (SpcPreferencesWindow *self,
                                                 const char           *path);

G_END_DECLS
