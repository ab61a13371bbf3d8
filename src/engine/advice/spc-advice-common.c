/* spc-advice-common.c — helpers the advice files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-summary.h"

GPtrArray *
_spc_advice_list_results (GListModel *results)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = results != NULL ? g_list_model_get_n_items (results) : 0;

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (array, g_list_model_get_item (results, i));

  return array;
}

GArray *
_spc_advice_port_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint16));
}

char *
_spc_advice_join_ports (GArray *ports)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      guint port = g_array_index (ports, guint16, i);

      if (i > 0 && i == ports->len - 1)
        {
          g_autofree char *head = g_string_free (g_steal_pointer (&text), FALSE);
          g_autofree char *tail = g_strdup_printf ("%u", port);

          /* TRANSLATORS: the last two items of a list of port numbers, "465 and 587" */
          text = g_string_new (NULL);
          g_string_printf (text, _("%s and %s"), head, tail);
        }
      else
        {
          if (i > 0)
            /* TRANSLATORS: separates port numbers in a list: "25, 465 and 587" */
            g_string_append (text, C_("list separator", ", "));
          g_string_append_printf (text, "%u", port);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_spc_advice_format_ports (const SpcPluralText *text,
                          GArray              *ports)
{
  g_autofree char *joined = _spc_advice_join_ports (ports);
  char *formatted;

  /* The formats come from NP_ tables, each with one %s; msgfmt checks
   * that their translations keep it */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  formatted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, text->one, text->many, ports->len),
                               joined);
#pragma GCC diagnostic pop
  return formatted;
}

gboolean
_spc_advice_is_green (SpcResult *result)
{
  return spc_result_get_finished (result)
         && spc_result_get_verdict (result) == SPC_VERDICT_GREEN;
}

gint64
_spc_advice_get_latency (SpcResult *result)
{
  gint64 total = spc_result_get_timing (result, SPC_TIMING_TOTAL);

  return total >= 0 ? total : G_MAXINT64;
}

int
_spc_advice_clamp_ms (gint64 ms)
{
  return (int) CLAMP (ms, G_MININT, G_MAXINT);
}

char *
_spc_advice_dup_summary (SpcResult *result)
{
  char *copy = spc_summary_for_result (result);

  if (copy == NULL)
    return g_strdup ("");

  g_strstrip (copy);
  if (g_str_has_suffix (copy, "."))
    copy[strlen (copy) - 1] = '\0';
  return copy;
}

char *
_spc_advice_dup_evidence (SpcResult *result)
{
  char *details = spc_summary_details_for_result (result);

  return details != NULL ? details : _spc_advice_dup_summary (result);
}

gboolean
_spc_advice_offers_auth (SpcResult *result)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);

  return caps != NULL && caps->auth != NULL && caps->auth[0] != NULL;
}

char *
_spc_advice_dup_display_host (const char *host)
{
  char *unicode;

  if (host == NULL)
    return g_strdup ("");
  unicode = g_hostname_is_ascii_encoded (host) ? g_hostname_to_unicode (host) : NULL;
  return unicode != NULL ? unicode : g_strdup (host);
}

gboolean
_spc_advice_starttls_not_tried (SpcResult *result)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);

  /* As the summary says it: "Unencrypted, as asked (the server also
   * offers STARTTLS)" */
  return spc_result_get_finished (result)
         && spc_result_get_mode (result) == SPC_MODE_PLAIN
         && spc_result_get_status (result) == SPC_STATUS_PLAINTEXT_ONLY
         && caps != NULL && caps->ehlo_answered && caps->starttls;
}

gboolean
_spc_advice_auth_is_known (SpcResult *result)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (result);

  return caps != NULL && caps->ehlo_answered
         && (spc_result_get_tls_version (result) != NULL || !caps->starttls);
}
