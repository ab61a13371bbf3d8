/* spc-preferences-window.c — the settings of a check, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-ports.h"
#include "spc-preferences-window.h"
#include "spc-ui-util.h"

struct _SpcPreferencesWindow
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwPreferencesDialog  parent_instance;
#else
  AdwPreferencesWindow  parent_instance;
#endif

  GSettings            *settings;
  /* Known port number → its GtkSwitch, in display order */
  GPtrArray            *port_switches;
  /* Set while the widgets are filled from the settings, so that filling
   * them does not write the settings back */
  gboolean              loading_ports;
  /* The other ports in the `ports` key (SpcPortSpec): read from it, or
   * applied last. A switch saves with these, never with unapplied text */
  GArray               *applied_custom;

  AdwActionRow         *timeout_row;
  GtkSpinButton        *timeout_spin;
  AdwComboRow          *family_row;
  AdwPreferencesGroup  *ports_group;
  AdwEntryRow          *custom_ports_row;
  GtkLabel             *ports_error_label;
  AdwActionRow         *ca_file_row;
  GtkButton            *ca_file_clear_button;
  GtkButton            *ca_file_choose_button;
  GtkSwitch            *online_lookups_switch;
  GtkSwitch            *remember_hosts_switch;
  AdwActionRow         *recent_hosts_row;
  GtkButton            *clear_recent_button;
  GtkSwitch            *reference_switch;
  AdwEntryRow          *reference_host_row;
};

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (SpcPreferencesWindow, spc_preferences_window, ADW_TYPE_PREFERENCES_DIALOG)
#else
G_DEFINE_FINAL_TYPE (SpcPreferencesWindow, spc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
#endif

/* The order of the rows of family_row */
static const char * const family_ids[] = { "any", "ipv4", "ipv6" };

static gboolean
family_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *family = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (family_ids); i++)
    {
      if (g_str_equal (family, family_ids[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
family_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (family_ids))
    return NULL;

  return g_variant_new_string (family_ids[selected]);
}

static gboolean
ca_file_subtitle_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *path = g_variant_get_string (variant, NULL);

  if (path[0] == '\0')
    g_value_set_string (value, _("None: only the system’s authorities are trusted"));
  else
    g_value_take_string (value, g_filename_display_name (path));

  return TRUE;
}

static gboolean
string_not_empty_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  g_value_set_boolean (value, g_variant_get_string (variant, NULL)[0] != '\0');
  return TRUE;
}

static gboolean
recent_hosts_subtitle_mapping (GValue   *value,
                               GVariant *variant,
                               gpointer  user_data)
{
  gsize count = g_variant_n_children (variant);

  if (count == 0)
    g_value_set_string (value, _("No server remembered"));
  else
    g_value_take_string (value,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u server remembered",
                                                       "%u servers remembered",
                                                       count),
                                          (guint) count));

  return TRUE;
}

static GtkSwitch *
spc_preferences_window_get_port_switch (SpcPreferencesWindow *self,
                                        guint16               port)
{
  for (guint i = 0; i < self->port_switches->len; i++)
    {
      GtkSwitch *port_switch = g_ptr_array_index (self->port_switches, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (port_switch), "spc-port")) == port)
        return port_switch;
    }

  return NULL;
}

static void
spc_preferences_window_show_ports_error (SpcPreferencesWindow *self,
                                         const char           *message)
{
  gtk_label_set_text (self->ports_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->ports_error_label), message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->custom_ports_row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->custom_ports_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->custom_ports_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->custom_ports_row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->custom_ports_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->custom_ports_row),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
append_spec (GString           *list,
             const SpcPortSpec *spec)
{
  if (list->len > 0)
    g_string_append_c (list, ',');

  g_string_append_printf (list, "%u", spec->port);
  if (spec->mode != spc_port_get_default_mode (spec->port))
    g_string_append_printf (list, "/%s", spc_mode_to_string (spec->mode));
}

