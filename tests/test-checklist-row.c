/* test-checklist-row.c — a checklist answer in a wide and a narrow window
 *
 * After the question in a wide row, the short answer ("Not known") keeps
 * a column of its own; in a narrow one it moves above the headline, so the
 * question keeps a readable width. What the row shows comes from measurements, so it
 * is shown as plain text with hidden characters made visible. Runs under
 * Xvfb; no network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "spc-checklist-row.h"
#include "spc-test-util.h"
#include "spc-test-widget.h"

#define QUESTION "Is port 25 blocked on my network?"
#define HEADLINE "Nothing answered on port 25 before the deadline."
#define PLAIN_QUESTION "How compatible is the server?"

typedef struct {
  int                 window_width;
  SpcChecklistAnswer  answer;
  gboolean            answer_beside;  /* expected: in its column, not the subtitle */
} Case;

/* @rows (NULL-terminated) in a boxed list inside the window's margins, as
 * the window shows them */
static GtkWidget *
show_in_window (int window_width,
                ...)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *first = NULL;
  va_list rows;

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_start (list, 17);
  gtk_widget_set_margin_end (list, 17);
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  va_start (rows, window_width);
  for (GtkWidget *row = va_arg (rows, GtkWidget *); row != NULL; row = va_arg (rows, GtkWidget *))
    {
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      first = first != NULL ? first : row;
    }
  va_end (rows);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), window_width, 600);
  spc_test_wait_for_layout (window, first);
  return window;
}

/* Where @label starts in @row, in pixels from the row's left edge */
static float
start_in_row (GtkLabel  *label,
              GtkWidget *row)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (label), row, &bounds));
  return bounds.origin.x;
}

static void
test_answer_placed (gconstpointer data)
{
  const Case *test = data;
  g_autoptr(SpcChecklistItem) item = spc_checklist_item_new (QUESTION, test->answer,
                                                            g_strdup (HEADLINE),
                                                            g_strdup ("Port 25: no answer in 10 s."));
  /* A question answered in words, below it: where a question starts */
  g_autoptr(SpcChecklistItem) plain_item = spc_checklist_item_new (PLAIN_QUESTION, SPC_CHECKLIST_ANSWERED,
                                                                  g_strdup ("Well."), NULL);
  const char *word = spc_checklist_answer_get_label (test->answer);
  GtkWidget *row = spc_checklist_row_new (item);
  GtkWidget *plain_row = spc_checklist_row_new (plain_item);
  GtkWidget *window = show_in_window (test->window_width, row, plain_row, NULL);
  GtkLabel *question = GTK_LABEL (spc_test_find_widget (row, spc_test_label_is, QUESTION, TRUE));
  GtkLabel *plain_question = GTK_LABEL (spc_test_find_widget (plain_row, spc_test_label_is, PLAIN_QUESTION, TRUE));
  GtkWidget *answer = word != NULL ? spc_test_find_widget (row, spc_test_label_is, word, TRUE) : NULL;
  const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

  g_assert_nonnull (question);
  g_assert_nonnull (plain_question);
  g_test_message ("%d px: row %d px, question %d px (%d chars), subtitle \"%s\"",
                  test->window_width, gtk_widget_get_width (row),
                  gtk_widget_get_width (GTK_WIDGET (question)),
                  spc_test_width_in_chars (question), subtitle);

  if (word == NULL)
    {
      /* Answered in words: the headline alone, whatever the width */
      g_assert_cmpstr (subtitle, ==, HEADLINE);
      g_assert_cmpfloat (start_in_row (question, row), ==, start_in_row (plain_question, plain_row));
    }
  else if (test->answer_beside)
    {
      g_assert_nonnull (answer);
      g_assert_true (gtk_widget_has_css_class (answer, "heading"));
      g_assert_true (spc_test_is_on_one_line (GTK_LABEL (answer), word));
      g_assert_cmpstr (subtitle, ==, HEADLINE);
      /* A column of its own after the question, which starts where any
       * question does */
      g_assert_cmpfloat (start_in_row (question, row), ==, start_in_row (plain_question, plain_row));
      g_assert_cmpfloat (start_in_row (GTK_LABEL (answer), row), >=,
                         start_in_row (question, row) + gtk_widget_get_width (GTK_WIDGET (question)));
    }
  else
    {
      g_autofree char *expected = g_strdup_printf ("%s\n%s", word, HEADLINE);

      /* Not in its column: only in the subtitle, on a line of its own */
      g_assert_null (answer);
      g_assert_cmpstr (subtitle, ==, expected);
      g_assert_nonnull (spc_test_find_widget (row, spc_test_label_is, expected, TRUE));
      /* No empty column left before the question */
      g_assert_cmpfloat (start_in_row (question, row), ==, start_in_row (plain_question, plain_row));
    }
  g_assert_true (spc_test_has_own_height (row));

  /* A screen reader hears the answer whatever the width, on the header
   * row that takes the focus */
  {
    g_autofree char *spoken = word != NULL ? g_strdup_printf ("%s\n%s", word, HEADLINE) : g_strdup (HEADLINE);
    GtkWidget *header = gtk_widget_get_ancestor (GTK_WIDGET (question), GTK_TYPE_LIST_BOX_ROW);
    g_autofree char *description_problem = NULL;

    /* Its name is its title (the AT-SPI check holds it said once) */
    g_assert_nonnull (header);
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL));
    description_problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (header),
                                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken);
    g_assert_null (description_problem);
  }

  /* The question is never squeezed to a few words a line */
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (question)));
  g_assert_cmpint (spc_test_width_in_chars (question), >=, 28);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Network words in the headline and evidence: no markup, hidden
 * characters shown as <U+XXXX> */
