/* spc-reference-text.h — whose firewall: a silent port and its reference check in words
 *
 * Pure functions of the facts a result holds (its status and its
 * SpcReference): the per-port summary, the diagnosis-level sentences, and
 * the checklist's answers about blocked ports all come from
 * spc_reference_get_finding(), so they never disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-checklist.h"
#include "spc-result.h"

G_BEGIN_DECLS

typedef enum {
  SPC_PATH_NOT_SILENT,      /* the port is not filtered (or still connecting) */
  SPC_PATH_CHECKING,        /* filtered; its reference is still being asked */
  SPC_PATH_UNKNOWN,         /* filtered; no reference could tell (off, none, not found) */
  SPC_PATH_NETWORK_BLOCKS,  /* filtered, and the reference is silent on that port too */
  SPC_PATH_SERVER_SILENT,   /* filtered, while the reference answered on that port */
} SpcPathFinding;

SpcPathFinding    spc_reference_get_finding        (SpcResult *result);
/* The ports of @all (SpcResult*) with @finding, in order (guint16) */
GArray           *spc_reference_list_ports         (GPtrArray *all,
                                                    SpcPathFinding finding);
/* A filtered port's summary, without its full stop ("Your network blocks
 * port 25"), and in @details the facts it rests on, naming the reference
 * host asked ("No answer within 10 s, and the reference server
 * mx.example.org does not answer on this port either"); @seconds: the
 * deadline in words. Translated. */
char             *spc_reference_summarize          (SpcResult *result,
                                                    const char *seconds,
                                                    char     **details);
/* A whole sentence on a filtered port, for the recommendation's losers */
char             *spc_reference_describe_port      (SpcResult *result);
/* The diagnosis-level sentences on the filtered ports of @all, or NULL when
 * none is filtered: "The server or its address is likely wrong or down…"
 * when every port is silent while a reference answered */
char             *spc_reference_describe_filtered  (GPtrArray *all);
/* "Is port 25 blocked on my network?" when 25 is filtered; NULL otherwise */
char             *spc_reference_answer_port_25     (SpcResult *result);
/* "Does my network block certain ports?" */
SpcChecklistItem *spc_reference_answer_network     (GPtrArray *all);

G_END_DECLS
