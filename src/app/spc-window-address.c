/* spc-window-address.c — an email address in the main entry: the
 * discovery finds its provider's servers, each is probed as soon as it is
 * known, with a group of rows per server, and the advice follows the
 * discovery's ranking. The address becomes the user name of every
 * configuration copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-port-row.h"
#include "spc-ui-util.h"
#include "spc-window-private.h"

gboolean
_spc_window_is_running (SpcWindow *self)
{
  if (self->diagnosis != NULL && spc_diagnosis_is_running (self->diagnosis))
    return TRUE;
  if (self->discovery == NULL)
    return FALSE;
  if (!spc_discovery_is_done (self->discovery))
    return TRUE;
  for (guint i = 0; i < self->diagnoses->len; i++)
    if (spc_diagnosis_is_running (self->diagnoses->pdata[i]))
      return TRUE;
  return FALSE;
}

/* Every port probed for the address, for the progress and failure text;
 * flattened from the diagnoses, so a result still leads to its request
 * (the login uses the very trust its probe used) */
static GListModel *
dup_all_results (SpcWindow *self)
{
  GListStore *store = g_list_store_new (SPC_TYPE_DIAGNOSIS);

  for (guint i = 0; i < self->diagnoses->len; i++)
    g_list_store_append (store, self->diagnoses->pdata[i]);
  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (store)));
}

static void
update_address_advice (SpcWindow *self)
{
  g_autoptr(GListModel) results = NULL;
  g_autofree char *handler = NULL;
  SpcRecommendation *advice = NULL;
  gboolean done;

  if (self->discovery == NULL)
    return;

  done = !_spc_window_is_running (self);
  results = dup_all_results (self);
  /* What the probes confirmed first, then the sources' trust: final once
   * every lookup and probe ended */
  if (done)
    advice = spc_discovery_advice_recommend (self->discovery, self->diagnoses, NULL);
  spc_recommendation_view_update_for_address (self->recommendation, results, advice, done,
                                              (g_get_monotonic_time () - self->address_started) / 1000);

  handler = spc_discovery_advice_describe_handler (self->discovery);
  if (handler != NULL)
    {
      g_autofree char *visible = spc_display_text (handler);

      gtk_label_set_text (self->handler_label, visible);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->handler_label), handler != NULL);

  if (done)
    {
      g_autoptr(GPtrArray) items = spc_discovery_advice_answer_checklist (self->discovery, self->diagnoses);

      _spc_window_show_checklist (self, items);
    }
  _spc_window_update_actions (self);
}

static GtkWidget *
create_discovered_row (gpointer item,
                       gpointer user_data)
{
  return spc_port_row_new (SPC_RESULT (item), user_data);
}

/* The rows of @host, in a group of their own; later candidates of the same
 * host join it */
static GListStore *
ensure_host_group (SpcWindow  *self,
                   const char *host)
{
  GListStore *store = g_hash_table_lookup (self->host_groups, host);
  g_autofree char *title = NULL;
  GtkFlattenListModel *rows;
  GtkWidget *group, *list;

  if (store != NULL)
    return store;

  store = g_list_store_new (SPC_TYPE_DIAGNOSIS);
  g_hash_table_insert (self->host_groups, g_strdup (host), store);

  group = adw_preferences_group_new ();
  /* Translators: the heading over the port rows, %s is the server */
  title = g_strdup_printf (_("Ports of %s"), host);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  rows = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (store)));
  gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (rows),
                           create_discovered_row, g_strdup (host), g_free);
  g_object_unref (rows);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->hosts_box, group);
  gtk_widget_set_visible (GTK_WIDGET (self->hosts_box), TRUE);

  return store;
}

static void
start_host (SpcWindow  *self,
            const char *host,
            GArray     *specs)
{
  g_autoptr(SpcRequest) request = spc_request_copy (self->servers_request);
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *results;

  spc_request_set_host (request, host);
  spc_request_set_ports (request, specs);
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  if (diagnosis == NULL)
    {
      g_warning ("Cannot check %s: %s", host, error->message);
      return;
    }

  g_signal_connect_object (diagnosis, "done", G_CALLBACK (update_address_advice), self, G_CONNECT_SWAPPED);
  results = G_LIST_MODEL (diagnosis);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (results, i);

      g_signal_connect_object (result, "notify::finished",
                               G_CALLBACK (update_address_advice), self, G_CONNECT_SWAPPED);
    }
  g_list_store_append (ensure_host_group (self, host), diagnosis);
  g_ptr_array_add (self->diagnoses, g_object_ref (diagnosis));
  spc_diagnosis_start_in_thread (diagnosis);
}

