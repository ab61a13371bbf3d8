/* spc-secret.h — a password or token held in memory only, wiped when freed
 *
 * The bytes never go through a GString, a GBytes or stdio buffering of our
 * own; whoever copies them (base64 for AUTH, GNU SASL's session) wipes the
 * copy with spc_secret_wipe() before freeing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SpcSecret SpcSecret;

/* Copies @length bytes of @data (NUL-terminated in the copy) */
SpcSecret  *spc_secret_new        (const char  *data,
                                   gsize        length);
/* The first line of @path ("-": standard input), without its terminator;
 * read with a bounded buffer that is wiped. Errors: G_IO_ERROR_*, and
 * G_IO_ERROR_INVALID_DATA for an empty first line. */
SpcSecret  *spc_secret_read_file  (const char  *path,
                                   GError     **error);
const char *spc_secret_get        (const SpcSecret *secret);
gsize       spc_secret_get_length (const SpcSecret *secret);
/* Wipes and frees; NULL is fine */
void        spc_secret_free       (SpcSecret   *secret);
/* Overwrites @length bytes at @data with zeros, in a way the compiler keeps */
void        spc_secret_wipe       (void        *data,
                                   gsize        length);
/* spc_secret_wipe (data, strlen (data)), then g_free; NULL is fine */
void        spc_secret_wipe_string (char       *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcSecret, spc_secret_free)

G_END_DECLS
