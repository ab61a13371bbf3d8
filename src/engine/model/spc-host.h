/* spc-host.h — understanding what the user typed as a mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char    *input;      /* what was typed, trimmed */
  char    *host;       /* for display and certificate identity: "smtp.example.com",
                          "bücher.example" shown as typed, IPv6 without brackets */
  char    *ascii_host; /* what is resolved: punycode (IDN → ASCII), no trailing dot */
  gboolean is_address; /* an IPv4 or IPv6 literal */
  guint16  port;       /* 0 unless "host:port" / "[v6]:port" was typed */
} SpcHost;

/* Accepts a name (IDN too, a trailing dot is dropped), an IPv4 address,
 * an IPv6 address with or without brackets, "host:port" and "[v6]:port".
 * Refuses, with SPC_ERROR and one clear sentence: empty input, spaces,
 * control characters, labels over 63 bytes, names over 253 bytes,
 * bad ports, and email addresses (SPC_ERROR_EMAIL_ADDRESS, suggesting the
 * domain's mail server instead). */
SpcHost *spc_host_parse (const char  *input,
                         GError     **error);
void     spc_host_free  (SpcHost     *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcHost, spc_host_free)

G_END_DECLS
