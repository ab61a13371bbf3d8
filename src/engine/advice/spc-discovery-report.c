/* spc-discovery-report.c — an address's discovery and the diagnoses of its
 * candidates, as JSON or text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-discovery-advice.h"
#include "spc-discovery-report.h"
#include "spc-display-text.h"
#include "spc-report.h"
#include "spc-report-private.h"

static void
add_servers (JsonBuilder *builder,
             GPtrArray   *servers)
{
  json_builder_set_member_name (builder, "servers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < servers->len; i++)
    {
      const SpcServerClaim *claim = servers->pdata[i];

      json_builder_begin_object (builder);
      _spc_report_add_server (builder, claim->hostname, claim->port, claim->mode);
      _spc_report_add_nullable_string (builder, "username", claim->username);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_sources (JsonBuilder *builder,
             GListModel  *sources)
{
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, spc_discovery_source_get_kind_name (source));
      json_builder_set_member_name (builder, "location");
      json_builder_add_string_value (builder, spc_discovery_source_get_location (source));
      json_builder_set_member_name (builder, "secure");
      json_builder_add_boolean_value (builder, spc_discovery_source_get_secure (source));
      json_builder_set_member_name (builder, "result");
      json_builder_add_string_value (builder, spc_discovery_source_get_result_name (source));
      json_builder_set_member_name (builder, "ms");
      json_builder_add_int_value (builder, spc_discovery_source_get_ms (source));
      add_servers (builder, spc_discovery_source_get_servers (source));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* ["bundled", "srv"]: each kind once, in the order they named it */
static void
add_source_names (JsonBuilder  *builder,
                  const char   *member,
                  SpcCandidate *candidate)
{
  GPtrArray *sources = spc_candidate_get_sources (candidate);
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < sources->len; i++)
    {
      const char *name = spc_discovery_source_get_kind_name (sources->pdata[i]);

      if (g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer) name);
      json_builder_add_string_value (builder, name);
    }
  json_builder_end_array (builder);
}

static void
add_candidates (JsonBuilder  *builder,
                SpcDiscovery *discovery)
{
  g_autoptr(GPtrArray) ranked = spc_discovery_dup_ranked (discovery);

  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ranked->len; i++)
    {
      SpcCandidate *candidate = ranked->pdata[i];

      json_builder_begin_object (builder);
      _spc_report_add_server (builder, spc_candidate_get_host (candidate), spc_candidate_get_port (candidate),
                              spc_candidate_get_claimed_mode (candidate));
      add_source_names (builder, "sources", candidate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_discovery (JsonBuilder  *builder,
               SpcDiscovery *discovery)
{
  json_builder_set_member_name (builder, "discovery");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, spc_discovery_get_domain (discovery));
  _spc_report_add_nullable_string (builder, "provider", spc_discovery_get_provider (discovery));
  add_sources (builder, spc_discovery_get_sources (discovery));
  add_candidates (builder, discovery);
  json_builder_end_object (builder);
}

static void
add_recommendation (JsonBuilder             *builder,
                    const SpcRecommendation *recommendation,
                    SpcCandidate            *candidate)
{
  if (!_spc_report_begin_recommendation (builder, recommendation))
    return;
  _spc_report_add_nullable_string (builder, "username", spc_candidate_get_username (candidate));
  add_source_names (builder, "source", candidate);
  json_builder_end_object (builder);
}

JsonNode *
spc_discovery_report_to_json_node (SpcDiscovery *discovery,
                                   GPtrArray    *diagnoses)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SpcCandidate *candidate = NULL;
  g_autoptr(SpcRecommendation) recommendation = NULL;

  g_return_val_if_fail (SPC_IS_DISCOVERY (discovery), NULL);

  recommendation = spc_discovery_advice_recommend (discovery, diagnoses, &candidate);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, spc_discovery_get_address (discovery));
  add_discovery (builder, discovery);
  json_builder_set_member_name (builder, "hosts");
  json_builder_begin_array (builder);
  spc_report_add_hosts (builder, diagnoses);
  json_builder_end_array (builder);
  add_recommendation (builder, recommendation, candidate);
  {
    g_autoptr(GPtrArray) items = spc_discovery_advice_answer_checklist (discovery, diagnoses);

    _spc_report_add_checklist_items (builder, items);
  }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_sources_text (GString      *text,
                     SpcDiscovery *discovery)
{
  GListModel *sources = spc_discovery_get_sources (discovery);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);
      GPtrArray *servers = spc_discovery_source_get_servers (source);

      /* Identifiers, as in the JSON: they are the same words in every language */
      g_string_append_printf (text, "  %-10s %-7s %5" G_GINT64_FORMAT " ms  %s%s\n",
                              spc_discovery_source_get_kind_name (source),
                              spc_discovery_source_get_result_name (source),
                              spc_discovery_source_get_ms (source),
                              spc_discovery_source_get_location (source),
                              spc_discovery_source_get_secure (source) ? "" : " (http)");
      for (guint j = 0; j < servers->len; j++)
        {
          const SpcServerClaim *claim = servers->pdata[j];

          g_string_append_printf (text, "             %s %u %s\n", claim->hostname, claim->port,
                                  spc_mode_to_string (claim->mode));
        }
    }
}

