/* spc-application.h — the single instance: command line, app actions, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SPC_TYPE_APPLICATION (spc_application_get_type ())

G_DECLARE_FINAL_TYPE (SpcApplication, spc_application, SPC, APPLICATION, AdwApplication)

SpcApplication *spc_application_new (void);

G_END_DECLS
