/* spc-probe-private.h — the probe's state, shared by the files it is spread over
 *
 *   spc-probe.c           the object, its run, stages and their deadlines
 *   spc-probe-io.c        lines out, replies in
 *   spc-probe-session.c   resolve, connect, greeting, EHLO, STARTTLS, QUIT
 *   spc-probe-tls.c       the TLS handshake and what it tells
 *   spc-probe-identify.c  what listens when no SMTP greeting comes
 *   spc-probe-outcome.c   how a run ends: its status from what happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-deadline.h"
#include "spc-handshake-queue.h"
#include "spc-line-reader.h"
#include "spc-probe.h"
#include "spc-reply.h"
#include "spc-result-private.h"
#include "spc-tls-interaction.h"

G_BEGIN_DECLS

/* The handler of the reply being read; @reply is NULL when @error is set */
typedef void (*SpcProbeReplyHandler) (SpcProbe *self,
                                      SpcReply *reply,
                                      GError   *error);
/* What follows a write; @error is NULL when all was written */
typedef void (*SpcProbeWriteHandler) (SpcProbe     *self,
                                      const GError *error);
/* A step of the run that starts a stage */
typedef void (*SpcProbeStep)         (SpcProbe     *self);

struct _SpcProbe
{
  GObject               parent_instance;

  /* What to check */
  char                 *host;
  guint16               port;
  SpcMode               mode;
  guint                 timeout_ms;
  SpcFamily             family;
  char                 *connect_address;
  GList                *addresses;         /* GInetAddress, shared by the diagnosis */
  GTlsDatabase         *tls_database;
  SpcHandshakeQueue    *handshake_queue;   /* the check's, shared */

  SpcResult            *result;

  /* One run: the task holds a reference on the probe until it returns */
  GTask                *task;
  GCancellable         *cancellable;       /* the run's own */
  GCancellable         *caller_cancellable;
  gulong                caller_handler;
  gint64                started_us;

  /* The current stage */
  SpcStage              stage;
  GCancellable         *stage_cancellable;
  gulong                stage_handler;
  SpcDeadline           deadline;
  guint                 deadline_ms;
  gint64                stage_started_us;

  /* The conversation */
  GIOStream            *connection;        /* raw TCP (an in-memory stream in the fuzzer) */
  GTlsConnection       *tls;
  GIOStream            *stream;            /* what is spoken over: connection or tls */
  SpcLineReader        *reader;
  char                 *ehlo_name;         /* "[192.0.2.1]", "[IPv6:2001:db8::1]" */
  char                 *write_buffer;
  SpcProbeWriteHandler  write_handler;
  SpcProbeReplyHandler  reply_handler;
  SpcReply             *reply;
  GBytes               *first_raw_line;    /* of the reply being read */
  guint8               *identify_buffer;

  SpcCapabilities       caps;
  gboolean              tls_done;
  GTlsProtocolVersion   protocol_version;
  gboolean              ehlo_timed;
  gboolean              tried_helo;
  gboolean              greeting_like_ftp;   /* an FTP server's banner: EHLO decides */
  SpcStatus             status_before_quit;  /* the finding, when a refusal */
  SpcDetail             detail_before_quit;  /* still ends with QUIT */
  GInputStream         *handshake_input;   /* SpcRecordingStream under the TLS connection */
  SpcProbeStep          queued_handshake;  /* waiting for a slot */
  gboolean              holds_handshake_slot;
  SpcTlsInteraction    *interaction;       /* tells when the server asks for a client certificate */
  SpcDetail             detail_if_no_tls;  /* a silent port tried for TLS: the finding if not */
};

/* What answered instead of an SMTP server */
typedef enum {
  SPC_PROBE_FOREIGN_NONE,
  SPC_PROBE_FOREIGN_HTTP,
  SPC_PROBE_FOREIGN_SSH,
  SPC_PROBE_FOREIGN_POP3,
  SPC_PROBE_FOREIGN_IMAP,
  SPC_PROBE_FOREIGN_TLS,
  SPC_PROBE_FOREIGN_BINARY,
} SpcProbeForeign;

/* spc-probe.c */
gint64     _spc_probe_now_ms                (SpcProbe            *self);
/* Since the current stage began */
gint64     _spc_probe_stage_ms              (SpcProbe            *self);
/* A note in the transcript; spc-summary.c puts it in words */
void       _spc_probe_note                  (SpcProbe            *self,
                                             SpcNote              note,
                                             const char          *text,
                                             guint                number);
