/* spc-login.h — checks a login (and sends a test message) on one port
 *
 * Only on a port whose probe found trusted TLS. Over a fresh connection it
 * repeats the probe's checks — the certificate must be the very one the
 * probe saw (SHA-256 of its DER bytes), STARTTLS must answer 220 with
 * nothing buffered behind it — and only then, inside TLS, with a mechanism
 * offered inside TLS, sends a credential:
 *
 *   connect → [TLS] → greeting → EHLO → [STARTTLS → TLS → EHLO] →
 *     AUTH (GNU SASL, or XOAUTH2/OAUTHBEARER) →
 *     [MAIL FROM → RCPT TO → DATA → message] → QUIT
 *
 * Every stage has a deadline; every reply is bounded by the line reader and
 * the reply parser. The password is wiped from memory once AUTH is over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-login-result.h"
#include "spc-result.h"
#include "spc-secret.h"

G_BEGIN_DECLS

#define SPC_TYPE_LOGIN (spc_login_get_type ())

G_DECLARE_FINAL_TYPE (SpcLogin, spc_login, SPC, LOGIN, GObject)

/* @host: the server identity the probe checked the certificate against;
 * @probe_result: that probe's finished result (port, mode, the address
 * that answered, the certificate) */
SpcLogin       *spc_login_new               (const char          *host,
                                             SpcResult           *probe_result);
void            spc_login_set_timeout_ms    (SpcLogin            *self,
                                             guint                timeout_ms);
/* The probe's database (a --ca-file over the system's); NULL: the system's */
void            spc_login_set_tls_database  (SpcLogin            *self,
                                             GTlsDatabase        *database);
void            spc_login_set_user          (SpcLogin            *self,
                                             const char          *user);
/* Takes ownership; wiped once AUTH is over */
void            spc_login_set_password      (SpcLogin            *self,
                                             SpcSecret           *password);
/* Takes ownership: an OAuth2 access token (XOAUTH2, OAUTHBEARER) */
void            spc_login_set_oauth2_token  (SpcLogin            *self,
                                             SpcSecret           *token);
/* "PLAIN", "SCRAM-SHA-256" …; NULL: the strongest offered inside TLS */
void            spc_login_set_mechanism     (SpcLogin            *self,
                                             const char          *mechanism);
/* After a successful login, send a test message from @from to @to */
void            spc_login_set_test_message  (SpcLogin            *self,
                                             const char          *from,
                                             const char          *to);
/* Never fails: the outcome (cancelled included) is in the result */
void            spc_login_run_async         (SpcLogin            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
SpcLoginResult *spc_login_run_finish        (SpcLogin            *self,
                                             GAsyncResult        *result);

/* The mechanisms we can use, strongest first */
const char * const *spc_login_get_password_mechanisms (void);
/* TRUE when @mechanism (any case) is one this program logs in with using
 * an access token (@token) or a password (!@token) */
gboolean        spc_login_mechanism_fits    (const char          *mechanism,
                                             gboolean             token);
/* TRUE when @address can go into MAIL FROM/RCPT TO and a header as it is:
 * printable ASCII, one "@", no spaces or angle brackets, at most 254 bytes */
gboolean        spc_login_address_is_valid  (const char          *address);

G_END_DECLS
