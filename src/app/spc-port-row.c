/* spc-port-row.c — one port of a diagnosis: the light, the words, the details
 *
 * Everything that comes from the network (greeting, summary, certificate
 * names, transcript) reaches GTK through gtk_label_set_text() or a text
 * buffer, and the row's own title and subtitle have use-markup off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-port-row.h"
#include "spc-ui-util.h"

struct _SpcPortRow
{
  AdwExpanderRow  parent_instance;

  SpcResult      *result;
  char           *host;

  GtkSpinner     *spinner;
  GtkImage       *light_icon;
  GtkLabel       *verdict_label;
  GtkLabel       *latency_label;
  GtkBox         *facts_box;
  GtkWidget      *transcript_section;
  GtkLabel       *transcript_label;
  GtkSizeGroup   *key_group;
  GtkWidget      *header_row;     /* inside AdwExpanderRow, not owned */
  GtkLabel       *explanation_label;
};

G_DEFINE_FINAL_TYPE (SpcPortRow, spc_port_row, ADW_TYPE_EXPANDER_ROW)

static const char * const verdict_classes[] = { "success", "warning", "error", "dim-label" };

/* A different shape for each light, so colour is never the only signal */
static const char *
verdict_icon_name (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_GREEN:
      return "emblem-ok-symbolic";
    case SPC_VERDICT_YELLOW:
      return "dialog-warning-symbolic";
    case SPC_VERDICT_RED:
      return "dialog-error-symbolic";
    case SPC_VERDICT_GREY:
      return "media-playback-stop-symbolic";
    case SPC_VERDICT_NONE:
    default:
      return NULL;
    }
}

static const char *
verdict_class (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_GREEN:
      return "success";
    case SPC_VERDICT_YELLOW:
      return "warning";
    case SPC_VERDICT_RED:
      return "error";
    case SPC_VERDICT_GREY:
    case SPC_VERDICT_NONE:  /* still checking: quiet until there is news */
      return "dim-label";
    default:
      return NULL;
    }
}

static void
set_verdict_class (GtkWidget  *widget,
                   SpcVerdict  verdict)
{
  const char *wanted = verdict_class (verdict);

  for (guint i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (widget, verdict_classes[i]);

  if (wanted != NULL)
    gtk_widget_add_css_class (widget, wanted);
}

static char *
format_ms (gint64 ms)
{
  if (ms < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) ms);

  /* Translators: a duration in seconds, one decimal */
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* Translators: a certificate date; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static char *
dup_title (SpcResult *result)
{
  guint16 port = spc_result_get_port (result);
  const char *service = spc_port_get_service_name (port);

  if (service != NULL)
    /* Translators: "Port 465 (submissions)" */
    return g_strdup_printf (_("Port %u (%s)"), port, service);

  return g_strdup_printf (_("Port %u"), port);
}

static GtkWidget *
new_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");

  return label;
}

static GtkWidget *
new_value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Network text: set as plain text, never parsed */
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable with the mouse, but not a tab stop each: an expanded row
   * would add some 25 of them before the next port */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);

  return label;
}

typedef struct {
  GtkWidget    *section;
  GtkGrid      *grid;
  GtkSizeGroup *key_group;
  int           rows;
} FactSection;

/* @key_group: the first column of every section, so values line up */
static void
fact_section_init (FactSection  *facts,
                   GtkSizeGroup *key_group,
                   const char   *heading)
{
  facts->section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (facts->section), new_heading (heading));
  facts->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (facts->grid, 12);
  gtk_grid_set_row_spacing (facts->grid, 6);
  gtk_box_append (GTK_BOX (facts->section), GTK_WIDGET (facts->grid));
  facts->key_group = key_group;
  facts->rows = 0;
}

