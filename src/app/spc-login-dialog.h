/* spc-login-dialog.h — Check Login: the user's login on one port, then a test message
 *
 * The content of a dialog: spc_login_dialog_present() shows it in an
 * AdwDialog (libadwaita >= 1.5) or a modal AdwWindow (1.2). It never touches
 * a socket: SpcLogin does the work, advice/ (spc-login-text) the words. The
 * password goes from the entry into an SpcSecret for one run and is wiped
 * after it; it is kept only when the user turns on "Remember password", and
 * then only in the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "spc-engine.h"
#include "spc-login-result.h"

G_BEGIN_DECLS

#define SPC_TYPE_LOGIN_DIALOG (spc_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpcLoginDialog, spc_login_dialog, SPC, LOGIN_DIALOG, AdwBin)

/* @probe_result: the finished, green result of @host's port to log in on;
 * @database: the trust the probe used (NULL: the system's) */
SpcLoginDialog *spc_login_dialog_new       (const char     *host,
                                            SpcResult      *probe_result,
                                            GTlsDatabase   *database,
                                            guint           timeout_ms);
/* Fills in the user name (the address the user typed, when there was one) */
void            spc_login_dialog_set_user  (SpcLoginDialog *self,
                                            const char     *user);
/* Shows the dialog over @parent's window */
void            spc_login_dialog_present   (SpcLoginDialog *self,
                                            GtkWidget      *parent);
/* TRUE while a login or a test message is under way ("busy" is notified) */
gboolean        spc_login_dialog_is_busy   (SpcLoginDialog *self);
/* The last run's result ("result" is notified), NULL before the first */
SpcLoginResult *spc_login_dialog_get_result (SpcLoginDialog *self);

G_END_DECLS
