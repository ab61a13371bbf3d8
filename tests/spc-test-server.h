/* spc-test-server.h — a scripted SMTP/TLS server on loopback, for tests
 *
 * Each listening port plays one scenario (a good server, or one of the ways
 * a server misbehaves) and records what its clients sent, so tests can
 * assert what the probe did as well as what it concluded. GIO only: it does
 * not link the engine it tests.
 *
 * Connections are served on worker threads (GThreadedSocketService) with
 * blocking I/O, so a scenario reads as a script; every read and write is
 * bounded in bytes and time, and spc_test_server_stop() ends them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  SPC_SCENARIO_GOOD_STARTTLS_AUTH,
  SPC_SCENARIO_GOOD_STARTTLS_NO_AUTH,
  SPC_SCENARIO_IMPLICIT_TLS_AUTH,
  SPC_SCENARIO_EXPIRED_TLS,
  SPC_SCENARIO_EXPIRED_STARTTLS,
  SPC_SCENARIO_NOT_YET_VALID_TLS,
  SPC_SCENARIO_NOT_YET_VALID_STARTTLS,
  SPC_SCENARIO_WRONG_HOST_TLS,
  SPC_SCENARIO_WRONG_HOST_STARTTLS,
  SPC_SCENARIO_SELF_SIGNED_TLS,
  SPC_SCENARIO_SELF_SIGNED_STARTTLS,
  SPC_SCENARIO_LONG_CHAIN_TLS,
  SPC_SCENARIO_LONG_CHAIN_STARTTLS,
  SPC_SCENARIO_STARTTLS_INJECTION,
  SPC_SCENARIO_STARTTLS_INJECTION_LATER,
  SPC_SCENARIO_NO_STARTTLS,
  SPC_SCENARIO_STARTTLS_454,
  SPC_SCENARIO_STARTTLS_502,
  SPC_SCENARIO_STARTTLS_354,
  SPC_SCENARIO_EHLO_REFUSED,
  SPC_SCENARIO_STARTTLS_AGAIN_AFTER_TLS,
  SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_TLS,
  SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_STARTTLS,
  SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_TLS,
  SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_STARTTLS,
  SPC_SCENARIO_GREETING_554,
  SPC_SCENARIO_GREETING_421,
  SPC_SCENARIO_GREETING_999,
  SPC_SCENARIO_GREETING_2,
  SPC_SCENARIO_GREETING_BARE_220,
  SPC_SCENARIO_GREETING_MISMATCHED,
  SPC_SCENARIO_GREETING_EMPTY_LINE,
  SPC_SCENARIO_SILENCE,
  SPC_SCENARIO_ONE_BYTE_PER_SECOND,
  SPC_SCENARIO_GREETING_DELAYED,
  SPC_SCENARIO_ENDLESS_LINE,
  SPC_SCENARIO_LINE_64K,
  SPC_SCENARIO_CONTINUATION_200K,
  SPC_SCENARIO_BARE_LF,
  SPC_SCENARIO_NUL_BYTES,
  SPC_SCENARIO_INVALID_UTF8,
  SPC_SCENARIO_BINARY_GARBAGE,
  SPC_SCENARIO_HTTP,
  SPC_SCENARIO_SSH_BANNER,
  SPC_SCENARIO_PLAINTEXT_ON_TLS_PORT,
  SPC_SCENARIO_TLS_ON_STARTTLS_PORT,
  SPC_SCENARIO_CLOSE_MID_LINE,
  SPC_SCENARIO_GREETING_221,
  SPC_SCENARIO_GREETING_354,
  SPC_SCENARIO_EHLO_421,
  SPC_SCENARIO_EHLO_554,
  SPC_SCENARIO_STARTTLS_221,
  SPC_SCENARIO_STARTTLS_421,
  SPC_SCENARIO_BARE_CR,
  SPC_SCENARIO_LINE_513,
  SPC_SCENARIO_GREETING_MARKUP,
  SPC_SCENARIO_GREETING_HIDDEN_CHARACTERS,
  SPC_SCENARIO_EHLO_SILENT,
  SPC_SCENARIO_EHLO_SILENT_AFTER_STARTTLS,
  SPC_SCENARIO_EHLO_SILENT_TLS,
  SPC_SCENARIO_EHLO_DRIP,
  SPC_SCENARIO_DNS_ONLY_STARTTLS,
  SPC_SCENARIO_DNS_ONLY_TLS,
  SPC_SCENARIO_IP_ONLY_STARTTLS,
  SPC_SCENARIO_IP_ONLY_TLS,
  SPC_SCENARIO_EARLY_TALKER,
  SPC_SCENARIO_FTP_BANNER,
  SPC_SCENARIO_FTP_PLAIN_BANNER,
  SPC_SCENARIO_POP3_BANNER,
  SPC_SCENARIO_IMAP_BANNER,
  SPC_SCENARIO_AUTH_BEFORE_STARTTLS,
  SPC_SCENARIO_SLOW_HANDSHAKE_TLS,
  /* Never answers a SYN, as a firewall that drops packets: a listener
   * whose accept queue is kept full (no root needed) */
  SPC_SCENARIO_DROP,
  SPC_SCENARIO_WEAK_KEY_TLS,
  SPC_SCENARIO_WEAK_KEY_STARTTLS,
  SPC_SCENARIO_CLIENT_PURPOSE_TLS,
  SPC_SCENARIO_KEY_USAGE_TLS,
  SPC_SCENARIO_EXPIRING_SOON_TLS,
  SPC_SCENARIO_IP_AS_DNS_TLS,
  SPC_SCENARIO_EXPIRED_INTERMEDIATE_TLS,
  SPC_SCENARIO_MISSING_INTERMEDIATE_TLS,
  SPC_SCENARIO_MISSING_INTERMEDIATE_STARTTLS,
  SPC_SCENARIO_CLIENT_CERTIFICATE_TLS,
  SPC_SCENARIO_SILENT_TLS_ON_STARTTLS_PORT,
  SPC_N_SCENARIOS,
} SpcScenario;

