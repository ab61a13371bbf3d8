/* test-port-row.c — a port row follows its result in place
 *
 * The row's detail widgets are made once and bound to the result's
 * properties: news about one fact changes that fact's label and leaves every
 * other widget where it was. Runs under Xvfb; no network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "spc-port-row.h"
#include "spc-result-private.h"
#include "spc-test-util.h"
#include "spc-test-widget.h"

static gboolean
image_shows (GtkWidget  *widget,
             const char *icon_name)
{
  return GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), icon_name) == 0;
}

/* The label inside @widget whose text is exactly @text, NULL if none */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  return GTK_LABEL (spc_test_find_widget (widget, spc_test_label_is, text, FALSE));
}

static void
test_details_updated_in_place (void)
{
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autoptr(GtkWidget) row = NULL;
  GtkLabel *address;
  GtkLabel *stage;

  spc_result_set_stage (result, SPC_STAGE_CONNECT);
  spc_result_set_address (result, "127.0.0.1");
  row = g_object_ref_sink (spc_port_row_new (result, "localhost"));

  address = find_label (row, "127.0.0.1");
  stage = find_label (row, "Connecting");
  g_assert_nonnull (address);
  g_assert_nonnull (stage);
  g_assert_null (find_label (row, "mx.example ESMTP"));
  /* Cleared if the row ever destroys them */
  g_object_add_weak_pointer (G_OBJECT (address), (gpointer *) &address);
  g_object_add_weak_pointer (G_OBJECT (stage), (gpointer *) &stage);

  /* News about other facts: a timing, a transcript line, the stage, the greeting */
  spc_result_set_timing (result, SPC_TIMING_CONNECT, 3);
  spc_result_add_transcript (result, SPC_DIRECTION_SERVER, "220 mx.example ESMTP", 3);
  spc_result_set_stage (result, SPC_STAGE_GREETING);
  spc_result_set_greeting (result, "mx.example ESMTP");

  g_assert_nonnull (address);
  g_assert_true (find_label (row, "127.0.0.1") == address);
  g_assert_nonnull (find_label (row, "3 ms"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (find_label (row, "mx.example ESMTP")))));
  g_assert_nonnull (stage);
  g_assert_cmpstr (gtk_label_get_text (stage), ==, "Waiting for the greeting");

  /* The fact itself changes: the same label says so */
  spc_result_set_address (result, "127.0.0.2");
  g_assert_true (find_label (row, "127.0.0.2") == address);
  g_assert_null (find_label (row, "127.0.0.1"));

  /* Finished: the verdict and the total in the header, the stage gone,
   * the details still the same widgets */
  spc_result_set_timing (result, SPC_TIMING_TOTAL, 12);
  spc_result_finish (result, SPC_STATUS_OK, SPC_DETAIL_WORKS);
  g_assert_cmpstr (spc_port_row_get_verdict_text (SPC_PORT_ROW (row)), ==, "Works");
  g_assert_nonnull (find_label (row, "12 ms"));
  g_assert_nonnull (stage);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (stage))));
  g_assert_true (find_label (row, "127.0.0.2") == address);

  g_object_remove_weak_pointer (G_OBJECT (address), (gpointer *) &address);
  g_object_remove_weak_pointer (G_OBJECT (stage), (gpointer *) &stage);
}

/* A silent port finishes while its reference is still asked; the answer
 * comes later and the header must say it, not the "asking" sentence */