static gboolean
spec_in_list (GArray            *specs,
              const SpcPortSpec *spec)
{
  for (guint i = 0; i < specs->len; i++)
    {
      const SpcPortSpec *other = &g_array_index (specs, SpcPortSpec, i);

      if (other->port == spec->port && other->mode == spec->mode)
        return TRUE;
    }

  return FALSE;
}

/* The other ports typed: no port for no text, NULL and @error for text
 * that does not parse */
static GArray *
parse_custom_text (const char  *text,
                   GError     **error)
{
  if (text[0] == '\0')
    return g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));

  return spc_port_parse_list (text, error);
}

/* The entry's text → its inline error: why it does not parse, or none */
static void
spc_preferences_window_check_custom_text (SpcPreferencesWindow *self)
{
  g_autoptr(GArray) specs = NULL;
  g_autoptr(GError) error = NULL;

  specs = parse_custom_text (gtk_editable_get_text (GTK_EDITABLE (self->custom_ports_row)), &error);
  spc_preferences_window_show_ports_error (self, specs == NULL ? error->message : NULL);
}

/* Switches and @custom → the `ports` key. Leaves the key alone, says why
 * inline and returns FALSE when nothing is chosen. */
static gboolean
spc_preferences_window_save_ports (SpcPreferencesWindow *self,
                                   GArray               *custom)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));

  for (guint i = 0; i < self->port_switches->len; i++)
    {
      GtkSwitch *port_switch = g_ptr_array_index (self->port_switches, i);
      SpcPortSpec spec;

      if (!gtk_switch_get_active (port_switch))
        continue;

      spec.port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (port_switch), "spc-port"));
      spec.mode = spc_port_get_default_mode (spec.port);
      g_array_append_val (chosen, spec);
    }

  for (guint i = 0; i < custom->len; i++)
    {
      const SpcPortSpec *spec = &g_array_index (custom, SpcPortSpec, i);

      if (!spec_in_list (chosen, spec))
        g_array_append_val (chosen, *spec);
    }

  if (chosen->len == 0)
    {
      spc_preferences_window_show_ports_error (self, _("Choose at least one port to test."));
      return FALSE;
    }

  for (guint i = 0; i < chosen->len; i++)
    append_spec (list, &g_array_index (chosen, SpcPortSpec, i));

  self->loading_ports = TRUE;
  g_settings_set_string (self->settings, "ports", list->str);
  self->loading_ports = FALSE;

  return TRUE;
}

/* Whether a check would still have a port without @except: another switch
 * on, or other ports applied */
static gboolean
spc_preferences_window_has_other_port (SpcPreferencesWindow *self,
                                       GtkSwitch            *except)
{
  for (guint i = 0; i < self->port_switches->len; i++)
    {
      GtkSwitch *port_switch = g_ptr_array_index (self->port_switches, i);

      if (port_switch != except && gtk_switch_get_active (port_switch))
        return TRUE;
    }

  return self->applied_custom->len > 0;
}

/* The row of @port_switch says why it stays on (NULL: its usual subtitle) */
static void
spc_preferences_window_show_refusal (SpcPreferencesWindow *self,
                                     GtkSwitch            *port_switch,
                                     const char           *message)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (port_switch), ADW_TYPE_ACTION_ROW);
  guint port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (port_switch), "spc-port"));

  if (row == NULL)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               message != NULL ? message : spc_port_get_title (port));
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "refused");
      gtk_accessible_update_property (GTK_ACCESSIBLE (port_switch),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "refused");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (port_switch),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Ends the refusals a check with other ports makes moot */
static void
spc_preferences_window_clear_refusals (SpcPreferencesWindow *self)
{
  for (guint i = 0; i < self->port_switches->len; i++)
    {
      GtkSwitch *port_switch = g_ptr_array_index (self->port_switches, i);

      if (spc_preferences_window_has_other_port (self, port_switch))
        spc_preferences_window_show_refusal (self, port_switch, NULL);
    }
}

/* The `ports` key → switches (known ports in their usual mode) and the
 * custom entry (every other port, or a known one in another mode) */
