/* spc-login-server.h — a scripted SMTP server for the login tests
 *
 * Separate from spc-test-server (the probe's): it checks real credentials
 * with GNU SASL's server side (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1,
 * SCRAM-SHA-256), checks XOAUTH2/OAUTHBEARER framing byte for byte, takes
 * a test message, and records every byte its clients sent as SMTP (in
 * clear, or decrypted inside TLS) so a test can prove no credential
 * reached a server it should not have. Loopback only; blocking I/O on
 * worker threads, every read bounded in bytes and time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_LOGIN_SERVER_USER     "ana@example.test"
#define SPC_LOGIN_SERVER_PASSWORD "correct horse battery"
#define SPC_LOGIN_SERVER_TOKEN    "ya29.test-access-token"
#define SPC_LOGIN_SERVER_QUEUE_ID "4QTEST1"
/* What SPC_LOGIN_SCENARIO_AUTH_HOSTILE_REPLY answers AUTH, and how it must
 * be shown */
#define SPC_LOGIN_SERVER_HOSTILE_REPLY "554 5.7.0 Denied \x1b]0;owned\x07 \u202etxt.exe"
#define SPC_LOGIN_SERVER_HOSTILE_SHOWN "554 5.7.0 Denied <U+001B>]0;owned<U+0007> <U+202E>txt.exe"

typedef enum {
  SPC_LOGIN_SCENARIO_STARTTLS,              /* every mechanism, inside TLS only */
  SPC_LOGIN_SCENARIO_IMPLICIT_TLS,          /* the same, TLS from the first byte */
  SPC_LOGIN_SCENARIO_AUTH_534,              /* any AUTH: 534 5.7.9 (app password) */
  SPC_LOGIN_SCENARIO_AUTH_5730,             /* any AUTH: 535 5.7.30 (basic auth off) */
  SPC_LOGIN_SCENARIO_AUTH_530,              /* any AUTH: 530 5.7.0 */
  SPC_LOGIN_SCENARIO_MAIL_553,              /* login fine, MAIL FROM: 553 5.7.1 */
  SPC_LOGIN_SCENARIO_AUTH_BEFORE_TLS_ONLY,  /* AUTH listed in clear, not inside TLS */
  SPC_LOGIN_SCENARIO_PLAINTEXT_ONLY,        /* no STARTTLS, AUTH in clear */
  SPC_LOGIN_SCENARIO_SELF_SIGNED,           /* STARTTLS with an untrusted certificate */
  SPC_LOGIN_SCENARIO_CERT_CHANGES,          /* another trusted certificate after the first connection */
  SPC_LOGIN_SCENARIO_CERT_CHANGES_TLS,      /* the same over implicit TLS */
  SPC_LOGIN_SCENARIO_CERT_BREAKS,           /* an untrusted certificate after the first connection */
  SPC_LOGIN_SCENARIO_STARTTLS_DISAPPEARS,   /* no STARTTLS after the first connection */
  SPC_LOGIN_SCENARIO_OAUTH_ERROR,           /* XOAUTH2/OAUTHBEARER: 334 error, then 535 */
  SPC_LOGIN_SCENARIO_ONLY_PLAIN,            /* inside TLS: AUTH PLAIN only */
  SPC_LOGIN_SCENARIO_AUTH_SILENT,           /* any AUTH: no answer, ever */
  SPC_LOGIN_SCENARIO_AUTH_HOSTILE_REPLY,    /* any AUTH: 554 with a terminal escape, a bell, a bidi override */
} SpcLoginScenario;

#define SPC_TYPE_LOGIN_SERVER (spc_login_server_get_type ())

G_DECLARE_FINAL_TYPE (SpcLoginServer, spc_login_server, SPC, LOGIN_SERVER, GObject)

SpcLoginServer *spc_login_server_new            (const char       *cert_dir,
                                                 GError          **error);
/* Over the test certificates next to the test programs (the build tree's
 * tests/); the test fails when the server cannot be made */
SpcLoginServer *spc_login_server_new_for_test   (void);
/* Listens on 127.0.0.1 (a port the OS picks) and plays @scenario there */
guint16         spc_login_server_add_port       (SpcLoginServer   *self,
                                                 SpcLoginScenario  scenario,
                                                 GError          **error);
void            spc_login_server_stop           (SpcLoginServer   *self);
guint           spc_login_server_get_n_connections (SpcLoginServer *self,
                                                 guint16           port);
/* Every byte clients of @port sent as SMTP, all connections in order */
GBytes         *spc_login_server_dup_received   (SpcLoginServer   *self,
                                                 guint16           port);
/* The mechanism of the last successful AUTH, NULL when none succeeded */
char           *spc_login_server_dup_authenticated (SpcLoginServer *self,
                                                 guint16           port);
/* The last message received after DATA (dot-stuffing undone, CRLF kept) */
char           *spc_login_server_dup_message    (SpcLoginServer   *self,
                                                 guint16           port);

G_END_DECLS
