/* spc-port-row.c — one port of a diagnosis: the light, the words, the details
 *
 * Everything that comes from the network (greeting, summary, certificate
 * names, transcript) reaches GTK as a label's plain text (never markup, never
 * mnemonics), and the row's own title and subtitle have use-markup off.
 *
 * The detail widgets are made once, when the row is made; each is bound to
 * the result property it shows (g_object_bind_property_full) or updated by a
 * handler of that one property, so news changes only the labels it touches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-port-row.h"
#include "spc-ui-util.h"
#include "spc-width-layout.h"

typedef struct {
  GtkWidget *box;     /* key and value; hidden while the value is empty */
  GtkLabel  *value;
} Fact;

struct _SpcPortRow
{
  AdwExpanderRow  parent_instance;

  SpcResult      *result;
  char           *host;

  GtkSpinner     *spinner;
  GtkImage       *light_icon;
  GtkWidget      *verdict_box;    /* the verdict and latency column */
  GtkLabel       *verdict_label;
  GtkLabel       *latency_label;
  GtkBox         *facts_box;
  GtkWidget      *transcript_section;
  GtkLabel       *transcript_label;
  GtkSizeGroup   *key_group;
  GtkLabel       *explanation_label;
  GtkWidget      *header_row;     /* the row that holds our light; not owned */
  gboolean        narrow;         /* the verdict is in the subtitle, not beside it */

  /* Made once in spc_port_row_new(), then only updated */
  GtkLabel       *outcome_label;  /* the summary's technical facts */
  Fact            cert_subject;
  Fact            cert_issuer;
  Fact            cert_not_before;
  Fact            cert_not_after;
  Fact            cert_names;
  Fact            cert_sha256;
  GtkBox         *problems_box;
  Fact            auth;
  Fact            message_size;
  Fact            extensions;
  Fact            legacy_tls;
};

G_DEFINE_FINAL_TYPE (SpcPortRow, spc_port_row, ADW_TYPE_EXPANDER_ROW)

/* Below this width the verdict leaves its column for the first line of the
 * subtitle: beside it, at 360 px, the reason got three words a line */
#define NARROW_ROW_WIDTH 480

static const char * const verdict_classes[] = { "success", "warning", "error", "dim-label" };

/* A different shape for each light, so colour is never the only signal */
static const char *
verdict_icon_name (SpcVerdict verdict)
{
  switch (verdict)
    {
    case SPC_VERDICT_GREEN:
      return "spc-success-symbolic";
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
  /* Network text: set as plain text, never parsed */
  GtkWidget *label = spc_ui_wrapping_label_new (text, PANGO_WRAP_WORD_CHAR);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable with the mouse, but not a tab stop each: an expanded row
   * would add some 25 of them before the next port */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_set_hexpand (label, TRUE);

  return label;
}

/* A section shows while any of its facts does */
static void
on_fact_visible (GtkWidget  *fact,
                 GParamSpec *pspec,
                 GtkWidget  *section)
{
  gboolean any = FALSE;

  /* The first child is the heading */
  for (GtkWidget *child = gtk_widget_get_next_sibling (gtk_widget_get_first_child (section));
       child != NULL && !any;
       child = gtk_widget_get_next_sibling (child))
    any = gtk_widget_get_visible (child);

  gtk_widget_set_visible (section, any);
}

static GtkWidget *
section_new (SpcPortRow *self,
             const char *heading)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_append (GTK_BOX (section), new_heading (heading));
  gtk_widget_set_visible (section, FALSE);
  gtk_box_append (self->facts_box, section);

  return section;
}

/* Appends a part of @section (a fact or a list) that decides its visibility */
static void
section_append (GtkWidget *section,
                GtkWidget *part)
{
  gtk_box_append (GTK_BOX (section), part);
  g_signal_connect_object (part, "notify::visible", G_CALLBACK (on_fact_visible), section, 0);
  on_fact_visible (part, NULL, section);
}

/* A fact shows while it has a value */
static void
on_fact_value (GtkLabel   *value,
               GParamSpec *pspec,
               GtkWidget  *fact)
{
  gtk_widget_set_visible (fact, gtk_label_get_text (value)[0] != '\0');
}

