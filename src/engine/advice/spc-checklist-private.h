/* spc-checklist-private.h — what the checklist's files share
 *
 *   spc-checklist.c          the items, the ports, encryption, certificate, authentication
 *   spc-checklist-server.c   the encryption to choose, compatibility, speed
 *   spc-reference-text.c     the network (whose firewall)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-advice-private.h"
#include "spc-checklist.h"

G_BEGIN_DECLS

/* The result of @port in @all (SpcResult*), or NULL */
SpcResult        *_spc_checklist_find_port        (GPtrArray *all,
                                                   guint16    port);
/* "Port 25: Blocked on your network: no answer within 10 s"; NULL for NULL */
char             *_spc_checklist_port_evidence    (SpcResult *result);
/* One such line for each of @results; NULL when there is none */
char             *_spc_checklist_joined_evidence  (GPtrArray *results);

SpcChecklistItem *_spc_checklist_answer_encryption_choice (GPtrArray *all);
SpcChecklistItem *_spc_checklist_answer_compatibility (GPtrArray *all);
SpcChecklistItem *_spc_checklist_answer_speed     (GPtrArray *all);

G_END_DECLS
