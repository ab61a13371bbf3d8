/* spc-keyring.h — the password in the Secret Service, as msmtp keeps it
 *
 * The entry has the attributes msmtp's documentation gives secret-tool
 * (host, service = "smtp", user), so one entry serves both programs:
 *   secret-tool store --label=msmtp host smtp.example.org service smtp user ana
 * Only ever used when the user asks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-secret.h"

G_BEGIN_DECLS

/* NULL without an error when there is no entry */
SpcSecret *spc_keyring_lookup (const char       *host,
                               const char       *user,
                               GCancellable     *cancellable,
                               GError          **error);
gboolean   spc_keyring_store  (const char       *host,
                               const char       *user,
                               const SpcSecret  *password,
                               GCancellable     *cancellable,
                               GError          **error);

G_END_DECLS
