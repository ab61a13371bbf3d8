/* test-probe.c — the real probe against every scenario of the test server
 *
 * Each case starts one port of the scripted server, probes it with short
 * stage deadlines and checks what the probe concluded (status, verdict,
 * key facts), that it ended within its deadline, and what it did on the
 * wire: never AUTH, never MAIL, nothing before the greeting, nothing after
 * an injected STARTTLS reply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "spc-engine.h"
#include "spc-test-server.h"
#include "spc-test-util.h"

/* Short, but not so short that a loaded machine trips them */
#define STAGE_TIMEOUT_MS 1500
/* Scheduling slack on top of the deadlines a case may use up */
#define MARGIN_MS        1500
#define MAX_ACCEPTED     3
/* The hostile servers send up to 64 MiB; a bounded reader keeps a few KiB */
#define MEMORY_BOUND_KIB (6 * 1024)

typedef enum {
  CHECK_TLS          = 1 << 0,  /* a TLS session was made: version set */
  CHECK_AUTH         = 1 << 1,  /* AUTH PLAIN LOGIN seen in the last EHLO */
  CHECK_NO_CA        = 1 << 2,  /* probe without the test CA */
  CHECK_NOTHING_AFTER_INJECTION = 1 << 3,
  CHECK_ONE_STARTTLS = 1 << 4,  /* STARTTLS sent exactly once */
  CHECK_SILENT_UNTIL_DEADLINE = 1 << 5,  /* the probe spoke first only after the greeting deadline */
  CHECK_UTF8_GREETING = 1 << 6,
  CHECK_CAPABILITIES = 1 << 7,  /* SIZE 35882577, PIPELINING, 8BITMIME, … */
  /* The probe expects TLS and may rightly send its ClientHello first on
   * one connection; never on any other */
  CHECK_ONE_CLIENT_HELLO_FIRST = 1 << 8,
  /* Hostile framing: the process's peak memory grows by less than
   * MEMORY_BOUND_KIB while the case runs */
  CHECK_BOUNDED_MEMORY = 1 << 9,
  /* a refusal still ends with QUIT (RFC 5321 §3.1) */
  CHECK_QUIT_LAST = 1 << 10,
  /* the first line the server got is EHLO with the address literal of
   * the probe's end of the connection (RFC 5321 §4.1.4), not a host name */
  CHECK_EHLO_LITERAL = 1 << 11,
  /* AUTH PLAIN LOGIN in the capabilities before TLS as well */
  CHECK_AUTH_BEFORE_TLS = 1 << 12,
  /* a port silent in plain text is tried for TLS on a second connection */
  CHECK_SECOND_CONNECTION = 1 << 13,
} Checks;

typedef struct {
  const char           *name;
  SpcScenario           scenario;
  SpcMode               mode;
  guint                 delay_ms;
  guint                 timeout_ms;   /* 0: STAGE_TIMEOUT_MS */
  /* The status expected; where the status table (spc-status.h) allows two
   * names for one case, both are listed */
  SpcStatus             status[MAX_ACCEPTED];
  SpcVerdict            verdict;
  GTlsCertificateFlags  cert_errors;  /* flags that must be set */
  /* How many whole stage deadlines the probe may wait out at least / at
   * most: 0/0 for a server that answers at once */
  guint                 min_waits;
  guint                 max_waits;
  Checks                checks;
  const char           *note;         /* words a transcript note must contain */
  SpcDetail             detail;       /* SPC_DETAIL_NONE: any */
  SpcCertificateFaults  faults;       /* faults that must be found */
  const char           *summary;      /* words the summary must contain */
  const char           *details;      /* words its details or the certificate's problems must contain */
  const char           *host;         /* the name checked; NULL: "localhost" */
} ProbeCase;

#define OK_CHECKS (CHECK_TLS | CHECK_AUTH | CHECK_CAPABILITIES | CHECK_EHLO_LITERAL)