static void
spc_preferences_window_load_ports (SpcPreferencesWindow *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, "ports");
  g_autoptr(GArray) specs = spc_port_parse_list (text, NULL);
  g_autoptr(GString) custom = g_string_new (NULL);
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));

  if (self->loading_ports)
    return;

  /* A key that does not parse was not written by this window: show the defaults */
  if (specs == NULL)
    specs = spc_port_default_specs ();

  self->loading_ports = TRUE;

  for (guint i = 0; i < self->port_switches->len; i++)
    gtk_switch_set_active (g_ptr_array_index (self->port_switches, i), FALSE);

  for (guint i = 0; i < specs->len; i++)
    {
      const SpcPortSpec *spec = &g_array_index (specs, SpcPortSpec, i);
      GtkSwitch *port_switch = spc_preferences_window_get_port_switch (self, spec->port);

      if (port_switch != NULL && spec->mode == spc_port_get_default_mode (spec->port))
        gtk_switch_set_active (port_switch, TRUE);
      else
        {
          append_spec (custom, spec);
          g_array_append_val (applied, *spec);
        }
    }

  g_clear_pointer (&self->applied_custom, g_array_unref);
  self->applied_custom = g_steal_pointer (&applied);

  gtk_editable_set_text (GTK_EDITABLE (self->custom_ports_row), custom->str);
  spc_preferences_window_show_ports_error (self, NULL);
  spc_preferences_window_clear_refusals (self);

  self->loading_ports = FALSE;
}

static void
ports_changed_cb (SpcPreferencesWindow *self,
                  const char           *key,
                  GSettings            *settings)
{
  spc_preferences_window_load_ports (self);
}

static void
port_switch_active_cb (SpcPreferencesWindow *self,
                       GParamSpec           *pspec,
                       GtkSwitch            *port_switch)
{
  if (self->loading_ports)
    return;

  /* The last port switched off: refused where it happened, the switch
   * back on, rather than a key that silently keeps a port */
  if (!gtk_switch_get_active (port_switch)
      && !spc_preferences_window_has_other_port (self, port_switch))
    {
      self->loading_ports = TRUE;
      gtk_switch_set_active (port_switch, TRUE);
      self->loading_ports = FALSE;
      spc_preferences_window_show_refusal (self, port_switch,
                                           _("A check needs at least one port: switch another on first"));
      return;
    }

  spc_preferences_window_clear_refusals (self);
  /* Saved with the other ports applied last: the text typed since stays,
   * with its error if it has one, until Apply */
  if (spc_preferences_window_save_ports (self, self->applied_custom))
    spc_preferences_window_check_custom_text (self);
}

/* Only Apply (or Enter) saves the other ports */
static void
custom_ports_apply_cb (SpcPreferencesWindow *self,
                       AdwEntryRow          *row)
{
  g_autoptr(GArray) custom = NULL;
  g_autoptr(GError) error = NULL;

  custom = parse_custom_text (gtk_editable_get_text (GTK_EDITABLE (row)), &error);
  if (custom == NULL)
    {
      spc_preferences_window_show_ports_error (self, error->message);
      return;
    }

  if (!spc_preferences_window_save_ports (self, custom))
    return;

  g_clear_pointer (&self->applied_custom, g_array_unref);
  self->applied_custom = g_steal_pointer (&custom);
  spc_preferences_window_show_ports_error (self, NULL);
  spc_preferences_window_clear_refusals (self);
}

static void
custom_ports_changed_cb (SpcPreferencesWindow *self,
                         AdwEntryRow          *row)
{
  if (self->loading_ports)
    return;

  /* Say what is wrong while typing; the key changes only on apply */
  spc_preferences_window_check_custom_text (self);
}

