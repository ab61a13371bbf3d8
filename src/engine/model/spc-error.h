/* spc-error.h — the engine's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SPC_ERROR (spc_error_quark ())

typedef enum {
  SPC_ERROR_INVALID_HOST,     /* empty, spaces, control characters, too long, bad label */
  SPC_ERROR_EMAIL_ADDRESS,    /* "user@example.com" typed where a server is expected */
  SPC_ERROR_INVALID_PORT,     /* 0, 70000, not a number */
  SPC_ERROR_INVALID_MODE,     /* not tls/starttls/plain */
  SPC_ERROR_LINE_TOO_LONG,    /* a line beyond the reader's limit */
  SPC_ERROR_REPLY_TOO_LARGE,  /* too many lines or bytes in one reply */
  SPC_ERROR_MALFORMED,        /* not an SMTP reply line (NUL byte, no code …) */
  SPC_ERROR_CLOSED,           /* the peer closed the connection */
  SPC_ERROR_CA_FILE,          /* the extra CA file cannot be read */
} SpcError;

GQuark spc_error_quark (void);

G_END_DECLS
