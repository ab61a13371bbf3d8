/* spc-bounded-file.h — a file the user names, read once, bounded in bytes and time
 *
 * For --ca-file, the CA preference and --hosts-file: a regular file, or a
 * pipe or FIFO read without blocking until a deadline (`<(cat ca.pem)`,
 * /dev/stdin). Folders and devices (/dev/zero) are refused, and so is
 * anything larger than @max_bytes. Errors are G_IO_ERROR, in sentences
 * that name the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Enough for any CA bundle (Debian's holds about 200 KiB) */
#define SPC_BOUNDED_FILE_MAX_BYTES   (10 * 1024 * 1024)
/* How long a pipe may take to deliver everything */
#define SPC_BOUNDED_FILE_TIMEOUT_MS  5000

GBytes *spc_bounded_file_read (const char  *path,
                               gsize        max_bytes,
                               guint        timeout_ms,
                               GError     **error);

G_END_DECLS
