/* spc-goa.h — an OAuth2 access token from GNOME Online Accounts
 *
 * Plain GDBus, not libgoa: two calls on the session bus (the accounts
 * daemon's object manager, then OAuth2Based.GetAccessToken) do not need a
 * library the Flatpak runtime would have to carry. Only the account whose
 * mail address is the user's, and only when the user picks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-secret.h"

G_BEGIN_DECLS

/* The GOA account for @address: a mail account (mail not disabled) whose
 * EmailAddress is @address, with OAuth2. Finishes with its D-Bus object
 * path, or NULL without an error when there is none (no daemon included);
 * @provider (may be NULL) gets its provider's name, "Google" */
void       spc_goa_find_account_async  (const char          *address,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char      *spc_goa_find_account_finish (GAsyncResult        *result,
                                        char               **provider,
                                        GError             **error);
/* A fresh access token from the account at @object_path */
void       spc_goa_get_token_async     (const char          *object_path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SpcSecret *spc_goa_get_token_finish    (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
