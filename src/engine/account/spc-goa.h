/* spc-goa.h — an OAuth2 access token from GNOME Online Accounts
 *
 * Plain GDBus, not libgoa: two calls on the session bus (the accounts
 * daemon's object manager, then OAuth2Based.GetAccessToken) do not need a
 * library the Flatpak runtime would have to carry. Only the account whose
 * SMTP server and user name are the check's, and only when the user picks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-secret.h"

G_BEGIN_DECLS

/* The GOA account to log in on @host as @user with: a mail account (mail
 * not disabled, SMTP supported) with OAuth2 whose SmtpHost is @host and
 * whose SmtpUserName (else EmailAddress) is @user, both without case. Its
 * token is for that server only: an account of another server is never
 * offered. Finishes with its D-Bus object path, or NULL without an error
 * when there is none (no daemon included); @provider (may be NULL) gets
 * its provider's name, "Google"; @attention_needed (may be NULL) whether
 * GOA says the account needs the user (a sign-in again) */
void       spc_goa_find_account_async  (const char          *host,
                                        const char          *user,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char      *spc_goa_find_account_finish (GAsyncResult        *result,
                                        char               **provider,
                                        gboolean            *attention_needed,
                                        GError             **error);
/* A fresh access token from the account at @object_path */
void       spc_goa_get_token_async     (const char          *object_path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SpcSecret *spc_goa_get_token_finish    (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
