/* spc-report.c — a diagnosis as JSON (json-glib); the text report is in
 * spc-report-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "spc-advice.h"
#include "spc-display-text.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-report.h"
#include "spc-report-private.h"
#include "spc-summary.h"

static const char *
direction_to_string (SpcDirection direction)
{
  switch (direction)
    {
    case SPC_DIRECTION_CLIENT: return "C";
    case SPC_DIRECTION_SERVER: return "S";
    case SPC_DIRECTION_NOTE:
    default:
      return "*";
    }
}

void
_spc_report_add_nullable_string (JsonBuilder *builder,
                                 const char  *member,
                                 const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

gboolean
_spc_report_begin_object_or_null (JsonBuilder *builder,
                                  const char  *member,
                                  gboolean     present)
{
  json_builder_set_member_name (builder, member);
  if (!present)
    {
      json_builder_add_null_value (builder);
      return FALSE;
    }
  json_builder_begin_object (builder);
  return TRUE;
}

static void
add_date (JsonBuilder *builder,
          const char  *member,
          GDateTime   *date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  /* UTC, to the second, or to the millisecond when there is a fraction:
   * "2026-03-02T09:15:00Z", "2026-03-02T09:15:00.250Z" */
  if (date != NULL)
    {
      g_autofree char *seconds = NULL;
      int ms;

      utc = g_date_time_to_utc (date);
      seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
      ms = g_date_time_get_microsecond (utc) / 1000;
      if (ms > 0)
        text = g_strdup_printf ("%s.%03dZ", seconds, ms);
      else
        text = g_strdup_printf ("%sZ", seconds);
    }
  _spc_report_add_nullable_string (builder, member, text);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_timings (JsonBuilder *builder,
             SpcResult   *result)
{
  json_builder_set_member_name (builder, "timings_ms");
  json_builder_begin_object (builder);
  /* "connect", "greeting", "ehlo", "tls", "total": SpcTiming's nicks */
  for (SpcTiming timing = 0; timing < SPC_N_TIMINGS; timing++)
    {
      gint64 ms = spc_result_get_timing (result, timing);

      json_builder_set_member_name (builder, spc_enum_get_nick (SPC_TYPE_TIMING, timing));
      if (ms >= 0)
        json_builder_add_int_value (builder, ms);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

/* "key": {"algorithm": "RSA", "bits": 2048} or null */
static void
add_certificate_key (JsonBuilder *builder,
                     SpcResult   *result)
{
  const char *algorithm = spc_result_get_cert_key_algorithm (result);

  if (!_spc_report_begin_object_or_null (builder, "key", algorithm != NULL))
    return;
  _spc_report_add_nullable_string (builder, "algorithm", algorithm);
  json_builder_set_member_name (builder, "bits");
  json_builder_add_int_value (builder, spc_result_get_cert_key_bits (result));
  json_builder_end_object (builder);
}

/* "expired_intermediate": {"subject": …, "not_after": …} or null */
static void
add_expired_intermediate (JsonBuilder *builder,
                          SpcResult   *result)
{
  const char *subject = spc_result_get_cert_expired_intermediate (result);

  if (!_spc_report_begin_object_or_null (builder, "expired_intermediate", subject != NULL))
    return;
  _spc_report_add_nullable_string (builder, "subject", subject);
  add_date (builder, "not_after", spc_result_get_cert_expired_intermediate_not_after (result));
  json_builder_end_object (builder);
}

static void
add_tls (JsonBuilder *builder,
         SpcResult   *result)
{
  g_auto(GStrv) problems = NULL;

  if (!_spc_report_begin_object_or_null (builder, "tls", spc_result_get_tls_version (result) != NULL))
    return;

  _spc_report_add_nullable_string (builder, "version", spc_result_get_tls_version (result));
  _spc_report_add_nullable_string (builder, "cipher", spc_result_get_tls_cipher (result));

  if (_spc_report_begin_object_or_null (builder, "certificate",
                                        spc_result_get_certificate (result) != NULL ||
                                        spc_result_get_cert_sha256 (result) != NULL))
    {
      _spc_report_add_nullable_string (builder, "subject", spc_result_get_cert_subject (result));
      _spc_report_add_nullable_string (builder, "issuer", spc_result_get_cert_issuer (result));
      add_date (builder, "not_before", spc_result_get_cert_not_before (result));
      add_date (builder, "not_after", spc_result_get_cert_not_after (result));
      add_strv (builder, "dns_names", spc_result_get_cert_dns_names (result));
      add_strv (builder, "ip_addresses", spc_result_get_cert_ip_addresses (result));
      _spc_report_add_nullable_string (builder, "sha256", spc_result_get_cert_sha256 (result));
      add_certificate_key (builder, result);
      add_expired_intermediate (builder, result);
      json_builder_end_object (builder);
    }

  problems = spc_result_dup_certificate_problems (result);
  add_strv (builder, "errors", (const char * const *) problems);
  json_builder_end_object (builder);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *member,
             gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_capabilities (JsonBuilder           *builder,
                  const char            *member,
                  const SpcCapabilities *caps)
{
  if (!_spc_report_begin_object_or_null (builder, member, caps != NULL && caps->ehlo_answered))
    return;

  add_strv (builder, "auth", (const char * const *) caps->auth);
  add_boolean (builder, "starttls", caps->starttls);
  json_builder_set_member_name (builder, "size");
  if (caps->size_invalid)
    json_builder_add_string_value (builder, "invalid");
  else if (caps->has_size)
    json_builder_add_int_value (builder, (gint64) MIN (caps->size, (guint64) G_MAXINT64));
  else
    json_builder_add_null_value (builder);
  add_boolean (builder, "pipelining", caps->pipelining);
  add_boolean (builder, "8bitmime", caps->eight_bit_mime);
  add_boolean (builder, "smtputf8", caps->smtputf8);
  add_boolean (builder, "chunking", caps->chunking);
  add_boolean (builder, "enhancedstatuscodes", caps->enhanced_status_codes);
  add_boolean (builder, "dsn", caps->dsn);
  json_builder_end_object (builder);
}

static void
add_transcript (JsonBuilder *builder,
                SpcResult   *result)
{
  GPtrArray *transcript = spc_result_get_transcript (result);

  json_builder_set_member_name (builder, "transcript");
  json_builder_begin_array (builder);
  for (guint i = 0; transcript != NULL && i < transcript->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *text = spc_summary_describe_line (result, line);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dir");
      json_builder_add_string_value (builder, direction_to_string (line->direction));
      _spc_report_add_nullable_string (builder, "text", text);
      json_builder_set_member_name (builder, "t_ms");
      json_builder_add_int_value (builder, line->t_ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_port (JsonBuilder *builder,
          SpcResult   *result)
{
  g_autofree char *summary = spc_summary_for_result (result);
  g_autofree char *summary_details = spc_summary_details_for_result (result);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, spc_result_get_port (result));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, spc_mode_to_string (spc_result_get_mode (result)));
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, spc_verdict_to_string (spc_result_get_verdict (result)));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, spc_status_to_string (spc_result_get_status (result)));
  /* The exact case behind the status, as the summary was made from it */
  _spc_report_add_nullable_string (builder, "detail",
                                   spc_result_get_detail (result) == SPC_DETAIL_NONE
                                   ? NULL : spc_enum_get_nick (SPC_TYPE_DETAIL, spc_result_get_detail (result)));
  _spc_report_add_nullable_string (builder, "summary", summary);
  /* The technical facts behind it: the error, the reply, TLS and AUTH */
  _spc_report_add_nullable_string (builder, "summary_details", summary_details);
  _spc_report_add_nullable_string (builder, "address", spc_result_get_address (result));
  _spc_report_add_nullable_string (builder, "greeting", spc_result_get_greeting (result));
  add_timings (builder, result);
  add_tls (builder, result);
  add_capabilities (builder, "capabilities", spc_result_get_capabilities (result));
  add_capabilities (builder, "capabilities_before_tls", spc_result_get_capabilities_before_tls (result));
  _spc_report_add_reference (builder, result);
  _spc_report_add_legacy_tls (builder, result);
  add_transcript (builder, result);
  json_builder_end_object (builder);
}

void
_spc_report_add_server (JsonBuilder *builder,
                        const char  *host,
                        guint16      port,
                        SpcMode      mode)
{
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, port);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, spc_mode_to_string (mode));
}

