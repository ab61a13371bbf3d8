/* fuzz-display-check.h — the invariant of text shown to the user: valid
 * UTF-8 with no character of the control (Cc) or format (Cf) class but
 * "\n", nor any other character spc_display_text_is_hidden() names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

#include "spc-display-text.h"

static inline void
fuzz_assert_nothing_hidden (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c == '\n')
        continue;
      g_assert_true (type != G_UNICODE_CONTROL && type != G_UNICODE_FORMAT);
      g_assert_false (spc_display_text_is_hidden (c));
    }
}

/* Text as the engine hands it out (sentences, sanitized network text):
 * valid UTF-8, bounded, no control character but "\n" (format characters
 * are faithful here; the display escapes them), and nothing hidden once
 * escaped for display as every caller does */
static inline void
fuzz_assert_displayable (const char *text,
                         gsize       max_bytes)
{
  g_autofree char *shown = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), <=, max_bytes);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_true (*p == '\n' || g_unichar_type (g_utf8_get_char (p)) != G_UNICODE_CONTROL);

  shown = spc_display_text (text);
  fuzz_assert_nothing_hidden (shown);
}
