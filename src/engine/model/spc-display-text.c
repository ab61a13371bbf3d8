/* spc-display-text.c — network text made visible
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-display-text.h"

gboolean
spc_display_text_is_hidden (gunichar c)
{
  if (c == '\n')
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      break;
    }

  /* Letters and marks that draw nothing: a name can hide them */
  switch (c)
    {
    case 0x034F:  /* combining grapheme joiner */
    case 0x115F:  /* Hangul choseong filler */
    case 0x1160:  /* Hangul jungseong filler */
    case 0x17B4:  /* Khmer inherent vowels */
    case 0x17B5:
    case 0x180E:  /* Mongolian vowel separator (Cf since Unicode 6.3) */
    case 0x3164:  /* Hangul filler */
    case 0xFFA0:  /* halfwidth Hangul filler */
      return TRUE;
    default:
      return FALSE;
    }
}

char *
spc_display_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (spc_display_text_is_hidden (c))
        g_string_append_printf (out, "<U+%04X>", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
spc_display_text_json (const char *json)
{
  GString *out;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (json, -1, NULL), NULL);

  out = g_string_sized_new (strlen (json));
  for (const char *p = json; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *run = p;
      gunichar c;

      /* Printable ASCII and the generator's "\n" between members are
       * never hidden: copied a run at a time (a report is mostly that) */
      while ((*p >= 0x20 && *p < 0x7F) || *p == '\n')
        p++;
      g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;

      c = g_utf8_get_char (p);
      if (!spc_display_text_is_hidden (c))
        g_string_append_unichar (out, c);
      else if (c > 0xFFFF)
        g_string_append_printf (out, "\\u%04X\\u%04X",
                                0xD800 + ((c - 0x10000) >> 10),
                                0xDC00 + ((c - 0x10000) & 0x3FF));
      else
        g_string_append_printf (out, "\\u%04X", c);
    }
  return g_string_free (out, FALSE);
}

/* One label: which of the confusable scripts its letters use */
static gboolean
label_mixes_scripts (const char *label,
                     const char *end)
{
  gboolean latin = FALSE;
  gboolean other = FALSE;

  for (const char *p = label; p < end; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_LATIN:
        latin = TRUE;
        break;
      case G_UNICODE_SCRIPT_CYRILLIC:
      case G_UNICODE_SCRIPT_GREEK:
        other = TRUE;
        break;
      default:
        break;
      }
  return latin && other;
}

gboolean
spc_display_text_mixes_scripts (const char *name)
{
  g_autofree char *unicode = NULL;
  const char *label;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;

  unicode = g_hostname_is_ascii_encoded (name) ? g_hostname_to_unicode (name) : NULL;
  label = unicode != NULL ? unicode : name;
  for (const char *dot = strchr (label, '.'); ; dot = strchr (label, '.'))
    {
      const char *end = dot != NULL ? dot : label + strlen (label);

      if (label_mixes_scripts (label, end))
        return TRUE;
      if (dot == NULL)
        return FALSE;
      label = dot + 1;
    }
}
