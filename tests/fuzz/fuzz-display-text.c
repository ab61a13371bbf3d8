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

#include "fuzz-display-check.h"
#include "spc-display-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *raw = g_strndup ((const char *) data, size);
  g_autofree char *shown = spc_display_text (raw);
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_autofree char *json = spc_display_text_json (valid);

  fuzz_assert_nothing_hidden (shown);
  fuzz_assert_nothing_hidden (json);

  /* Text with nothing hidden comes back unchanged */
  {
    g_autofree char *again = spc_display_text (shown);
    g_assert_cmpstr (again, ==, shown);
  }
  /* Escaping only ever adds: each hidden character becomes ≥ 6 bytes */
  g_assert_cmpuint (strlen (json), >=, strlen (valid));

  return 0;
}
