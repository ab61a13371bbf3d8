/* spc-test-server.c — a scripted SMTP/TLS server on loopback, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <errno.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "spc-test-server.h"
#include "spc-test-util.h"

/* Bounds: a test fixture must never be the thing that hangs or eats memory */
#define MAX_LINE             4096
#define MAX_COMMANDS         100     /* per connection */
#define MAX_RECORDED         500     /* command lines kept per port */
#define MAX_DRAIN_BYTES      (1024 * 1024)
#define MAX_ENDLESS_BYTES    (64 * 1024 * 1024)
#define MAX_THREADS          512     /* per listening address */
#define MAX_ACTIVE           2048    /* connections, all ports together */
#define MAX_DRIP_LINES       240     /* two minutes at the default interval */
#define SOCKET_TIMEOUT_S     60
#define STOP_WAIT_US         (10 * G_USEC_PER_SEC)

typedef enum {
  CERT_NONE = -1,
  CERT_LOCALHOST,
  CERT_EXPIRED,
  CERT_NOT_YET_VALID,
  CERT_WRONG_HOST,
  CERT_SELF_SIGNED,
  CERT_LONG_CHAIN,
  CERT_DNS_ONLY,
  CERT_IP_ONLY,
  CERT_WEAK_KEY,
  CERT_CLIENT_PURPOSE,
  CERT_KEY_USAGE,
  CERT_EXPIRING_SOON,
  CERT_IP_AS_DNS,
  CERT_EXPIRED_INTERMEDIATE,
  CERT_MISSING_INTERMEDIATE,
  N_CERTS,
} CertKind;

static const char * const cert_names[N_CERTS] = {
  "localhost", "expired", "not-yet-valid", "wrong-host", "self-signed", "long-chain",
  "dns-only", "ip-only", "weak-key", "client-purpose", "key-usage", "expiring-soon", "ip-as-dns",
  "expired-intermediate", "missing-intermediate",
};

typedef enum {
  TLS_NORMAL,
  TLS_CLOSE,   /* read the ClientHello, then close */
  TLS_STALL,   /* read the ClientHello, then never answer */
  TLS_SLOW,    /* read the ClientHello, answer it after the port's delay */
  /* OpenSSL-based servers (Dovecot, aiosmtpd, Node, OpenSMTPD): bytes that
   * are not a ClientHello make them hang up without a word or an alert */
  TLS_SILENT_ON_PLAINTEXT,
  TLS_CLIENT_CERTIFICATE,  /* demands a client certificate */
} TlsBehaviour;

typedef enum {
  KIND_DIALOGUE,       /* an SMTP conversation shaped by the fields below */
  KIND_SILENCE,
  KIND_DRIP,
  KIND_ENDLESS_LINE,
  KIND_LINE_64K,
  KIND_CONTINUATION_200K,
  KIND_GARBAGE,
  KIND_HTTP,
  KIND_SSH,
  KIND_CLOSE_MID_LINE,
  KIND_GREETING_421,
  KIND_DROP,            /* never accepted: see add_drop_port() */
} ScenarioKind;

typedef enum {
  EHLO_ANSWERED,
  EHLO_SILENT,          /* never answered: the client must give up */
  EHLO_SILENT_IN_TLS,   /* answered in clear, never inside TLS */
  EHLO_DRIP,            /* 250- lines, one every interval, never a last one */
} EhloBehaviour;

typedef struct {
  const char   *name;
  const char   *description;
  ScenarioKind  kind;
  CertKind      cert;
  gboolean      implicit_tls;
  gboolean      offer_starttls;
  gboolean      offer_auth;           /* inside TLS; in clear when there is no STARTTLS */
  gboolean      auth_in_clear;        /* AUTH before STARTTLS too */
  gboolean      ehlo_refused;
  gboolean      starttls_again;       /* STARTTLS still listed inside TLS */
  gboolean      inject_same_write;
  gboolean      inject_later_write;
  gboolean      greeting_delayed;
  gboolean      reject_everything;    /* after a 554 greeting */
  gboolean      bare_lf;
  gboolean      bare_cr;
  gboolean      close_after_starttls_reply;
  gboolean      invalid_utf8;
  TlsBehaviour  tls_behaviour;
  const char   *starttls_reply;       /* NULL: 220 */
  const char   *ehlo_override;        /* the answer to EHLO and HELO; NULL: normal */
  gboolean      close_after_ehlo;
  EhloBehaviour ehlo_behaviour;
  const char   *greeting;             /* NULL: a normal one */
  gsize         greeting_length;      /* 0: strlen */
} ScenarioInfo;

/* 513 bytes with its CRLF */
#define GREETING_513 "220 localhost ESMTP " \
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"

#define GOOD_STARTTLS .kind = KIND_DIALOGUE, .offer_starttls = TRUE, .offer_auth = TRUE
#define GOOD_TLS .kind = KIND_DIALOGUE, .implicit_tls = TRUE, .offer_auth = TRUE

