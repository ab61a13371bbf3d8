/* spc-checklist-row.c — one question of the checklist, its short answer
 * and what the measurements say
 *
 * Every text here quotes measurements (host names, replies): it is shown
 * as plain text, through spc_display_text(), never as markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-checklist-row.h"
#include "spc-ui-util.h"
#include "spc-width-layout.h"

struct _SpcChecklistRow
{
  AdwExpanderRow  parent_instance;

  GtkWidget      *answer_label;  /* owned; NULL for an item answered in words only */
  GtkWidget      *header_row;    /* the focusable row holding the title, or NULL */
  char           *headline;      /* as shown */
  gboolean        narrow;
};

G_DEFINE_FINAL_TYPE (SpcChecklistRow, spc_checklist_row, ADW_TYPE_EXPANDER_ROW)

/* Below this width the answer leaves its column for the subtitle's first
 * line: beside it, at 360 px, a question got two or three words a line */
#define NARROW_ROW_WIDTH 480

/* The lists and rows AdwExpanderRow puts around the header and the
 * evidence, named in words (GTK 4.8 reads "GtkListBox", an unnamed item and
 * the arrow as "GtkImage"): the lists by @question, the evidence's row by
 * @evidence; the arrow is hidden, the row's name already says it. Returns
 * the header row, which takes the focus (what a screen reader announces). */
static GtkWidget *
name_parts (GtkWidget  *widget,
            const char *question,
            const char *evidence)
{
  GtkWidget *header = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_IMAGE (child))
        gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      else if (GTK_IS_LIST_BOX (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, question, -1);
      else if (ADW_IS_ACTION_ROW (child) && header == NULL)
        header = child;
      else if (GTK_IS_LIST_BOX_ROW (child) && !ADW_IS_PREFERENCES_ROW (child) && evidence != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, evidence, -1);
      found = name_parts (child, question, evidence);
      header = header != NULL ? header : found;
    }
  return header;
}

/* The answer word on a line above the headline: the subtitle of a narrow
 * row, and what a screen reader hears whatever the width (beside the
 * question, the word is a label of its own it would not read) */
static char *
dup_answer_and_headline (SpcChecklistRow *self)
{
  if (self->answer_label == NULL)
    return g_strdup (self->headline);
  /* Translators: a checklist answer on two lines: the short answer ("Not
   * known"), then what the check found */
  return g_strdup_printf (_("%s\n%s"), gtk_label_get_text (GTK_LABEL (self->answer_label)),
                          self->headline);
}

/* The question and the answer as a screen reader hears them, on the row
 * and on the header row that takes the focus (the answer as its
 * description) */
static void
update_accessible (SpcChecklistRow *self,
                   const char      *spoken)
{
  const char *question = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, question,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken,
                                  -1);
  /* The header row's name is its title already: a label of our own would
   * have a screen reader say the question twice */
  if (self->header_row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken,
                                    -1);
}

/* The headline alone beside the answer's column; in a narrow row the
 * answer word on a line above it, where the question has the row's width */
static void
update_subtitle (SpcChecklistRow *self)
{
  g_autofree char *spoken = dup_answer_and_headline (self);

  if (self->answer_label != NULL)
    {
      gboolean beside = gtk_widget_get_parent (self->answer_label) != NULL;

      /* Out of the row, not hidden in it: AdwExpanderRow hides the box
       * around it only once it is empty */
      if (self->narrow && beside)
        adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->answer_label);
      else if (!self->narrow && !beside)
#if ADW_CHECK_VERSION (1, 4, 0)
        adw_expander_row_add_suffix (ADW_EXPANDER_ROW (self), self->answer_label);
#else
        adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->answer_label);
#endif
    }

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 self->narrow ? spoken : self->headline);
  update_accessible (self, spoken);
}

static void
narrow_changed (SpcWidthLayout  *layout,
                GParamSpec      *pspec,
                SpcChecklistRow *self)
{
  self->narrow = spc_width_layout_get_narrow (layout);
  update_subtitle (self);
}

static void
spc_checklist_row_finalize (GObject *object)
{
  SpcChecklistRow *self = SPC_CHECKLIST_ROW (object);

  g_clear_object (&self->answer_label);
  g_free (self->headline);

  G_OBJECT_CLASS (spc_checklist_row_parent_class)->finalize (object);
}

static void
spc_checklist_row_class_init (SpcChecklistRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_checklist_row_finalize;
}

static void
spc_checklist_row_init (SpcChecklistRow *self)
{
  SpcWidthLayout *layout = spc_width_layout_install (GTK_WIDGET (self), NARROW_ROW_WIDTH);

  if (layout != NULL)
    g_signal_connect_object (layout, "notify::narrow", G_CALLBACK (narrow_changed), self, 0);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
spc_checklist_row_new (const SpcChecklistItem *item)
{
  SpcChecklistRow *self;
  const char *word;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (SPC_TYPE_CHECKLIST_ROW, NULL);
  self->headline = spc_display_text (item->headline);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), item->question);

  word = spc_checklist_answer_get_label (item->answer);
  if (word != NULL)
    {
      self->answer_label = g_object_ref_sink (gtk_label_new (word));
      gtk_widget_add_css_class (self->answer_label, "heading");
      gtk_widget_set_name (self->answer_label, "checklist-answer");
      /* One column of answers at the row's end, as a port's verdict */
      gtk_label_set_width_chars (GTK_LABEL (self->answer_label), 9);
      gtk_label_set_xalign (GTK_LABEL (self->answer_label), 0);
    }

  if (item->evidence != NULL && item->evidence[0] != '\0')
    {
      g_autofree char *evidence = spc_display_text (item->evidence);
      GtkWidget *label = spc_ui_wrapping_label_new (evidence, PANGO_WRAP_WORD_CHAR);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), label);
      self->header_row = name_parts (GTK_WIDGET (self), item->question, evidence);
    }
  else
    {
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), FALSE);
      self->header_row = name_parts (GTK_WIDGET (self), item->question, NULL);
    }

  update_subtitle (self);
  return GTK_WIDGET (self);
}