static void
add_recommendation_members (JsonBuilder             *builder,
                            const SpcRecommendation *recommendation)
{
  _spc_report_add_server (builder, recommendation->host, recommendation->port, recommendation->mode);
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, recommendation->security);
  _spc_report_add_nullable_string (builder, "auth", recommendation->auth);
  _spc_report_add_nullable_string (builder, "reason", recommendation->reason);
}

gboolean
_spc_report_begin_recommendation (JsonBuilder             *builder,
                                  const SpcRecommendation *recommendation)
{
  if (!_spc_report_begin_object_or_null (builder, "recommendation", recommendation != NULL))
    return FALSE;

  add_recommendation_members (builder, recommendation);
  return TRUE;
}

void
_spc_report_add_checklist_items (JsonBuilder *builder,
                                 GPtrArray   *items)
{
  json_builder_set_member_name (builder, "checklist");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const SpcChecklistItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      _spc_report_add_nullable_string (builder, "question", item->question);
      _spc_report_add_nullable_string (builder, "answer", spc_checklist_answer_to_string (item->answer));
      _spc_report_add_nullable_string (builder, "headline", item->headline);
      _spc_report_add_nullable_string (builder, "evidence", item->evidence);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_checklist (JsonBuilder *builder,
               GListModel  *results)
{
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (results);

  _spc_report_add_checklist_items (builder, items);
}

/* One host's object, from the results of one or more diagnoses of it */
static JsonNode *
host_to_json_node (const char *host,
                   GDateTime  *started,
                   gint64      duration_ms,
                   GListModel *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SpcRecommendation) recommendation = NULL;
  guint n_items = g_list_model_get_n_items (results);

  recommendation = spc_advice_recommend (results, host);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, host);
  add_date (builder, "started", started);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, duration_ms);

  json_builder_set_member_name (builder, "ports");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      add_port (builder, result);
    }
  json_builder_end_array (builder);

  if (_spc_report_begin_recommendation (builder, recommendation))
    json_builder_end_object (builder);
  _spc_report_add_network (builder, results);
  add_checklist (builder, results);

  json_builder_set_member_name (builder, "next_steps");
  if (recommendation == NULL)
    {
      g_autofree char *next_steps = spc_advice_describe_failure (results);

      json_builder_add_string_value (builder, next_steps);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
spc_report_to_json_node (SpcDiagnosis *diagnosis)
{
  g_return_val_if_fail (SPC_IS_DIAGNOSIS (diagnosis), NULL);

  return host_to_json_node (spc_diagnosis_get_host (diagnosis),
                            spc_diagnosis_get_started (diagnosis),
                            spc_diagnosis_get_duration_ms (diagnosis),
                            G_LIST_MODEL (diagnosis));
}

/* Candidates of one host found at different times are probed by separate
 * diagnoses: the report still has one object per host, with all its ports */
void
spc_report_add_hosts (JsonBuilder *builder,
                      GPtrArray   *diagnoses)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  for (guint i = 0; i < diagnoses->len; i++)
    {
      SpcDiagnosis *first = diagnoses->pdata[i];
      const char *host = spc_diagnosis_get_host (first);
      g_autoptr(GListStore) results = NULL;
      GDateTime *started = spc_diagnosis_get_started (first);
      gint64 duration_ms = spc_diagnosis_get_duration_ms (first);

      if (g_ptr_array_find_with_equal_func (done, host, (GEqualFunc) g_str_equal, NULL))
        continue;
      g_ptr_array_add (done, (gpointer) host);

      results = g_list_store_new (SPC_TYPE_RESULT);
      for (guint j = i; j < diagnoses->len; j++)
        {
          SpcDiagnosis *same = diagnoses->pdata[j];
          GListModel *model = G_LIST_MODEL (same);
          GDateTime *same_started = spc_diagnosis_get_started (same);

          if (g_strcmp0 (spc_diagnosis_get_host (same), host) != 0)
            continue;
          for (guint k = 0; k < g_list_model_get_n_items (model); k++)
            {
              g_autoptr(SpcResult) result = g_list_model_get_item (model, k);

              g_list_store_append (results, result);
            }
          /* From the first one's start (they start in order) to the last end */
          if (started != NULL && same_started != NULL)
            duration_ms = MAX (duration_ms, g_date_time_difference (same_started, started) / 1000
                                            + spc_diagnosis_get_duration_ms (same));
        }
      json_builder_add_value (builder, host_to_json_node (host, started, duration_ms,
                                                          G_LIST_MODEL (results)));
    }
}

char *
spc_report_to_json (SpcDiagnosis *diagnosis,
                    gboolean      pretty)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (SPC_IS_DIAGNOSIS (diagnosis), NULL);

  root = spc_report_to_json_node (diagnosis);
  return spc_report_node_to_json (root, pretty);
}

char *
spc_report_node_to_json (JsonNode *root,
                         gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  if (pretty)
    json_generator_set_indent (generator, 2);

  return spc_report_json_to_data (generator);
}

char *
spc_report_json_to_data (JsonGenerator *generator)
{
  g_autofree char *raw = NULL;

  g_return_val_if_fail (JSON_IS_GENERATOR (generator), NULL);

  /* json-glib writes format characters and C1 controls raw */
  raw = json_generator_to_data (generator, NULL);
  return spc_display_text_json (raw);
}