static const ProbeCase cases[] = {
  { "good-starttls-auth", SPC_SCENARIO_GOOD_STARTTLS_AUTH, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS | CHECK_ONE_STARTTLS },
  { "good-starttls-no-auth", SPC_SCENARIO_GOOD_STARTTLS_NO_AUTH, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NO_AUTH },
    .verdict = SPC_VERDICT_YELLOW, .checks = CHECK_TLS },
  { "implicit-tls-auth", SPC_SCENARIO_IMPLICIT_TLS_AUTH, SPC_MODE_TLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "no-ca", SPC_SCENARIO_GOOD_STARTTLS_AUTH, SPC_MODE_STARTTLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_UNKNOWN_CA,
    .checks = CHECK_TLS | CHECK_NO_CA },
  { "expired-tls", SPC_SCENARIO_EXPIRED_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_EXPIRED, .checks = CHECK_TLS },
  { "expired-starttls", SPC_SCENARIO_EXPIRED_STARTTLS, SPC_MODE_STARTTLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_EXPIRED, .checks = CHECK_TLS },
  { "not-yet-valid-tls", SPC_SCENARIO_NOT_YET_VALID_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_NOT_ACTIVATED, .checks = CHECK_TLS },
  { "not-yet-valid-starttls", SPC_SCENARIO_NOT_YET_VALID_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_NOT_ACTIVATED, .checks = CHECK_TLS },
  { "wrong-host-tls", SPC_SCENARIO_WRONG_HOST_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_BAD_IDENTITY, .checks = CHECK_TLS },
  { "wrong-host-starttls", SPC_SCENARIO_WRONG_HOST_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_BAD_IDENTITY, .checks = CHECK_TLS },
  { "self-signed-tls", SPC_SCENARIO_SELF_SIGNED_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_UNKNOWN_CA, .checks = CHECK_TLS },
  { "self-signed-starttls", SPC_SCENARIO_SELF_SIGNED_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_UNKNOWN_CA, .checks = CHECK_TLS },
  { "long-chain-tls", SPC_SCENARIO_LONG_CHAIN_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "long-chain-starttls", SPC_SCENARIO_LONG_CHAIN_STARTTLS, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "starttls-injection", SPC_SCENARIO_STARTTLS_INJECTION, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_STARTTLS_INJECTION }, .verdict = SPC_VERDICT_RED,
    .checks = CHECK_NOTHING_AFTER_INJECTION | CHECK_ONE_STARTTLS },
  /* The injected bytes arrive once the probe's ClientHello is at the
   * server: it cannot see them as buffered plaintext, only as plaintext
   * where the handshake's answer should be */
  { "starttls-injection-later", SPC_SCENARIO_STARTTLS_INJECTION_LATER, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_STARTTLS_INJECTION }, .verdict = SPC_VERDICT_RED,
    .max_waits = 1, .checks = CHECK_ONE_STARTTLS },
  { "no-starttls", SPC_SCENARIO_NO_STARTTLS, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PLAINTEXT_ONLY },
    .verdict = SPC_VERDICT_RED },
  { "starttls-454", SPC_SCENARIO_STARTTLS_454, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TLS_FAILED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS | CHECK_QUIT_LAST },
  { "starttls-502", SPC_SCENARIO_STARTTLS_502, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TLS_FAILED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS | CHECK_QUIT_LAST },
  { "starttls-354", SPC_SCENARIO_STARTTLS_354, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TLS_FAILED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS },
  { "ehlo-refused", SPC_SCENARIO_EHLO_REFUSED, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PLAINTEXT_ONLY },
    .verdict = SPC_VERDICT_RED },
  { "starttls-again-after-tls", SPC_SCENARIO_STARTTLS_AGAIN_AFTER_TLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_OK }, .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS | CHECK_ONE_STARTTLS,
    .note = "RFC 3207" },
  { "close-during-handshake-tls", SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_TLS_FAILED }, .verdict = SPC_VERDICT_RED },
  { "close-during-handshake-starttls", SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_TLS_FAILED }, .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS },
  /* A handshake past its deadline: the table names it a timeout or a failed TLS */
  { "stall-after-client-hello-tls", SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_TIMEOUT, SPC_STATUS_TLS_FAILED }, .verdict = SPC_VERDICT_RED,
    .min_waits = 1, .max_waits = 1 },
  { "stall-after-client-hello-starttls", SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_TIMEOUT, SPC_STATUS_TLS_FAILED }, .verdict = SPC_VERDICT_RED,
    .min_waits = 1, .max_waits = 1, .checks = CHECK_ONE_STARTTLS },
  { "greeting-554", SPC_SCENARIO_GREETING_554, SPC_MODE_STARTTLS, .status = { SPC_STATUS_REJECTED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_QUIT_LAST },
  { "greeting-markup", SPC_SCENARIO_GREETING_MARKUP, SPC_MODE_STARTTLS, .status = { SPC_STATUS_REJECTED },
    .verdict = SPC_VERDICT_RED },
  { "greeting-421", SPC_SCENARIO_GREETING_421, SPC_MODE_STARTTLS, .status = { SPC_STATUS_REJECTED },
    .verdict = SPC_VERDICT_RED },
  { "greeting-999", SPC_SCENARIO_GREETING_999, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED },
  { "greeting-2", SPC_SCENARIO_GREETING_2, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED },
  /* "220" alone is a legal reply (RFC 5321 §4.2: the text is optional) */
  { "greeting-bare-220", SPC_SCENARIO_GREETING_BARE_220, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "greeting-mismatched", SPC_SCENARIO_GREETING_MISMATCHED, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED },
  { "greeting-empty-line", SPC_SCENARIO_GREETING_EMPTY_LINE, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED },
  /* Silence: the greeting deadline, then perhaps one identifying line and
   * its own deadline */
  /* Silence: the greeting deadline, one identifying line and its window,
   * then a TLS handshake on a second connection and its window */
  { "silence", SPC_SCENARIO_SILENCE, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NO_GREETING },
    .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 3,
    .checks = CHECK_SILENT_UNTIL_DEADLINE | CHECK_SECOND_CONNECTION },
  { "one-byte-per-second", SPC_SCENARIO_ONE_BYTE_PER_SECOND, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_NO_GREETING, SPC_STATUS_TIMEOUT }, .verdict = SPC_VERDICT_RED,
    .min_waits = 1, .max_waits = 2, .checks = CHECK_BOUNDED_MEMORY },
  /* The greeting comes after 1 s of a 3 s deadline: must succeed */
  { "greeting-delayed", SPC_SCENARIO_GREETING_DELAYED, SPC_MODE_STARTTLS, .delay_ms = 1000,
    .timeout_ms = 3000, .status = { SPC_STATUS_OK }, .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "endless-line", SPC_SCENARIO_ENDLESS_LINE, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_BOUNDED_MEMORY },
  { "line-64k", SPC_SCENARIO_LINE_64K, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_BOUNDED_MEMORY },
  { "continuation-200k", SPC_SCENARIO_CONTINUATION_200K, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED, .checks = CHECK_BOUNDED_MEMORY },
  /* The line reader tolerates a bare LF (and records it) */
  { "bare-lf", SPC_SCENARIO_BARE_LF, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "nul-bytes", SPC_SCENARIO_NUL_BYTES, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED },
  /* Invalid UTF-8 in reply text is replaced, not fatal */
  { "invalid-utf8", SPC_SCENARIO_INVALID_UTF8, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS | CHECK_UTF8_GREETING },
  /* Noise is malformed replies, or another protocol: the table allows both */
  { "binary-garbage", SPC_SCENARIO_BINARY_GARBAGE, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_PROTOCOL_ERROR, SPC_STATUS_NOT_SMTP }, .verdict = SPC_VERDICT_RED, .checks = CHECK_BOUNDED_MEMORY },
  { "http", SPC_SCENARIO_HTTP, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 2, .checks = CHECK_SILENT_UNTIL_DEADLINE },
  { "ssh-banner", SPC_SCENARIO_SSH_BANNER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED },
  { "plaintext-on-tls-port", SPC_SCENARIO_PLAINTEXT_ON_TLS_PORT, SPC_MODE_TLS,
    .status = { SPC_STATUS_MODE_MISMATCH }, .verdict = SPC_VERDICT_RED, .max_waits = 1,
    .checks = CHECK_ONE_CLIENT_HELLO_FIRST },
  /* TLS where SMTP was expected: the TLS alert that answers the probe's
   * line after the silent greeting deadline tells "the reverse" mode
   * mismatch */
  { "tls-on-starttls-port", SPC_SCENARIO_TLS_ON_STARTTLS_PORT, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_MODE_MISMATCH }, .verdict = SPC_VERDICT_RED,
    .min_waits = 1, .max_waits = 2, .checks = CHECK_SILENT_UNTIL_DEADLINE },
  /* A greeting cut short is a malformed reply, or no greeting at all */
  { "close-mid-line", SPC_SCENARIO_CLOSE_MID_LINE, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_PROTOCOL_ERROR, SPC_STATUS_NO_GREETING }, .verdict = SPC_VERDICT_RED },
  /* RFC 5321 §4.2: a greeting is 220 (or 554); other positive codes are
   * not greetings */
  { "greeting-221", SPC_SCENARIO_GREETING_221, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED },
  { "greeting-354", SPC_SCENARIO_GREETING_354, SPC_MODE_STARTTLS, .status = { SPC_STATUS_PROTOCOL_ERROR },
    .verdict = SPC_VERDICT_RED },
  /* The server refuses the session after greeting it: a refusal, or a
   * conversation that went wrong — red either way, and never past EHLO */
  { "ehlo-421", SPC_SCENARIO_EHLO_421, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_REJECTED, SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED },
  { "ehlo-554", SPC_SCENARIO_EHLO_554, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_REJECTED, SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED,
    .checks = CHECK_QUIT_LAST },
  { "starttls-221", SPC_SCENARIO_STARTTLS_221, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TLS_FAILED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS },
  { "starttls-421", SPC_SCENARIO_STARTTLS_421, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TLS_FAILED },
    .verdict = SPC_VERDICT_RED, .checks = CHECK_ONE_STARTTLS },
  /* A bare CR never ends a line: the greeting never completes */
  { "bare-cr", SPC_SCENARIO_BARE_CR, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_NO_GREETING, SPC_STATUS_PROTOCOL_ERROR }, .verdict = SPC_VERDICT_RED,
    .max_waits = 2 },
  /* Over RFC 5321's 512 octets, but well within what the reader accepts */
  { "line-513", SPC_SCENARIO_LINE_513, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  /* EHLO never answered, in clear or inside TLS: one whole deadline, no more */
  { "ehlo-silent", SPC_SCENARIO_EHLO_SILENT, SPC_MODE_STARTTLS, .status = { SPC_STATUS_TIMEOUT },
    .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 1, .checks = CHECK_EHLO_LITERAL },
  { "ehlo-silent-after-starttls", SPC_SCENARIO_EHLO_SILENT_AFTER_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_TIMEOUT }, .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 1,
    .checks = CHECK_ONE_STARTTLS | CHECK_EHLO_LITERAL },
  { "ehlo-silent-tls", SPC_SCENARIO_EHLO_SILENT_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_TIMEOUT },
    .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 1, .checks = CHECK_EHLO_LITERAL },
  /* A 250- line every third of the deadline: the stage's deadline holds
   * for the whole reply, it is not renewed by every line */
  { "ehlo-drip", SPC_SCENARIO_EHLO_DRIP, SPC_MODE_STARTTLS, .delay_ms = STAGE_TIMEOUT_MS / 3,
    .status = { SPC_STATUS_TIMEOUT }, .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 1 },
  /* The certificate is checked against the name asked for ("localhost"),
   * never against the address connected to (127.0.0.1) */
  { "dns-only-starttls", SPC_SCENARIO_DNS_ONLY_STARTTLS, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS | CHECK_ONE_STARTTLS },
  { "dns-only-tls", SPC_SCENARIO_DNS_ONLY_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS },
  { "ip-only-starttls", SPC_SCENARIO_IP_ONLY_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_BAD_IDENTITY, .checks = CHECK_TLS },
  { "ip-only-tls", SPC_SCENARIO_IP_ONLY_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_BAD_IDENTITY, .checks = CHECK_TLS,
    .summary = "names only the addresses 127.0.0.1, ::1, not localhost" },
  /* What glib-networking 2.74 lets through: found in the chain itself */
  { "weak-key-tls", SPC_SCENARIO_WEAK_KEY_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .faults = SPC_CERTIFICATE_FAULT_WEAK_KEY, .checks = CHECK_TLS,
    .summary = "its key is too weak", .details = "RSA key of 1024 bits is too weak", .note = "weak-key" },
  { "weak-key-starttls", SPC_SCENARIO_WEAK_KEY_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .faults = SPC_CERTIFICATE_FAULT_WEAK_KEY, .checks = CHECK_TLS | CHECK_ONE_STARTTLS },
  { "client-purpose-tls", SPC_SCENARIO_CLIENT_PURPOSE_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .faults = SPC_CERTIFICATE_FAULT_WRONG_PURPOSE, .checks = CHECK_TLS, .summary = "not meant for servers" },
  /* Named for the intermediate and its date, not the leaf's */
  { "expired-intermediate-tls", SPC_SCENARIO_EXPIRED_INTERMEDIATE_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_EXPIRED, .faults = SPC_CERTIFICATE_FAULT_EXPIRED_INTERMEDIATE,
    .checks = CHECK_TLS, .summary = "intermediate certificate the server sends expired on ",
    .details = "intermediate certificate “O=SMTP Port Checker tests,CN=SMTP Port Checker Expired Intermediate” that the server sends expired on " },
  { "missing-intermediate-tls", SPC_SCENARIO_MISSING_INTERMEDIATE_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_UNKNOWN_CA, .faults = SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE,
    .checks = CHECK_TLS, .summary = "does not send its intermediate certificate" },
  { "missing-intermediate-starttls", SPC_SCENARIO_MISSING_INTERMEDIATE_STARTTLS, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_CERTIFICATE_INVALID }, .verdict = SPC_VERDICT_RED,
    .cert_errors = G_TLS_CERTIFICATE_UNKNOWN_CA, .faults = SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE,
    .checks = CHECK_TLS | CHECK_ONE_STARTTLS, .summary = "does not send its intermediate certificate" },
  /* Works, but must be renewed: yellow, with the date */
  { "expiring-soon-tls", SPC_SCENARIO_EXPIRING_SOON_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_YELLOW, .checks = OK_CHECKS, .summary = "certificate expires on " },
  { "ip-as-dns-tls", SPC_SCENARIO_IP_AS_DNS_TLS, SPC_MODE_TLS, .status = { SPC_STATUS_CERTIFICATE_INVALID },
    .verdict = SPC_VERDICT_RED, .cert_errors = G_TLS_CERTIFICATE_BAD_IDENTITY, .checks = CHECK_TLS,
    .host = "127.0.0.1", .summary = "names 127.0.0.1 as a host name, not as an IP address" },
  { "client-certificate-tls", SPC_SCENARIO_CLIENT_CERTIFICATE_TLS, SPC_MODE_TLS,
    .status = { SPC_STATUS_TLS_FAILED }, .verdict = SPC_VERDICT_RED, .summary = "demands a client certificate" },
  /* OpenSSL-based implicit-TLS servers hang up on the identifying line:
   * a handshake on a second connection tells */
  { "silent-tls-on-starttls-port", SPC_SCENARIO_SILENT_TLS_ON_STARTTLS_PORT, SPC_MODE_STARTTLS,
    .status = { SPC_STATUS_MODE_MISMATCH }, .verdict = SPC_VERDICT_RED, .min_waits = 1, .max_waits = 2,
    .checks = CHECK_SILENT_UNTIL_DEADLINE | CHECK_SECOND_CONNECTION, .summary = "use SSL/TLS on it" },
  /* Other services and an SMTP impostor: not a mail server, whatever
   * their replies would mean in SMTP */
  { "early-talker", SPC_SCENARIO_EARLY_TALKER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .detail = SPC_DETAIL_EARLY_TALKER, .note = "before anything was asked" },
  { "ftp-banner", SPC_SCENARIO_FTP_BANNER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .detail = SPC_DETAIL_FTP_SERVER },
  { "ftp-plain-banner", SPC_SCENARIO_FTP_PLAIN_BANNER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .detail = SPC_DETAIL_FTP_SERVER },
  { "pop3-banner", SPC_SCENARIO_POP3_BANNER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .detail = SPC_DETAIL_POP3_SERVER },
  { "imap-banner", SPC_SCENARIO_IMAP_BANNER, SPC_MODE_STARTTLS, .status = { SPC_STATUS_NOT_SMTP },
    .verdict = SPC_VERDICT_RED, .detail = SPC_DETAIL_IMAP_SERVER },
  { "auth-before-starttls", SPC_SCENARIO_AUTH_BEFORE_STARTTLS, SPC_MODE_STARTTLS, .status = { SPC_STATUS_OK },
    .verdict = SPC_VERDICT_GREEN, .checks = OK_CHECKS | CHECK_ONE_STARTTLS | CHECK_AUTH_BEFORE_TLS,
    .note = "before encryption too" },
};

