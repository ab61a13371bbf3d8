/* fuzz-lines.h — the fuzz input split at each "\n" (the "\n" not
 * passed on), as a server's lines reach the reply parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

typedef void (*FuzzLineFunc) (const char *line,
                              gsize       length,
                              gpointer    user_data);

static inline void
fuzz_each_line (const guint8 *data,
                size_t        size,
                FuzzLineFunc  func,
                gpointer      user_data)
{
  const char *start = (const char *) data;
  const char *end = start + size;

  while (start < end)
    {
      const char *lf = memchr (start, '\n', end - start);
      const char *line_end = lf != NULL ? lf : end;

      func (start, line_end - start, user_data);
      start = line_end + 1;
    }
}
