/* spc-reference-text.c — whose firewall: a silent port and its reference check in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-reference-text.h"

SpcPathFinding
spc_reference_get_finding (SpcResult *result)
{
  SpcReference *reference;

  g_return_val_if_fail (SPC_IS_RESULT (result), SPC_PATH_NOT_SILENT);

  if (!spc_result_get_finished (result) || spc_result_get_status (result) != SPC_STATUS_FILTERED)
    return SPC_PATH_NOT_SILENT;

  reference = spc_result_get_reference (result);
  if (reference == NULL)
    return SPC_PATH_UNKNOWN;

  switch (spc_reference_get_status (reference))
    {
    case SPC_REFERENCE_STATUS_PENDING:
      return SPC_PATH_CHECKING;
    case SPC_REFERENCE_STATUS_ANSWERED:
    case SPC_REFERENCE_STATUS_REFUSED:
      return SPC_PATH_SERVER_SILENT;
    case SPC_REFERENCE_STATUS_FILTERED:
      return SPC_PATH_NETWORK_BLOCKS;
    case SPC_REFERENCE_STATUS_UNREACHABLE:
    case SPC_REFERENCE_STATUS_DNS_ERROR:
    case SPC_REFERENCE_STATUS_CANCELLED:
    default:
      return SPC_PATH_UNKNOWN;
    }
}

GArray *
spc_reference_list_ports (GPtrArray      *all,
                          SpcPathFinding  finding)
{
  GArray *ports = _spc_advice_port_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);

      if (spc_reference_get_finding (result) == finding)
        g_array_append_val (ports, port);
    }
  return ports;
}

char *
spc_reference_summarize (SpcResult  *result,
                         const char *seconds,
                         char      **details)
{
  SpcReference *reference = spc_result_get_reference (result);
  const char *host = reference != NULL ? spc_reference_get_host (reference) : NULL;
  SpcReferenceStatus status = reference != NULL ? spc_reference_get_status (reference) : SPC_REFERENCE_STATUS_CANCELLED;
  guint port = spc_result_get_port (result);

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);
  g_return_val_if_fail (details != NULL, NULL);

  switch (spc_reference_get_finding (result))
    {
    case SPC_PATH_NETWORK_BLOCKS:
      *details = g_strdup_printf (_("No answer within %s, and the reference server %s does not answer on this port either"),
                                  seconds, host);
      return g_strdup_printf (_("Your network blocks port %u"), port);
    case SPC_PATH_SERVER_SILENT:
      *details = g_strdup_printf (_("No answer within %s, while the reference server %s answered on this port"),
                                  seconds, host);
      return g_strdup_printf (_("The server does not answer on port %u; your network lets it through"), port);
    case SPC_PATH_CHECKING:
      *details = g_strdup_printf (_("No answer within %s; the reference server %s is being asked on this port"),
                                  seconds, host);
      return g_strdup (_("No answer yet; checking whether your network blocks this port"));
    case SPC_PATH_UNKNOWN:
    case SPC_PATH_NOT_SILENT:
    default:
      break;
    }

  if (status == SPC_REFERENCE_STATUS_DNS_ERROR)
    *details = g_strdup_printf (_("No answer within %s, and the reference server %s could not be found"),
                                seconds, host);
  else if (status == SPC_REFERENCE_STATUS_UNREACHABLE)
    *details = g_strdup_printf (_("No answer within %s, and the reference server %s could not be reached"),
                                seconds, host);
  else
    *details = g_strdup_printf (_("No answer within %s"), seconds);
  return g_strdup (_("Blocked somewhere between you and the server"));
}

char *
spc_reference_describe_port (SpcResult *result)
{
  SpcReference *reference = spc_result_get_reference (result);
  guint port = spc_result_get_port (result);

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  switch (spc_reference_get_finding (result))
    {
    case SPC_PATH_NETWORK_BLOCKS:
      return g_strdup_printf (_("Your network blocks port %u: the reference server %s does not answer on it either."),
                              port, spc_reference_get_host (reference));
    case SPC_PATH_SERVER_SILENT:
      return g_strdup_printf (_("The server does not answer on port %u; your network lets it through."), port);
    case SPC_PATH_CHECKING:
    case SPC_PATH_UNKNOWN:
    case SPC_PATH_NOT_SILENT:
    default:
      return g_strdup_printf (_("Port %u is blocked somewhere between you and the server."), port);
    }
}

/* Diagnosis level */

