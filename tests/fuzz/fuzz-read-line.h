/* fuzz-read-line.h — what one spc_line_reader_read_line_async() ended with,
 * kept by its callback for the loop that drives the context (fuzz-reply.c
 * and tests/test-line-reader.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-line-reader.h"

typedef struct {
  GBytes   *line;
  GError   *error;
  gboolean  done;
} FuzzReadResult;

/* A GAsyncReadyCallback: @user_data is the FuzzReadResult to fill */
static inline void
fuzz_read_line_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FuzzReadResult *read = user_data;

  read->line = spc_line_reader_read_line_finish (SPC_LINE_READER (object), result, &read->error);
  read->done = TRUE;
}
