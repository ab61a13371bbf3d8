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

/* The same without blocking (the window): the D-Bus calls run on the
 * thread-default main context */
void       spc_keyring_lookup_async  (const char          *host,
                                      const char          *user,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SpcSecret *spc_keyring_lookup_finish (GAsyncResult        *result,
                                      GError             **error);
void       spc_keyring_store_async   (const char          *host,
                                      const char          *user,
                                      const SpcSecret     *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean   spc_keyring_store_finish  (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
