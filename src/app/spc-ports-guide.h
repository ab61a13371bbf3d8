/* spc-ports-guide.h — "About SMTP Ports": what each port is for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SPC_TYPE_PORTS_GUIDE (spc_ports_guide_get_type ())

/* A dialog where libadwaita has them (1.5), a window before (Debian 12) */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (SpcPortsGuide, spc_ports_guide, SPC, PORTS_GUIDE, AdwDialog)
#else
G_DECLARE_FINAL_TYPE (SpcPortsGuide, spc_ports_guide, SPC, PORTS_GUIDE, AdwWindow)
#endif

/* Shown with spc_ui_present_dialog() */
SpcPortsGuide *spc_ports_guide_new (void);

G_END_DECLS