static const ScenarioInfo scenarios[SPC_N_SCENARIOS] = {
  [SPC_SCENARIO_GOOD_STARTTLS_AUTH] = { "good-starttls-auth",
    "STARTTLS with a valid certificate, AUTH PLAIN LOGIN inside TLS",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST },
  [SPC_SCENARIO_GOOD_STARTTLS_NO_AUTH] = { "good-starttls-no-auth",
    "STARTTLS with a valid certificate, no AUTH (a relay)",
    .kind = KIND_DIALOGUE, .offer_starttls = TRUE, .cert = CERT_LOCALHOST },
  [SPC_SCENARIO_IMPLICIT_TLS_AUTH] = { "implicit-tls-auth",
    "TLS from the first byte (465 style), valid certificate, AUTH PLAIN LOGIN",
    GOOD_TLS, .cert = CERT_LOCALHOST },
  [SPC_SCENARIO_EXPIRED_TLS] = { "expired-tls",
    "implicit TLS, certificate expired in 2021", GOOD_TLS, .cert = CERT_EXPIRED },
  [SPC_SCENARIO_EXPIRED_STARTTLS] = { "expired-starttls",
    "STARTTLS, certificate expired in 2021", GOOD_STARTTLS, .cert = CERT_EXPIRED },
  [SPC_SCENARIO_NOT_YET_VALID_TLS] = { "not-yet-valid-tls",
    "implicit TLS, certificate valid from 2099", GOOD_TLS, .cert = CERT_NOT_YET_VALID },
  [SPC_SCENARIO_NOT_YET_VALID_STARTTLS] = { "not-yet-valid-starttls",
    "STARTTLS, certificate valid from 2099", GOOD_STARTTLS, .cert = CERT_NOT_YET_VALID },
  [SPC_SCENARIO_WRONG_HOST_TLS] = { "wrong-host-tls",
    "implicit TLS, certificate for other.example", GOOD_TLS, .cert = CERT_WRONG_HOST },
  [SPC_SCENARIO_WRONG_HOST_STARTTLS] = { "wrong-host-starttls",
    "STARTTLS, certificate for other.example", GOOD_STARTTLS, .cert = CERT_WRONG_HOST },
  [SPC_SCENARIO_SELF_SIGNED_TLS] = { "self-signed-tls",
    "implicit TLS, self-signed certificate", GOOD_TLS, .cert = CERT_SELF_SIGNED },
  [SPC_SCENARIO_SELF_SIGNED_STARTTLS] = { "self-signed-starttls",
    "STARTTLS, self-signed certificate", GOOD_STARTTLS, .cert = CERT_SELF_SIGNED },
  [SPC_SCENARIO_LONG_CHAIN_TLS] = { "long-chain-tls",
    "implicit TLS, leaf under five intermediates of the test CA", GOOD_TLS,
    .cert = CERT_LONG_CHAIN },
  [SPC_SCENARIO_LONG_CHAIN_STARTTLS] = { "long-chain-starttls",
    "STARTTLS, leaf under five intermediates of the test CA", GOOD_STARTTLS,
    .cert = CERT_LONG_CHAIN },
  [SPC_SCENARIO_STARTTLS_INJECTION] = { "starttls-injection",
    "STARTTLS answered by 220 and injected 250- lines in the same write",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .inject_same_write = TRUE },
  [SPC_SCENARIO_STARTTLS_INJECTION_LATER] = { "starttls-injection-later",
    "STARTTLS answered by 220, injected lines in a later write before the handshake",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .inject_later_write = TRUE },
  [SPC_SCENARIO_NO_STARTTLS] = { "no-starttls",
    "SMTP without STARTTLS, AUTH offered in clear",
    .kind = KIND_DIALOGUE, .offer_auth = TRUE },
  [SPC_SCENARIO_STARTTLS_454] = { "starttls-454",
    "STARTTLS offered, answered 454 TLS not available",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .starttls_reply = "454 4.7.0 TLS not available due to local problem" },
  [SPC_SCENARIO_STARTTLS_502] = { "starttls-502",
    "STARTTLS offered, answered 502 command not implemented",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .starttls_reply = "502 5.5.1 Command not implemented" },
  [SPC_SCENARIO_STARTTLS_354] = { "starttls-354",
    "STARTTLS offered, answered 354 (a reply meant for DATA)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .starttls_reply = "354 End data with <CR><LF>.<CR><LF>" },
  [SPC_SCENARIO_EHLO_REFUSED] = { "ehlo-refused",
    "EHLO answered 502, only HELO works (no extensions, no STARTTLS)",
    .kind = KIND_DIALOGUE, .ehlo_refused = TRUE },
  [SPC_SCENARIO_STARTTLS_AGAIN_AFTER_TLS] = { "starttls-again-after-tls",
    "good STARTTLS + AUTH, but STARTTLS is offered again inside TLS",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .starttls_again = TRUE },
  [SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_TLS] = { "close-during-handshake-tls",
    "implicit TLS port that closes after the ClientHello",
    GOOD_TLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_CLOSE },
  [SPC_SCENARIO_CLOSE_DURING_HANDSHAKE_STARTTLS] = { "close-during-handshake-starttls",
    "STARTTLS 220, then closes after the ClientHello",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_CLOSE },
  [SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_TLS] = { "stall-after-client-hello-tls",
    "implicit TLS port that never answers the ClientHello",
    GOOD_TLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_STALL },
  [SPC_SCENARIO_STALL_AFTER_CLIENT_HELLO_STARTTLS] = { "stall-after-client-hello-starttls",
    "STARTTLS 220, then never answers the ClientHello",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_STALL },
  [SPC_SCENARIO_GREETING_554] = { "greeting-554",
    "554 greeting (blocked IP), 554/503 to everything but QUIT",
    .kind = KIND_DIALOGUE, .reject_everything = TRUE,
    .greeting = "554 5.7.1 Service unavailable; client host blocked using a block list\r\n" },
  /* Text that GTK would render as markup: the window must show it as typed */
  [SPC_SCENARIO_GREETING_MARKUP] = { "greeting-markup",
    "554 greeting full of Pango markup and entities",
    .kind = KIND_DIALOGUE, .reject_everything = TRUE,
    .greeting = "554 <b>blocked</b> &amp; <span foreground=\"red\">red</span> <i\r\n" },
  /* A reply "\u202Egnp.exe" is drawn "exe.png": the checker must show it escaped */
  [SPC_SCENARIO_GREETING_HIDDEN_CHARACTERS] = { "greeting-hidden-characters",
    "554 greeting with a bidi override (U+202E) and a zero-width space (U+200B)",
    .kind = KIND_DIALOGUE, .reject_everything = TRUE,
    .greeting = "554 blocked \u202Egnp.exe\u200B.example\r\n" },
  [SPC_SCENARIO_GREETING_421] = { "greeting-421",
    "421 greeting, then closes", .kind = KIND_GREETING_421 },
  [SPC_SCENARIO_GREETING_999] = { "greeting-999",
    "greeting with the code 999", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "999 localhost ESMTP\r\n" },
  [SPC_SCENARIO_GREETING_2] = { "greeting-2",
    "greeting \"2\" (a one-digit code)", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "2\r\n" },
  [SPC_SCENARIO_GREETING_BARE_220] = { "greeting-bare-220",
    "greeting \"220\" without text (legal), otherwise good STARTTLS + AUTH",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .greeting = "220\r\n" },
  [SPC_SCENARIO_GREETING_MISMATCHED] = { "greeting-mismatched",
    "multi-line greeting whose lines carry different codes (220-, then 250)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "220-localhost ESMTP\r\n250 localhost mismatched\r\n" },
  [SPC_SCENARIO_GREETING_EMPTY_LINE] = { "greeting-empty-line",
    "an empty line as the greeting", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "\r\n" },
  [SPC_SCENARIO_SILENCE] = { "silence",
    "accepts the connection and never says anything", .kind = KIND_SILENCE },
  [SPC_SCENARIO_ONE_BYTE_PER_SECOND] = { "one-byte-per-second",
    "drips its greeting one byte per second", .kind = KIND_DRIP },
  [SPC_SCENARIO_GREETING_DELAYED] = { "greeting-delayed",
    "good STARTTLS + AUTH whose greeting comes after the delay "
    "(default 1000 ms); other replies are not delayed",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .greeting_delayed = TRUE },
  [SPC_SCENARIO_ENDLESS_LINE] = { "endless-line",
    "a greeting line that never ends", .kind = KIND_ENDLESS_LINE },
  [SPC_SCENARIO_LINE_64K] = { "line-64k",
    "a 64 KiB greeting line", .kind = KIND_LINE_64K },
  [SPC_SCENARIO_CONTINUATION_200K] = { "continuation-200k",
    "a greeting of 200 000 continuation lines", .kind = KIND_CONTINUATION_200K },
  [SPC_SCENARIO_BARE_LF] = { "bare-lf",
    "good STARTTLS + AUTH whose lines end in a bare LF",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .bare_lf = TRUE },
  [SPC_SCENARIO_NUL_BYTES] = { "nul-bytes",
    "a greeting with NUL bytes in it", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "220 local\0host\0ESMTP\r\n", .greeting_length = 22 },
  [SPC_SCENARIO_INVALID_UTF8] = { "invalid-utf8",
    "good STARTTLS + AUTH with invalid UTF-8 in the greeting and EHLO text",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .invalid_utf8 = TRUE,
    .greeting = "220 localhost ESMTP \xff\xfe\xc3\x28 ready\r\n" },
  [SPC_SCENARIO_BINARY_GARBAGE] = { "binary-garbage",
    "4 KiB of random bytes instead of a greeting", .kind = KIND_GARBAGE },
  [SPC_SCENARIO_HTTP] = { "http",
    "a web server: silent, then HTTP/1.1 400 to the first line it gets",
    .kind = KIND_HTTP },
  [SPC_SCENARIO_SSH_BANNER] = { "ssh-banner",
    "an SSH server banner", .kind = KIND_SSH },
  [SPC_SCENARIO_PLAINTEXT_ON_TLS_PORT] = { "plaintext-on-tls-port",
    "plaintext SMTP (220, STARTTLS + AUTH): probe it as implicit TLS",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST },
  [SPC_SCENARIO_TLS_ON_STARTTLS_PORT] = { "tls-on-starttls-port",
    "a TLS server (465 style): probe it as STARTTLS",
    GOOD_TLS, .cert = CERT_LOCALHOST },
  [SPC_SCENARIO_CLOSE_MID_LINE] = { "close-mid-line",
    "closes the connection in the middle of the greeting line",
    .kind = KIND_CLOSE_MID_LINE },
  [SPC_SCENARIO_GREETING_221] = { "greeting-221",
    "greeting with 221 (the code for closing)", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "221 localhost closing\r\n" },
  [SPC_SCENARIO_GREETING_354] = { "greeting-354",
    "greeting with 354 (the code for DATA)", GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "354 localhost go ahead\r\n" },
  [SPC_SCENARIO_EHLO_421] = { "ehlo-421",
    "EHLO (and HELO) answered 421, then the connection is closed",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .close_after_ehlo = TRUE,
    .ehlo_override = "421 4.7.0 localhost Error: too many connections" },
  [SPC_SCENARIO_EHLO_554] = { "ehlo-554",
    "EHLO and HELO answered 554 (access denied)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .ehlo_override = "554 5.7.1 Access denied" },
  [SPC_SCENARIO_STARTTLS_221] = { "starttls-221",
    "STARTTLS offered, answered 221 and closed",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .close_after_starttls_reply = TRUE,
    .starttls_reply = "221 2.0.0 Bye" },
  [SPC_SCENARIO_STARTTLS_421] = { "starttls-421",
    "STARTTLS offered, answered 421 and closed",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .close_after_starttls_reply = TRUE,
    .starttls_reply = "421 4.3.2 Service shutting down" },
  [SPC_SCENARIO_BARE_CR] = { "bare-cr",
    "good STARTTLS + AUTH whose lines end in a bare CR (never a line end)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .bare_cr = TRUE },
  [SPC_SCENARIO_LINE_513] = { "line-513",
    "good STARTTLS + AUTH with a 513-byte greeting line (over RFC 5321's 512)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .greeting = GREETING_513 },
  [SPC_SCENARIO_EHLO_SILENT] = { "ehlo-silent",
    "greets, then never answers EHLO (or anything else)",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .ehlo_behaviour = EHLO_SILENT },
  [SPC_SCENARIO_EHLO_SILENT_AFTER_STARTTLS] = { "ehlo-silent-after-starttls",
    "good STARTTLS, then never answers the EHLO inside TLS",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .ehlo_behaviour = EHLO_SILENT_IN_TLS },
  [SPC_SCENARIO_EHLO_SILENT_TLS] = { "ehlo-silent-tls",
    "implicit TLS and a greeting, then never answers EHLO",
    GOOD_TLS, .cert = CERT_LOCALHOST, .ehlo_behaviour = EHLO_SILENT },
  [SPC_SCENARIO_EHLO_DRIP] = { "ehlo-drip",
    "answers EHLO with one 250- line every delay (default 500 ms), never the last line",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .ehlo_behaviour = EHLO_DRIP },
  [SPC_SCENARIO_DNS_ONLY_STARTTLS] = { "dns-only-starttls",
    "STARTTLS, certificate naming localhost and no address",
    GOOD_STARTTLS, .cert = CERT_DNS_ONLY },
  [SPC_SCENARIO_DNS_ONLY_TLS] = { "dns-only-tls",
    "implicit TLS, certificate naming localhost and no address",
    GOOD_TLS, .cert = CERT_DNS_ONLY },
  [SPC_SCENARIO_IP_ONLY_STARTTLS] = { "ip-only-starttls",
    "STARTTLS, certificate naming 127.0.0.1 and ::1 only, no host name",
    GOOD_STARTTLS, .cert = CERT_IP_ONLY },
  [SPC_SCENARIO_IP_ONLY_TLS] = { "ip-only-tls",
    "implicit TLS, certificate naming 127.0.0.1 and ::1 only, no host name",
    GOOD_TLS, .cert = CERT_IP_ONLY },
  [SPC_SCENARIO_EARLY_TALKER] = { "early-talker",
    "a 220 greeting and, unasked, a 554 right after it; then a good STARTTLS server",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST,
    .greeting = "220 localhost ESMTP\r\n554 5.3.2 Unasked\r\n" },
  [SPC_SCENARIO_FTP_BANNER] = { "ftp-banner",
    "an FTP server (ProFTPD): a 220 banner, 500 to EHLO and HELO",
    .kind = KIND_DIALOGUE, .greeting = "220 ProFTPD Server (Debian) [::ffff:127.0.0.1]\r\n",
    .ehlo_override = "500 EHLO not understood" },
  [SPC_SCENARIO_FTP_PLAIN_BANNER] = { "ftp-plain-banner",
    "an FTP server with a banner naming nothing: 530 \"login with USER and PASS\" to EHLO",
    .kind = KIND_DIALOGUE, .greeting = "220 Welcome\r\n",
    .ehlo_override = "530 Please login with USER and PASS." },
  [SPC_SCENARIO_POP3_BANNER] = { "pop3-banner",
    "a POP3 server: +OK banner", .kind = KIND_DIALOGUE, .greeting = "+OK Dovecot ready.\r\n" },
  [SPC_SCENARIO_IMAP_BANNER] = { "imap-banner",
    "an IMAP server: * OK banner", .kind = KIND_DIALOGUE,
    .greeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.\r\n" },
  [SPC_SCENARIO_AUTH_BEFORE_STARTTLS] = { "auth-before-starttls",
    "good STARTTLS + AUTH, and AUTH PLAIN LOGIN offered before STARTTLS too",
    GOOD_STARTTLS, .cert = CERT_LOCALHOST, .auth_in_clear = TRUE },
  [SPC_SCENARIO_SLOW_HANDSHAKE_TLS] = { "slow-handshake-tls",
    "implicit TLS, the ClientHello answered after the delay (default 1 s)",
    GOOD_TLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_SLOW },
  [SPC_SCENARIO_DROP] = { "drop",
    "never answers a connection attempt (packets dropped, as by a firewall)",
    .kind = KIND_DROP },
  [SPC_SCENARIO_WEAK_KEY_TLS] = { "weak-key-tls",
    "implicit TLS, certificate with a 1024-bit RSA key", GOOD_TLS, .cert = CERT_WEAK_KEY },
  [SPC_SCENARIO_WEAK_KEY_STARTTLS] = { "weak-key-starttls",
    "STARTTLS, certificate with a 1024-bit RSA key", GOOD_STARTTLS, .cert = CERT_WEAK_KEY },
  [SPC_SCENARIO_CLIENT_PURPOSE_TLS] = { "client-purpose-tls",
    "implicit TLS, certificate whose extended key usage is clientAuth only",
    GOOD_TLS, .cert = CERT_CLIENT_PURPOSE },
  [SPC_SCENARIO_KEY_USAGE_TLS] = { "key-usage-tls",
    "implicit TLS, certificate whose key usage is keyEncipherment only",
    GOOD_TLS, .cert = CERT_KEY_USAGE },
  [SPC_SCENARIO_EXPIRING_SOON_TLS] = { "expiring-soon-tls",
    "implicit TLS, certificate that expires in 7 days", GOOD_TLS, .cert = CERT_EXPIRING_SOON },
  [SPC_SCENARIO_IP_AS_DNS_TLS] = { "ip-as-dns-tls",
    "implicit TLS, certificate with \"127.0.0.1\" as a DNS name and no IP entry",
    GOOD_TLS, .cert = CERT_IP_AS_DNS },
  [SPC_SCENARIO_EXPIRED_INTERMEDIATE_TLS] = { "expired-intermediate-tls",
    "implicit TLS, valid leaf sent with an intermediate that expired in 2021",
    GOOD_TLS, .cert = CERT_EXPIRED_INTERMEDIATE },
  [SPC_SCENARIO_MISSING_INTERMEDIATE_TLS] = { "missing-intermediate-tls",
    "implicit TLS, leaf sent without the intermediate that signed it",
    GOOD_TLS, .cert = CERT_MISSING_INTERMEDIATE },
  [SPC_SCENARIO_MISSING_INTERMEDIATE_STARTTLS] = { "missing-intermediate-starttls",
    "STARTTLS, leaf sent without the intermediate that signed it",
    GOOD_STARTTLS, .cert = CERT_MISSING_INTERMEDIATE },
  [SPC_SCENARIO_CLIENT_CERTIFICATE_TLS] = { "client-certificate-tls",
    "implicit TLS that demands a client certificate",
    GOOD_TLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_CLIENT_CERTIFICATE },
  [SPC_SCENARIO_SILENT_TLS_ON_STARTTLS_PORT] = { "silent-tls-on-starttls-port",
    "a TLS server (465 style) that hangs up without a word on plain text, as "
    "OpenSSL-based servers do: probe it as STARTTLS",
    GOOD_TLS, .cert = CERT_LOCALHOST, .tls_behaviour = TLS_SILENT_ON_PLAINTEXT },
};

/* What a port saw, under the server's mutex */
typedef struct {
  guint        n_connections;
  guint        n_early_talkers;
  gsize        bytes_after_injection;
  gint64       first_command_ms;  /* since its connection was accepted; -1: none yet */
} PortRecord;

typedef struct {
  guint16      port;
  SpcScenario  scenario;
  guint        delay_ms;
  /* the record, under the server's mutex */
  PortRecord   record;
  GPtrArray   *commands;
} PortState;

struct _SpcTestServer
{
  GObject          parent_instance;

  /* One service per listening address: adding a socket to a running
   * GSocketService restarts its accept, and a connection arriving just
   * then can be dropped */
  GPtrArray       *services;
  GPtrArray       *dropping;  /* GSocket: drop ports' listeners and fillers */
  GCancellable    *cancellable;
  GTlsCertificate *certs[N_CERTS];

  GMutex           mutex;
  GCond            cond;
  GHashTable      *ports;     /* port → PortState */
  guint            n_active;  /* connections accepted and not yet finished */
  guint            n_ungreeted;    /* sessions begun and not yet greeted */
  guint            peak_ungreeted;
  gboolean         stopped;
};

G_DEFINE_FINAL_TYPE (SpcTestServer, spc_test_server, G_TYPE_OBJECT)

typedef struct {
  SpcTestServer      *server;
  const ScenarioInfo *info;
  PortState          *port;
  guint               delay_ms;
  GSocketConnection  *connection;
  GIOStream          *stream;      /* the connection, or TLS over it */
  GCancellable       *cancellable;
  int                 pushback;    /* a byte peeked before the greeting, or -1 */
  gint64              accepted_us;
  gboolean            in_tls;
  gboolean            greeted;     /* no longer counted in n_ungreeted */
} Session;

const char *
spc_scenario_to_string (SpcScenario scenario)
{
  g_return_val_if_fail (scenario < SPC_N_SCENARIOS, NULL);
  return scenarios[scenario].name;
}

gboolean
spc_scenario_from_string (const char  *name,
                          SpcScenario *scenario)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SPC_N_SCENARIOS; i++)
    if (g_str_equal (name, scenarios[i].name))
      {
        if (scenario != NULL)
          *scenario = i;
        return TRUE;
      }
  return FALSE;
}

const char *
spc_scenario_get_description (SpcScenario scenario)
{
  g_return_val_if_fail (scenario < SPC_N_SCENARIOS, NULL);
  return scenarios[scenario].description;
}

static void
port_state_free (gpointer data)
{
  PortState *state = data;

  g_ptr_array_unref (state->commands);
  g_free (state);
}

/* Sleeps @ms, waking early when @cancellable is cancelled. FALSE if cancelled. */
static gboolean
cancellable_sleep (GCancellable *cancellable,
                   guint         ms)
{
  GPollFD pollfd;

  if (ms == 0)
    return !g_cancellable_is_cancelled (cancellable);
  if (!g_cancellable_make_pollfd (cancellable, &pollfd))
    {
      g_usleep (ms * 1000);
      return TRUE;
    }
  g_poll (&pollfd, 1, ms);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_is_cancelled (cancellable);
}

/* Under the mutex: the client spoke now, perhaps for the first time */
static void
note_client_spoke (Session *session)
{
  if (session->port->record.first_command_ms < 0)
    session->port->record.first_command_ms = (g_get_monotonic_time () - session->accepted_us) / 1000;
}

static void
record_command (Session    *session,
                const char *line,
                gsize       length)
{
  g_autofree char *text = g_utf8_make_valid (line, length);

  g_mutex_lock (&session->server->mutex);
  note_client_spoke (session);
  if (session->port->commands->len < MAX_RECORDED)
    g_ptr_array_add (session->port->commands, g_steal_pointer (&text));
  g_mutex_unlock (&session->server->mutex);
}

/* The session no longer waits for its greeting (written, or never will be) */
static void
mark_greeted (Session *session)
{
  if (session->greeted)
    return;
  session->greeted = TRUE;
  g_mutex_lock (&session->server->mutex);
  session->server->n_ungreeted--;
  g_mutex_unlock (&session->server->mutex);
}

static gboolean
write_raw (Session    *session,
           const char *data,
           gsize       length)
{
  GOutputStream *output = g_io_stream_get_output_stream (session->stream);

  return g_output_stream_write_all (output, data, length, NULL,
                                    session->cancellable, NULL);
}

/* A reply: waits the port's delay, then writes @text (with its terminators) */
static gboolean
reply (Session    *session,
       const char *text)
{
  if (!cancellable_sleep (session->cancellable, session->delay_ms))
    return FALSE;
  return write_raw (session, text, strlen (text));
}

static gboolean
read_byte (gpointer  data,
           guint8   *byte)
{
  Session *session = data;
  GInputStream *input;

  if (session->pushback >= 0)
    {
      *byte = (guint8) session->pushback;
      session->pushback = -1;
      return TRUE;
    }
  input = g_io_stream_get_input_stream (session->stream);
  /* One byte at a time: never read past a line, so the raw socket can be
   * handed to TLS after STARTTLS with nothing lost */
  return g_input_stream_read (input, byte, 1, session->cancellable, NULL) == 1;
}

/* Reads one line (LF-terminated, CR stripped) of at most MAX_LINE bytes.
 * Returns NULL on end of stream, error, or an over-long line. */
static char *
read_line (Session *session,
           gsize   *length)
{
  return spc_test_read_line (read_byte, session, MAX_LINE, length);
}

/* Reads and throws away what the client sends until it closes, a bounded
 * number of bytes; returns how many arrived */
static gsize
drain (Session *session,
       gsize    limit)
{
  GInputStream *input = g_io_stream_get_input_stream (session->stream);
  char buffer[4096];
  gsize total = 0;

  while (total < limit)
    {
      gssize n = g_input_stream_read (input, buffer, MIN (sizeof buffer, limit - total),
                                      session->cancellable, NULL);
      if (n <= 0)
        break;
      total += n;
    }
  return total;
}

/* Records lines the client sends until it closes (a silent server that
 * still listens, so tests see what the probe tried) */
static void
listen_silently (Session *session)
{
  for (guint i = 0; i < MAX_COMMANDS; i++)
    {
      gsize length;
      g_autofree char *line = read_line (session, &length);

      if (line == NULL)
        return;
      record_command (session, line, length);
    }
}

/* Did the client send anything before the greeting? Peeks without waiting. */
static void
check_early_talk (Session *session)
{
  gboolean talked = FALSE;

  if (session->in_tls)
    {
      GInputStream *input = g_io_stream_get_input_stream (session->stream);
      guint8 byte;

      if (G_IS_POLLABLE_INPUT_STREAM (input) &&
          g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (input)) &&
          g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input),
                                                    &byte, 1, NULL, NULL) == 1)
        {
          session->pushback = byte;
          talked = TRUE;
        }
    }
  else
    {
      GSocket *socket = g_socket_connection_get_socket (session->connection);
      char byte;

      talked = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 1;
    }

  if (talked)
    {
      g_mutex_lock (&session->server->mutex);
      session->port->record.n_early_talkers++;
      g_mutex_unlock (&session->server->mutex);
    }
}

/* What a TLS server says to bytes that are not a ClientHello: a fatal
 * decode_error alert, so a client can tell it met TLS */
static void
write_tls_alert (Session *session)
{
  static const char alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32 };
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (session->connection));

  g_output_stream_write_all (output, alert, sizeof alert, NULL, session->cancellable, NULL);
}

