/* spc-report.c — a diagnosis as JSON (json-glib) or as plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-advice.h"
#include "spc-display-text.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-report.h"
#include "spc-report-private.h"
#include "spc-summary.h"

/* Paragraphs are wrapped for an 80-column terminal */
#define TEXT_WIDTH  78

#define ANSI_RESET  "\033[0m"
#define ANSI_BOLD   "\033[1m"
#define ANSI_RED    "\033[31m"
#define ANSI_GREEN  "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_GREY   "\033[90m"

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
  json_builder_set_member_name (builder, "key");
  if (spc_result_get_cert_key_algorithm (result) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  _spc_report_add_nullable_string (builder, "algorithm", spc_result_get_cert_key_algorithm (result));
  json_builder_set_member_name (builder, "bits");
  json_builder_add_int_value (builder, spc_result_get_cert_key_bits (result));
  json_builder_end_object (builder);
}

/* "expired_intermediate": {"subject": …, "not_after": …} or null */
static void
add_expired_intermediate (JsonBuilder *builder,
                          SpcResult   *result)
{
  json_builder_set_member_name (builder, "expired_intermediate");
  if (spc_result_get_cert_expired_intermediate (result) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  _spc_report_add_nullable_string (builder, "subject", spc_result_get_cert_expired_intermediate (result));
  add_date (builder, "not_after", spc_result_get_cert_expired_intermediate_not_after (result));
  json_builder_end_object (builder);
}

static void
add_tls (JsonBuilder *builder,
         SpcResult   *result)
{
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) faults = NULL;

  json_builder_set_member_name (builder, "tls");
  if (spc_result_get_tls_version (result) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  _spc_report_add_nullable_string (builder, "version", spc_result_get_tls_version (result));
  _spc_report_add_nullable_string (builder, "cipher", spc_result_get_tls_cipher (result));

  json_builder_set_member_name (builder, "certificate");
  if (spc_result_get_certificate (result) == NULL && spc_result_get_cert_sha256 (result) == NULL)
    {
      json_builder_add_null_value (builder);
    }
  else
    {
      json_builder_begin_object (builder);
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

  errors = spc_certificate_flags_to_strv (spc_result_get_certificate_errors (result));
  faults = spc_certificate_faults_to_strv (spc_result_get_certificate_faults (result));
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; errors[i] != NULL; i++)
    json_builder_add_string_value (builder, errors[i]);
  for (guint i = 0; faults[i] != NULL; i++)
    json_builder_add_string_value (builder, faults[i]);
  json_builder_end_array (builder);
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
  json_builder_set_member_name (builder, member);
  if (caps == NULL || !caps->ehlo_answered)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
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
  _spc_report_add_nullable_string (builder, "address", spc_result_get_address (result));
  _spc_report_add_nullable_string (builder, "greeting", spc_result_get_greeting (result));
  add_timings (builder, result);
  add_tls (builder, result);
  add_capabilities (builder, "capabilities", spc_result_get_capabilities (result));
  add_capabilities (builder, "capabilities_before_tls", spc_result_get_capabilities_before_tls (result));
  _spc_report_add_reference (builder, result);
  add_transcript (builder, result);
  json_builder_end_object (builder);
}

void
_spc_report_add_recommendation_members (JsonBuilder             *builder,
                                        const SpcRecommendation *recommendation)
{
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, recommendation->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, recommendation->port);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, spc_mode_to_string (recommendation->mode));
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, recommendation->security);
  _spc_report_add_nullable_string (builder, "auth", recommendation->auth);
  _spc_report_add_nullable_string (builder, "reason", recommendation->reason);
}