/* Only shown keys set the width of the key column, as when each row held
 * only the facts it had */
static void
on_fact_visible_key (GtkWidget    *fact,
                     GParamSpec   *pspec,
                     GtkSizeGroup *key_group)
{
  GtkWidget *key = gtk_widget_get_first_child (fact);
  gboolean grouped = g_slist_find (gtk_size_group_get_widgets (key_group), key) != NULL;

  if (gtk_widget_get_visible (fact) && !grouped)
    gtk_size_group_add_widget (key_group, key);
  else if (!gtk_widget_get_visible (fact) && grouped)
    gtk_size_group_remove_widget (key_group, key);
}

static Fact
fact_new (SpcPortRow *self,
          GtkWidget  *section,
          const char *key)
{
  GtkWidget *key_label = gtk_label_new (key);
  Fact fact;

  fact.box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  fact.value = GTK_LABEL (new_value_label (NULL));

  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_widget_set_valign (key_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (key_label, "dim-label");

  gtk_box_append (GTK_BOX (fact.box), key_label);
  gtk_box_append (GTK_BOX (fact.box), GTK_WIDGET (fact.value));
  gtk_widget_set_visible (fact.box, FALSE);
  g_signal_connect_object (fact.box, "notify::visible", G_CALLBACK (on_fact_visible_key), self->key_group, 0);
  g_signal_connect_object (fact.value, "notify::label", G_CALLBACK (on_fact_value), fact.box, 0);
  section_append (section, fact.box);

  return fact;
}

/* Plain text, never parsed, hidden characters shown; an empty value
 * hides the fact */
static void
fact_set (Fact       *fact,
          const char *value)
{
  g_autofree char *visible = spc_display_text (value);

  gtk_label_set_text (fact->value, visible != NULL ? visible : "");
}

/* Binding transforms: result property → label text */

static gboolean
ms_to_label (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  gint64 ms = g_value_get_int64 (from);

  g_value_take_string (to, ms >= 0 ? format_ms (ms) : g_strdup (""));
  return TRUE;
}

/* Network text: a bidi override or a zero-width space shown, not obeyed */
static gboolean
network_text_to_label (GBinding     *binding,
                       const GValue *from,
                       GValue       *to,
                       gpointer      user_data)
{
  g_value_take_string (to, spc_display_text (g_value_get_string (from)));
  return TRUE;
}

/* Where the probe is, while it runs; nothing once it is done */
static gboolean
stage_to_label (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  SpcStage stage = g_value_get_enum (from);

  g_value_set_string (to, stage != SPC_STAGE_DONE ? spc_stage_get_label (stage) : "");
  return TRUE;
}

/* @property: a string property of the result, shown as is */
static void
bind_text_fact (SpcPortRow *self,
                GtkWidget  *section,
                const char *key,
                const char *property)
{
  Fact fact = fact_new (self, section, key);

  /* The label property is plain text too: use-markup and use-underline
   * stay off */
  g_object_bind_property_full (self->result, property, fact.value, "label", G_BINDING_SYNC_CREATE,
                               network_text_to_label, NULL, NULL, NULL);
}

typedef struct {
  const char *property;
  const char *label;
} StageTiming;

static void
build_stages (SpcPortRow *self)
{
  static const StageTiming implicit_tls[] = {
    { "connect-ms", N_("Connection") },
    { "tls-ms", N_("TLS Handshake") },
    { "greeting-ms", N_("Greeting") },
    { "ehlo-ms", N_("EHLO") },
    { "total-ms", N_("Total") },
  };
  static const StageTiming starttls[] = {
    /* In the order they happen on a STARTTLS port */
    { "connect-ms", N_("Connection") },
    { "greeting-ms", N_("Greeting") },
    { "ehlo-ms", N_("EHLO") },
    { "tls-ms", N_("TLS Handshake") },
    { "total-ms", N_("Total") },
  };
  gboolean is_implicit = spc_result_get_mode (self->result) == SPC_MODE_TLS;
  const StageTiming *timings = is_implicit ? implicit_tls : starttls;
  GtkWidget *section = section_new (self, _("Stages"));
  Fact now;

  G_STATIC_ASSERT (G_N_ELEMENTS (implicit_tls) == G_N_ELEMENTS (starttls));

  for (guint i = 0; i < G_N_ELEMENTS (implicit_tls); i++)
    {
      Fact fact = fact_new (self, section, _(timings[i].label));

      g_object_bind_property_full (self->result, timings[i].property, fact.value, "label",
                                   G_BINDING_SYNC_CREATE, ms_to_label, NULL, NULL, NULL);
    }

  now = fact_new (self, section, _("Now"));
  g_object_bind_property_full (self->result, "stage", now.value, "label",
                               G_BINDING_SYNC_CREATE, stage_to_label, NULL, NULL, NULL);
}

/* A note beside the light, never a change of it (spc-legacy-tls-text.h):
 * the sentence says what to do, the warning style only stresses it */
static void
update_legacy_tls (SpcPortRow *self)
{
  g_autofree char *sentence = spc_legacy_tls_text_for_result (self->result);

  fact_set (&self->legacy_tls, sentence);
  if (spc_legacy_tls_is_accepted (self->result))
    gtk_widget_add_css_class (GTK_WIDGET (self->legacy_tls.value), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->legacy_tls.value), "warning");
}

