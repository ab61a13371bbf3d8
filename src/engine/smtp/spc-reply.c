/* spc-reply.c — a pure, bounded SMTP reply parser (RFC 5321 §4.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-error.h"
#include "spc-reply.h"

struct _SpcReply
{
  gatomicrefcount  ref_count;
  guint            code;
  GPtrArray       *lines;        /* NULL-terminated, valid UTF-8 */
  gsize            n_bytes;      /* raw bytes fed so far, capped */
  gboolean         complete;
  gboolean         failed;
};

G_DEFINE_BOXED_TYPE (SpcReply, spc_reply, spc_reply_ref, spc_reply_unref)

SpcReply *
spc_reply_new (void)
{
  SpcReply *reply = g_new0 (SpcReply, 1);

  g_atomic_ref_count_init (&reply->ref_count);
  reply->lines = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  return reply;
}

SpcReply *
spc_reply_ref (SpcReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  g_atomic_ref_count_inc (&reply->ref_count);
  return reply;
}

void
spc_reply_unref (SpcReply *reply)
{
  g_return_if_fail (reply != NULL);

  if (g_atomic_ref_count_dec (&reply->ref_count))
    {
      g_ptr_array_unref (reply->lines);
      g_free (reply);
    }
}

static SpcReplyState
fail (SpcReply    *reply,
      GError     **error,
      SpcError     code,
      const char  *message)
{
  reply->failed = TRUE;
  g_set_error_literal (error, SPC_ERROR, code, message);
  return SPC_REPLY_ERROR;
}

static gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

SpcReplyState
spc_reply_add_line (SpcReply    *reply,
                    const char  *line,
                    gsize        length,
                    GError     **error)
{
  guint code;
  gboolean is_final;

  g_return_val_if_fail (reply != NULL, SPC_REPLY_ERROR);
  g_return_val_if_fail (line != NULL || length == 0, SPC_REPLY_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, SPC_REPLY_ERROR);

  /* Once a reply has failed or ended, any further line is a framing error
   * of the caller's stream: keep refusing rather than mixing two replies. */
  if (reply->failed)
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The server’s reply could not be understood."));
  if (reply->complete)
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The server sent a line after the end of its reply."));

  /* Caps first, so a server streaming continuation lines is stopped
   * quickly whatever the lines contain. */
  if (reply->lines->len >= SPC_REPLY_MAX_LINES)
    return fail (reply, error, SPC_ERROR_REPLY_TOO_LARGE,
                 _("The server’s reply has too many lines."));
  if (length > SPC_REPLY_MAX_BYTES - reply->n_bytes)
    return fail (reply, error, SPC_ERROR_REPLY_TOO_LARGE,
                 _("The server’s reply is too long."));

  if (length > 0 && memchr (line, '\0', length) != NULL)
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The server’s reply contains a NUL byte."));

  if (length < 3 || !is_digit (line[0]) || !is_digit (line[1]) || !is_digit (line[2]))
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The server’s reply does not start with a three-digit code."));

  code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');

  /* RFC 5321 §4.2 defines only 1yz to 5yz; anything else (999, 000) is
   * not an SMTP reply and is better named a protocol error than guessed at. */
  if (code < 100 || code > 599)
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The server’s reply has a code outside the range SMTP defines."));

  if (length == 3 || line[3] == ' ')
    is_final = TRUE;
  else if (line[3] == '-')
    is_final = FALSE;
  else
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The code in the server’s reply is not followed by a space or a hyphen."));

  if (reply->lines->len > 0 && code != reply->code)
    return fail (reply, error, SPC_ERROR_MALFORMED,
                 _("The lines of the server’s reply carry different codes."));

  reply->code = code;
  reply->n_bytes += length;
  if (length > 4)
    g_ptr_array_add (reply->lines, g_utf8_make_valid (line + 4, length - 4));
  else
    g_ptr_array_add (reply->lines, g_strdup (""));

  if (is_final)
    {
      reply->complete = TRUE;
      return SPC_REPLY_COMPLETE;
    }

  return SPC_REPLY_NEED_MORE;
}

gboolean
spc_reply_is_complete (const SpcReply *reply)
{
  g_return_val_if_fail (reply != NULL, FALSE);

  return reply->complete;
}

guint
spc_reply_get_code (const SpcReply *reply)
{
  g_return_val_if_fail (reply != NULL, 0);

  return reply->code;
}

const char * const *
spc_reply_get_lines (const SpcReply *reply)
{
  static const char * const no_lines[] = { NULL };

  g_return_val_if_fail (reply != NULL, NULL);

  /* An empty array may have no storage yet */
  if (reply->lines->pdata == NULL)
    return no_lines;

  return (const char * const *) reply->lines->pdata;
}

guint
spc_reply_get_n_lines (const SpcReply *reply)
{
  g_return_val_if_fail (reply != NULL, 0);

  return reply->lines->len;
}

char *
spc_reply_dup_text (const SpcReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return g_strjoinv ("\n", (char **) spc_reply_get_lines (reply));
}