typedef struct {
  SpcTestEnv      *env;
  const ProbeCase *probe_case;
} CaseData;

/* Runs @probe and waits for its result, at most @timeout_ms: a hung probe
 * fails the test instead of hanging the suite */
static SpcResult *
wait_for_probe (SpcProbe *probe,
                guint     timeout_ms)
{
  g_autoptr(GAsyncResult) done = NULL;

  spc_probe_run_async (probe, NULL, spc_test_keep_result, &done);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &done, timeout_ms));
  return spc_probe_run_finish (probe, done);
}

static gboolean
status_accepted (const ProbeCase *probe_case,
                 SpcStatus        status)
{
  for (guint i = 0; i < MAX_ACCEPTED; i++)
    if (probe_case->status[i] != SPC_STATUS_PENDING && probe_case->status[i] == status)
      return TRUE;
  return FALSE;
}

static char *
describe_accepted (const ProbeCase *probe_case)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < MAX_ACCEPTED; i++)
    if (probe_case->status[i] != SPC_STATUS_PENDING)
      g_strv_builder_add (builder, spc_status_to_string (probe_case->status[i]));
  names = g_strv_builder_end (builder);
  return g_strjoinv (" or ", names);
}

static void
log_transcript (SpcResult *result)
{
  GPtrArray *transcript = spc_result_get_transcript (result);
  g_autofree char *summary = spc_summary_for_result (result);

  g_test_message ("summary: %s", summary);
  for (guint i = 0; transcript != NULL && i < transcript->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      const char *dir = line->direction == SPC_DIRECTION_CLIENT ? "C"
                      : line->direction == SPC_DIRECTION_SERVER ? "S" : "*";
      g_autofree char *text = spc_summary_describe_line (result, line);

      g_test_message ("%6" G_GINT64_FORMAT " %s %s", line->t_ms, dir, text);
    }
}