static void
build_connection (SpcPortRow *self)
{
  GtkWidget *section = section_new (self, _("Connection"));
  Fact security;

  bind_text_fact (self, section, _("Address"), "address");
  security = fact_new (self, section, _("Security"));
  /* The mode is fixed for the row's life */
  fact_set (&security, spc_mode_get_security_label (spc_result_get_mode (self->result)));
  bind_text_fact (self, section, _("Greeting"), "greeting");
  bind_text_fact (self, section, _("TLS Version"), "tls-version");
  bind_text_fact (self, section, _("Cipher"), "tls-cipher");

  /* Known only after the port finished, from a connection of its own */
  self->legacy_tls = fact_new (self, section, _("Old TLS Versions"));
  g_signal_connect_object (self->result, "notify::legacy-tls1-0",
                           G_CALLBACK (update_legacy_tls), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->result, "notify::legacy-tls1-1",
                           G_CALLBACK (update_legacy_tls), self, G_CONNECT_SWAPPED);
  update_legacy_tls (self);
}

static void
update_certificate (SpcPortRow *self)
{
  const char * const *dns_names = spc_result_get_cert_dns_names (self->result);
  g_autofree char *names = dns_names != NULL ? g_strjoinv (", ", (char **) dns_names) : NULL;
  g_autofree char *not_before = spc_certificate_format_date (spc_result_get_cert_not_before (self->result));
  g_autofree char *not_after = spc_certificate_format_date (spc_result_get_cert_not_after (self->result));

  fact_set (&self->cert_subject, spc_result_get_cert_subject (self->result));
  fact_set (&self->cert_issuer, spc_result_get_cert_issuer (self->result));
  fact_set (&self->cert_not_before, not_before);
  fact_set (&self->cert_not_after, not_after);
  fact_set (&self->cert_names, names);
  fact_set (&self->cert_sha256, spc_result_get_cert_sha256 (self->result));
}

/* A list whose length follows the problems: remade when the certificate
 * or its errors change, which happens once per TLS handshake */
static void
update_certificate_problems (SpcPortRow *self)
{
  g_auto(GStrv) problems = spc_certificate_describe_problems (self->result);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_box))) != NULL)
    gtk_box_remove (self->problems_box, child);

  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"),
                                      -1);
      gtk_box_append (GTK_BOX (line), icon);
      gtk_box_append (GTK_BOX (line), new_value_label (problems[i]));
      gtk_box_append (self->problems_box, line);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problems_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->problems_box)) != NULL);
}