static void
fact_section_add (FactSection *facts,
                  const char  *key,
                  const char  *value)
{
  GtkWidget *key_label;

  if (value == NULL || value[0] == '\0')
    return;

  key_label = gtk_label_new (key);
  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_widget_set_valign (key_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_size_group_add_widget (facts->key_group, key_label);

  gtk_grid_attach (facts->grid, key_label, 0, facts->rows, 1, 1);
  gtk_grid_attach (facts->grid, new_value_label (value), 1, facts->rows, 1, 1);
  facts->rows++;
}

/* Adds the section to @box when it has anything to say, else drops it */
static void
fact_section_finish (FactSection *facts,
                     GtkBox      *box)
{
  if (facts->rows > 0)
    gtk_box_append (box, facts->section);
  else
    g_object_unref (g_object_ref_sink (facts->section));
}

typedef struct {
  SpcTiming   timing;
  const char *label;
} StageTiming;

static void
add_stages (SpcPortRow *self)
{
  static const StageTiming implicit_tls[] = {
    { SPC_TIMING_CONNECT, N_("Connection") },
    { SPC_TIMING_TLS, N_("TLS handshake") },
    { SPC_TIMING_GREETING, N_("Greeting") },
    { SPC_TIMING_EHLO, N_("EHLO") },
    { SPC_TIMING_TOTAL, N_("Total") },
  };
  static const StageTiming starttls[] = {
    /* In the order they happen on a STARTTLS port */
    { SPC_TIMING_CONNECT, N_("Connection") },
    { SPC_TIMING_GREETING, N_("Greeting") },
    { SPC_TIMING_EHLO, N_("EHLO") },
    { SPC_TIMING_TLS, N_("TLS handshake") },
    { SPC_TIMING_TOTAL, N_("Total") },
  };
  gboolean is_implicit = spc_result_get_mode (self->result) == SPC_MODE_TLS;
  const StageTiming *timings = is_implicit ? implicit_tls : starttls;
  FactSection facts;

  fact_section_init (&facts, self->key_group, _("Stages"));

  for (guint i = 0; i < G_N_ELEMENTS (implicit_tls); i++)
    {
      gint64 ms = spc_result_get_timing (self->result, timings[i].timing);
      g_autofree char *text = NULL;

      if (ms < 0)
        continue;

      text = format_ms (ms);
      fact_section_add (&facts, _(timings[i].label), text);
    }

  if (!spc_result_get_finished (self->result))
    fact_section_add (&facts, _("Now"),
                      spc_stage_get_label (spc_result_get_stage (self->result)));

  fact_section_finish (&facts, self->facts_box);
}

static void
add_connection (SpcPortRow *self)
{
  FactSection facts;

  fact_section_init (&facts, self->key_group, _("Connection"));
  fact_section_add (&facts, _("Address"), spc_result_get_address (self->result));
  fact_section_add (&facts, _("Security"),
                    spc_mode_get_security_label (spc_result_get_mode (self->result)));
  fact_section_add (&facts, _("Greeting"), spc_result_get_greeting (self->result));
  fact_section_add (&facts, _("TLS version"), spc_result_get_tls_version (self->result));
  fact_section_add (&facts, _("Cipher"), spc_result_get_tls_cipher (self->result));
  fact_section_finish (&facts, self->facts_box);
}

static void
add_certificate (SpcPortRow *self)
{
  g_auto(GStrv) problems = NULL;
  g_autofree char *names = NULL;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  const char * const *dns_names;
  FactSection facts;

  if (spc_result_get_certificate (self->result) == NULL
      && spc_result_get_cert_subject (self->result) == NULL)
    return;

  dns_names = spc_result_get_cert_dns_names (self->result);
  if (dns_names != NULL)
    names = g_strjoinv (", ", (char **) dns_names);
  not_before = format_date (spc_result_get_cert_not_before (self->result));
  not_after = format_date (spc_result_get_cert_not_after (self->result));

  fact_section_init (&facts, self->key_group, _("Certificate"));
  fact_section_add (&facts, _("Subject"), spc_result_get_cert_subject (self->result));
  fact_section_add (&facts, _("Issuer"), spc_result_get_cert_issuer (self->result));
  fact_section_add (&facts, _("Valid from"), not_before);
  fact_section_add (&facts, _("Valid until"), not_after);
  fact_section_add (&facts, _("Names"), names);
  fact_section_add (&facts, _("SHA-256"), spc_result_get_cert_sha256 (self->result));

  problems = spc_result_describe_certificate_problems (self->result, self->host);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = new_value_label (problems[i]);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"),
                                      -1);
      gtk_box_append (GTK_BOX (line), icon);
      gtk_box_append (GTK_BOX (line), label);
      gtk_box_append (GTK_BOX (facts.section), line);
      facts.rows++;
    }

  fact_section_finish (&facts, self->facts_box);
}

