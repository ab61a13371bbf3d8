/* spc-window-check.c — one check in the window: the entry starts a
 * diagnosis, its results drive the rows, and the advice is computed from
 * the results once they are all in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-checklist-row.h"
#include "spc-port-row.h"
#include "spc-ui-util.h"
#include "spc-window-private.h"

void
_spc_window_show_host_error (SpcWindow  *self,
                             const char *message)
{
  gboolean has_error = message != NULL;

  gtk_label_set_text (self->host_error_label, has_error ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->host_error_label), has_error);

  if (has_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->host_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               has_error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  if (has_error)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->host_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->host_row),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Advice */

static void
clear_checklist (SpcWindow *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->checklist_list, 0)) != NULL)
    gtk_list_box_remove (self->checklist_list, GTK_WIDGET (row));
}

/* @items: of SpcChecklistItem*, NULL to hide the checklist */
void
_spc_window_show_checklist (SpcWindow *self,
                            GPtrArray *items)
{
  clear_checklist (self);

  for (guint i = 0; items != NULL && i < items->len; i++)
    gtk_list_box_append (self->checklist_list,
                         spc_checklist_row_new (g_ptr_array_index (items, i)));

  gtk_widget_set_visible (self->checklist_group, items != NULL && items->len > 0);
}

static void
update_checklist (SpcWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;

  if (self->diagnosis != NULL && spc_diagnosis_is_done (self->diagnosis))
    items = spc_advice_answer_checklist (G_LIST_MODEL (self->diagnosis));
  _spc_window_show_checklist (self, items);
}

/* TRUE when the name did not resolve: every port then failed alike, and one
 * page says so instead of a red row each */
static gboolean
failed_to_resolve (SpcWindow *self)
{
  GListModel *results = G_LIST_MODEL (self->diagnosis);
  guint n = g_list_model_get_n_items (results);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      if (spc_result_get_status (result) != SPC_STATUS_DNS_ERROR)
        return FALSE;
    }

  return n > 0;
}

/* TRUE when no port could even be reached and the system says there is no
 * network: then every red light would be a lie about the server. A port
 * that refused or answered proves a path (loopback works offline too). */
static gboolean
failed_for_lack_of_network (SpcWindow *self)
{
  GListModel *results = G_LIST_MODEL (self->diagnosis);
  guint n = g_list_model_get_n_items (results);

  if (g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      switch (spc_result_get_status (result))
        {
        case SPC_STATUS_UNREACHABLE:
        case SPC_STATUS_DNS_ERROR:
        case SPC_STATUS_FILTERED:
          break;
        default:
          return FALSE;
        }
    }

  return n > 0;
}

static void
stop_progress (SpcWindow *self)
{
  g_clear_handle_id (&self->progress_timer, g_source_remove);
}

/* The advice as soon as it is decided, and the time so far until then */
static void
update_recommendation (SpcWindow *self)
{
  if (self->diagnosis == NULL)
    return;

  spc_recommendation_view_update (self->recommendation, G_LIST_MODEL (self->diagnosis), self->host,
                                  spc_diagnosis_is_done (self->diagnosis),
                                  spc_diagnosis_get_duration_ms (self->diagnosis));
  /* Decided: only a port finishing can add to it now */
  if (spc_recommendation_view_get_advice (self->recommendation) != NULL)
    stop_progress (self);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  update_recommendation (user_data);

  return G_SOURCE_CONTINUE;
}

/* The stack's page @name; the focus, when it was on the page that goes
 * (Try Again on the offline page), to the entry instead of nowhere */
void
_spc_window_show_page (SpcWindow  *self,
                       const char *name)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean focus_goes = page != NULL && focus != NULL && gtk_widget_is_ancestor (focus, page) &&
                        g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), name) != 0;

  gtk_stack_set_visible_child_name (self->stack, name);
  if (focus_goes)
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
}

static void
diagnosis_done_cb (SpcWindow    *self,
                   SpcDiagnosis *diagnosis)
{
  if (diagnosis != self->diagnosis)
    return;

  stop_progress (self);
  update_recommendation (self);
  update_checklist (self);

  if (failed_for_lack_of_network (self))
    {
      _spc_window_show_page (self, "offline");
    }
  else if (failed_to_resolve (self))
    {
      /* The entry is where the spelling gets fixed */
      _spc_window_show_page (self, "not-found");
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
    }
}

static GtkWidget *
create_port_row (gpointer item,
                 gpointer user_data)
{
  SpcWindow *self = user_data;

  return spc_port_row_new (SPC_RESULT (item), self->host);
}

void
_spc_window_stop_diagnosis (SpcWindow *self)
{
  GListModel *results;

  stop_progress (self);
  if (self->diagnosis == NULL)
    return;

  results = G_LIST_MODEL (self->diagnosis);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      g_signal_handlers_disconnect_by_data (result, self);
    }
  g_signal_handlers_disconnect_by_data (self->diagnosis, self);
  spc_diagnosis_cancel (self->diagnosis);
}

/* Connects @self to the diagnosis it now shows: its end, its buttons, and
 * each port as it finishes (the advice can be decided before the end) */