static void
build_certificate (SpcPortRow *self)
{
  GtkWidget *section = section_new (self, _("Certificate"));

  self->cert_subject = fact_new (self, section, _("Subject"));
  self->cert_issuer = fact_new (self, section, _("Issuer"));
  self->cert_not_before = fact_new (self, section, _("Valid From"));
  self->cert_not_after = fact_new (self, section, _("Valid Until"));
  self->cert_names = fact_new (self, section, _("Names"));
  self->cert_sha256 = fact_new (self, section, _("SHA-256"));

  self->problems_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_box), FALSE);
  section_append (section, GTK_WIDGET (self->problems_box));

  g_signal_connect_object (self->result, "notify::certificate",
                           G_CALLBACK (update_certificate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->result, "notify::certificate",
                           G_CALLBACK (update_certificate_problems), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->result, "notify::certificate-errors",
                           G_CALLBACK (update_certificate_problems), self, G_CONNECT_SWAPPED);
  update_certificate (self);
  update_certificate_problems (self);
}

static void
update_capabilities (SpcPortRow *self)
{
  const SpcCapabilities *caps = spc_result_get_capabilities (self->result);
  g_autofree const char **extensions = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *size = NULL;
  g_autofree char *extension_text = NULL;

  /* Nothing to say until the server answered EHLO */
  if (caps == NULL || !caps->ehlo_answered)
    {
      fact_set (&self->auth, NULL);
      fact_set (&self->message_size, NULL);
      fact_set (&self->extensions, NULL);
      return;
    }

  if (caps->auth != NULL && caps->auth[0] != NULL)
    auth = g_strjoinv (", ", caps->auth);
  else
    auth = g_strdup (_("None offered"));

  if (caps->size_invalid)
    size = g_strdup (_("Announced, but not a number"));
  else if (caps->has_size && caps->size > 0)
    {
      g_autofree char *formatted = g_format_size (caps->size);

      /* Translators: the largest message the server accepts, e.g. "Up to 36.7 MB" */
      size = g_strdup_printf (_("Up to %s"), formatted);
    }
  else if (caps->has_size)
    size = g_strdup (_("No limit announced"));

  extensions = spc_capabilities_list_extensions (caps);
  extension_text = g_strjoinv (", ", (char **) extensions);

  fact_set (&self->auth, auth);
  fact_set (&self->message_size, size);
  fact_set (&self->extensions, extension_text);
}

static void
build_capabilities (SpcPortRow *self)
{
  GtkWidget *section = section_new (self, _("Capabilities"));

  self->auth = fact_new (self, section, _("Authentication"));
  self->message_size = fact_new (self, section, _("Message Size"));
  self->extensions = fact_new (self, section, _("Extensions"));

  g_signal_connect_object (self->result, "notify::capabilities",
                           G_CALLBACK (update_capabilities), self, G_CONNECT_SWAPPED);
  update_capabilities (self);
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
      g_autofree char *line_text = spc_summary_describe_line (self->result, line);
      const char *prefix = "*";

      if (line->direction == SPC_DIRECTION_CLIENT)
        prefix = "C:";
      else if (line->direction == SPC_DIRECTION_SERVER)
        prefix = "S:";

      g_autofree char *visible = spc_display_text (line_text);

      g_string_append_printf (text, "%s %s\n", prefix, visible);
    }

  return g_string_free (text, FALSE);
}

static void
update_transcript (SpcPortRow *self)
{
  g_autofree char *transcript = spc_port_row_dup_transcript (self);

  /* Plain text: the server's lines are never parsed as markup */
  gtk_label_set_text (self->transcript_label, transcript);
  gtk_widget_set_visible (self->transcript_section, transcript[0] != '\0');
}

/* The status sentence once finished, the stage while running */
static char *
dup_sentence (SpcPortRow *self)
{
  g_autofree char *summary = NULL;

  if (!spc_result_get_finished (self->result)
      || verdict_icon_name (spc_result_get_verdict (self->result)) == NULL)
    return g_strdup (spc_stage_get_label (spc_result_get_stage (self->result)));

  summary = spc_summary_for_result (self->result);
  return spc_display_text (summary);
}

/* The facts behind the subtitle's sentence (the library's error, the
 * server's reply, the TLS version and mechanisms), or nothing */
