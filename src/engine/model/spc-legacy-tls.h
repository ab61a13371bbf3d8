/* spc-legacy-tls.h — whether a server also accepts TLS 1.0 or 1.1 when asked
 *
 * Clients use the best version both sides have, so a server that also
 * accepts the obsolete versions (RFC 8996) still works well; but any
 * client that can be pushed down to them is exposed. Once a port's probe
 * has made a TLS session, a second connection offers only the old
 * versions (probe/spc-legacy-tls-check.h) and records what the server did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The nicks are the JSON's values of a port's "legacy_tls" object */
typedef enum {
  SPC_LEGACY_TLS_NOT_CHECKED,  /* no TLS on the port, the check turned off, or stopped */
  SPC_LEGACY_TLS_CHECKING,     /* the second connection is under way */
  SPC_LEGACY_TLS_ACCEPTED,     /* the server chose this version when offered it */
  SPC_LEGACY_TLS_REFUSED,      /* an alert, a newer version than offered, or a close */
  SPC_LEGACY_TLS_CANNOT_TELL,  /* this computer's TLS library would not offer it,
                                * or the check failed before the server chose */
} SpcLegacyTls;

G_END_DECLS
