/* fuzz-display-text.c — libFuzzer target: network text through the
 * escaping for display and for JSON. The invariant: what comes out holds
 * no character of the control (Cc) or format (Cf) class but "\n", nor any
 * other character spc_display_text_is_hidden() names.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "spc-display-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
assert_nothing_hidden (const char *text)
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

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *raw = g_strndup ((const char *) data, size);
  g_autofree char *shown = spc_display_text (raw);
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_autofree char *json = spc_display_text_json (valid);

  assert_nothing_hidden (shown);
  assert_nothing_hidden (json);

  /* Text with nothing hidden comes back unchanged */
  {
    g_autofree char *again = spc_display_text (shown);
    g_assert_cmpstr (again, ==, shown);
  }
  /* Escaping only ever adds: each hidden character becomes ≥ 6 bytes */
  g_assert_cmpuint (strlen (json), >=, strlen (valid));

  return 0;
}
