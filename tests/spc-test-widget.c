/* spc-test-widget.c — finding widgets and measuring what they show, for
 * the tests of the window's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-test-widget.h"

GtkWidget *
spc_test_find_widget (GtkWidget          *widget,
                      SpcTestWidgetMatch  match,
                      const char         *text,
                      gboolean            shown_only)
{
  if (shown_only && !gtk_widget_get_mapped (widget))
    return NULL;
  if (match (widget, text))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spc_test_find_widget (child, match, text, shown_only);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
spc_test_label_is (GtkWidget  *widget,
                   const char *text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

gboolean
spc_test_label_holds (GtkWidget  *widget,
                      const char *text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

void
spc_test_wait_for_layout (GtkWidget *window,
                          GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint frames = 0;
  guint tick;

  gtk_window_present (GTK_WINDOW (window));
  tick = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  while (gtk_widget_get_width (widget) <= 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  frames = 0;
  while (frames < 10 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (widget, tick);
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  g_assert_cmpuint (frames, >=, 10);
}

gboolean
spc_test_is_on_one_line (GtkLabel   *label,
                         const char *text)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *start = strstr (pango_layout_get_text (layout), text);
  int first_line, last_line, x;

  if (start == NULL || pango_layout_is_ellipsized (layout))
    return FALSE;
  pango_layout_index_to_line_x (layout, start - pango_layout_get_text (layout), FALSE, &first_line, &x);
  pango_layout_index_to_line_x (layout, start - pango_layout_get_text (layout) + strlen (text), TRUE,
                                &last_line, &x);

  return first_line == last_line;
}

int
spc_test_width_in_chars (GtkLabel *label)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (label));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = pango_font_metrics_get_approximate_char_width (metrics);

  /* Pango 1.50 has no autoptr for metrics */
  pango_font_metrics_unref (metrics);

  return gtk_widget_get_width (GTK_WIDGET (label)) * PANGO_SCALE / MAX (char_width, 1);
}

gboolean
spc_test_has_own_height (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget),
                      &minimum, &natural, NULL, NULL);
  g_test_message ("row height %d px, asks for %d to %d", gtk_widget_get_height (widget), minimum, natural);
  return gtk_widget_get_height (widget) >= minimum && gtk_widget_get_height (widget) <= natural;
}
