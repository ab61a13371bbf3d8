/* spc-failure-text.h — what to do when no port works
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* When nothing is green: what to do next, naming the ports and why
 * (translated). @results: a GListModel of SpcResult, or NULL. */
char *spc_advice_describe_failure (GListModel *results);

G_END_DECLS
