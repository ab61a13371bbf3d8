/* spc-ports.h — the port catalogue and connection modes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SPC_MODE_PLAIN,      /* SMTP in clear, never upgraded (explicitly asked for) */
  SPC_MODE_STARTTLS,   /* SMTP, upgraded with STARTTLS when offered */
  SPC_MODE_TLS,        /* implicit TLS from the first byte (465, "submissions") */
} SpcMode;

typedef struct {
  guint16 port;
  SpcMode mode;
} SpcPortSpec;

/* "plain", "starttls", "tls" — stable identifiers for the CLI and JSON: the
 * nicks of SPC_TYPE_MODE (spc-enums.h); parsing ignores ASCII case */
const char  *spc_mode_to_string          (SpcMode      mode);
gboolean     spc_mode_from_string        (const char  *text,
                                          SpcMode     *mode);
/* "SSL/TLS", "STARTTLS", "None" — the words mail clients use (translated) */
const char  *spc_mode_get_security_label (SpcMode      mode);

/* 465 → TLS, everything else → STARTTLS */
SpcMode      spc_port_get_default_mode   (guint16      port);
/* "smtp", "submissions", "submission", "smtp-alt", "http"; NULL when unknown */
const char  *spc_port_get_service_name   (guint16      port);
/* Short title: "Relay between servers", "Submission over TLS" …; a generic one when unknown */
const char  *spc_port_get_title          (guint16      port);
/* A paragraph in our own words on what the port is for (translated) */
const char  *spc_port_get_explanation    (guint16      port);
/* TRUE for 25, 465, 587, 2525, 80 */
gboolean     spc_port_is_known           (guint16      port);

/* The default set, in display order: 25, 465, 587, 2525, 80 */
GArray      *spc_port_default_specs      (void);

/* Parses "25,465/tls,587/starttls,2525/plain" into an array of SpcPortSpec.
 * Errors (SPC_ERROR_INVALID_PORT / SPC_ERROR_INVALID_MODE) name the bad item. */
GArray      *spc_port_parse_list         (const char  *text,
                                          GError     **error);
/* One port number, digits only, 1 to 65535; SPC_ERROR_INVALID_PORT names
 * @text otherwise (the host input's "host:port" uses it too) */
gboolean     spc_port_parse_number       (const char  *text,
                                          guint16     *port,
                                          GError     **error);

G_END_DECLS
