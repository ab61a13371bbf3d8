/* spc-diagnosis.h — every port of one host, probed at once
 *
 * A GListModel of SpcResult: one item per port, present from the start in
 * the order asked for, each updating as its probe advances. "done" is
 * emitted once, after every probe ended (cancelled included); the
 * "running" property is TRUE from the start until then, and notified when it
 * changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-ports.h"
#include "spc-probe.h"
#include "spc-request.h"
#include "spc-result.h"

G_BEGIN_DECLS

#define SPC_TYPE_DIAGNOSIS (spc_diagnosis_get_type ())

G_DECLARE_FINAL_TYPE (SpcDiagnosis, spc_diagnosis, SPC, DIAGNOSIS, GObject)

/* Takes a copy of @request (later changes to it are not seen). Reads the
 * request's CA file, once: the database is kept in @request, so further
 * diagnoses from it (or from its copies made afterwards) share it. NULL
 * with SPC_ERROR_CA_FILE when the file cannot be used. */
SpcDiagnosis *spc_diagnosis_new_for_request  (SpcRequest   *request,
                                              GError      **error);
const char   *spc_diagnosis_get_host         (SpcDiagnosis *self);
guint         spc_diagnosis_get_timeout_ms   (SpcDiagnosis *self);
/* The diagnosis's own copy, with the trust database its probes used (a
 * login check on one of its ports must trust the same) */
SpcRequest   *spc_diagnosis_get_request      (SpcDiagnosis *self);
/* Starts every probe; results update on the thread-default main context */
void          spc_diagnosis_start            (SpcDiagnosis *self);
/* The same, with the probes (their sockets, stage timers, handshake queue
 * and lookups) on a thread and main context of their own
 * (spc-diagnosis-thread.c): what they measure never waits for the
 * caller's main context, however busy (a window's layout and drawing).
 * The results, "running" and "done" still change on the caller's
 * thread-default main context, from copies. The thread ends by itself
 * after "done"; the caller never waits for it. */
void          spc_diagnosis_start_in_thread  (SpcDiagnosis *self);
/* Stops every probe still running; their results become "cancelled" */
void          spc_diagnosis_cancel           (SpcDiagnosis *self);
gboolean      spc_diagnosis_is_running       (SpcDiagnosis *self);
gboolean      spc_diagnosis_is_done          (SpcDiagnosis *self);
/* Wall-clock start (NULL before start) and duration in ms (so far, or total) */
GDateTime    *spc_diagnosis_get_started      (SpcDiagnosis *self);
gint64        spc_diagnosis_get_duration_ms  (SpcDiagnosis *self);
/* Convenience: the result for @port, or NULL */
SpcResult    *spc_diagnosis_find_result      (SpcDiagnosis *self,
                                              guint16       port);

G_END_DECLS
