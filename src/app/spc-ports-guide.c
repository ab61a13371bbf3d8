/* spc-ports-guide.c — the SMTP Ports Guide: what each port is for, and the
 * questions a check answers
 *
 * The explanations come from the engine's port catalogue, so the window,
 * the details of a row and the CLI all say the same thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-ports.h"
#include "spc-ports-guide.h"
#include "spc-ui-util.h"

struct _SpcPortsGuide
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog             parent_instance;
#else
  AdwWindow             parent_instance;
#endif

  AdwPreferencesGroup  *ports_group;
};

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (SpcPortsGuide, spc_ports_guide, ADW_TYPE_DIALOG)
#else
G_DEFINE_FINAL_TYPE (SpcPortsGuide, spc_ports_guide, ADW_TYPE_WINDOW)
#endif

static GtkWidget *
create_port_row (const SpcPortSpec *spec)
{
  g_autofree char *title = NULL;
  g_autofree char *security = NULL;
  const char *service = spc_port_get_service_name (spec->port);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;

  if (service != NULL)
    /* Translators: "Port 587 (submission): Submission with STARTTLS" */
    title = g_strdup_printf (_("Port %u (%s): %s"),
                             spec->port, service, spc_port_get_title (spec->port));
  else
    /* Translators: "Port 2526: Custom port" */
    title = g_strdup_printf (_("Port %u: %s"), spec->port, spc_port_get_title (spec->port));

  /* Translators: %s is "SSL/TLS", "STARTTLS" or "None" */
  security = g_strdup_printf (_("Connection security: %s"),
                              spc_mode_get_security_label (spec->mode));

  /* Labels, not a row's title and subtitle: those would read the text as markup */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = spc_ui_wrapping_label_new (title, PANGO_WRAP_WORD);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = spc_ui_wrapping_label_new (spc_port_get_explanation (spec->port), PANGO_WRAP_WORD);
  gtk_box_append (GTK_BOX (box), label);

  label = spc_ui_wrapping_label_new (security, PANGO_WRAP_WORD);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  /* A preferences row, so the group puts it in its boxed list */
  row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                      "title", title,
                      "use-markup", FALSE,
                      "activatable", FALSE,
                      "focusable", TRUE,
                      "child", box,
                      NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  spc_port_get_explanation (spec->port),
                                  -1);

  return row;
}

static void
spc_ports_guide_class_init (SpcPortsGuideClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/SmtpPort/spc-ports-guide.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcPortsGuide, ports_group);
#if !ADW_CHECK_VERSION (1, 5, 0)
  /* As a dialog does */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
#endif
}

static void
spc_ports_guide_init (SpcPortsGuide *self)
{
  g_autoptr(GArray) specs = spc_port_default_specs ();

  gtk_widget_init_template (GTK_WIDGET (self));
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
#endif

  for (guint i = 0; i < specs->len; i++)
    adw_preferences_group_add (self->ports_group,
                               create_port_row (&g_array_index (specs, SpcPortSpec, i)));
}

SpcPortsGuide *
spc_ports_guide_new (void)
{
  return g_object_new (SPC_TYPE_PORTS_GUIDE, NULL);
}