/* Candidates just found: a diagnosis per host for its new ports */
static void
candidates_added_cb (SpcWindow  *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *candidates)
{
  g_autoptr(GHashTable) specs_by_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpcCandidate) candidate = g_list_model_get_item (candidates, i);
      const char *host = spc_candidate_get_host (candidate);
      SpcPortSpec spec = { spc_candidate_get_port (candidate), spc_candidate_get_mode (candidate) };
      GArray *specs = g_hash_table_lookup (specs_by_host, host);

      if (specs == NULL)
        {
          specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
          g_hash_table_insert (specs_by_host, g_strdup (host), specs);
          g_ptr_array_add (order, g_strdup (host));
        }
      g_array_append_val (specs, spec);
    }

  for (guint i = 0; i < order->len; i++)
    start_host (self, order->pdata[i], g_hash_table_lookup (specs_by_host, order->pdata[i]));

  update_address_advice (self);
}

static void
clear_host_groups (SpcWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hosts_box))) != NULL)
    gtk_box_remove (self->hosts_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->hosts_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->handler_label), FALSE);
  if (self->host_groups != NULL)
    g_hash_table_remove_all (self->host_groups);
}

void
_spc_window_stop_address (SpcWindow *self)
{
  if (self->discovery != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->discovery, self);
      spc_discovery_cancel (self->discovery);
    }
  for (guint i = 0; self->diagnoses != NULL && i < self->diagnoses->len; i++)
    {
      GListModel *results = self->diagnoses->pdata[i];

      for (guint j = 0; j < g_list_model_get_n_items (results); j++)
        {
          g_autoptr(SpcResult) result = g_list_model_get_item (results, j);

          g_signal_handlers_disconnect_by_data (result, self);
        }
      g_signal_handlers_disconnect_by_data (results, self);
      spc_diagnosis_cancel (self->diagnoses->pdata[i]);
    }
  g_clear_object (&self->discovery);
  g_clear_pointer (&self->diagnoses, g_ptr_array_unref);
  g_clear_object (&self->servers_request);
  clear_host_groups (self);
}

/* Stops what runs for the address; what was found stays */
void
_spc_window_cancel_address (SpcWindow *self)
{
  if (self->discovery == NULL)
    return;

  spc_discovery_cancel (self->discovery);
  for (guint i = 0; i < self->diagnoses->len; i++)
    spc_diagnosis_cancel (self->diagnoses->pdata[i]);
  update_address_advice (self);
}

void
_spc_window_check_address (SpcWindow  *self,
                           const char *address)
{
  g_autoptr(SpcDiscovery) discovery = NULL;
  g_autoptr(SpcRequest) trust = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ispdb_url = g_settings_get_string (self->settings, "ispdb-url");

  discovery = spc_discovery_new (address, &error);
  if (discovery == NULL)
    {
      _spc_window_show_host_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
      return;
    }

  /* The same trust as the probes: the extra CA file applies to HTTPS too */
  trust = _spc_window_new_request (self, spc_discovery_get_domain (discovery), NULL);
  if (!spc_request_load_trust (trust, &error))
    {
      _spc_window_show_host_error (self, error->message);
      return;
    }
  _spc_window_show_host_error (self, NULL);

  /* An address replaces any check */
  _spc_window_stop_diagnosis (self);
  g_clear_object (&self->diagnosis);
  gtk_list_box_bind_model (self->port_list, NULL, NULL, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->ports_group), FALSE);
  _spc_window_stop_address (self);

  spc_discovery_set_tls_database (discovery, spc_request_get_tls_database (trust));
  spc_discovery_set_online_lookups (discovery, g_settings_get_boolean (self->settings, "online-lookups"));
  if (ispdb_url[0] != '\0')
    spc_discovery_set_ispdb_url (discovery, ispdb_url);
  spc_discovery_set_timeout_ms (discovery, g_settings_get_uint (self->settings, "timeout") * 1000);

  self->discovery = g_steal_pointer (&discovery);
  self->servers_request = g_steal_pointer (&trust);
  self->diagnoses = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->host_groups == NULL)
    self->host_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->address_started = g_get_monotonic_time ();

  /* Remembered (unless Remember Recent Servers is off): every configuration
   * copied from now on names it */
  _spc_window_remember_address (self, spc_discovery_get_address (self->discovery));
  spc_recommendation_view_set_address (self->recommendation, spc_discovery_get_address (self->discovery));
  adw_window_title_set_subtitle (self->window_title, spc_discovery_get_address (self->discovery));

  g_signal_connect_object (self->discovery, "items-changed",
                           G_CALLBACK (candidates_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->discovery, "done",
                           G_CALLBACK (update_address_advice), self, G_CONNECT_SWAPPED);
  _spc_window_show_checklist (self, NULL);
  _spc_window_show_page (self, "results");
  self->suggesting = FALSE;
  _spc_window_update_recent_menu (self);

  spc_discovery_start (self->discovery);
  /* The bundled table answers within start: those hosts are probed already */
  update_address_advice (self);
}

SpcDiscovery *
spc_window_get_discovery (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->discovery;
}

GPtrArray *
spc_window_get_discovered_diagnoses (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  return self->diagnoses;
}

const char *
spc_window_get_handler_text (SpcWindow *self)
{
  g_return_val_if_fail (SPC_IS_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->handler_label)))
    return NULL;

  return gtk_label_get_text (self->handler_label);
}