static guint
count_commands (char       **commands,
                const char  *verb)
{
  gsize length = strlen (verb);
  guint n = 0;

  for (guint i = 0; commands[i] != NULL; i++)
    if (g_ascii_strncasecmp (commands[i], verb, length) == 0 &&
        (commands[i][length] == '\0' || commands[i][length] == ' '))
      n++;
  return n;
}

/* Peak and current resident memory of this process in KiB, from /proc */
static gboolean
read_memory (gint64 *peak_kib,
             gint64 *current_kib)
{
  g_autofree char *status = NULL;
  const char *peak, *current;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return FALSE;
  peak = strstr (status, "VmHWM:");
  current = strstr (status, "VmRSS:");
  if (peak == NULL || current == NULL)
    return FALSE;
  *peak_kib = g_ascii_strtoll (peak + strlen ("VmHWM:"), NULL, 10);
  *current_kib = g_ascii_strtoll (current + strlen ("VmRSS:"), NULL, 10);
  return TRUE;
}

/* Starts measuring the peak from now: writing 5 to clear_refs resets VmHWM
 * (Linux ≥ 4.0). FALSE when that is not possible here. */
static gboolean
reset_peak_memory (gint64 *baseline_kib)
{
#ifdef SPC_TEST_UNDER_ADDRESS_SANITIZER
  /* Shadow memory and quarantine make the numbers meaningless */
  return FALSE;
#else
  FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");
  gboolean written;
  gint64 peak;

  /* Not g_file_set_contents(): it writes a temporary file and renames it */
  if (clear_refs == NULL)
    return FALSE;
  written = fputs ("5", clear_refs) >= 0;
  if (fclose (clear_refs) != 0 || !written)
    return FALSE;
  return read_memory (&peak, baseline_kib);
#endif
}