/* Without an explicit delay, SPC_SCENARIO_GREETING_DELAYED waits this long */
#define SPC_TEST_SERVER_DEFAULT_GREETING_DELAY_MS 1000
/* Without an explicit delay, SPC_SCENARIO_SLOW_HANDSHAKE_TLS answers the
 * ClientHello after this long */
#define SPC_TEST_SERVER_DEFAULT_HANDSHAKE_DELAY_MS 1000
/* Without an explicit delay, SPC_SCENARIO_EHLO_DRIP sends a line this often */
#define SPC_TEST_SERVER_DEFAULT_DRIP_INTERVAL_MS 500

/* "good-starttls-auth", "silence", … (stable: the standalone server's
 * command line and the tests use them) */
const char *spc_scenario_to_string      (SpcScenario  scenario);
gboolean    spc_scenario_from_string    (const char  *name,
                                         SpcScenario *scenario);
/* One line for --help */
const char *spc_scenario_get_description (SpcScenario scenario);

#define SPC_TYPE_TEST_SERVER (spc_test_server_get_type ())

G_DECLARE_FINAL_TYPE (SpcTestServer, spc_test_server, SPC, TEST_SERVER, GObject)

/* @cert_dir: where tests/make-certs.sh wrote its files (localhost.pem …) */
SpcTestServer *spc_test_server_new        (const char     *cert_dir,
                                           GError        **error);
/* Over the test certificates next to the test programs (the build tree's
 * tests/); the test fails when the server cannot be made */
SpcTestServer *spc_test_server_new_for_test (void);
/* Listens on @address ("127.0.0.1", "::1") and @port (0: the OS picks one)
 * and plays @scenario there, waiting @delay_ms before each reply.
 * Returns the port, or 0 with @error set. Connections are accepted on the
 * thread-default main context of the caller, which must be iterated. */
guint16        spc_test_server_add_port   (SpcTestServer  *self,
                                           const char     *address,
                                           guint16         port,
                                           SpcScenario     scenario,
                                           guint           delay_ms,
                                           GError        **error);
/* The same on 127.0.0.1, any port; the test fails when it cannot listen */
guint16        spc_test_server_add_loopback_port (SpcTestServer *self,
                                                  SpcScenario    scenario,
                                                  guint          delay_ms);
/* Closes the listeners, cancels every connection and waits (bounded) for
 * their threads to end. Idempotent; also done on dispose. */
void           spc_test_server_stop       (SpcTestServer  *self);

/* What a program of engine tests keeps for all its cases: one scripted
 * server and a database of the test CA that issued its certificates */
typedef struct {
  SpcTestServer *server;
  GTlsDatabase  *ca_database;
} SpcTestEnv;

/* Makes both; the test fails when the server cannot be made */
void           spc_test_env_init          (SpcTestEnv     *env);
/* Stops the server and drops both */
void           spc_test_env_clear         (SpcTestEnv     *env);

/* What clients of @port did (all connections together) */
guint          spc_test_server_get_n_connections (SpcTestServer *self,
                                                  guint16        port);
/* How many connections sent a byte before the SMTP greeting was written
 * (a client expecting implicit TLS rightly speaks first: its ClientHello) */
guint          spc_test_server_get_n_early_talkers (SpcTestServer *self,
                                                    guint16        port);
/* The command lines clients sent (decrypted inside TLS), in order, as valid
 * UTF-8, at most a few hundred; NULL-terminated, free with g_strfreev */
char         **spc_test_server_dup_commands      (SpcTestServer *self,
                                                  guint16        port);
/* TRUE when a command line starting with @verb (case-insensitive, a whole
 * word: "AUTH", "MAIL") was received */
gboolean       spc_test_server_received_command  (SpcTestServer *self,
                                                  guint16        port,
                                                  const char    *verb);
/* Bytes the client sent after the STARTTLS 220 with injected lines (the
 * injection scenarios); a safe client sends none */
gsize          spc_test_server_get_bytes_after_injection (SpcTestServer *self,
                                                          guint16        port);
/* Milliseconds from accepting a connection to the first line its client
 * sent (the first connection that sent one; on a TLS port, its first
 * bytes), or -1 when none did: a silent server tells when the probe gave
 * up waiting and spoke */
gint64         spc_test_server_get_first_command_ms      (SpcTestServer *self,
                                                          guint16        port);
/* The most connections at once (all ports together) that had been
 * accepted and not yet sent a greeting: with SPC_SCENARIO_GREETING_DELAYED,
 * how many clients were connected at the same time */
guint          spc_test_server_get_peak_ungreeted        (SpcTestServer *self);

G_END_DECLS
