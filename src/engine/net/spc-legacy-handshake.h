/* spc-legacy-handshake.h — a TLS handshake that offers only TLS 1.0 and/or 1.1
 *
 * glib-networking reads its GnuTLS priority once per process
 * (G_TLS_GNUTLS_PRIORITY), so a probe cannot ask one server for old
 * versions through GIO. This speaks GnuTLS directly, over the socket's
 * non-blocking streams pulled by GLib sources on the caller's main context
 * (no thread). It only learns which version the server chooses: nothing is
 * sent inside the session but QUIT, and the certificate is not judged
 * here (the port's own probe did that).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  SPC_LEGACY_VERSION_NONE   = 0,
  SPC_LEGACY_VERSION_TLS1_0 = 1 << 0,
  SPC_LEGACY_VERSION_TLS1_1 = 1 << 1,
} SpcLegacyVersions;

typedef enum {
  SPC_LEGACY_HANDSHAKE_ACCEPTED,   /* the server chose one of the offered versions */
  SPC_LEGACY_HANDSHAKE_REFUSED,    /* before choosing: an alert, a newer version, a close */
  SPC_LEGACY_HANDSHAKE_UNKNOWN,    /* nothing learned: a local failure, cancelled, a deadline */
} SpcLegacyHandshakeOutcome;

/* Which of @versions this process's GnuTLS would put in a ClientHello: a
 * system policy (GNUTLS_SYSTEM_PRIORITY_FILE, crypto-policies) may remove
 * them, and then the answer for them is "cannot tell", never "no" */
SpcLegacyVersions         spc_legacy_handshake_offerable (SpcLegacyVersions    versions);

/* A client handshake on @stream (a GSocketConnection: its streams must be
 * pollable), offering @versions only, with SNI @server_name (NULL for an
 * address). Bounded by @cancellable only: the caller's deadline cancels it. */
void                      spc_legacy_handshake_async     (GIOStream           *stream,
                                                          const char          *server_name,
                                                          SpcLegacyVersions    versions,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* @chosen: the version the server chose (ACCEPTED), else NONE. ACCEPTED
 * also when the handshake failed after the server chose (a weak key our
 * GnuTLS refuses, say): the server took the version. @error_text: GnuTLS's
 * words for a failure, or NULL. */
SpcLegacyHandshakeOutcome spc_legacy_handshake_finish    (GAsyncResult        *result,
                                                          SpcLegacyVersions   *chosen,
                                                          char               **error_text);

G_END_DECLS