static void
test_probe_case (gconstpointer data)
{
  const CaseData *case_data = data;
  const ProbeCase *probe_case = case_data->probe_case;
  SpcTestEnv *env = case_data->env;
  guint timeout_ms = probe_case->timeout_ms > 0 ? probe_case->timeout_ms : STAGE_TIMEOUT_MS;
  gint64 bound_ms = (gint64) (probe_case->max_waits + 1) * timeout_ms + MARGIN_MS;
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcProbe) probe = NULL;
  g_autoptr(SpcResult) finished = NULL;
  g_auto(GStrv) commands = NULL;
  SpcResult *result;
  gint64 started, elapsed_ms;
  gint64 memory_baseline_kib = 0;
  gboolean measure_memory = FALSE;
  guint16 port;

  port = spc_test_server_add_loopback_port (env->server, probe_case->scenario, probe_case->delay_ms);
  g_assert_cmpuint (port, >, 0);

  request = g_object_new (SPC_TYPE_REQUEST,
                          "host", probe_case->host != NULL ? probe_case->host : "localhost",
                          "connect-address", "127.0.0.1",
                          "timeout-ms", timeout_ms,
                          NULL);
  if (!(probe_case->checks & CHECK_NO_CA))
    spc_request_set_tls_database (request, env->ca_database);
  probe = spc_probe_new (request, port, probe_case->mode);

  if (probe_case->checks & CHECK_BOUNDED_MEMORY)
    measure_memory = reset_peak_memory (&memory_baseline_kib);

  started = g_get_monotonic_time ();
  finished = wait_for_probe (probe, bound_ms + 10000);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;

  result = spc_probe_get_result (probe);
  g_assert_true (result == finished);
  log_transcript (result);
  g_test_message ("%s: %s in %" G_GINT64_FORMAT " ms (bound %" G_GINT64_FORMAT " ms)",
                  probe_case->name, spc_status_to_string (spc_result_get_status (result)),
                  elapsed_ms, bound_ms);

  /* What it concluded */
  g_assert_true (spc_result_get_finished (result));
  if (!status_accepted (probe_case, spc_result_get_status (result)))
    {
      g_autofree char *accepted = describe_accepted (probe_case);
      g_test_fail_printf ("%s: status %s, expected %s", probe_case->name,
                          spc_status_to_string (spc_result_get_status (result)), accepted);
      return;
    }
  g_assert_cmpstr (spc_verdict_to_string (spc_result_get_verdict (result)), ==,
                   spc_verdict_to_string (probe_case->verdict));
  if (probe_case->detail != SPC_DETAIL_NONE)
    g_assert_cmpint (spc_result_get_detail (result), ==, probe_case->detail);
  {
    g_autofree char *summary = spc_summary_for_result (result);

    g_assert_nonnull (summary);
    g_assert_true (g_utf8_validate (summary, -1, NULL));
    if (probe_case->summary != NULL && strstr (summary, probe_case->summary) == NULL)
      g_test_fail_printf ("%s: summary \"%s\" lacks \"%s\"", probe_case->name, summary, probe_case->summary);
  }
  if (probe_case->details != NULL)
    {
      g_autofree char *details = spc_summary_details_for_result (result);
      g_auto(GStrv) problems = spc_certificate_describe_problems (result);
      g_autofree char *joined = g_strjoinv ("\n", problems);
      g_autofree char *all = g_strjoin ("\n", details != NULL ? details : "", joined, NULL);

      if (strstr (all, probe_case->details) == NULL)
        g_test_fail_printf ("%s: details \"%s\" lack \"%s\"", probe_case->name, all, probe_case->details);
    }
  g_assert_cmpuint (spc_result_get_port (result), ==, port);

  /* Within its deadline, and not before it when it had to wait one out */
  g_assert_cmpint (elapsed_ms, <, bound_ms);
  if (probe_case->min_waits > 0)
    g_assert_cmpint (elapsed_ms, >=, (gint64) probe_case->min_waits * timeout_ms * 9 / 10);

  if (measure_memory)
    {
      gint64 peak_kib, current_kib;

      g_assert_true (read_memory (&peak_kib, &current_kib));
      g_test_message ("peak memory grew by %" G_GINT64_FORMAT " KiB", peak_kib - memory_baseline_kib);
      g_assert_cmpint (peak_kib - memory_baseline_kib, <, MEMORY_BOUND_KIB);
    }
  else if (probe_case->checks & CHECK_BOUNDED_MEMORY)
    g_test_message ("peak memory not measured here (no /proc/self/clear_refs, or a sanitizer)");

  /* Key facts */
  if (probe_case->checks & CHECK_TLS)
    {
      g_assert_nonnull (spc_result_get_tls_version (result));
      g_assert_true (g_str_has_prefix (spc_result_get_tls_version (result), "TLS 1."));
      g_assert_nonnull (spc_result_get_tls_cipher (result));
      g_assert_nonnull (spc_result_get_certificate (result));
      g_assert_nonnull (spc_result_get_cert_sha256 (result));
      g_assert_cmpint (spc_result_get_timing (result, SPC_TIMING_TLS), >=, 0);
    }
  if (probe_case->cert_errors != 0)
    g_assert_cmphex (spc_result_get_certificate_errors (result) & probe_case->cert_errors, ==,
                     probe_case->cert_errors);
  else if (probe_case->checks & CHECK_TLS)
    g_assert_cmphex (spc_result_get_certificate_errors (result), ==, 0);
  if (probe_case->faults != 0)
    g_assert_cmphex (spc_result_get_certificate_faults (result) & probe_case->faults, ==, probe_case->faults);
  else if (probe_case->checks & CHECK_TLS)
    g_assert_cmphex (spc_result_get_certificate_faults (result), ==, 0);
  if (probe_case->checks & CHECK_AUTH)
    {
      const SpcCapabilities *caps = spc_result_get_capabilities (result);

      g_assert_nonnull (caps);
      g_assert_true (caps->ehlo_answered);
      g_assert_nonnull (caps->auth);
      g_assert_true (g_strv_contains ((const char * const *) caps->auth, "PLAIN"));
      g_assert_true (g_strv_contains ((const char * const *) caps->auth, "LOGIN"));
    }
  if (probe_case->checks & CHECK_AUTH_BEFORE_TLS)
    {
      const SpcCapabilities *before = spc_result_get_capabilities_before_tls (result);

      g_assert_nonnull (before);
      g_assert_true (before->starttls);
      g_assert_true (g_strv_contains ((const char * const *) before->auth, "PLAIN"));
    }
  else if (probe_case->mode == SPC_MODE_STARTTLS && spc_result_get_tls_version (result) != NULL)
    {
      const SpcCapabilities *before = spc_result_get_capabilities_before_tls (result);

      /* The good servers offer AUTH only inside TLS */
      g_assert_nonnull (before);
      g_assert_null (before->auth[0]);
    }
  if (probe_case->checks & CHECK_CAPABILITIES)
    {
      const SpcCapabilities *caps = spc_result_get_capabilities (result);

      g_assert_true (caps->has_size);
      g_assert_cmpuint (caps->size, ==, 35882577);
      g_assert_true (caps->pipelining);
      g_assert_true (caps->eight_bit_mime);
      g_assert_true (caps->enhanced_status_codes);
      g_assert_true (caps->smtputf8);
      g_assert_false (caps->chunking);
      g_assert_false (caps->dsn);
    }
  if (probe_case->checks & CHECK_UTF8_GREETING)
    {
      g_assert_nonnull (spc_result_get_greeting (result));
      g_assert_true (g_utf8_validate (spc_result_get_greeting (result), -1, NULL));
    }

  /* What it did on the wire: never credentials, never mail, never first */
  commands = spc_test_server_dup_commands (env->server, port);
  for (guint i = 0; commands[i] != NULL; i++)
    g_test_message ("server got: %s", commands[i]);
  /* One connection; on an implicit-TLS port whose handshake failed, a
   * second one may check for plaintext SMTP (mode mismatch) */
  g_assert_cmpuint (spc_test_server_get_n_connections (env->server, port), >=, 1);
  g_assert_cmpuint (spc_test_server_get_n_connections (env->server, port), <=,
                    probe_case->mode == SPC_MODE_TLS || (probe_case->checks & CHECK_SECOND_CONNECTION) ? 2 : 1);
  if (probe_case->checks & CHECK_SECOND_CONNECTION)
    g_assert_cmpuint (spc_test_server_get_n_connections (env->server, port), ==, 2);
  g_assert_false (spc_test_server_received_command (env->server, port, "AUTH"));
  g_assert_false (spc_test_server_received_command (env->server, port, "MAIL"));
  g_assert_false (spc_test_server_received_command (env->server, port, "RCPT"));
  g_assert_false (spc_test_server_received_command (env->server, port, "DATA"));
  /* (the ClientHello may also arrive just after the plaintext greeting) */
  /* (a silent port's second connection is a TLS client: it speaks first) */
  g_assert_cmpuint (spc_test_server_get_n_early_talkers (env->server, port), <=,
                    (probe_case->checks & (CHECK_ONE_CLIENT_HELLO_FIRST | CHECK_SECOND_CONNECTION)) ? 1 : 0);
  if (probe_case->checks & CHECK_ONE_STARTTLS)
    g_assert_cmpuint (count_commands (commands, "STARTTLS"), ==, 1);
  if (probe_case->note != NULL)
    {
      GPtrArray *transcript = spc_result_get_transcript (result);
      gboolean found = FALSE;

      for (guint i = 0; transcript != NULL && i < transcript->len && !found; i++)
        {
          const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
          g_autofree char *text = spc_summary_describe_line (result, line);

          found = line->direction == SPC_DIRECTION_NOTE && strstr (text, probe_case->note) != NULL;
        }
      g_assert_true (found);
    }
  if (probe_case->checks & CHECK_QUIT_LAST)
    {
      g_assert_cmpuint (g_strv_length (commands), >, 0);
      g_assert_cmpstr (commands[g_strv_length (commands) - 1], ==, "QUIT");
    }
  if (probe_case->checks & CHECK_NOTHING_AFTER_INJECTION)
    {
      g_assert_cmpuint (spc_test_server_get_bytes_after_injection (env->server, port), ==, 0);
      g_assert_cmpstr (commands[g_strv_length (commands) - 1], ==, "STARTTLS");
    }
  if (probe_case->checks & CHECK_SILENT_UNTIL_DEADLINE)
    {
      gint64 first = spc_test_server_get_first_command_ms (env->server, port);

      /* It spoke (to learn what listens), but only after the deadline.
       * Half the deadline: the server thread may start late on a loaded
       * machine, and an early talker would speak at once */
      g_assert_cmpint (first, >=, 0);
      g_assert_cmpint (first, >=, (gint64) timeout_ms / 2);
    }
  if (probe_case->checks & CHECK_EHLO_LITERAL)
    {
      g_assert_cmpuint (g_strv_length (commands), >, 0);
      g_assert_cmpstr (commands[0], ==, "EHLO [127.0.0.1]");
    }
}