static void
spc_preferences_window_add_port_rows (SpcPreferencesWindow *self)
{
  g_autoptr(GArray) specs = spc_port_default_specs ();

  for (guint i = 0; i < specs->len; i++)
    {
      const SpcPortSpec *spec = &g_array_index (specs, SpcPortSpec, i);
      g_autofree char *title = NULL;
      AdwActionRow *row;
      GtkWidget *port_switch;

      /* Translators: a row title, %u is a port number such as 587 */
      title = g_strdup_printf (_("Port %u"), spec->port);

      row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, spc_port_get_title (spec->port));

      port_switch = gtk_switch_new ();
      gtk_widget_set_valign (port_switch, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (port_switch), "spc-port", GUINT_TO_POINTER (spec->port));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (port_switch),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                      -1);
      g_signal_connect_object (port_switch, "notify::active",
                               G_CALLBACK (port_switch_active_cb), self,
                               G_CONNECT_SWAPPED);

      adw_action_row_add_suffix (row, port_switch);
      adw_action_row_set_activatable_widget (row, port_switch);
      adw_preferences_group_add (self->ports_group, GTK_WIDGET (row));
      g_ptr_array_add (self->port_switches, port_switch);
    }
}

static void
show_toast (SpcPreferencesWindow *self,
            const char           *text)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (text));
#else
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
#endif
}

/* The window the file chooser belongs to: this one, or the one the dialog
 * is shown over */
static GtkWindow *
get_parent_window (SpcPreferencesWindow *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
spc_preferences_window_set_ca_file (SpcPreferencesWindow *self,
                                    GFile                *file)
{
  g_autofree char *path = NULL;

  if (file != NULL)
    path = g_file_get_path (file);

  if (file != NULL && path == NULL)
    {
      /* The engine reads the file with a path; a remote location has none */
      show_toast (self, _("Choose a file on this computer"));
      return;
    }

  g_settings_set_string (self->settings, "ca-file", path != NULL ? path : "");
}

static GtkFileFilter *
create_certificate_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_filter_add_mime_type (filter, "application/x-pem-file");

  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
ca_file_dialog_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SpcPreferencesWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (file != NULL)
    spc_preferences_window_set_ca_file (self, file);
}

static void
ca_file_choose_cb (SpcPreferencesWindow *self,
                   GtkButton            *button)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = create_certificate_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Choose Certificate Authorities"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, get_parent_window (self), NULL,
                        ca_file_dialog_done_cb, g_object_ref (self));
}
#else
static void
ca_file_chooser_response_cb (GtkNativeDialog      *native,
                             int                   response,
                             SpcPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      spc_preferences_window_set_ca_file (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
ca_file_choose_cb (SpcPreferencesWindow *self,
                   GtkButton            *button)
{
  g_autoptr(GtkFileFilter) filter = create_certificate_filter ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose Certificate Authorities"),
                                        get_parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  /* The dialog owns itself until it answers */
  g_signal_connect_object (native, "response",
                           G_CALLBACK (ca_file_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

static void
ca_file_clear_cb (SpcPreferencesWindow *self,
                  GtkButton            *button)
{
  g_settings_reset (self->settings, "ca-file");
}

/* Clear: what is remembered of what was typed, the servers or the address */
static void
update_clear_recent (SpcPreferencesWindow *self)
{
  g_auto(GStrv) hosts = g_settings_get_strv (self->settings, "recent-hosts");
  g_autofree char *address = g_settings_get_string (self->settings, "address");

  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_recent_button),
                            hosts[0] != NULL || address[0] != '\0');
}

static void
clear_recent_cb (SpcPreferencesWindow *self,
                 GtkButton            *button)
{
  g_settings_reset (self->settings, "recent-hosts");
  g_settings_reset (self->settings, "address");
  show_toast (self, _("Recent servers and your email address forgotten"));
}

/* Whose firewall: the switch and the host of the reference check, in the
 * Checks group; built here so the .ui stays the same on libadwaita 1.2 */
static void
spc_preferences_window_add_reference_rows (SpcPreferencesWindow *self)
{
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->timeout_row),
                                              ADW_TYPE_PREFERENCES_GROUP);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("Check Blocked Ports on a Reference Server"));
  adw_action_row_set_subtitle (row, _("Tells whether your network or the server blocks a silent port."));
  self->reference_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->reference_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->reference_switch),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (row, GTK_WIDGET (self->reference_switch));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->reference_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));

  self->reference_host_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reference_host_row),
                                 _("Reference Server"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->reference_host_row));

  g_settings_bind (self->settings, "reference",
                   self->reference_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reference-host",
                   self->reference_host_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->reference_switch, "active",
                          self->reference_host_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
}