static void
test_network_text_plain (void)
{
  g_autoptr(SpcChecklistItem) item = spc_checklist_item_new (QUESTION, SPC_CHECKLIST_NO,
                                                            g_strdup ("R&D <b>mx</b>\u202Etxt"),
                                                            g_strdup ("250 <i>ok</i>\u200B"));
  GtkWidget *row = spc_checklist_row_new (item);
  GtkWidget *window = show_in_window (720, row, NULL);
  GtkWidget *evidence;

  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "R&D <b>mx</b><U+202E>txt");
  g_assert_nonnull (spc_test_find_widget (row, spc_test_label_is, "R&D <b>mx</b><U+202E>txt", TRUE));
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (row)));

  evidence = spc_test_find_widget (row, spc_test_label_is, "250 <i>ok</i><U+200B>", FALSE);
  g_assert_nonnull (evidence);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (evidence)));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* The narrowest window, a wide one, and either side of the row's switch
   * (480 px: the answer beside the question at 515, above it at 513) */
  static const Case cases[] = {
    { 360, SPC_CHECKLIST_NOT_KNOWN, FALSE },
    { 513, SPC_CHECKLIST_NOT_KNOWN, FALSE },
    { 515, SPC_CHECKLIST_NOT_KNOWN, TRUE },
    { 720, SPC_CHECKLIST_NOT_KNOWN, TRUE },
    { 360, SPC_CHECKLIST_ANSWERED, FALSE },
    { 720, SPC_CHECKLIST_ANSWERED, TRUE },
  };

  g_test_init (&argc, &argv, NULL);

  if (!spc_test_have_display ("/checklist-row/needs-display"))
    return g_test_run ();

  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/checklist-row/%s/%d",
                                               cases[i].answer == SPC_CHECKLIST_ANSWERED ? "answered" : "not-known",
                                               cases[i].window_width);

      g_test_add_data_func (path, &cases[i], test_answer_placed);
    }
  g_test_add_func ("/checklist-row/network-text-plain", test_network_text_plain);

  return g_test_run ();
}