static const SpcPluralText network_blocks_text =
  NP_("Your network blocks port %s: it does not answer on a reference server either.",
      "Your network blocks ports %s: they do not answer on a reference server either.");
/* Every port is blocked by the network: what to do about it */
static const SpcPluralText network_blocks_all_try_2525_text =
  NP_("Your network blocks port %s: ask your provider whether it accepts port 2525, or use its web API.",
      "Your network blocks ports %s: ask your provider whether it accepts port 2525, or use its web API.");
static const SpcPluralText network_blocks_all_text =
  NP_("Your network blocks port %s: use another network, or your provider’s web API.",
      "Your network blocks ports %s: use another network, or your provider’s web API.");
static const SpcPluralText server_silent_text =
  NP_("The server does not answer on port %s; your network lets it through.",
      "The server does not answer on ports %s; your network lets them through.");
static const SpcPluralText server_down_text =
  NP_("The server or its address is likely wrong or down: it answers on no port checked, while port %s answers on a reference server. Check the server name.",
      "The server or its address is likely wrong or down: it answers on no port checked, while ports %s answer on a reference server. Check the server name.");
static const SpcPluralText unknown_text =
  NP_("Port %s is blocked somewhere between you and the server.",
      "Ports %s are blocked somewhere between you and the server.");

static gboolean
ports_contain (GArray  *ports,
               guint16  port)
{
  for (guint i = 0; i < ports->len; i++)
    if (g_array_index (ports, guint16, i) == port)
      return TRUE;
  return FALSE;
}

static void
append_sentence (GString *text,
                 char    *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
  g_free (sentence);
}

char *
spc_reference_describe_filtered (GPtrArray *all)
{
  g_autoptr(GArray) blocked = spc_reference_list_ports (all, SPC_PATH_NETWORK_BLOCKS);
  g_autoptr(GArray) silent = spc_reference_list_ports (all, SPC_PATH_SERVER_SILENT);
  g_autoptr(GArray) unknown = spc_reference_list_ports (all, SPC_PATH_UNKNOWN);
  g_autoptr(GArray) checking = spc_reference_list_ports (all, SPC_PATH_CHECKING);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_filtered;

  g_return_val_if_fail (all != NULL, NULL);

  g_array_append_vals (unknown, checking->data, checking->len);
  n_filtered = blocked->len + silent->len + unknown->len;
  if (n_filtered == 0)
    return NULL;

  /* Nothing of the server answers, yet the way there is open: the name or
   * the address is wrong, or the server is down — not the network */
  if (n_filtered == all->len && silent->len > 0)
    append_sentence (text, _spc_advice_format_ports (&server_down_text, silent));
  else if (silent->len > 0)
    append_sentence (text, _spc_advice_format_ports (&server_silent_text, silent));

  if (blocked->len > 0 && blocked->len == all->len)
    append_sentence (text, _spc_advice_format_ports (ports_contain (blocked, 2525)
                                                     ? &network_blocks_all_text
                                                     : &network_blocks_all_try_2525_text,
                                                     blocked));
  else if (blocked->len > 0)
    append_sentence (text, _spc_advice_format_ports (&network_blocks_text, blocked));

  if (unknown->len > 0)
    append_sentence (text, _spc_advice_format_ports (&unknown_text, unknown));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The checklist */

char *
spc_reference_answer_port_25 (SpcResult *result)
{
  SpcReference *reference;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  reference = spc_result_get_reference (result);
  switch (spc_reference_get_finding (result))
    {
    case SPC_PATH_NETWORK_BLOCKS:
      return g_strdup_printf (_("Nothing answered on port 25, and the reference server %s does not answer on it either, so your network blocks it — usually its provider does."),
                              spc_reference_get_host (reference));
    case SPC_PATH_SERVER_SILENT:
      return g_strdup_printf (_("The server does not answer on port 25, but the reference server %s does, so your network lets it through."),
                              spc_reference_get_host (reference));
    case SPC_PATH_CHECKING:
    case SPC_PATH_UNKNOWN:
      return g_strdup (_("Nothing answered on port 25 before the deadline, so it is blocked somewhere between you and the server; no reference server could tell where."));
    case SPC_PATH_NOT_SILENT:
    default:
      return NULL;
    }
}

/* Ended before a connection, turned away on the way (a firewall's
 * "prohibited", a router's "unreachable"): it did not get through, and no
 * reference check tells whose network did it */
static gboolean
is_turned_away (SpcResult *result)
{
  return spc_result_get_finished (result) && spc_result_get_status (result) == SPC_STATUS_UNREACHABLE;
}

static GArray *
list_turned_away (GPtrArray *all)
{
  GArray *ports = _spc_advice_port_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      guint16 port = spc_result_get_port (g_ptr_array_index (all, i));

      if (is_turned_away (g_ptr_array_index (all, i)))
        g_array_append_val (ports, port);
    }
  return ports;
}