static gboolean
start_tls (Session *session)
{
  const ScenarioInfo *info = session->info;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  switch (info->tls_behaviour)
    {
    case TLS_CLOSE:
      {
        char buffer[512];
        GInputStream *input = g_io_stream_get_input_stream (session->stream);

        /* Wait for the start of the ClientHello, then hang up */
        g_input_stream_read (input, buffer, sizeof buffer, session->cancellable, NULL);
        return FALSE;
      }

    case TLS_STALL:
      drain (session, MAX_DRAIN_BYTES);
      return FALSE;

    case TLS_SILENT_ON_PLAINTEXT:
      {
        GSocket *socket = g_socket_connection_get_socket (session->connection);
        guint8 first = 0;

        /* Peeked, so a real ClientHello is still there for the handshake */
        if (!g_socket_condition_timed_wait (socket, G_IO_IN, SOCKET_TIMEOUT_S * G_USEC_PER_SEC,
                                            session->cancellable, NULL))
          return FALSE;
        g_mutex_lock (&session->server->mutex);
        note_client_spoke (session);
        g_mutex_unlock (&session->server->mutex);
        if (recv (g_socket_get_fd (socket), &first, 1, MSG_PEEK) != 1 || first != 0x16)
          return FALSE;
        break;
      }

    case TLS_CLIENT_CERTIFICATE:
    case TLS_NORMAL:
    default:
      break;
    }

  /* A client that sends no line to a TLS port spoke with its first bytes */
  if (g_socket_condition_timed_wait (g_socket_connection_get_socket (session->connection), G_IO_IN,
                                     SOCKET_TIMEOUT_S * G_USEC_PER_SEC, session->cancellable, NULL))
    {
      g_mutex_lock (&session->server->mutex);
      note_client_spoke (session);
      g_mutex_unlock (&session->server->mutex);
    }

  if (info->tls_behaviour == TLS_SLOW &&
      !cancellable_sleep (session->cancellable,
                          session->port->delay_ms > 0 ? session->port->delay_ms
                                                      : SPC_TEST_SERVER_DEFAULT_HANDSHAKE_DELAY_MS))
    return FALSE;

  /* No database: the server asks for no client certificate, and the
   * default one would make glib-networking load the whole system trust
   * store for every connection (about 25 ms each) */
  tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                        NULL, &error,
                        "base-io-stream", session->connection,
                        "certificate", session->server->certs[info->cert],
                        "database", NULL,
                        NULL);
  if (tls == NULL)
    {
      g_warning ("Cannot make a TLS server connection: %s", error->message);
      return FALSE;
    }
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  if (info->tls_behaviour == TLS_CLIENT_CERTIFICATE)
    g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), session->cancellable, &error))
    {
      g_debug ("TLS handshake failed: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          info->tls_behaviour != TLS_SILENT_ON_PLAINTEXT && info->tls_behaviour != TLS_CLIENT_CERTIFICATE)
        write_tls_alert (session);
      return FALSE;
    }

  g_set_object (&session->stream, tls);
  session->in_tls = TRUE;
  return TRUE;
}

