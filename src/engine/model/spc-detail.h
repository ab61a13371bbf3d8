/* spc-detail.h — what exactly happened on a port, and what a probe noted on
 * the way, as codes: the engine records them, advice/ puts them in words
 * (spc-summary.h). Registered as SPC_TYPE_DETAIL and SPC_TYPE_NOTE
 * (spc-enums.h); their nicks are stable identifiers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Beside the status: the one fact the summary of a finished port is made
 * of. The facts it cites (the deadline, the reply, the error, the names)
 * are in the result. */
typedef enum {
  SPC_DETAIL_NONE,                      /* running, or a result built without one */
  SPC_DETAIL_CANCELLED,

  /* Resolve (the deadline, the name looked up, the error) */
  SPC_DETAIL_DNS_TIMEOUT,
  SPC_DETAIL_DNS_NOT_FOUND,
  SPC_DETAIL_DNS_NO_IPV4,               /* "not found" with -4 */
  SPC_DETAIL_DNS_NO_IPV6,               /* "not found" with -6 */
  SPC_DETAIL_DNS_UNAVAILABLE,           /* the name server could not be asked */
  SPC_DETAIL_DNS_FAILED,
  SPC_DETAIL_NO_ADDRESS,                /* resolved, but no address to connect to */
  SPC_DETAIL_NO_IPV4_ADDRESS,
  SPC_DETAIL_NO_IPV6_ADDRESS,
  SPC_DETAIL_WRONG_FAMILY,              /* an address literal of the other family */

  /* Connect */
  SPC_DETAIL_CONNECT_TIMEOUT,           /* our deadline */
  SPC_DETAIL_CONNECT_TIMED_OUT,         /* the system's ETIMEDOUT */
  SPC_DETAIL_CONNECT_REFUSED,
  SPC_DETAIL_HOST_UNREACHABLE,
  SPC_DETAIL_PROHIBITED,
  SPC_DETAIL_NETWORK_UNREACHABLE,
  SPC_DETAIL_CONNECT_FAILED,

  /* TLS handshake (implicit, or after STARTTLS) */
  SPC_DETAIL_TLS_TIMEOUT,
  SPC_DETAIL_STARTTLS_HANDSHAKE_TIMEOUT,
  SPC_DETAIL_TLS_CLOSED,
  SPC_DETAIL_TLS_OLD_VERSION,           /* a protocol version error */
  SPC_DETAIL_TLS_HANDSHAKE_FAILED,
  SPC_DETAIL_CLIENT_CERTIFICATE_REQUIRED, /* the server demands a client certificate */

  /* Greeting, and what listens when none comes */
  SPC_DETAIL_GREETING_INCOMPLETE,       /* deadline with part of a greeting read */
  SPC_DETAIL_SILENT,                    /* no greeting, and no answer to a line */
  SPC_DETAIL_ANSWERED_WHEN_SPOKEN_TO,
  SPC_DETAIL_CLOSED_WITHOUT_GREETING,
  SPC_DETAIL_GREETING_REFUSED,          /* 4xx/5xx greeting (the reply) */
  SPC_DETAIL_GREETING_INVALID,
  SPC_DETAIL_WEB_SERVER,
  SPC_DETAIL_SSH_SERVER,
  SPC_DETAIL_TLS_NOT_SMTP,              /* TLS on an implicit-TLS port, then no SMTP */
  SPC_DETAIL_EXPECTS_TLS,               /* TLS records on a plaintext port (the mode says which) */
  SPC_DETAIL_BINARY,
  SPC_DETAIL_NOT_SMTP,
  SPC_DETAIL_PLAIN_SMTP_ON_TLS_PORT,
  SPC_DETAIL_FTP_SERVER,                /* an FTP banner, and EHLO refused */
  SPC_DETAIL_POP3_SERVER,               /* "+OK" */
  SPC_DETAIL_IMAP_SERVER,               /* "* OK" */
  SPC_DETAIL_EARLY_TALKER,              /* more than the greeting, before being asked */

  /* EHLO and STARTTLS (the reply) */
  SPC_DETAIL_EHLO_TIMEOUT,
  SPC_DETAIL_EHLO_REFUSED,
  SPC_DETAIL_HELO_REFUSED,
  SPC_DETAIL_STARTTLS_TIMEOUT,
  SPC_DETAIL_STARTTLS_REFUSED,
  SPC_DETAIL_STARTTLS_INJECTION,        /* bytes buffered after the 220 */
  SPC_DETAIL_STARTTLS_PLAINTEXT,        /* plain text where TLS should begin */

  /* Anywhere in the conversation (the error) */
  SPC_DETAIL_ANSWER_TIMEOUT,
  SPC_DETAIL_CLOSED_MIDWAY,
  SPC_DETAIL_PROTOCOL_VIOLATION,        /* our own error: its message says what */
  SPC_DETAIL_TLS_SESSION_FAILED,
  SPC_DETAIL_CONNECTION_BROKE,

  /* The conversation ended: the facts themselves say the rest */
  SPC_DETAIL_OBSOLETE_TLS,
  SPC_DETAIL_CERTIFICATE,
  SPC_DETAIL_WORKS,
  SPC_DETAIL_CERTIFICATE_EXPIRES_SOON,  /* works, but the certificate ends within 14 days: yellow */
  SPC_DETAIL_NO_LOGIN,
  SPC_DETAIL_PLAINTEXT,
} SpcDetail;

