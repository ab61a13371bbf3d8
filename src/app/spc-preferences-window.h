/* spc-preferences-window.h — the settings of a check, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SPC_TYPE_PREFERENCES_WINDOW (spc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SpcPreferencesWindow, spc_preferences_window, SPC, PREFERENCES_WINDOW, AdwPreferencesWindow)

SpcPreferencesWindow *spc_preferences_window_new (GtkWindow *parent);

G_END_DECLS