static const char *
eol (Session *session)
{
  if (session->info->bare_lf)
    return "\n";
  if (session->info->bare_cr)
    return "\r";
  return "\r\n";
}

static char *
ehlo_reply (Session *session)
{
  const ScenarioInfo *info = session->info;
  gboolean tls_or_no_starttls = session->in_tls || !info->offer_starttls;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  g_ptr_array_add (lines, info->invalid_utf8 ? "localhost Hello \xc0\xaf\xff" : "localhost");
  g_ptr_array_add (lines, "PIPELINING");
  g_ptr_array_add (lines, "SIZE 35882577");
  if (info->offer_starttls && (!session->in_tls || info->starttls_again))
    g_ptr_array_add (lines, "STARTTLS");
  if (info->offer_auth && (tls_or_no_starttls || info->auth_in_clear))
    g_ptr_array_add (lines, "AUTH PLAIN LOGIN");
  g_ptr_array_add (lines, "8BITMIME");
  g_ptr_array_add (lines, "ENHANCEDSTATUSCODES");
  g_ptr_array_add (lines, "SMTPUTF8");

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "250%c%s%s",
                            i + 1 < lines->len ? '-' : ' ',
                            (const char *) g_ptr_array_index (lines, i), eol (session));
  return g_string_free (text, FALSE);
}

