/* spc-network-report.c — the reference check in the JSON report
 *
 * Per port, "reference": null or {host, source, address, status, ms}; at the
 * top, "network": which silent ports this network blocks, which it lets
 * through, which no reference could tell, with the evidence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-advice-private.h"
#include "spc-reference-text.h"
#include "spc-report-private.h"

static void
add_reference_members (JsonBuilder  *builder,
                       SpcReference *reference)
{
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, spc_reference_get_host (reference));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, spc_reference_source_to_string (spc_reference_get_source (reference)));
  _spc_report_add_nullable_string (builder, "address", spc_reference_get_address (reference));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, spc_reference_status_to_string (spc_reference_get_status (reference)));
  json_builder_set_member_name (builder, "ms");
  if (spc_reference_get_ms (reference) >= 0)
    json_builder_add_int_value (builder, spc_reference_get_ms (reference));
  else
    json_builder_add_null_value (builder);
}

void
_spc_report_add_reference (JsonBuilder *builder,
                           SpcResult   *result)
{
  SpcReference *reference = spc_result_get_reference (result);

  if (!_spc_report_begin_object_or_null (builder, "reference", reference != NULL))
    return;
  add_reference_members (builder, reference);
  json_builder_end_object (builder);
}

static void
add_ports (JsonBuilder *builder,
           const char  *member,
           GArray      *ports)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ports->len; i++)
    json_builder_add_int_value (builder, g_array_index (ports, guint16, i));
  json_builder_end_array (builder);
}

/* Each silent port with the reference asked for it */
static void
add_evidence (JsonBuilder *builder,
              GPtrArray   *all)
{
  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      SpcReference *reference = spc_result_get_reference (result);

      if (reference == NULL || spc_reference_get_finding (result) == SPC_PATH_NOT_SILENT)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, spc_result_get_port (result));
      add_reference_members (builder, reference);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
_spc_report_add_network (JsonBuilder *builder,
                         GListModel  *results)
{
  g_autoptr(GPtrArray) all = _spc_advice_list_results (results);
  g_autoptr(GArray) blocks = spc_reference_list_ports (all, SPC_PATH_NETWORK_BLOCKS);
  g_autoptr(GArray) lets_through = spc_reference_list_ports (all, SPC_PATH_SERVER_SILENT);
  g_autoptr(GArray) unknown = spc_reference_list_ports (all, SPC_PATH_UNKNOWN);
  g_autoptr(GArray) checking = spc_reference_list_ports (all, SPC_PATH_CHECKING);
  g_autofree char *summary = spc_reference_describe_filtered (all);

  g_array_append_vals (unknown, checking->data, checking->len);

  json_builder_set_member_name (builder, "network");
  json_builder_begin_object (builder);
  add_ports (builder, "blocks", blocks);
  add_ports (builder, "lets_through", lets_through);
  add_ports (builder, "undecided", unknown);
  add_evidence (builder, all);
  _spc_report_add_nullable_string (builder, "summary", summary);
  json_builder_end_object (builder);
}