static void
update_outcome (SpcPortRow *self)
{
  g_autofree char *details = NULL;
  g_autofree char *visible = NULL;

  if (spc_result_get_finished (self->result))
    details = spc_summary_details_for_result (self->result);
  visible = spc_display_text (details);
  gtk_label_set_text (self->outcome_label, visible != NULL ? visible : "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), visible != NULL);
}

static void
build_outcome (SpcPortRow *self)
{
  GtkWidget *section = section_new (self, _("What Happened"));

  self->outcome_label = GTK_LABEL (new_value_label (NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), FALSE);
  section_append (section, GTK_WIDGET (self->outcome_label));
}

/* The verdict's icon, word and colour: a different shape for each, so
 * colour is never the only signal; set only when it changes, as the header
 * is updated for other news too */
static void
update_light (SpcPortRow *self,
              SpcVerdict  verdict)
{
  const char *icon_name = verdict_icon_name (verdict);
  const char *verdict_text = spc_verdict_get_label (verdict);

  if (g_strcmp0 (gtk_image_get_icon_name (self->light_icon), icon_name) != 0)
    gtk_image_set_from_icon_name (self->light_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->light_icon), icon_name != NULL);
  gtk_label_set_text (self->verdict_label, verdict_text);
  set_verdict_class (GTK_WIDGET (self->light_icon), verdict);
  set_verdict_class (GTK_WIDGET (self->verdict_label), verdict);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->light_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, verdict_text,
                                  -1);
}

/* The mode, then the status sentence; in a narrow row the verdict and the
 * time on a line of their own above them, where they have the row's width */
static char *
dup_subtitle (SpcPortRow *self,
              const char *verdict_text,
              const char *security,
              const char *sentence,
              const char *latency)
{
  if (!self->narrow)
    /* Translators: "SSL/TLS · Works: the server …" — security mode, then the status sentence */
    return g_strdup_printf (_("%s · %s"), security, sentence);

  if (latency != NULL)
    /* Translators: a port in a narrow window, on two lines: the verdict and the
     * time ("Works · 19 ms"), then the security mode and the status sentence */
    return g_strdup_printf (_("%s · %s\n%s · %s"), verdict_text, latency, security, sentence);

  /* Translators: a port in a narrow window, on two lines: the verdict
   * ("Checking…"), then the security mode and the status sentence */
  return g_strdup_printf (_("%s\n%s · %s"), verdict_text, security, sentence);
}

/* The header's words: subtitle, latency, and what a screen reader says.
 * Runs on the few properties they show (stage, status, verdict, detail,
 * finished, total time), never for the details. */
static void
update_header (SpcPortRow *self)
{
  SpcVerdict verdict = spc_result_get_verdict (self->result);
  gboolean finished = spc_result_get_finished (self->result);
  const char *security = spc_mode_get_security_label (spc_result_get_mode (self->result));
  const char *verdict_text = spc_verdict_get_label (verdict);
  /* The same measure as the CLI's latency column and the checklist's
   * "fastest": connect to the end of the conversation */
  gint64 total_ms = spc_result_get_timing (self->result, SPC_TIMING_TOTAL);
  g_autofree char *title = dup_title (self->result);
  g_autofree char *sentence = dup_sentence (self);
  g_autofree char *subtitle = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *accessible_label = NULL;
  g_autofree char *accessible_description = NULL;

  if (finished && total_ms >= 0)
    latency = format_ms (total_ms);
  subtitle = dup_subtitle (self, verdict_text, security, sentence != NULL ? sentence : "", latency);

  gtk_widget_set_visible (self->verdict_box, !self->narrow);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  update_outcome (self);
  /* Kept even when empty: rows stay the same height and the verdict keeps
   * its natural width */
  gtk_label_set_text (self->latency_label, latency != NULL ? latency : "");

  /* At least as wide as a short verdict, so it is not squeezed into a word
   * a line beside a long subtitle; longer ones wrap into two lines */
  gtk_label_set_width_chars (self->verdict_label,
                             verdict_text != NULL ? MIN ((int) g_utf8_strlen (verdict_text, -1), 18) : 10);

  update_light (self, verdict);

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
}