/* A probe of @host's @port trusting the test CA, with short deadlines */
static SpcProbe *
new_probe (SpcTestEnv *env,
           const char *host,
           guint16     port,
           SpcMode     mode)
{
  g_autoptr(SpcRequest) request = g_object_new (SPC_TYPE_REQUEST,
                                                "host", host,
                                                "timeout-ms", STAGE_TIMEOUT_MS,
                                                "tls-database", env->ca_database,
                                                NULL);

  return spc_probe_new (request, port, mode);
}

/* Runs @probe (from new_probe()) to completion */
static SpcResult *
run_probe (SpcTestEnv *env,
           SpcProbe   *probe)
{
  SpcResult *finished = wait_for_probe (probe, 6 * STAGE_TIMEOUT_MS);

  log_transcript (finished);
  return finished;
}

/* Runs one probe of @host (an address literal) to completion */
static SpcResult *
run_literal_probe (SpcTestEnv *env,
                   const char *host,
                   guint16     port,
                   SpcMode     mode)
{
  g_autoptr(SpcProbe) probe = new_probe (env, host, port, mode);

  return run_probe (env, probe);
}

/* A host typed as an address: the certificate is checked against the
 * address (the test certificate names 127.0.0.1 and ::1) and the address is
 * not sent as SNI, which a GnuTLS server answers with a fatal alert for ::1 */
