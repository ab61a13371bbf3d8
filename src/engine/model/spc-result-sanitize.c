/* spc-result-sanitize.c — network text made safe before a result keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-result-private.h"

/* Long enough for any sane SMTP line, short enough for a window */
#define MAX_TEXT_BYTES 1000

/* Network text must be safe to show anywhere: valid UTF-8, no control
 * characters (a terminal escape or a NUL from a hostile server stays
 * harmless), bounded in length. @keep_newlines keeps "\n" between the lines
 * of a multi-line text. */
char *
_spc_result_sanitize_text (const char *text,
                           gssize      length,
                           gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, length);
  out = g_string_sized_new (strlen (valid));

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (out->len >= MAX_TEXT_BYTES)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == '\n' && keep_newlines)
        g_string_append_c (out, '\n');
      else if (c == '\t')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
