/* test-ui-util.c — the window's small helpers, on real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "spc-ui-util.h"

/* Lets queued signal emissions and idles run; bounded */
static void
drain_main_context (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* A selectable paragraph tabbed through keeps no highlighted text */
static void
test_deselect_on_focus_out (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Port 465 works with a valid certificate.");
  GtkWidget *button = gtk_button_new_with_label ("Next");
  int start = -1, end = -1;

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  spc_ui_deselect_on_focus_out (GTK_LABEL (label));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  drain_main_context ();

  /* What tabbing into the label does: focus, everything selected */
  gtk_widget_grab_focus (label);
  gtk_label_select_region (GTK_LABEL (label), 0, -1);
  drain_main_context ();
  g_assert_true (gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end));

  gtk_widget_grab_focus (button);
  drain_main_context ();
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* not gtk_test_init (): it insists on an en_US.UTF-8 locale, which a
   * minimal root (the CI chroots) does not have, and warns fatally */
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui-util/deselect-on-focus-out", test_deselect_on_focus_out);

  return g_test_run ();
}