/* A line of the transcript that is not one of the conversation: what the
 * probe did or saw. Its text is the note's argument (a name, an address,
 * an error message), its number a port, a count or milliseconds. */
typedef enum {
  SPC_NOTE_NONE,                        /* a line the client or the server sent */
  SPC_NOTE_CHECKING,                    /* text: host, number: port */
  SPC_NOTE_LOOKING_UP,                  /* text: name */
  SPC_NOTE_CONNECTING,                  /* text: addresses */
  SPC_NOTE_CONNECTED,                   /* text: address, number: port */
  SPC_NOTE_ERROR,                       /* text: the error's message */
  SPC_NOTE_NO_PROGRESS,                 /* number: ms */
  SPC_NOTE_STOPPED,
  SPC_NOTE_SENDING_IDENTIFY_LINE,       /* number: ms without a greeting */
  SPC_NOTE_IDENTIFY_NO_ANSWER,          /* number: ms */
  SPC_NOTE_CLOSED_SILENTLY,
  SPC_NOTE_HELO_ONLY,
  SPC_NOTE_STARTTLS_AGAIN,
  SPC_NOTE_BYTES_AFTER_STARTTLS,        /* number: bytes */
  SPC_NOTE_TLS_STARTING,
  SPC_NOTE_TLS_DONE,                    /* text: "TLS 1.3", extra: the cipher */
  SPC_NOTE_CERTIFICATE_NOT_TRUSTED,     /* text: "unknown-ca, expired, weak-key" */
  SPC_NOTE_CLIENT_CERTIFICATE_REQUESTED,
  SPC_NOTE_TRYING_TLS,                  /* number: port; a second connection, straight to TLS */
  SPC_NOTE_TLS_ANSWERED,                /* text: "TLS 1.3": that connection's handshake worked */
  SPC_NOTE_LINES_LEFT_OUT,              /* number: lines */
  SPC_NOTE_EARLY_TALK,                  /* number: bytes after the greeting, unasked */
  SPC_NOTE_AUTH_BEFORE_TLS,             /* text: the mechanisms offered in clear */
  /* The login check's (spc-login-text.c puts them in words) */
  SPC_NOTE_DEADLINE_PASSED,
  SPC_NOTE_SAME_CERTIFICATE,            /* the one the probe saw */
  SPC_NOTE_CERTIFICATE_CHANGED,
  SPC_NOTE_SASL_FAILED,                 /* text: mechanism, extra: GNU SASL's message */
  SPC_NOTE_SASL_TOO_MANY_STEPS,         /* number: the limit */
  SPC_NOTE_TEST_MESSAGE_SENT,           /* number: bytes, the data itself not shown */
} SpcNote;

G_END_DECLS