static void
test_reference_after_finish (void)
{
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autoptr(SpcReference) pending = spc_reference_new ("ref.example", SPC_REFERENCE_SOURCE_HOST,
                                                       "127.0.0.3", SPC_REFERENCE_STATUS_PENDING, -1);
  g_autoptr(SpcReference) answered = spc_reference_new ("ref.example", SPC_REFERENCE_SOURCE_HOST,
                                                        "127.0.0.3", SPC_REFERENCE_STATUS_ANSWERED, 4);
  g_autoptr(GtkWidget) row = NULL;
  const char *subtitle;

  spc_result_set_stage (result, SPC_STAGE_CONNECT);
  row = g_object_ref_sink (spc_port_row_new (result, "mail.example"));
  spc_result_set_reference (result, pending);
  spc_result_set_timing (result, SPC_TIMING_TOTAL, 10000);
  spc_result_finish (result, SPC_STATUS_FILTERED, SPC_DETAIL_CONNECT_TIMEOUT);

  subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  g_test_message ("while asking: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "checking whether your network blocks this port"));

  spc_result_set_reference (result, answered);
  subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  g_test_message ("answered: %s", subtitle);
  g_assert_null (strstr (subtitle, "checking"));
  g_assert_nonnull (strstr (subtitle, "The server does not answer on port 587; your network lets it through"));
}

/* The window's narrowest width (360 px, less its margins) and a wide one:
 * the verdict on one line, and the reason at least a short sentence's
 * width a line, never squeezed beside the verdict or cut short */
static void
test_header_readable (gconstpointer data)
{
  int window_width = GPOINTER_TO_INT (data);
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  const char *verdict;
  GtkLabel *verdict_shown;
  GtkLabel *reason;

  spc_result_set_stage (result, SPC_STAGE_CONNECT);
  row = spc_port_row_new (result, "localhost");
  spc_result_set_timing (result, SPC_TIMING_TOTAL, 3000);
  spc_result_finish (result, SPC_STATUS_FILTERED, SPC_DETAIL_CONNECT_TIMEOUT);
  verdict = spc_port_row_get_verdict_text (SPC_PORT_ROW (row));
  g_assert_cmpstr (verdict, ==, "Does not work");

  /* As in the window: a boxed list inside its 12 px margins and the
   * content's 5 px */
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_start (list, 17);
  gtk_widget_set_margin_end (list, 17);
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), window_width, 600);
  spc_test_wait_for_layout (window, row);

  reason = GTK_LABEL (spc_test_find_widget (row, spc_test_label_holds, "Blocked somewhere", TRUE));
  verdict_shown = GTK_LABEL (spc_test_find_widget (row, spc_test_label_holds, verdict, TRUE));
  g_assert_nonnull (reason);
  g_assert_nonnull (verdict_shown);
  g_test_message ("%d px: row %d px, reason %d px (%d chars): \"%s\"; verdict in \"%s\"",
                  window_width, gtk_widget_get_width (row),
                  gtk_widget_get_width (GTK_WIDGET (reason)), spc_test_width_in_chars (reason),
                  gtk_label_get_text (reason), gtk_label_get_text (verdict_shown));

  /* The light's icon beside it: never colour alone */
  g_assert_nonnull (spc_test_find_widget (row, image_shows, "dialog-error-symbolic", TRUE));
  g_assert_true (spc_test_is_on_one_line (verdict_shown, verdict));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (reason)));
  g_assert_cmpint (spc_test_width_in_chars (reason), >=, 28);
  g_assert_true (spc_test_has_own_height (row));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!spc_test_have_display ("/port-row/needs-display"))
    return g_test_run ();

  adw_init ();

  g_test_add_func ("/port-row/details-updated-in-place", test_details_updated_in_place);
  g_test_add_func ("/port-row/reference-after-finish", test_reference_after_finish);
  /* The narrowest window, a wide one, and either side of the row's switch
   * (480 px: the verdict beside the reason at 515, above it at 513) */
  g_test_add_data_func ("/port-row/header-readable/360", GINT_TO_POINTER (360), test_header_readable);
  g_test_add_data_func ("/port-row/header-readable/720", GINT_TO_POINTER (720), test_header_readable);
  g_test_add_data_func ("/port-row/header-readable/515", GINT_TO_POINTER (515), test_header_readable);
  g_test_add_data_func ("/port-row/header-readable/513", GINT_TO_POINTER (513), test_header_readable);

  return g_test_run ();
}
