/* spc-ports-guide.h — "About SMTP Ports": what each port is for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SPC_TYPE_PORTS_GUIDE (spc_ports_guide_get_type ())

G_DECLARE_FINAL_TYPE (SpcPortsGuide, spc_ports_guide, SPC, PORTS_GUIDE, AdwPreferencesWindow)

GtkWindow *spc_ports_guide_new (GtkWindow *parent);

G_END_DECLS