static void
test_probe_address_literal (gconstpointer data)
{
  SpcTestEnv *env = (SpcTestEnv *) data;
  static const struct {
    const char *address;
    SpcScenario scenario;
    SpcMode mode;
    const char *ehlo;   /* RFC 5321 §4.1.3 address literals */
  } literals[] = {
    { "127.0.0.1", SPC_SCENARIO_GOOD_STARTTLS_AUTH, SPC_MODE_STARTTLS, "EHLO [127.0.0.1]" },
    { "127.0.0.1", SPC_SCENARIO_IMPLICIT_TLS_AUTH, SPC_MODE_TLS, "EHLO [127.0.0.1]" },
    { "::1", SPC_SCENARIO_GOOD_STARTTLS_AUTH, SPC_MODE_STARTTLS, "EHLO [IPv6:::1]" },
    { "::1", SPC_SCENARIO_IMPLICIT_TLS_AUTH, SPC_MODE_TLS, "EHLO [IPv6:::1]" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcResult) other = NULL;
  guint16 port;

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      g_autoptr(SpcResult) result = NULL;
      g_autofree char *summary = NULL;
      g_auto(GStrv) commands = NULL;

      port = spc_test_server_add_port (env->server, literals[i].address, 0,
                                       literals[i].scenario, 0, &error);
      if (port == 0 && strchr (literals[i].address, ':') != NULL)
        {
          g_test_message ("no IPv6 loopback here (%s): ::1 not checked", error->message);
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      result = run_literal_probe (env, literals[i].address, port, literals[i].mode);
      summary = spc_summary_for_result (result);
      g_test_message ("%s, mode %s: %s", literals[i].address,
                      spc_mode_to_string (literals[i].mode), summary);
      g_assert_cmpstr (spc_status_to_string (spc_result_get_status (result)), ==, "ok");
      g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_GREEN);
      /* The client names itself by its own address, in the literal form */
      commands = spc_test_server_dup_commands (env->server, port);
      g_assert_cmpuint (g_strv_length (commands), >, 0);
      g_assert_cmpstr (commands[0], ==, literals[i].ehlo);
    }

  /* An address the certificate does not name is still refused */
  port = spc_test_server_add_port (env->server, "127.0.0.2", 0,
                                   SPC_SCENARIO_GOOD_STARTTLS_AUTH, 0, &error);
  g_assert_no_error (error);
  other = run_literal_probe (env, "127.0.0.2", port, SPC_MODE_STARTTLS);
  g_assert_cmpint (spc_result_get_verdict (other), !=, SPC_VERDICT_GREEN);
  g_assert_true (spc_result_get_certificate_errors (other) & G_TLS_CERTIFICATE_BAD_IDENTITY);
}