gboolean   _spc_probe_user_cancelled        (SpcProbe            *self);
/* For tests only (tests/fuzz/fuzz-probe.c): a run over @stream as if
 * connected to it, with no resolve and no connect; everything else
 * (stages, deadlines, TLS, the result) as in spc_probe_run_async() */
void       _spc_probe_run_on_stream_async   (SpcProbe            *self,
                                             GIOStream           *stream,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   _spc_probe_is_deadline           (SpcProbe            *self,
                                             const GError        *error);
void       _spc_probe_stage_begin           (SpcProbe            *self,
                                             SpcStage             stage,
                                             guint                deadline_ms);
void       _spc_probe_finish                (SpcProbe            *self,
                                             SpcStatus            status,
                                             SpcDetail            detail);
void       _spc_probe_finish_cancelled      (SpcProbe            *self);
/* Runs @start_handshake when the check's handshake queue has a slot for
 * us; meanwhile no stage deadline runs (the wait is ours, not the
 * server's), and @start_handshake begins the TLS stage and its deadline.
 * The result shows @stage while it waits: the connection is made */
void       _spc_probe_queue_handshake       (SpcProbe            *self,
                                             SpcStage             stage,
                                             SpcProbeStep         start_handshake);
/* The handshake ended: its slot goes to the next probe waiting */
void       _spc_probe_handshake_done        (SpcProbe            *self);

/* spc-probe-io.c */
void       _spc_probe_read_reply            (SpcProbe            *self,
                                             SpcProbeReplyHandler handler);
/* Writes @line and CRLF, recorded in the transcript, then calls @handler */
void       _spc_probe_write_line            (SpcProbe            *self,
                                             const char          *line,
                                             SpcProbeWriteHandler handler);
/* Sends @command, recorded in the transcript, then reads its reply into
 * @handler; a failed write ends the run (no reply will come) */
void       _spc_probe_send_command          (SpcProbe            *self,
                                             const char          *command,
                                             SpcProbeReplyHandler handler);
/* Keeps @reply as the one that ended the check */
void       _spc_probe_record_reply          (SpcProbe            *self,
                                             SpcReply            *reply);

/* spc-probe-session.c */
void       _spc_probe_start_resolve         (SpcProbe            *self);
/* Connected: TLS first on an implicit-TLS port, else the greeting */
void       _spc_probe_start_session         (SpcProbe            *self);
void       _spc_probe_start_greeting        (SpcProbe            *self);
void       _spc_probe_start_ehlo            (SpcProbe            *self);

/* spc-probe-tls.c */
void       _spc_probe_start_tls             (SpcProbe            *self);
gboolean   _spc_probe_is_obsolete_tls       (GTlsProtocolVersion  version);
/* The server asked for a client certificate and the session then failed
 * with @error: ends the run saying so and returns TRUE */
gboolean   _spc_probe_fail_client_certificate (SpcProbe          *self,
                                             const GError        *error);
/* A port silent in plain text: a second connection, straight to TLS.
 * A handshake there is a mode mismatch; otherwise the run ends as no
 * greeting with @silent_detail. */
void       _spc_probe_try_tls_instead       (SpcProbe            *self,
                                             SpcDetail            silent_detail);

/* spc-probe-identify.c */
void       _spc_probe_start_identify        (SpcProbe            *self);
gboolean   _spc_probe_looks_like_smtp_reply (const guint8        *data,
                                             gsize                length);
SpcProbeForeign _spc_probe_identify_foreign (const guint8        *data,
                                             gsize                length);
gboolean   _spc_probe_finish_foreign        (SpcProbe            *self,
                                             SpcProbeForeign      foreign);
/* A 220 banner of an FTP server ("ProFTPD", "vsFTPd", "FTP service") that
 * does not also say SMTP */
gboolean   _spc_probe_looks_like_ftp_banner (const char          *text);
/* A refusal in FTP's words ("Please login with USER and PASS") */
gboolean   _spc_probe_looks_like_ftp_refusal (SpcReply           *reply);

/* spc-probe-outcome.c */
/* Ends the run on @error, in the current stage (a deadline included) */
void       _spc_probe_fail                  (SpcProbe            *self,
                                             const GError        *error);
void       _spc_probe_classify              (SpcProbe            *self);

G_END_DECLS