static void
add_capabilities (SpcPortRow *self)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (self->result);
  g_autoptr(GPtrArray) extensions = g_ptr_array_new ();
  g_autofree char *auth = NULL;
  g_autofree char *size = NULL;
  g_autofree char *extension_text = NULL;
  FactSection facts;

  if (caps == NULL || !caps->ehlo_answered)
    return;

  if (caps->auth != NULL && caps->auth[0] != NULL)
    auth = g_strjoinv (", ", caps->auth);
  else
    auth = g_strdup (_("None offered"));

  if (caps->has_size && caps->size > 0)
    {
      g_autofree char *formatted = g_format_size (caps->size);

      /* Translators: the largest message the server accepts, e.g. "Up to 36.7 MB" */
      size = g_strdup_printf (_("Up to %s"), formatted);
    }
  else if (caps->has_size)
    size = g_strdup (_("No limit announced"));

  if (caps->starttls)
    g_ptr_array_add (extensions, (gpointer) "STARTTLS");
  if (caps->pipelining)
    g_ptr_array_add (extensions, (gpointer) "PIPELINING");
  if (caps->eight_bit_mime)
    g_ptr_array_add (extensions, (gpointer) "8BITMIME");
  if (caps->smtputf8)
    g_ptr_array_add (extensions, (gpointer) "SMTPUTF8");
  if (caps->chunking)
    g_ptr_array_add (extensions, (gpointer) "CHUNKING");
  if (caps->enhanced_status_codes)
    g_ptr_array_add (extensions, (gpointer) "ENHANCEDSTATUSCODES");
  if (caps->dsn)
    g_ptr_array_add (extensions, (gpointer) "DSN");
  g_ptr_array_add (extensions, NULL);
  extension_text = g_strjoinv (", ", (char **) extensions->pdata);

  fact_section_init (&facts, self->key_group, _("Capabilities"));
  fact_section_add (&facts, _("Authentication"), auth);
  fact_section_add (&facts, _("Message size"), size);
  fact_section_add (&facts, _("Extensions"), extension_text);
  fact_section_finish (&facts, self->facts_box);
}

char *
spc_port_row_dup_transcript (SpcPortRow *self)
{
  GPtrArray *lines;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SPC_IS_PORT_ROW (self), NULL);

  lines = spc_result_get_transcript (self->result);
  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (lines, i);
      const char *prefix = "*";

      if (line->direction == SPC_DIRECTION_CLIENT)
        prefix = "C:";
      else if (line->direction == SPC_DIRECTION_SERVER)
        prefix = "S:";

      g_string_append_printf (text, "%s %s\n", prefix, line->text);
    }

  return g_string_free (text, FALSE);
}

static void
update_details (SpcPortRow *self)
{
  g_autofree char *transcript = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_box))) != NULL)
    gtk_box_remove (self->facts_box, child);

  add_stages (self);
  add_connection (self);
  add_certificate (self);
  add_capabilities (self);

  transcript = spc_port_row_dup_transcript (self);
  /* Plain text: the server's lines are never parsed as markup */
  gtk_label_set_text (self->transcript_label, transcript);
  gtk_widget_set_visible (self->transcript_section, transcript[0] != '\0');
}

/* The row that takes keyboard focus is AdwExpanderRow's internal header,
 * so that is what a screen reader announces: give it the same words. Found
 * by type, not by layout, and skipped if a libadwaita version differs. */