static void
add_recommendation (JsonBuilder             *builder,
                    const SpcRecommendation *recommendation)
{
  json_builder_set_member_name (builder, "recommendation");
  if (recommendation == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  _spc_report_add_recommendation_members (builder, recommendation);
  json_builder_end_object (builder);
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

  add_recommendation (builder, recommendation);
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
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (SPC_IS_DIAGNOSIS (diagnosis), NULL);

  root = spc_report_to_json_node (diagnosis);
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

/* Text */

/* Columns as a terminal shows them: wide (CJK) characters take two cells,
 * combining marks none, so translated headings still line up */
static gsize
get_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

typedef enum {
  ALIGN_LEFT,
  ALIGN_RIGHT,
} Alignment;

static void
append_cell (GString     *text,
             const char  *cell,
             gsize        width,
             Alignment    alignment,
             const char  *color)
{
  gsize cell_width = get_display_width (cell);
  gsize padding = width > cell_width ? width - cell_width : 0;

  if (alignment == ALIGN_RIGHT)
    for (gsize i = 0; i < padding; i++)
      g_string_append_c (text, ' ');
  if (color != NULL)
    g_string_append (text, color);
  g_string_append (text, cell);
  if (color != NULL)
    g_string_append (text, ANSI_RESET);
  if (alignment == ALIGN_LEFT)
    for (gsize i = 0; i < padding; i++)
      g_string_append_c (text, ' ');
}

static const char *
get_light_word (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_GREEN: return C_("traffic light", "green");
    case SPC_VERDICT_YELLOW: return C_("traffic light", "yellow");
    case SPC_VERDICT_RED: return C_("traffic light", "red");
    case SPC_VERDICT_GREY: return C_("traffic light", "grey");
    case SPC_VERDICT_NONE:
    default:
      return C_("traffic light", "pending");
    }
}

static const char *
get_light_color (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_GREEN: return ANSI_GREEN;
    case SPC_VERDICT_YELLOW: return ANSI_YELLOW;
    case SPC_VERDICT_RED: return ANSI_RED;
    case SPC_VERDICT_GREY:
    case SPC_VERDICT_NONE:
    default:
      return ANSI_GREY;
    }
}

/* What protected the conversation: "SSL/TLS, TLS 1.3", "none", "—" */
static char *
describe_security (SpcResult *result)
{
  const char *version = spc_result_get_tls_version (result);
  const SpcCapabilities *caps = spc_result_get_capabilities (result);

  if (version != NULL)
    return g_strdup_printf ("%s, %s",
                            spc_mode_get_security_label (spc_result_get_mode (result)),
                            version);
  if (caps != NULL && caps->ehlo_answered)
    return g_strdup (C_("security", "none"));
  return g_strdup ("—");
}

static char *
describe_latency (SpcResult *result)
{
  gint64 total = spc_result_get_timing (result, SPC_TIMING_TOTAL);

  if (total < 0)
    return g_strdup ("—");
  /* No format macro in a translatable string: xgettext cannot expand it */
  return g_strdup_printf (_("%d ms"), (int) MIN (total, G_MAXINT));
}

enum {
  COLUMN_PORT,
  COLUMN_LIGHT,
  COLUMN_STATUS,
  COLUMN_SECURITY,
  COLUMN_LATENCY,
  N_COLUMNS,
};

/* Words wrapped at @width display cells, for a terminal */
static void
append_wrapped (GString    *text,
                const char *paragraph,
                gsize       width)
{
  /* Reasons quote the server's replies: its hidden characters shown */
  g_autofree char *visible = spc_display_text (paragraph);
  g_auto(GStrv) words = g_strsplit (visible, " ", -1);
  gsize line_width = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize word_width = get_display_width (words[i]);

      if (words[i][0] == '\0')
        continue;
      if (line_width > 0 && line_width + 1 + word_width > width)
        {
          g_string_append_c (text, '\n');
          line_width = 0;
        }
      else if (line_width > 0)
        {
          g_string_append_c (text, ' ');
          line_width++;
        }
      g_string_append (text, words[i]);
      line_width += word_width;
    }
  g_string_append_c (text, '\n');
}

static void
indent_lines (GString    *text,
              const char *block,
              const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (block, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* The last element after a final newline is empty */
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append_printf (text, "%s%s\n", indent, lines[i]);
    }
}

static void
append_heading (GString    *text,
                const char *heading,
                gboolean    color)
{
  if (color)
    g_string_append_printf (text, ANSI_BOLD "%s" ANSI_RESET "\n", heading);
  else
    g_string_append_printf (text, "%s\n", heading);
}

