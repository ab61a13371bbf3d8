/* spc-login-message.c — the test message: MAIL FROM, RCPT TO, DATA, QUIT
 *
 * Runs only after 235. The message is plain ASCII in English (headers and
 * body are read by the user's mail program and perhaps by filters; an
 * RFC 2047 encoded subject in the user's language is left for later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-login-private.h"

static const char * const week_days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* RFC 5322 §3.3, whatever the locale: "Tue, 01 Dec 2026 09:30:00 +0000" */
static char *
format_rfc5322_date (GDateTime *date)
{
  gint64 offset_min = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;
  char sign = offset_min < 0 ? '-' : '+';

  offset_min = ABS (offset_min);
  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
                          week_days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          sign, (int) (offset_min / 60), (int) (offset_min % 60));
}

static const char *
security_name (SpcMode mode)
{
  switch (mode)
    {
    case SPC_MODE_TLS: return "SSL/TLS (implicit TLS from the first byte)";
    case SPC_MODE_STARTTLS: return "STARTTLS";
    case SPC_MODE_PLAIN:
    default:
      return "none";
    }
}

char *
spc_login_make_message_id (const char *from)
{
  const char *at = from != NULL ? strrchr (from, '@') : NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("<%s@%s>", uuid, at != NULL ? at + 1 : "smtp-port-checker.invalid");
}

/* Appends @text with CRLF line ends, doubling a leading dot (RFC 5321 §4.5.2) */
static void
append_stuffed (GString    *out,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      if (lines[i][0] == '.')
        g_string_append_c (out, '.');
      g_string_append (out, lines[i]);
      g_string_append (out, "\r\n");
    }
}

char *
spc_login_build_message (const char *from,
                         const char *to,
                         const char *message_id,
                         GDateTime  *date,
                         const char *host,
                         guint16     port,
                         SpcMode     mode)
{
  g_autofree char *date_text = format_rfc5322_date (date);
  g_autofree char *text = NULL;
  GString *out = g_string_new (NULL);

  text = g_strdup_printf ("Date: %s\n"
                          "Message-ID: %s\n"
                          "From: <%s>\n"
                          "To: <%s>\n"
                          "Subject: SMTP Port Checker test message\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=us-ascii\n"
                          "Auto-Submitted: auto-generated\n"
                          "\n"
                          "This message was sent by SMTP Port Checker to test your settings.\n"
                          "\n"
                          "Server: %s\n"
                          "Port: %u\n"
                          "Security: %s\n"
                          "Sent: %s\n",
                          date_text, message_id, from, to, host, port, security_name (mode),
                          date_text);
  append_stuffed (out, text);
  g_string_append (out, ".\r\n");

  return g_string_free (out, FALSE);
}

/* Each step: a 2xx (354 for DATA) goes on, anything else is the message's
 * refusal; the login stands either way and the run ends with QUIT */

static gboolean
refused (SpcLogin *self,
         SpcReply *reply,
         guint     wanted)
{
  guint code = spc_reply_get_code (reply);

  if (code == wanted || (wanted == 250 && code == 251))
    return FALSE;

  spc_login_result_set_message_outcome (self->result,
                                        code >= 400 ? SPC_TEST_MESSAGE_REJECTED : SPC_TEST_MESSAGE_ERROR,
                                        reply);
  spc_login_quit (self);
  return TRUE;
}

static void
message_reply_cb (SpcLogin *self,
                  SpcReply *reply)
{
  if (refused (self, reply, 250))
    return;

  spc_login_result_set_message_outcome (self->result, SPC_TEST_MESSAGE_ACCEPTED, reply);
  spc_login_quit (self);
}

static void
data_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *message = NULL;
  gsize length;

  if (refused (self, reply, 354))
    return;

  now = g_date_time_new_now_local ();
  message = spc_login_build_message (self->message_from, self->message_to,
                                     spc_login_result_get_message_id (self->result), now,
                                     self->host, spc_result_get_port (self->probe_result),
                                     spc_result_get_mode (self->probe_result));

  /* spc_login_send() adds the last CRLF: the message ends "\r\n.\r\n" */
  length = strlen (message);
  message[length - 2] = '\0';
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_DATA, self->timeout_ms);
  spc_login_note (self, SPC_NOTE_TEST_MESSAGE_SENT, NULL, NULL, length);
  spc_login_send (self, message, "", message_reply_cb);
}

static void
rcpt_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  if (refused (self, reply, 250))
    return;

  spc_login_send (self, "DATA", NULL, data_reply_cb);
}

static void
mail_reply_cb (SpcLogin *self,
               SpcReply *reply)
{
  g_autofree char *rcpt = NULL;

  if (refused (self, reply, 250))
    return;

  rcpt = g_strdup_printf ("RCPT TO:<%s>", self->message_to);
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_RCPT, self->timeout_ms);
  spc_login_send (self, rcpt, NULL, rcpt_reply_cb);
}

void
spc_login_start_message (SpcLogin *self)
{
  g_autofree char *message_id = spc_login_make_message_id (self->message_from);
  g_autofree char *mail = g_strdup_printf ("MAIL FROM:<%s>", self->message_from);

  spc_login_result_set_message (self->result, self->message_from, self->message_to, message_id);
  spc_login_stage_begin (self, SPC_LOGIN_STAGE_MAIL, self->timeout_ms);
  spc_login_send (self, mail, NULL, mail_reply_cb);
}