/* Two addresses for one name: the first refuses (nothing listens on
 * 127.0.0.2 at that port), the probe goes on to the second */
static void
test_probe_second_address (gconstpointer data)
{
  SpcTestEnv *env = (SpcTestEnv *) data;
  g_autoptr(SpcProbe) probe = NULL;
  g_autoptr(SpcResult) finished = NULL;
  GList *addresses = NULL;
  guint16 port;

  port = spc_test_server_add_loopback_port (env->server, SPC_SCENARIO_GOOD_STARTTLS_AUTH, 0);
  addresses = g_list_append (addresses, g_inet_address_new_from_string ("127.0.0.2"));
  addresses = g_list_append (addresses, g_inet_address_new_from_string ("127.0.0.1"));

  probe = new_probe (env, "localhost", port, SPC_MODE_STARTTLS);
  spc_probe_set_addresses (probe, addresses);
  g_list_free_full (addresses, g_object_unref);
  finished = run_probe (env, probe);

  g_assert_cmpstr (spc_status_to_string (spc_result_get_status (finished)), ==, "ok");
  g_assert_cmpint (spc_result_get_verdict (finished), ==, SPC_VERDICT_GREEN);
  g_assert_cmpstr (spc_result_get_address (finished), ==, "127.0.0.1");
  g_assert_cmpuint (spc_test_server_get_n_connections (env->server, port), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) case_data = g_ptr_array_new_with_free_func (g_free);
  SpcTestEnv env = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  spc_test_env_init (&env);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CaseData *data = g_new0 (CaseData, 1);
      g_autofree char *path = g_strconcat ("/probe/", cases[i].name, NULL);

      data->env = &env;
      data->probe_case = &cases[i];
      g_ptr_array_add (case_data, data);
      g_test_add_data_func (path, data, test_probe_case);
    }

  g_test_add_data_func ("/probe/address-literal", &env, test_probe_address_literal);
  g_test_add_data_func ("/probe/second-address", &env, test_probe_second_address);

  status = g_test_run ();

  spc_test_env_clear (&env);
  return status;
}
