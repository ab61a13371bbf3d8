/* spc-display-text.h — network text made visible: every character that is
 * invisible or reorders the text shown as "<U+XXXX>"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Controls (C0, DEL, C1) but "\n", the format class Cf (bidi overrides and
 * isolates, zero-width characters, BOM, soft hyphen, tags), line and
 * paragraph separators and the fillers that draw nothing */
gboolean  spc_display_text_is_hidden (gunichar    c);
/* @text with each hidden character as "<U+202E>"; invalid UTF-8 becomes
 * U+FFFD; NULL stays NULL. For the terminal, labels and accessible text. */
char     *spc_display_text           (const char *text);
/* Generated JSON with each hidden character written as a \uXXXX escape (a
 * surrogate pair beyond U+FFFF): the text stays faithful, the file has no
 * raw controls. Escapes already in @json are ASCII and stay as they are. */
char     *spc_display_text_json      (const char *json);

/* TRUE when a label of the DNS name @name (punycode "xn--" labels are
 * decoded first) mixes Latin letters with Cyrillic or Greek ones: "pаypal"
 * with a Cyrillic "а" looks like "paypal" but is another name */
gboolean  spc_display_text_mixes_scripts (const char *name);

G_END_DECLS
