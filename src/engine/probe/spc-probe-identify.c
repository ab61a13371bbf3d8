/* spc-probe-identify.c — what listens when no SMTP greeting comes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-probe-private.h"

/* After the greeting deadline, how long a probe line may take to be answered */
#define IDENTIFY_WINDOW_MAX_MS 3000
#define IDENTIFY_BUFFER_SIZE 512

/* Greeting, and what to do when none comes */

gboolean
_spc_probe_looks_like_smtp_reply (const guint8 *data,
                                  gsize         length)
{
  return length >= 3 &&
         g_ascii_isdigit (data[0]) && g_ascii_isdigit (data[1]) && g_ascii_isdigit (data[2]) &&
         (length == 3 || data[3] == ' ' || data[3] == '-' || data[3] == '\r' || data[3] == '\n');
}

SpcProbeForeign
_spc_probe_identify_foreign (const guint8 *data,
                             gsize         length)
{
  gsize n_binary = 0;

  if (length >= 5 && memcmp (data, "HTTP/", 5) == 0)
    return SPC_PROBE_FOREIGN_HTTP;

  if (length >= 4 && memcmp (data, "SSH-", 4) == 0)
    return SPC_PROBE_FOREIGN_SSH;

  /* RFC 1939 §4 and RFC 9051 §7.1: the greetings of POP3 and IMAP */
  if ((length >= 3 && memcmp (data, "+OK", 3) == 0) ||
      (length >= 4 && memcmp (data, "-ERR", 4) == 0))
    return SPC_PROBE_FOREIGN_POP3;
  if ((length >= 4 && (memcmp (data, "* OK", 4) == 0 || memcmp (data, "* NO", 4) == 0)) ||
      (length >= 5 && memcmp (data, "* BYE", 5) == 0) ||
      (length >= 9 && memcmp (data, "* PREAUTH", 9) == 0))
    return SPC_PROBE_FOREIGN_IMAP;

  /* A TLS record: handshake (22) or alert (21), version 3.x */
  if (length >= 2 && (data[0] == 0x15 || data[0] == 0x16) && data[1] == 0x03)
    return SPC_PROBE_FOREIGN_TLS;

  if (length >= 5 && (g_ascii_strncasecmp ((const char *) data, "<html", 5) == 0 ||
                      g_ascii_strncasecmp ((const char *) data, "<!doc", 5) == 0))
    return SPC_PROBE_FOREIGN_HTTP;

  /* Starts like an SMTP reply: a broken mail server, not another protocol */
  if (length >= 3 && g_ascii_isdigit (data[0]) && g_ascii_isdigit (data[1]) && g_ascii_isdigit (data[2]))
    return SPC_PROBE_FOREIGN_NONE;

  for (gsize i = 0; i < length; i++)
    if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\r' && data[i] != '\n') || data[i] == 0x7f)
      n_binary++;

  /* Random bytes: about an eighth are control characters */
  if (length > 0 && n_binary * 16 >= length)
    return SPC_PROBE_FOREIGN_BINARY;

  return SPC_PROBE_FOREIGN_NONE;
}

/* Ends the run on a foreign protocol; FALSE when @foreign is none */
gboolean
_spc_probe_finish_foreign (SpcProbe        *self,
                           SpcProbeForeign  foreign)
{
  static const SpcDetail service_details[] = {
    [SPC_PROBE_FOREIGN_HTTP] = SPC_DETAIL_WEB_SERVER,
    [SPC_PROBE_FOREIGN_SSH] = SPC_DETAIL_SSH_SERVER,
    [SPC_PROBE_FOREIGN_POP3] = SPC_DETAIL_POP3_SERVER,
    [SPC_PROBE_FOREIGN_IMAP] = SPC_DETAIL_IMAP_SERVER,
    [SPC_PROBE_FOREIGN_BINARY] = SPC_DETAIL_BINARY,
  };

  switch (foreign)
    {
    case SPC_PROBE_FOREIGN_HTTP:
    case SPC_PROBE_FOREIGN_SSH:
    case SPC_PROBE_FOREIGN_POP3:
    case SPC_PROBE_FOREIGN_IMAP:
    case SPC_PROBE_FOREIGN_BINARY:
      _spc_probe_finish (self, SPC_STATUS_NOT_SMTP, service_details[foreign]);
      return TRUE;

    case SPC_PROBE_FOREIGN_TLS:
      if (self->mode == SPC_MODE_TLS)
        _spc_probe_finish (self, SPC_STATUS_NOT_SMTP, SPC_DETAIL_TLS_NOT_SMTP);
      else
        _spc_probe_finish (self, SPC_STATUS_MODE_MISMATCH, SPC_DETAIL_EXPECTS_TLS);
      return TRUE;

    case SPC_PROBE_FOREIGN_NONE:
    default:
      return FALSE;
    }
}

