/* spc-dns.c — names and MX records as DNS gives them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-dns.h"

char *
spc_dns_normalize_name (const char *name)
{
  gsize length;

  g_return_val_if_fail (name != NULL, NULL);

  length = strlen (name);
  if (length > 0 && name[length - 1] == '.')
    length--;
  return g_ascii_strdown (name, length);
}

static int
compare_mx_preference (gconstpointer a,
                       gconstpointer b)
{
  guint16 left, right;

  g_variant_get (*(GVariant **) a, "(q&s)", &left, NULL);
  g_variant_get (*(GVariant **) b, "(q&s)", &right, NULL);
  return (int) left - (int) right;
}

GPtrArray *
spc_dns_sort_mx_exchanges (GList *records)
{
  GPtrArray *sorted = g_ptr_array_new ();

  for (GList *l = records; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, compare_mx_preference);

  /* Each record in its place becomes its exchange */
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *exchange = NULL;

      g_variant_get (sorted->pdata[i], "(q&s)", NULL, &exchange);
      sorted->pdata[i] = (gpointer) exchange;
    }
  return sorted;
}