static void
bind_header (SpcPortRow *self)
{
  static const char * const header_properties[] = {
    "notify::stage", "notify::status", "notify::verdict", "notify::detail", "notify::finished",
    "notify::total-ms",
    /* A silent port's summary changes when its reference check answers,
     * after the port itself has finished */
    "notify::reference",
  };
  g_autofree char *title = dup_title (self->result);

  /* The port and mode never change */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);

  /* The light shows once there is a verdict (update_light()); the
   * spinner until then */
  g_object_bind_property (self->light_icon, "visible", self->spinner, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->light_icon, "visible", self->spinner, "spinning",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  for (guint i = 0; i < G_N_ELEMENTS (header_properties); i++)
    g_signal_connect_object (self->result, header_properties[i],
                             G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  update_header (self);
}

/* Images in the header other than our light: the expander's arrow, which
 * the row's name already says; GTK 4.8 would read it as "GtkImage" */
static void
hide_decorative_images (SpcPortRow *self,
                        GtkWidget  *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) && child != GTK_WIDGET (self->light_icon))
        gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                     GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                     -1);
      else
        hide_decorative_images (self, child);
    }
}

/* The lists and the row AdwExpanderRow puts around the header and the
 * details, named in words: GTK 4.8 reads them as "GtkListBox" and the
 * details as a focusable item without a name */
static void
name_containers (SpcPortRow *self)
{
  GtkWidget *details_row = gtk_widget_get_ancestor (GTK_WIDGET (self->facts_box),
                                                    GTK_TYPE_LIST_BOX_ROW);
  g_autofree char *title = dup_title (self->result);
  g_autofree char *details = NULL;

  if (self->header_row != NULL)
    {
      GtkWidget *header_list = gtk_widget_get_ancestor (self->header_row, GTK_TYPE_LIST_BOX);

      if (header_list != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (header_list),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
      hide_decorative_images (self, self->header_row);
    }

  if (details_row == NULL || details_row == GTK_WIDGET (self))
    return;

  /* Translators: what a screen reader says on the open row; %u is a port number */
  details = g_strdup_printf (_("Details of port %u"), spc_result_get_port (self->result));
  gtk_accessible_update_property (GTK_ACCESSIBLE (details_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, details,
                                  -1);
  if (gtk_widget_get_parent (details_row) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (details_row)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, details,
                                    -1);
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

/* The row's width decides where the verdict goes (spc-width-layout.c) */
static void
narrow_changed (SpcWidthLayout *layout,
                GParamSpec     *pspec,
                SpcPortRow     *self)
{
  self->narrow = spc_width_layout_get_narrow (layout);
  if (self->result != NULL)
    update_header (self);
}

static void
spc_port_row_dispose (GObject *object)
{
  SpcPortRow *self = SPC_PORT_ROW (object);

  /* Bindings and g_signal_connect_object() handlers end with the row */
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
  gtk_widget_class_bind_template_child (widget_class, SpcPortRow, verdict_box);
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
  GtkWidget *header;
  SpcWidthLayout *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  spc_ui_deselect_on_focus_out (self->transcript_label);
  spc_ui_deselect_on_focus_out (self->explanation_label);
  self->key_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  /* The row that takes keyboard focus is the header holding our light, so
   * that is what a screen reader announces: it gets the same words. Found
   * as our own widget's ancestor, not by walking AdwExpanderRow's children. */
  header = gtk_widget_get_ancestor (GTK_WIDGET (self->light_icon), GTK_TYPE_LIST_BOX_ROW);
  self->header_row = header != GTK_WIDGET (self) ? header : NULL;

  layout = spc_width_layout_install (GTK_WIDGET (self), NARROW_ROW_WIDTH);
  if (layout != NULL)
    g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (narrow_changed), self, 0);
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

  build_outcome (self);
  bind_header (self);
  name_containers (self);
  build_stages (self);
  build_connection (self);
  build_certificate (self);
  build_capabilities (self);

  g_signal_connect_object (result, "notify::transcript-length",
                           G_CALLBACK (update_transcript), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (result, "notify::transcript-left-out",
                           G_CALLBACK (update_transcript), self, G_CONNECT_SWAPPED);
  update_transcript (self);

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