/* FTP greets with 220 too: its banner names it, and SMTP's would say so */
gboolean
_spc_probe_looks_like_ftp_banner (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  return (strstr (lower, "ftp") != NULL || strstr (lower, "filezilla") != NULL) &&
         strstr (lower, "smtp") == NULL;
}

gboolean
_spc_probe_looks_like_ftp_refusal (SpcReply *reply)
{
  g_autofree char *text = spc_reply_dup_text (reply);
  g_autofree char *lower = g_ascii_strdown (text != NULL ? text : "", -1);

  return strstr (lower, "ftp") != NULL ||
         (strstr (lower, "user") != NULL && strstr (lower, "pass") != NULL);
}

/* No greeting came within the deadline: @detail says what came instead */
static void
finish_without_greeting (SpcProbe  *self,
                         SpcDetail  detail)
{
  spc_result_set_deadline_ms (self->result, self->timeout_ms);
  /* OpenSSL-based implicit-TLS servers wait for a ClientHello and hang
   * up on a line of text: silence may be TLS */
  if (detail == SPC_DETAIL_SILENT && self->mode != SPC_MODE_TLS)
    {
      _spc_probe_try_tls_instead (self, detail);
      return;
    }
  _spc_probe_finish (self, SPC_STATUS_NO_GREETING, detail);
}

static void
identify_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SpcProbe *self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (_spc_probe_user_cancelled (self))
    {
      _spc_probe_finish_cancelled (self);
      return;
    }

  if (n_read > 0)
    {
      g_autofree char *text = g_utf8_make_valid ((const char *) self->identify_buffer, n_read);
      g_auto(GStrv) lines = g_strsplit (text, "\n", 2);

      spc_result_add_transcript (self->result, SPC_DIRECTION_SERVER, g_strchomp (lines[0]), _spc_probe_now_ms (self));

      if (_spc_probe_finish_foreign (self, _spc_probe_identify_foreign (self->identify_buffer, n_read)))
        return;

      /* Not SMTP either: SMTP speaks first */
      if (!_spc_probe_looks_like_smtp_reply (self->identify_buffer, n_read))
        {
          _spc_probe_finish (self, SPC_STATUS_NOT_SMTP, SPC_DETAIL_NOT_SMTP);
          return;
        }

      finish_without_greeting (self, SPC_DETAIL_ANSWERED_WHEN_SPOKEN_TO);
      return;
    }

  /* End of stream, an error or the window's end: silence all along */
  if (_spc_probe_is_deadline (self, error))
    _spc_probe_note (self, SPC_NOTE_IDENTIFY_NO_ANSWER, NULL, self->deadline_ms);
  else if (error != NULL)
    _spc_probe_note (self, SPC_NOTE_ERROR, error->message, 0);
  else
    _spc_probe_note (self, SPC_NOTE_CLOSED_SILENTLY, NULL, 0);
  finish_without_greeting (self, SPC_DETAIL_SILENT);
}

static void
identify_written (SpcProbe     *self,
                  const GError *error)
{
  if (_spc_probe_user_cancelled (self))
    {
      _spc_probe_finish_cancelled (self);
      return;
    }

  if (error != NULL)
    {
      finish_without_greeting (self, SPC_DETAIL_SILENT);
      return;
    }

  self->identify_buffer = g_malloc (IDENTIFY_BUFFER_SIZE);
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream),
                             self->identify_buffer,
                             IDENTIFY_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT,
                             self->stage_cancellable,
                             identify_read_cb,
                             self);
}

/* The greeting deadline passed in silence: now, and only now, speak, to
 * learn what listens (a web server answers "HTTP/1.1 400"). */
void
_spc_probe_start_identify (SpcProbe *self)
{
  g_autofree char *line = g_strconcat ("EHLO ", self->ehlo_name, NULL);

  _spc_probe_note (self, SPC_NOTE_SENDING_IDENTIFY_LINE, NULL, self->timeout_ms);
  _spc_probe_stage_begin (self, SPC_STAGE_GREETING, MIN (self->timeout_ms, IDENTIFY_WINDOW_MAX_MS));
  _spc_probe_write_line (self, line, identify_written);
}