/* One line per silent or turned-away port: what was measured */
static char *
silent_ports_evidence (GPtrArray *all)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (all->len, g_free, TRUE);

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      g_autofree char *summary = NULL;

      if (spc_reference_get_finding (result) == SPC_PATH_NOT_SILENT && !is_turned_away (result))
        continue;
      summary = _spc_advice_dup_evidence (result);
      g_ptr_array_add (lines, g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result), summary));
    }
  if (lines->len == 0)
    return NULL;
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static gboolean
any_port_got_through (GPtrArray *all)
{
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (spc_result_get_finished (result) && spc_result_get_address (result) != NULL)
        return TRUE;
      if (spc_result_get_status (result) == SPC_STATUS_REFUSED)
        return TRUE;
    }
  return FALSE;
}

SpcChecklistItem *
spc_reference_answer_network (GPtrArray *all)
{
  const char *question = _("Does my network block certain ports?");
  g_autoptr(GArray) blocked = spc_reference_list_ports (all, SPC_PATH_NETWORK_BLOCKS);
  g_autoptr(GArray) silent = spc_reference_list_ports (all, SPC_PATH_SERVER_SILENT);
  g_autoptr(GArray) unknown = spc_reference_list_ports (all, SPC_PATH_UNKNOWN);
  g_autoptr(GArray) checking = spc_reference_list_ports (all, SPC_PATH_CHECKING);
  g_autoptr(GArray) turned_away = list_turned_away (all);
  SpcChecklistAnswer short_answer = SPC_CHECKLIST_NOT_KNOWN;
  char *answer;

  g_return_val_if_fail (all != NULL, NULL);

  g_array_append_vals (unknown, checking->data, checking->len);
  if (blocked->len > 0)
    {
      static const SpcPluralText text =
        NP_("Your network blocks port %s; nothing answers on it, neither the server nor a reference server.",
            "Your network blocks ports %s; nothing answers on them, neither the server nor a reference server.");
      answer = _spc_advice_format_ports (&text, blocked);
      short_answer = SPC_CHECKLIST_YES;
    }
  else if (unknown->len > 0)
    {
      static const SpcPluralText text =
        NP_("Port %s is blocked somewhere between you and the server, and no reference server could tell where.",
            "Ports %s are blocked somewhere between you and the server, and no reference server could tell where.");
      answer = _spc_advice_format_ports (&text, unknown);
    }
  /* Before "No": a port turned away did not get through */
  else if (turned_away->len > 0)
    {
      static const SpcPluralText text =
        NP_("Port %s did not get through: something on the way turned the connection away, and nothing tells whether it is your network.",
            "Ports %s did not get through: something on the way turned the connections away, and nothing tells whether it is your network.");
      answer = _spc_advice_format_ports (&text, turned_away);
    }
  else if (silent->len > 0)
    {
      static const SpcPluralText text =
        NP_("Port %s reaches the reference server, so your network lets it through; the server itself does not answer there.",
            "Ports %s reach the reference server, so your network lets them through; the server itself does not answer there.");
      answer = _spc_advice_format_ports (&text, silent);
      short_answer = SPC_CHECKLIST_NO;
    }
  else if (any_port_got_through (all))
    {
      answer = g_strdup (_("Every port checked got through to the server."));
      short_answer = SPC_CHECKLIST_NO;
    }
  else
    answer = g_strdup (_("No port got through to the server, so nothing tells whether your network blocks any."));

  return spc_checklist_item_new (question, short_answer, answer, silent_ports_evidence (all));
}