static GtkWidget *
find_header_row (GtkWidget *widget,
                 guint      depth)
{
  if (depth > 0 && GTK_IS_LIST_BOX_ROW (widget))
    return widget;

  if (depth >= 4)
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_header_row (child, depth + 1);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
spc_port_row_update (SpcPortRow *self)
{
  SpcVerdict verdict = spc_result_get_verdict (self->result);
  gboolean finished = spc_result_get_finished (self->result);
  const char *security = spc_mode_get_security_label (spc_result_get_mode (self->result));
  const char *verdict_text = spc_verdict_get_label (verdict);
  const char *icon_name = verdict_icon_name (verdict);
  /* The same measure as the CLI's latency column and the checklist's
   * "fastest": connect to the end of the conversation */
  gint64 total_ms = spc_result_get_timing (self->result, SPC_TIMING_TOTAL);
  g_autofree char *title = dup_title (self->result);
  g_autofree char *sentence = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *accessible_label = NULL;
  g_autofree char *accessible_description = NULL;

  if (!finished || icon_name == NULL)
    sentence = g_strdup (spc_stage_get_label (spc_result_get_stage (self->result)));
  else
    sentence = g_strdup (spc_result_get_summary (self->result));

  /* Translators: "SSL/TLS · Works: the server …" — security mode, then the status sentence */
  subtitle = g_strdup_printf (_("%s · %s"), security, sentence != NULL ? sentence : "");

  if (finished && total_ms >= 0)
    latency = format_ms (total_ms);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), icon_name == NULL);
  gtk_spinner_set_spinning (self->spinner, icon_name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->light_icon), icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->light_icon, icon_name);
  set_verdict_class (GTK_WIDGET (self->light_icon), verdict);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->light_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, verdict_text,
                                  -1);

  gtk_label_set_text (self->verdict_label, verdict_text);
  set_verdict_class (GTK_WIDGET (self->verdict_label), verdict);
  gtk_label_set_text (self->latency_label, latency != NULL ? latency : "");
  /* Kept even when empty: rows stay the same height and the verdict keeps
   * its natural width */

  /* What a screen reader says: the same words as on screen */
  /* Translators: "Port 465 (submissions): Works" */
  accessible_label = g_strdup_printf (_("%s: %s"), title, verdict_text);
  if (latency != NULL)
    /* Translators: security, status sentence, then "checked in 312 ms" */
    accessible_description = g_strdup_printf (_("%s. %s. Checked in %s."),
                                              security, sentence ? sentence : "", latency);
  else
    accessible_description = g_strdup_printf (_("%s. %s."), security, sentence ? sentence : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible_description,
                                  -1);
  if (self->header_row != NULL)
    {
      /* Its own name replaces "labelled by the title", which would repeat it */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->header_row),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible_description,
                                      -1);
    }

  update_details (self);
}

static void
copy_transcript_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SpcPortRow *self = SPC_PORT_ROW (widget);
  g_autofree char *transcript = spc_port_row_dup_transcript (self);

  spc_ui_copy_text (widget, transcript, _("Conversation copied"));
}

static void
spc_port_row_dispose (GObject *object)
{
  SpcPortRow *self = SPC_PORT_ROW (object);

  if (self->result != NULL)
    g_signal_handlers_disconnect_by_data (self->result, self);
  g_clear_object (&self->result);
  g_clear_object (&self->key_group);

  G_OBJECT_CLASS (spc_port_row_parent_class)->dispose (object);
}

static void
spc_port_row_finalize (GObject *object)
{
  SpcPortRow *self = SPC_PORT_ROW (object);

  g_free (self->host);

  G_OBJECT_CLASS (spc_port_row_parent_class)->finalize (object);
}

static void
spc_port_row_class_init (SpcPortRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spc_port_row_dispose;
  object_class->finalize = spc_port_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/SmtpPort/spc-port-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, light_icon);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, latency_label);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, facts_box);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, transcript_section);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, transcript_label);
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, explanation_label);

  gtk_widget_class_install_action (widget_class, "port-row.copy-transcript", NULL,
                                   copy_transcript_action);
}

static void
spc_port_row_init (SpcPortRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->key_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->header_row = find_header_row (GTK_WIDGET (self), 0);
}

GtkWidget *
spc_port_row_new (SpcResult  *result,
                  const char *host)
{
  SpcPortRow *self;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  self = g_object_new (SPC_TYPE_PORT_ROW, NULL);
  self->result = g_object_ref (result);
  self->host = g_strdup (host);

  gtk_label_set_text (self->explanation_label,
                      spc_port_get_explanation (spc_result_get_port (result)));

  g_signal_connect_swapped (result, "notify", G_CALLBACK (spc_port_row_update), self);
  spc_port_row_update (self);

  return GTK_WIDGET (self);
}

SpcResult *
spc_port_row_get_result (SpcPortRow *self)
{
  g_return_val_if_fail (SPC_IS_PORT_ROW (self), NULL);

  return self->result;
}

const char *
spc_port_row_get_verdict_text (SpcPortRow *self)
{
  g_return_val_if_fail (SPC_IS_PORT_ROW (self), NULL);

  return gtk_label_get_text (self->verdict_label);
}