/* @part with what the network sent in it (a provider's name, host and user
 * names from a document or DNS) made visible, as every report shows it */
static void
append_shown (GString    *text,
              const char *part)
{
  g_autofree char *shown = spc_display_text (part);

  g_string_append (text, shown);
}

char *
spc_discovery_report_to_text (SpcDiscovery *discovery,
                              GPtrArray    *diagnoses,
                              gboolean      color)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) part = g_string_new (NULL);
  SpcCandidate *candidate = NULL;
  g_autoptr(SpcRecommendation) recommendation = spc_discovery_advice_recommend (discovery, diagnoses, &candidate);
  SpcChecklistItem *provider = spc_discovery_advice_answer_provider (discovery, diagnoses);
  g_autofree char *handler = spc_discovery_advice_describe_handler (discovery);
  const char *provider_name = spc_discovery_get_provider (discovery);

  if (provider_name != NULL)
    g_string_append_printf (part, _("%s: provider %s\n"), spc_discovery_get_address (discovery), provider_name);
  else
    g_string_append_printf (part, _("%s: provider not known\n"), spc_discovery_get_address (discovery));
  if (handler != NULL)
    g_string_append_printf (part, "%s\n", handler);
  g_string_append_printf (part, _("Where the servers were looked for:\n"));
  append_sources_text (part, discovery);
  append_shown (text, part->str);

  /* Each server's report shows its own network text (and may be in colour) */
  for (guint i = 0; i < diagnoses->len; i++)
    {
      g_autofree char *report = spc_report_to_text (diagnoses->pdata[i], color);

      g_string_append_printf (text, "\n%s", report);
    }

  g_string_truncate (part, 0);
  g_string_append (part, "\n");
  if (recommendation != NULL)
    {
      g_autofree char *config = spc_advice_format_config (recommendation, SPC_CONFIG_PLAIN,
                                                          spc_candidate_get_username (candidate) != NULL
                                                          ? spc_candidate_get_username (candidate)
                                                          : spc_discovery_get_address (discovery));

      g_string_append_printf (part, _("For %s use %s, port %u with %s.\n"),
                              spc_discovery_get_address (discovery), recommendation->host,
                              recommendation->port, recommendation->security);
      g_string_append_printf (part, "%s\n", config);
    }
  else
    {
      g_string_append_printf (part, _("No server found for %s works from here.\n"),
                              spc_discovery_get_address (discovery));
    }
  if (spc_checklist_answer_get_label (provider->answer) != NULL)
    /* Translators: a checklist answer in the text report: "Not known. No published setting …" */
    g_string_append_printf (part, _("%s\n%s. %s\n"), provider->question,
                            spc_checklist_answer_get_label (provider->answer), provider->headline);
  else
    g_string_append_printf (part, "%s\n%s\n", provider->question, provider->headline);
  spc_checklist_item_free (provider);
  append_shown (text, part->str);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
