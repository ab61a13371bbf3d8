/* spc-report-text.c — a diagnosis as plain text for a terminal: a table of
 * the ports, then the recommendation or what to try next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-advice.h"
#include "spc-certificate-text.h"
#include "spc-enums.h"
#include "spc-legacy-tls-text.h"
#include "spc-report.h"
#include "spc-display-text.h"
#include "spc-summary.h"

/* Paragraphs are wrapped for an 80-column terminal */
#define TEXT_WIDTH  78

#define ANSI_RESET  "\033[0m"
#define ANSI_BOLD   "\033[1m"
#define ANSI_RED    "\033[31m"
#define ANSI_GREEN  "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_GREY   "\033[90m"

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

/* Under a port's sentence, what needs doing about TLS 1.0/1.1 (accepted,
 * or not known); "refuses them" is the window's and the JSON's */
static void
append_legacy_tls (GString   *text,
                   SpcResult *result,
                   gsize      indent)
{
  g_autofree char *sentence = NULL;

  if (!spc_legacy_tls_is_accepted (result) &&
      spc_result_get_legacy_tls1_0 (result) != SPC_LEGACY_TLS_CANNOT_TELL &&
      spc_result_get_legacy_tls1_1 (result) != SPC_LEGACY_TLS_CANNOT_TELL)
    return;
  sentence = spc_legacy_tls_text_for_result (result);
  if (sentence != NULL)
    g_string_append_printf (text, "%*s%s\n", (int) indent, "", sentence);
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
      g_autofree char *raw_details = spc_summary_details_for_result (result);
      g_auto(GStrv) problems = spc_certificate_describe_problems (result);

      if (summary == NULL || summary[0] == '\0')
        continue;
      g_string_append_printf (text, "%*u  %s\n", (int) widths[COLUMN_PORT],
                              spc_result_get_port (result), summary);
      /* The details under it, indented: the facts, then the certificate's problems */
      if (raw_details != NULL)
        {
          g_autofree char *details = spc_display_text (raw_details);

          g_string_append_printf (text, "%*s  %s\n", (int) widths[COLUMN_PORT], "", details);
        }
      for (guint j = 0; problems != NULL && problems[j] != NULL; j++)
        {
          g_autofree char *problem = spc_display_text (problems[j]);

          g_string_append_printf (text, "%*s  %s\n", (int) widths[COLUMN_PORT], "", problem);
        }
      append_legacy_tls (text, result, widths[COLUMN_PORT] + 2);
    }
  g_string_append_c (text, '\n');

  append_advice (text, results, host, color);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