static char *
line_with_eol (Session    *session,
               const char *text)
{
  return g_strconcat (text, eol (session), NULL);
}

#define INJECTED "250-injected.example\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n"

/* After STARTTLS: returns FALSE when the conversation is over */
static gboolean
handle_starttls (Session *session)
{
  const ScenarioInfo *info = session->info;
  const char *ready = "220 2.0.0 Ready to start TLS\r\n";

  if (session->in_tls)
    return reply (session, "503 5.5.1 Error: TLS already active\r\n");
  if (!info->offer_starttls)
    return reply (session, "502 5.5.1 Error: command not implemented\r\n");
  if (info->starttls_reply != NULL)
    {
      g_autofree char *text = line_with_eol (session, info->starttls_reply);
      return reply (session, text) && !info->close_after_starttls_reply;
    }

  if (info->inject_same_write || info->inject_later_write)
    {
      gsize after;

      if (info->inject_same_write)
        {
          g_autofree char *text = g_strconcat (ready, INJECTED, NULL);
          if (!reply (session, text))
            return FALSE;
        }
      else
        {
          GSocket *socket = g_socket_connection_get_socket (session->connection);

          /* Only once the client's ClientHello is here (peeked, not read):
           * the lines then always arrive inside its handshake */
          if (!reply (session, ready) ||
              !g_socket_condition_timed_wait (socket, G_IO_IN, 10 * G_USEC_PER_SEC,
                                              session->cancellable, NULL) ||
              !write_raw (session, INJECTED, strlen (INJECTED)))
            return FALSE;
        }
      /* A safe client hangs up here: count what it sends instead */
      after = drain (session, MAX_DRAIN_BYTES);
      g_mutex_lock (&session->server->mutex);
      session->port->record.bytes_after_injection += after;
      g_mutex_unlock (&session->server->mutex);
      return FALSE;
    }

  {
    g_autofree char *text = line_with_eol (session, "220 2.0.0 Ready to start TLS");
    if (!reply (session, text))
      return FALSE;
  }
  return start_tls (session);
}

