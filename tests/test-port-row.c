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

/* The label inside @widget whose text is exactly @text, NULL if none */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
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

static void
skip_without_display (void)
{
  g_test_skip ("no display");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_func ("/port-row/needs-display", skip_without_display);
      return g_test_run ();
    }

  adw_init ();

  g_test_add_func ("/port-row/details-updated-in-place", test_details_updated_in_place);
  g_test_add_func ("/port-row/reference-after-finish", test_reference_after_finish);

  return g_test_run ();
}