/* The recommended port with its reason and settings, or what to do next */
static void
append_advice (GString    *text,
               GListModel *results,
               const char *host,
               gboolean    color)
{
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (results, host);

  if (recommendation != NULL)
    {
      g_autofree char *config = spc_advice_format_config (recommendation, SPC_CONFIG_PLAIN, NULL);
      g_autofree char *heading = g_strdup_printf (_("Recommendation: port %u with %s"),
                                                  recommendation->port,
                                                  recommendation->security);

      append_heading (text, heading, color);
      append_wrapped (text, recommendation->reason, TEXT_WIDTH);
      g_string_append_c (text, '\n');
      indent_lines (text, config, "  ");
    }
  else
    {
      g_autofree char *failure = spc_advice_describe_failure (results);

      append_heading (text, _("No port works for sending mail with a password."), color);
      append_wrapped (text, failure, TEXT_WIDTH);
    }
}

char *
spc_report_to_text (SpcDiagnosis *diagnosis,
                    gboolean      color)
{
  const char *headings[N_COLUMNS] = {
    _("Port"), _("Light"), _("Status"), _("Security"), _("Latency"),
  };
  const Alignment alignments[N_COLUMNS] = {
    ALIGN_RIGHT, ALIGN_LEFT, ALIGN_LEFT, ALIGN_LEFT, ALIGN_RIGHT,
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row_results = g_ptr_array_new_with_free_func (g_object_unref);
  gsize widths[N_COLUMNS] = { 0 };
  GListModel *results;
  const char *host;
  guint n_items;

  g_return_val_if_fail (SPC_IS_DIAGNOSIS (diagnosis), NULL);

  results = G_LIST_MODEL (diagnosis);
  host = spc_diagnosis_get_host (diagnosis);
  n_items = g_list_model_get_n_items (results);

  for (guint i = 0; i < N_COLUMNS; i++)
    widths[i] = get_display_width (headings[i]);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COLUMN_PORT] = g_strdup_printf ("%u", spc_result_get_port (result));
      row[COLUMN_LIGHT] = g_strdup (get_light_word (spc_result_get_verdict (result)));
      row[COLUMN_STATUS] = g_strdup (spc_status_to_string (spc_result_get_status (result)));
      row[COLUMN_SECURITY] = describe_security (result);
      row[COLUMN_LATENCY] = describe_latency (result);
      for (guint column = 0; column < N_COLUMNS; column++)
        widths[column] = MAX (widths[column], get_display_width (row[column]));
      g_ptr_array_add (rows, row);
      g_ptr_array_add (row_results, g_steal_pointer (&result));
    }

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s: %u port checked in %.1f s",
                                       "%s: %u ports checked in %.1f s",
                                       n_items),
                          host, n_items,
                          spc_diagnosis_get_duration_ms (diagnosis) / 1000.0);
  g_string_append (text, "\n\n");

  for (guint column = 0; column < N_COLUMNS; column++)
    {
      if (column > 0)
        g_string_append (text, "  ");
      append_cell (text, headings[column], widths[column], alignments[column],
                   color ? ANSI_BOLD : NULL);
    }
  g_string_append_c (text, '\n');

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      SpcResult *result = g_ptr_array_index (row_results, i);

      for (guint column = 0; column < N_COLUMNS; column++)
        {
          const char *cell_color = NULL;

          if (column > 0)
            g_string_append (text, "  ");
          if (color && column == COLUMN_LIGHT)
            cell_color = get_light_color (spc_result_get_verdict (result));
          append_cell (text, row[column], widths[column], alignments[column], cell_color);
        }
      g_string_append_c (text, '\n');
    }

  /* Each port's sentence: the table says what, this says why */
  g_string_append_c (text, '\n');
  for (guint i = 0; i < row_results->len; i++)
    {
      SpcResult *result = g_ptr_array_index (row_results, i);
      g_autofree char *raw_summary = spc_summary_for_result (result);
      g_autofree char *summary = spc_display_text (raw_summary);

      if (summary == NULL || summary[0] == '\0')
        continue;
      g_string_append_printf (text, "%*u  %s\n", (int) widths[COLUMN_PORT],
                              spc_result_get_port (result), summary);
    }
  g_string_append_c (text, '\n');

  append_advice (text, results, host, color);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