/* One continuation line every interval, until the client hangs up or
 * the bound; then silence */
static void
drip_ehlo_reply (Session *session)
{
  guint interval_ms = session->port->delay_ms > 0 ? session->port->delay_ms
                                                  : SPC_TEST_SERVER_DEFAULT_DRIP_INTERVAL_MS;

  for (guint i = 0; i < MAX_DRIP_LINES; i++)
    {
      g_autofree char *line = g_strdup_printf ("250-localhost drip %u\r\n", i);

      if (!write_raw (session, line, strlen (line)) ||
          !cancellable_sleep (session->cancellable, interval_ms))
        return;
    }
  listen_silently (session);
}

static void
play_dialogue (Session *session)
{
  const ScenarioInfo *info = session->info;

  if (info->implicit_tls && !start_tls (session))
    return;

  if (info->greeting_delayed &&
      !cancellable_sleep (session->cancellable,
                          session->port->delay_ms > 0 ? session->port->delay_ms
                                                      : SPC_TEST_SERVER_DEFAULT_GREETING_DELAY_MS))
    return;
  check_early_talk (session);

  if (info->greeting != NULL)
    {
      gsize length = info->greeting_length > 0 ? info->greeting_length : strlen (info->greeting);

      if (!cancellable_sleep (session->cancellable, session->delay_ms) ||
          !write_raw (session, info->greeting, length))
        return;
    }
  else
    {
      g_autofree char *greeting = line_with_eol (session, "220 localhost ESMTP SPC test server");
      if (!reply (session, greeting))
        return;
    }
  mark_greeted (session);

  for (guint i = 0; i < MAX_COMMANDS; i++)
    {
      gsize length;
      g_autofree char *line = read_line (session, &length);
      g_autofree char *verb = NULL;
      gboolean go_on;

      if (line == NULL)
        return;
      record_command (session, line, length);
      verb = g_ascii_strup (line, strcspn (line, " "));

      if (g_str_equal (verb, "QUIT"))
        {
          g_autofree char *bye = line_with_eol (session, "221 2.0.0 Bye");
          reply (session, bye);
          return;
        }
      if (info->reject_everything)
        go_on = reply (session, "554 5.7.1 Error: no valid recipients\r\n");
      else if (info->ehlo_override != NULL &&
               (g_str_equal (verb, "EHLO") || g_str_equal (verb, "HELO")))
        {
          g_autofree char *text = line_with_eol (session, info->ehlo_override);
          go_on = reply (session, text) && !info->close_after_ehlo;
        }
      else if (g_str_equal (verb, "EHLO") &&
               (info->ehlo_behaviour == EHLO_SILENT ||
                (info->ehlo_behaviour == EHLO_SILENT_IN_TLS && session->in_tls)))
        {
          listen_silently (session);
          return;
        }
      else if (g_str_equal (verb, "EHLO") && info->ehlo_behaviour == EHLO_DRIP)
        {
          drip_ehlo_reply (session);
          return;
        }
      else if (g_str_equal (verb, "EHLO"))
        {
          g_autofree char *text = NULL;

          if (info->ehlo_refused)
            text = line_with_eol (session, "502 5.5.2 Error: command not recognized");
          else
            text = ehlo_reply (session);
          go_on = reply (session, text);
        }
      else if (g_str_equal (verb, "HELO"))
        {
          g_autofree char *text = line_with_eol (session, "250 localhost");
          go_on = reply (session, text);
        }
      else if (g_str_equal (verb, "STARTTLS"))
        go_on = handle_starttls (session);
      else if (g_str_equal (verb, "AUTH"))
        go_on = reply (session, "535 5.7.8 Error: authentication failed\r\n");
      else if (g_str_equal (verb, "NOOP") || g_str_equal (verb, "RSET"))
        go_on = reply (session, "250 2.0.0 Ok\r\n");
      else if (g_str_equal (verb, "MAIL") || g_str_equal (verb, "RCPT") ||
               g_str_equal (verb, "DATA"))
        go_on = reply (session, "503 5.5.1 Error: this test server takes no mail\r\n");
      else
        go_on = reply (session, "502 5.5.2 Error: command not recognized\r\n");

      if (!go_on)
        return;
    }
}

static void
play_drip (Session *session)
{
  const char *greeting = "220 localhost ESMTP slowly\r\n";

  check_early_talk (session);
  for (const char *p = greeting; *p != '\0'; p++)
    if (!write_raw (session, p, 1) || !cancellable_sleep (session->cancellable, 1000))
      return;
  listen_silently (session);
}

static void
play_endless_line (Session *session)
{
  char chunk[4096];

  memset (chunk, 'x', sizeof chunk);
  check_early_talk (session);
  if (!reply (session, "220 localhost "))
    return;
  /* Until the client hangs up (a write fails) or the bound */
  for (gsize sent = 0; sent < MAX_ENDLESS_BYTES; sent += sizeof chunk)
    if (!write_raw (session, chunk, sizeof chunk))
      return;
}

static void
play_line_64k (Session *session)
{
  g_autoptr(GString) line = g_string_new ("220 localhost ");

  while (line->len < 64 * 1024)
    g_string_append_c (line, 'x');
  g_string_append (line, "\r\n");
  check_early_talk (session);
  if (reply (session, line->str))
    listen_silently (session);
}

static void
play_continuation_200k (Session *session)
{
  g_autoptr(GString) chunk = g_string_new (NULL);

  check_early_talk (session);
  if (!cancellable_sleep (session->cancellable, session->delay_ms))
    return;
  for (guint i = 0; i < 200000; i++)
    {
      g_string_append_printf (chunk, "220-localhost continuation %06u\r\n", i);
      if (i % 1000 == 999)
        {
          if (!write_raw (session, chunk->str, chunk->len))
            return;
          g_string_truncate (chunk, 0);
        }
    }
  g_string_append (chunk, "220 localhost ESMTP at last\r\n");
  if (write_raw (session, chunk->str, chunk->len))
    listen_silently (session);
}

