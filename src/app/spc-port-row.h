/* spc-port-row.h — one port of a diagnosis: the light, the words, the details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "spc-engine.h"

G_BEGIN_DECLS

#define SPC_TYPE_PORT_ROW (spc_port_row_get_type ())

G_DECLARE_FINAL_TYPE (SpcPortRow, spc_port_row, SPC, PORT_ROW, AdwExpanderRow)

/* @host: the server as the user typed it, for certificate problems */
GtkWidget  *spc_port_row_new              (SpcResult  *result,
                                           const char *host);
SpcResult  *spc_port_row_get_result       (SpcPortRow *self);
/* The verdict word shown next to the light ("Works", "Checking…") */
const char *spc_port_row_get_verdict_text (SpcPortRow *self);
/* The SMTP conversation as shown and copied, one "S: …" / "C: …" line each */
char       *spc_port_row_dup_transcript   (SpcPortRow *self);

G_END_DECLS
