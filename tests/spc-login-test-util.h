/* spc-login-test-util.h — what the login tests share: a probe of a port of
 * the scripted login server, and waiting for a login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-login.h"
#include "spc-probe.h"

G_BEGIN_DECLS

/* The finished probe of localhost:@port (trusting @database) */
SpcResult      *spc_login_test_probe (guint16       port,
                                      SpcMode       mode,
                                      GTlsDatabase *database,
                                      guint         timeout_ms);
/* Runs @login to its end on the default main context */
SpcLoginResult *spc_login_test_run   (SpcLogin     *login,
                                      guint         timeout_ms);

G_END_DECLS