static void
play_garbage (Session *session)
{
  guint8 garbage[4096];
  guint32 state = 0x2545F491;

  /* Deterministic noise (xorshift), so a failure can be replayed */
  for (gsize i = 0; i < sizeof garbage; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      garbage[i] = state & 0xff;
    }
  check_early_talk (session);
  if (cancellable_sleep (session->cancellable, session->delay_ms) &&
      write_raw (session, (const char *) garbage, sizeof garbage))
    drain (session, MAX_DRAIN_BYTES);
}

static void
play_http (Session *session)
{
  gsize length;
  g_autofree char *line = NULL;

  check_early_talk (session);
  /* A web server speaks only when spoken to */
  line = read_line (session, &length);
  if (line == NULL)
    return;
  record_command (session, line, length);
  reply (session,
         "HTTP/1.1 400 Bad Request\r\n"
         "Server: nginx\r\n"
         "Content-Type: text/html\r\n"
         "Content-Length: 0\r\n"
         "Connection: close\r\n"
         "\r\n");
}

static void
play_ssh (Session *session)
{
  check_early_talk (session);
  if (reply (session, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"))
    listen_silently (session);
}

static void
play_close_mid_line (Session *session)
{
  check_early_talk (session);
  reply (session, "220 localhost ESMTP clo");
}

static void
play_greeting_421 (Session *session)
{
  check_early_talk (session);
  reply (session, "421 4.3.2 Service not available, closing transmission channel\r\n");
}

static void
play (Session *session)
{
  switch (session->info->kind)
    {
    case KIND_DIALOGUE:          play_dialogue (session); break;
    case KIND_SILENCE:           check_early_talk (session); listen_silently (session); break;
    case KIND_DRIP:              play_drip (session); break;
    case KIND_ENDLESS_LINE:      play_endless_line (session); break;
    case KIND_LINE_64K:          play_line_64k (session); break;
    case KIND_CONTINUATION_200K: play_continuation_200k (session); break;
    case KIND_GARBAGE:           play_garbage (session); break;
    case KIND_HTTP:              play_http (session); break;
    case KIND_SSH:               play_ssh (session); break;
    case KIND_CLOSE_MID_LINE:    play_close_mid_line (session); break;
    case KIND_GREETING_421:      play_greeting_421 (session); break;
    default:                     g_assert_not_reached ();
    }
}

static PortState *
lookup_port (SpcTestServer *self,
             guint16        port)
{
  PortState *state;

  g_mutex_lock (&self->mutex);
  state = g_hash_table_lookup (self->ports, GUINT_TO_POINTER (port));
  g_mutex_unlock (&self->mutex);
  return state;
}

static void
session_end (SpcTestServer *self)
{
  g_mutex_lock (&self->mutex);
  self->n_active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Main context: counts the connection before its thread may run, so that
 * stop() can wait for every one of them */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             SpcTestServer     *self)
{
  gboolean refuse;

  g_mutex_lock (&self->mutex);
  /* Bounded: past the cap a connection is closed at once */
  refuse = self->n_active >= MAX_ACTIVE;
  if (!refuse)
    self->n_active++;
  g_mutex_unlock (&self->mutex);
  return refuse;  /* FALSE: let the threaded service run it */
}

/* A worker thread: one connection, start to end */
static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        SpcTestServer          *self)
{
  g_autoptr(GSocketAddress) local = NULL;
  Session session = { 0 };
  PortState *state = NULL;
  GSocket *socket;

  local = g_socket_connection_get_local_address (connection, NULL);
  if (local != NULL && G_IS_INET_SOCKET_ADDRESS (local))
    state = lookup_port (self, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  if (state == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      session_end (self);
      return TRUE;
    }

  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, SOCKET_TIMEOUT_S);
  /* Each reply and TLS record leaves when written: with Nagle's algorithm
   * a second small write waits for the client's delayed ACK (40 ms on
   * Linux), which a probe would measure as the server's slowness */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  g_mutex_lock (&self->mutex);
  state->record.n_connections++;
  g_mutex_unlock (&self->mutex);

  session.server = self;
  session.info = &scenarios[state->scenario];
  session.port = state;
  /* Their delay is for one thing only */
  session.delay_ms = session.info->greeting_delayed || session.info->ehlo_behaviour == EHLO_DRIP
                     || session.info->tls_behaviour == TLS_SLOW
                     ? 0 : state->delay_ms;
  session.connection = connection;
  session.stream = g_object_ref (G_IO_STREAM (connection));
  session.cancellable = self->cancellable;
  session.pushback = -1;
  session.accepted_us = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  self->n_ungreeted++;
  self->peak_ungreeted = MAX (self->peak_ungreeted, self->n_ungreeted);
  g_mutex_unlock (&self->mutex);

  play (&session);
  mark_greeted (&session);

  /* close_notify could block on a peer that reads nothing: stop() cuts it short */
  if (session.in_tls)
    g_io_stream_close (session.stream, self->cancellable, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_clear_object (&session.stream);

  session_end (self);
  return TRUE;
}

static void
spc_test_server_dispose (GObject *object)
{
  SpcTestServer *self = SPC_TEST_SERVER (object);

  spc_test_server_stop (self);
  for (guint i = 0; i < N_CERTS; i++)
    g_clear_object (&self->certs[i]);

  G_OBJECT_CLASS (spc_test_server_parent_class)->dispose (object);
}

static void
spc_test_server_finalize (GObject *object)
{
  SpcTestServer *self = SPC_TEST_SERVER (object);

  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->dropping, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->ports);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (spc_test_server_parent_class)->finalize (object);
}

static void
spc_test_server_class_init (SpcTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spc_test_server_dispose;
  object_class->finalize = spc_test_server_finalize;
}

static void
spc_test_server_init (SpcTestServer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->ports = g_hash_table_new_full (NULL, NULL, NULL, port_state_free);
  self->cancellable = g_cancellable_new ();
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->dropping = g_ptr_array_new_with_free_func (g_object_unref);
}

SpcTestServer *
spc_test_server_new (const char  *cert_dir,
                     GError     **error)
{
  g_autoptr(SpcTestServer) self = g_object_new (SPC_TYPE_TEST_SERVER, NULL);

  g_return_val_if_fail (cert_dir != NULL, NULL);

  for (guint i = 0; i < N_CERTS; i++)
    {
      g_autofree char *cert_name = g_strconcat (cert_names[i], ".pem", NULL);
      g_autofree char *key_name = g_strconcat (cert_names[i], "-key.pem", NULL);
      g_autofree char *cert_file = g_build_filename (cert_dir, cert_name, NULL);
      g_autofree char *key_file = g_build_filename (cert_dir, key_name, NULL);

      self->certs[i] = g_tls_certificate_new_from_files (cert_file, key_file, error);
      if (self->certs[i] == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

SpcTestServer *
spc_test_server_new_for_test (void)
{
  g_autofree char *cert_dir = g_canonicalize_filename (g_test_get_dir (G_TEST_BUILT), NULL);
  g_autoptr(GError) error = NULL;
  SpcTestServer *server = spc_test_server_new (cert_dir, &error);

  g_assert_no_error (error);
  return server;
}

/* A port that never answers a SYN, without root or a firewall: Linux
 * drops a SYN while the listener's accept queue is full, and with a
 * backlog of 0 one connection that is never accepted fills it. */
static guint16
add_drop_port (SpcTestServer  *self,
               GSocketAddress *socket_address,
               GError        **error)
{
  GSocketFamily family = g_socket_address_get_family (socket_address);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) filler = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  listener = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return 0;
  g_socket_set_listen_backlog (listener, 0);
  if (!g_socket_bind (listener, socket_address, FALSE, error) ||
      !g_socket_listen (listener, error) ||
      (bound = g_socket_get_local_address (listener, error)) == NULL)
    return 0;

  filler = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (filler == NULL || !g_socket_connect (filler, bound, NULL, error))
    return 0;

  g_ptr_array_add (self->dropping, g_steal_pointer (&listener));
  g_ptr_array_add (self->dropping, g_steal_pointer (&filler));
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

guint16
spc_test_server_add_port (SpcTestServer  *self,
                          const char     *address,
                          guint16         port,
                          SpcScenario     scenario,
                          guint           delay_ms,
                          GError        **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = NULL;
  PortState *state;
  guint16 bound_port;

  g_return_val_if_fail (SPC_IS_TEST_SERVER (self), 0);
  g_return_val_if_fail (address != NULL, 0);
  g_return_val_if_fail (scenario < SPC_N_SCENARIOS, 0);

  inet_address = g_inet_address_new_from_string (address);
  if (inet_address == NULL || !g_inet_address_get_is_loopback (inet_address))
    {
      /* Tests talk to loopback only */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not a loopback address", address);
      return 0;
    }
  g_return_val_if_fail (!self->stopped, 0);

  socket_address = g_inet_socket_address_new (inet_address, port);
  /* An ephemeral port is a port no other address of this server has: the
   * kernel may hand ::1 the number 127.0.0.1 already has, and that would
   * merge two ports' scenarios and commands. Bounded retries. */
  for (guint attempt = 0; ; attempt++)
    {
      g_clear_object (&service);
      g_clear_object (&effective);
      /* Not accepting until its socket is in place (see self->services) */
      service = g_object_new (G_TYPE_THREADED_SOCKET_SERVICE,
                              "max-threads", MAX_THREADS,
                              "active", FALSE,
                              NULL);
      if (scenarios[scenario].kind == KIND_DROP)
        {
          /* A dropping listener of a colliding attempt stays open, unused */
          bound_port = add_drop_port (self, socket_address, error);
          if (bound_port == 0)
            return 0;
        }
      else
        {
          if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), socket_address,
                                              G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                              NULL, &effective, error))
            return 0;
          bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
        }

      if (port != 0 || lookup_port (self, bound_port) == NULL)
        break;
      g_socket_listener_close (G_SOCKET_LISTENER (service));
      if (attempt == 16)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                       "every ephemeral port offered for %s is in use on another address", address);
          return 0;
        }
    }

  g_mutex_lock (&self->mutex);
  state = g_hash_table_lookup (self->ports, GUINT_TO_POINTER (bound_port));
  if (state == NULL)
    {
      state = g_new0 (PortState, 1);
      state->port = bound_port;
      state->commands = g_ptr_array_new_with_free_func (g_free);
      state->record.first_command_ms = -1;
      g_hash_table_insert (self->ports, GUINT_TO_POINTER (bound_port), state);
    }
  /* The same port on several addresses plays one scenario */
  state->scenario = scenario;
  state->delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);

  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), self);
  g_signal_connect (service, "run", G_CALLBACK (on_run), self);
  g_socket_service_start (service);
  g_ptr_array_add (self->services, g_steal_pointer (&service));
  return bound_port;
}

