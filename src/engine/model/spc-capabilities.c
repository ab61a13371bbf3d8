/* spc-capabilities.c — ESMTP capabilities: copied, compared, parsed from an EHLO reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-result-private.h"

#define MAX_AUTH_MECHANISMS 32
/* RFC 4422 §3.1: mechanism names are at most 20 characters */
#define MAX_MECHANISM_LENGTH 20

/* Capabilities */

SpcCapabilities *
spc_capabilities_copy (const SpcCapabilities *caps)
{
  SpcCapabilities *copy;

  g_return_val_if_fail (caps != NULL, NULL);

  copy = g_memdup2 (caps, sizeof *caps);
  copy->auth = caps->auth != NULL ? g_strdupv (caps->auth) : g_new0 (char *, 1);

  return copy;
}

void
spc_capabilities_free (SpcCapabilities *caps)
{
  if (caps == NULL)
    return;

  g_strfreev (caps->auth);
  g_free (caps);
}

/* A list of mechanisms may be NULL when a caller built the struct itself */
static gboolean
mechanisms_equal (char **a,
                  char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
spc_capabilities_equal (const SpcCapabilities *a,
                        const SpcCapabilities *b)
{
  return a->ehlo_answered == b->ehlo_answered
         && a->starttls == b->starttls
         && a->size == b->size
         && a->has_size == b->has_size
         && a->size_invalid == b->size_invalid
         && a->pipelining == b->pipelining
         && a->eight_bit_mime == b->eight_bit_mime
         && a->smtputf8 == b->smtputf8
         && a->chunking == b->chunking
         && a->enhanced_status_codes == b->enhanced_status_codes
         && a->dsn == b->dsn
         && mechanisms_equal (a->auth, b->auth);
}

/* Frees what @caps holds and leaves nothing allocated (auth is NULL): the
 * one call an owner of an embedded SpcCapabilities makes when done */
void
spc_capabilities_clear (SpcCapabilities *caps)
{
  g_return_if_fail (caps != NULL);

  g_clear_pointer (&caps->auth, g_strfreev);
  memset (caps, 0, sizeof *caps);
}

static gboolean
is_mechanism_name (const char *word)
{
  gsize len = strlen (word);

  if (len == 0 || len > MAX_MECHANISM_LENGTH)
    return FALSE;

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

/* The mechanisms a mail client uses: kept beyond the cap, so a long list
 * of others cannot push them out (a bounded set: at most this many more) */
static const char * const well_known_mechanisms[] = {
  "PLAIN", "LOGIN", "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256",
  "SCRAM-SHA-256-PLUS", "SCRAM-SHA-512", "SCRAM-SHA-512-PLUS", "CRAM-MD5",
  "OAUTHBEARER", "XOAUTH2", NULL,
};

static void
add_mechanisms (GPtrArray  *mechanisms,
                const char *list)
{
  g_auto(GStrv) words = g_strsplit_set (list, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (words[i], -1);
      gboolean seen = FALSE;

      if (!is_mechanism_name (upper))
        continue;

      for (guint j = 0; j < mechanisms->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (mechanisms, j), upper) == 0;

      if (seen)
        continue;
      if (mechanisms->len < MAX_AUTH_MECHANISMS
          || g_strv_contains (well_known_mechanisms, upper))
        g_ptr_array_add (mechanisms, g_steal_pointer (&upper));
    }
}

/* The extensions that are only announced, no parameter: the EHLO keyword
 * and its flag, in the order they are listed to the user */
static const struct {
  const char *keyword;
  gsize       flag_offset;
} flag_extensions[] = {
  { "STARTTLS",            G_STRUCT_OFFSET (SpcCapabilities, starttls) },
  { "PIPELINING",          G_STRUCT_OFFSET (SpcCapabilities, pipelining) },
  { "8BITMIME",            G_STRUCT_OFFSET (SpcCapabilities, eight_bit_mime) },
  { "SMTPUTF8",            G_STRUCT_OFFSET (SpcCapabilities, smtputf8) },
  { "CHUNKING",            G_STRUCT_OFFSET (SpcCapabilities, chunking) },
  { "ENHANCEDSTATUSCODES", G_STRUCT_OFFSET (SpcCapabilities, enhanced_status_codes) },
  { "DSN",                 G_STRUCT_OFFSET (SpcCapabilities, dsn) },
};

/* The flag of @keyword, or NULL if it is not one of flag_extensions */
static gboolean *
find_flag (SpcCapabilities *caps,
           const char      *keyword)
{
  for (guint i = 0; i < G_N_ELEMENTS (flag_extensions); i++)
    if (strcmp (keyword, flag_extensions[i].keyword) == 0)
      return &G_STRUCT_MEMBER (gboolean, caps, flag_extensions[i].flag_offset);
  return NULL;
}

const char **
spc_capabilities_list_extensions (const SpcCapabilities *caps)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (caps != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (flag_extensions); i++)
    if (G_STRUCT_MEMBER (gboolean, caps, flag_extensions[i].flag_offset))
      g_ptr_array_add (names, (gpointer) flag_extensions[i].keyword);
  g_ptr_array_add (names, NULL);

  return (const char **) g_ptr_array_free (names, FALSE);
}

void
spc_capabilities_parse_ehlo (SpcCapabilities    *caps,
                             const char * const *lines)
{
  g_autoptr(GPtrArray) mechanisms = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (caps != NULL);

  spc_capabilities_clear (caps);

  /* The list of mechanisms is never NULL after a parse, even of nothing */
  if (lines == NULL || lines[0] == NULL)
    {
      caps->auth = g_new0 (char *, 1);
      return;
    }

  caps->ehlo_answered = TRUE;

  /* lines[0] is the server's name and greeting text, not a keyword */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *keyword = NULL;
      const char *params = "";
      char *space;

      space = strpbrk (line, " =");
      if (space != NULL)
        {
          keyword = g_ascii_strup (line, space - line);
          params = space + 1;
        }
      else
        keyword = g_ascii_strup (line, -1);

      if (strcmp (keyword, "AUTH") == 0)
        add_mechanisms (mechanisms, params);
      else if (strcmp (keyword, "SIZE") == 0)
        {
          g_autofree char *number = g_strstrip (g_strdup (params));
          guint64 size = 0;

          /* A repeated SIZE replaces the earlier one: never "invalid" and
           * a limit at once */
          caps->has_size = TRUE;
          caps->size = 0;
          caps->size_invalid = FALSE;
          /* RFC 1870: SIZE alone announces no number; anything else must be one */
          if (g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT64, &size, NULL))
            caps->size = size;
          else if (number[0] != '\0')
            caps->size_invalid = TRUE;
        }
      else
        {
          gboolean *flag = find_flag (caps, keyword);

          if (flag != NULL)
            *flag = TRUE;
        }
    }

  g_ptr_array_add (mechanisms, NULL);
  caps->auth = (char **) g_ptr_array_free (g_steal_pointer (&mechanisms), FALSE);
}

void
spc_result_set_capabilities_before_tls (SpcResult             *self,
                                        const SpcCapabilities *caps)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  g_clear_pointer (&self->capabilities_before_tls, spc_capabilities_free);
  if (caps != NULL)
    self->capabilities_before_tls = spc_capabilities_copy (caps);
}

const SpcCapabilities *
spc_result_get_capabilities_before_tls (SpcResult *self)
{
  g_return_val_if_fail (SPC_IS_RESULT (self), NULL);

  return self->capabilities_before_tls;
}

G_DEFINE_BOXED_TYPE (SpcCapabilities, spc_capabilities, spc_capabilities_copy, spc_capabilities_free)