static void
follow_diagnosis (SpcWindow *self)
{
  GListModel *results = G_LIST_MODEL (self->diagnosis);

  g_signal_connect_object (self->diagnosis, "done",
                           G_CALLBACK (diagnosis_done_cb), self,
                           G_CONNECT_SWAPPED);
  /* The buttons and actions follow the diagnosis, whoever stops it */
  g_signal_connect_object (self->diagnosis, "notify::running",
                           G_CALLBACK (_spc_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      g_signal_connect_object (result, "notify::finished",
                               G_CALLBACK (update_recommendation), self,
                               G_CONNECT_SWAPPED);
    }
  self->progress_timer = g_timeout_add_seconds (1, progress_tick_cb, self);
}

/* NULL with @error when the list in Preferences is not valid: then the
 * default ports are checked */
static GArray *
load_port_specs (SpcWindow      *self,
                 const SpcHost  *host,
                 GError        **error)
{
  g_autofree char *ports = NULL;
  GArray *specs;

  if (host->port != 0)
    {
      SpcPortSpec spec = { host->port, spc_port_get_default_mode (host->port) };

      specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
      g_array_append_val (specs, spec);
      return specs;
    }

  ports = g_settings_get_string (self->settings, "ports");
  return spc_port_parse_list (ports, error);
}

static SpcFamily
load_family (SpcWindow *self)
{
  g_autofree char *family = g_settings_get_string (self->settings, "family");

  if (g_str_equal (family, "ipv4"))
    return SPC_FAMILY_IPV4;
  if (g_str_equal (family, "ipv6"))
    return SPC_FAMILY_IPV6;

  return SPC_FAMILY_ANY;
}

/* What the preferences ask for, with the --ca-file of this session, for
 * @specs of @ascii_host */
SpcRequest *
_spc_window_new_request (SpcWindow  *self,
                         const char *ascii_host,
                         GArray     *specs)
{
  g_autofree char *preference = g_settings_get_string (self->settings, "ca-file");
  g_autofree char *reference_host = g_settings_get_string (self->settings, "reference-host");
  const char *ca_file = self->ca_file != NULL ? self->ca_file : preference;

  g_strstrip (reference_host);

  return g_object_new (SPC_TYPE_REQUEST,
                       "host", ascii_host,
                       "ports", specs,
                       "timeout-ms", g_settings_get_uint (self->settings, "timeout") * 1000,
                       "family", load_family (self),
                       "ca-file", ca_file[0] != '\0' ? ca_file : NULL,
                       "reference", g_settings_get_boolean (self->settings, "reference"),
                       "reference-host", reference_host[0] != '\0' ? reference_host : NULL,
                       NULL);
}

static SpcRequest *
build_request (SpcWindow      *self,
               const SpcHost  *host,
               GError        **ports_error)
{
  g_autoptr(GArray) specs = load_port_specs (self, host, ports_error);

  return _spc_window_new_request (self, host->ascii_host, specs);
}

void
_spc_window_check (SpcWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autoptr(SpcHost) host = NULL;
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(GError) ports_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ports_title = NULL;
  g_autofree char *address = NULL;

  if (spc_discovery_is_address (text))
    {
      _spc_window_check_address (self, text);
      return;
    }

  host = spc_host_parse (text, &error);
  if (host == NULL)
    {
      _spc_window_show_host_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return;
    }

  request = build_request (self, host, &ports_error);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  if (diagnosis == NULL)
    {
      /* The host is fine: say where the file was chosen */
      g_autofree char *message = NULL;

      if (self->ca_file == NULL)
        /* Translators: an error about the CA file, then where to change it */
        message = g_strdup_printf (_("%s. Choose another extra CA file in Preferences."), error->message);
      _spc_window_show_host_error (self, message != NULL ? message : error->message);
      return;
    }

  _spc_window_show_host_error (self, NULL);
  if (ports_error != NULL)
    {
      /* Translators: %s says what is wrong with the list in Preferences */
      g_autofree char *message = g_strdup_printf (_("Checking the usual ports: the list in Preferences is not valid (%s)"),
                                                  ports_error->message);

      spc_ui_show_toast (GTK_WIDGET (self->toast_overlay), message);
    }

  /* A second check replaces the first */
  _spc_window_stop_diagnosis (self);
  _spc_window_stop_address (self);
  g_clear_object (&self->diagnosis);
  self->diagnosis = g_steal_pointer (&diagnosis);
  gtk_widget_set_visible (GTK_WIDGET (self->ports_group), TRUE);

  /* The address typed last time is the user name of every configuration */
  address = _spc_window_dup_address (self);
  spc_recommendation_view_set_address (self->recommendation, address);

  g_free (self->host);
  self->host = g_strdup (host->host);

  follow_diagnosis (self);

  /* Rows exist before the first probe starts: one per port, spinning */
  gtk_list_box_bind_model (self->port_list, G_LIST_MODEL (self->diagnosis),
                           create_port_row, self, NULL);

  /* Translators: the heading over the port rows, %s is the server */
  ports_title = g_strdup_printf (_("Ports of %s"), self->host);
  adw_preferences_group_set_title (self->ports_group, ports_title);
  adw_window_title_set_subtitle (self->window_title, self->host);

  update_recommendation (self);
  clear_checklist (self);
  gtk_widget_set_visible (self->checklist_group, FALSE);
  _spc_window_show_page (self, "results");

  self->suggesting = FALSE;
  _spc_window_remember_host (self, host->input);
  _spc_window_update_recent_menu (self);

  /* The probes on a thread of their own: the window's work (layout,
   * drawing) never delays their sockets, so their timings are the CLI's */
  spc_diagnosis_start_in_thread (self->diagnosis);
}

