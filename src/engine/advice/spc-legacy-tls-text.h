/* spc-legacy-tls-text.h — "also accepts TLS 1.0/1.1" in words
 *
 * A note, not a verdict: clients use the best version both sides have, so
 * a port that also accepts TLS 1.0 or 1.1 works as well for the user as
 * one that does not; only a client that offers nothing newer (or is
 * pushed down to the old versions) is exposed, and turning them off is
 * the provider's job. The port's light stays what its own session earned;
 * the note is yellow beside it (RFC 8996 deprecates both versions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-result.h"

G_BEGIN_DECLS

/* TRUE when the server accepted TLS 1.0 or 1.1: the note is a warning */
gboolean  spc_legacy_tls_is_accepted     (SpcResult *result);
/* One sentence about TLS 1.0 and 1.1 on @result's port, or NULL while
 * nothing was checked: what was accepted, or that both are refused, or
 * that this could not be checked, or that the check is under way */
char     *spc_legacy_tls_text_for_result (SpcResult *result);

G_END_DECLS