guint16
spc_test_server_add_loopback_port (SpcTestServer *self,
                                   SpcScenario    scenario,
                                   guint          delay_ms)
{
  g_autoptr(GError) error = NULL;
  guint16 port = spc_test_server_add_port (self, "127.0.0.1", 0, scenario, delay_ms, &error);

  g_assert_no_error (error);
  return port;
}

void
spc_test_server_stop (SpcTestServer *self)
{
  gint64 deadline;

  g_return_if_fail (SPC_IS_TEST_SERVER (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;

  for (guint i = 0; i < self->services->len; i++)
    {
      GSocketService *service = g_ptr_array_index (self->services, i);

      g_socket_service_stop (service);
      g_socket_listener_close (G_SOCKET_LISTENER (service));
    }
  for (guint i = 0; i < self->dropping->len; i++)
    g_socket_close (g_ptr_array_index (self->dropping, i), NULL);
  g_cancellable_cancel (self->cancellable);

  deadline = g_get_monotonic_time () + STOP_WAIT_US;
  g_mutex_lock (&self->mutex);
  while (self->n_active > 0)
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      break;
  if (self->n_active > 0)
    g_warning ("%u test server connections did not end", self->n_active);
  g_mutex_unlock (&self->mutex);
}

void
spc_test_env_init (SpcTestEnv *env)
{
  env->server = spc_test_server_new_for_test ();
  env->ca_database = spc_test_new_ca_database ();
}

void
spc_test_env_clear (SpcTestEnv *env)
{
  if (env->server != NULL)
    spc_test_server_stop (env->server);
  g_clear_object (&env->server);
  g_clear_object (&env->ca_database);
}

/* A copy of @port's record, taken under the mutex; FALSE for a port the
 * server does not serve */
static gboolean
copy_record (SpcTestServer *self,
             guint16        port,
             PortRecord    *record)
{
  PortState *state = lookup_port (self, port);
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (state != NULL, FALSE);
  locker = g_mutex_locker_new (&self->mutex);
  *record = state->record;
  return TRUE;
}

guint
spc_test_server_get_n_connections (SpcTestServer *self,
                                   guint16        port)
{
  PortRecord record;

  return copy_record (self, port, &record) ? record.n_connections : 0;
}

guint
spc_test_server_get_n_early_talkers (SpcTestServer *self,
                                     guint16        port)
{
  PortRecord record;

  return copy_record (self, port, &record) ? record.n_early_talkers : 0;
}

char **
spc_test_server_dup_commands (SpcTestServer *self,
                              guint16        port)
{
  PortState *state = lookup_port (self, port);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (state != NULL, NULL);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < state->commands->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (state->commands, i));
  g_mutex_unlock (&self->mutex);
  return g_strv_builder_end (builder);
}

gboolean
spc_test_server_received_command (SpcTestServer *self,
                                  guint16        port,
                                  const char    *verb)
{
  g_auto(GStrv) commands = spc_test_server_dup_commands (self, port);
  gsize verb_length = strlen (verb);

  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    if (g_ascii_strncasecmp (commands[i], verb, verb_length) == 0 &&
        (commands[i][verb_length] == '\0' || commands[i][verb_length] == ' '))
      return TRUE;
  return FALSE;
}

gsize
spc_test_server_get_bytes_after_injection (SpcTestServer *self,
                                           guint16        port)
{
  PortRecord record;

  return copy_record (self, port, &record) ? record.bytes_after_injection : 0;
}

gint64
spc_test_server_get_first_command_ms (SpcTestServer *self,
                                      guint16        port)
{
  PortRecord record;

  return copy_record (self, port, &record) ? record.first_command_ms : -1;
}

guint
spc_test_server_get_peak_ungreeted (SpcTestServer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SPC_IS_TEST_SERVER (self), 0);
  locker = g_mutex_locker_new (&self->mutex);
  return self->peak_ungreeted;
}
