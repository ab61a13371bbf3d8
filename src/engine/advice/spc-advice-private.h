/* spc-advice-private.h — helpers the advice files share, not for the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-result.h"

G_BEGIN_DECLS

/* A singular and plural pair in a static table: xgettext reads NP_ as a
 * plural pair (see po/meson.build), and g_dngettext translates it where it
 * is used */
typedef struct {
  const char *one;
  const char *many;
} SpcPluralText;

#define NP_(one, many) { one, many }

/* The results of @results (a GListModel of SpcResult, or NULL), referenced */
GPtrArray  *_spc_advice_list_results   (GListModel    *results);
/* An array of guint16 port numbers */
GArray     *_spc_advice_port_array_new (void);
/* "25", "25 and 465", "25, 465 and 587" (translated) */
char       *_spc_advice_join_ports     (GArray        *ports);
/* @text with the ports of @ports in it, singular or plural by their number */
char       *_spc_advice_format_ports   (const SpcPluralText *text,
                                        GArray        *ports);
gboolean    _spc_advice_is_green       (SpcResult     *result);
/* Total milliseconds; unknown sorts last (G_MAXINT64) */
gint64      _spc_advice_get_latency    (SpcResult     *result);
/* Translatable formats cannot use G_GINT64_FORMAT: durations as an int */
int         _spc_advice_clamp_ms       (gint64         ms);
/* What happened on the port, as one sentence without its full stop; ""
 * when nothing was said */
char       *_spc_advice_dup_summary    (SpcResult     *result);
/* What was measured on the port, for evidence lines: the summary's details
 * ("TLS 1.3 after STARTTLS; AUTH PLAIN LOGIN"), else the summary */
char       *_spc_advice_dup_evidence   (SpcResult     *result);
/* A host name as a sentence shows it: an IDN in its Unicode form
 * ("bücher.example", not "xn--bcher-kva.example"); addresses as they are */
char       *_spc_advice_dup_display_host (const char  *host);
/* The last EHLO answer offered at least one AUTH mechanism */
gboolean    _spc_advice_offers_auth    (SpcResult     *result);

/* Checked in clear, as asked (plain mode), on a port whose server offers
 * STARTTLS: what it does with encryption was not tried */
gboolean    _spc_advice_starttls_not_tried (SpcResult *result);
/* Its last EHLO answer tells every AUTH mechanism it has: it was read
 * inside TLS, or the server offered no STARTTLS that could hide more (a
 * server may offer AUTH only after STARTTLS) */
gboolean    _spc_advice_auth_is_known  (SpcResult     *result);

G_END_DECLS