static void
spc_preferences_window_dispose (GObject *object)
{
  SpcPreferencesWindow *self = SPC_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (spc_preferences_window_parent_class)->dispose (object);
}

static void
spc_preferences_window_finalize (GObject *object)
{
  SpcPreferencesWindow *self = SPC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->port_switches, g_ptr_array_unref);
  g_clear_pointer (&self->applied_custom, g_array_unref);

  G_OBJECT_CLASS (spc_preferences_window_parent_class)->finalize (object);
}

static void
spc_preferences_window_class_init (SpcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spc_preferences_window_dispose;
  object_class->finalize = spc_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/SmtpPort/spc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, family_row);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, ports_group);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, custom_ports_row);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, ports_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, ca_file_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, ca_file_choose_button);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, online_lookups_switch);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, remember_hosts_switch);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, recent_hosts_row);
  gtk_widget_class_bind_template_child (widget_class, SpcPreferencesWindow, clear_recent_button);
  gtk_widget_class_bind_template_callback (widget_class, custom_ports_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_ports_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_file_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_file_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_recent_cb);
}

static void
spc_preferences_window_init (SpcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
#endif

  self->settings = g_settings_new (APP_ID);
  self->port_switches = g_ptr_array_new ();

  g_settings_bind (self->settings, "timeout",
                   self->timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "family",
                                self->family_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                family_get_mapping, family_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "ca-file",
                                self->ca_file_row, "subtitle",
                                G_SETTINGS_BIND_GET,
                                ca_file_subtitle_mapping, NULL,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "ca-file",
                                self->ca_file_clear_button, "sensitive",
                                G_SETTINGS_BIND_GET,
                                string_not_empty_mapping, NULL,
                                NULL, NULL);
  spc_preferences_window_add_reference_rows (self);
  g_settings_bind (self->settings, "online-lookups",
                   self->online_lookups_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "remember-hosts",
                   self->remember_hosts_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "recent-hosts",
                                self->recent_hosts_row, "subtitle",
                                G_SETTINGS_BIND_GET,
                                recent_hosts_subtitle_mapping, NULL,
                                NULL, NULL);
  g_signal_connect_object (self->settings, "changed::recent-hosts",
                           G_CALLBACK (update_clear_recent), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::address",
                           G_CALLBACK (update_clear_recent), self, G_CONNECT_SWAPPED);
  update_clear_recent (self);

  spc_preferences_window_add_port_rows (self);
  spc_preferences_window_load_ports (self);
  spc_ui_read_buttons_as_shown (GTK_WIDGET (self));
  g_signal_connect_object (self->settings, "changed::ports",
                           G_CALLBACK (ports_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

SpcPreferencesWindow *
spc_preferences_window_new (void)
{
  return g_object_new (SPC_TYPE_PREFERENCES_WINDOW, NULL);
}

void
spc_preferences_window_set_session_ca_file (SpcPreferencesWindow *self,
                                            const char           *path)
{
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (SPC_IS_PREFERENCES_WINDOW (self));

  if (path == NULL)
    return;

  g_settings_unbind (self->ca_file_row, "subtitle");
  g_settings_unbind (self->ca_file_clear_button, "sensitive");

  shown = g_filename_display_name (path);
  /* Translators: %s is a file name, given as smtp-port-checker --ca-file FILE */
  subtitle = g_strdup_printf (_("%s, for this session (--ca-file)"), shown);
  adw_action_row_set_subtitle (self->ca_file_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_file_clear_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_file_choose_button), FALSE);
}
