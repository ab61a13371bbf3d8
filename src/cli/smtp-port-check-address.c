/* smtp-port-check-address.c — an email address: discover its provider's
 * servers and probe each candidate as soon as it is known
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "smtp-port-check-private.h"

struct _AddressJob {
  Run            *run;
  const Settings *settings;     /* lives as long as the run */
  SpcDiscovery   *discovery;
  GPtrArray      *jobs;         /* HostJob*, owned by run->jobs, in the order started */
  gboolean        done;
};

static void
address_job_free (AddressJob *address)
{
  g_signal_handlers_disconnect_by_data (address->discovery, address);
  g_object_unref (address->discovery);
  g_ptr_array_unref (address->jobs);
  g_free (address);
}

gboolean
_spc_cli_add_address (Run             *run,
                      const char      *input,
                      const Options   *options,
                      const Settings  *settings,
                      GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SpcDiscovery *discovery = spc_discovery_new (input, &local_error);
  AddressJob *address;

  if (discovery == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an email address whose domain can be looked up"), input);
      return FALSE;
    }
  spc_discovery_set_online_lookups (discovery, !options->no_online_lookups);
  if (options->ispdb_url != NULL)
    spc_discovery_set_ispdb_url (discovery, options->ispdb_url);
  /* The same trust as the probes: --ca-file applies to HTTPS lookups too */
  spc_discovery_set_tls_database (discovery, spc_request_get_tls_database (settings->request));
  /* A lookup waits no longer than a probe's stage */
  spc_discovery_set_timeout_ms (discovery, settings->timeout_ms);

  if (run->addresses == NULL)
    run->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) address_job_free);
  address = g_new0 (AddressJob, 1);
  address->run = run;
  address->settings = settings;
  address->discovery = discovery;
  address->jobs = g_ptr_array_new ();
  g_ptr_array_add (run->addresses, address);
  return TRUE;
}

/* The candidates just found, one diagnosis per host with their ports */
static void
on_candidates (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               AddressJob *address)
{
  Run *run = address->run;
  g_autoptr(GHashTable) by_host = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();

  if (run->interrupted)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpcCandidate) candidate = g_list_model_get_item (model, i);
      const char *host = spc_candidate_get_host (candidate);
      GArray *specs = g_hash_table_lookup (by_host, host);
      SpcPortSpec spec = { spc_candidate_get_port (candidate), spc_candidate_get_mode (candidate) };

      if (specs == NULL)
        {
          specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
          /* The candidate outlives this table: the discovery keeps it */
          g_hash_table_insert (by_host, (gpointer) host, specs);
          g_ptr_array_add (hosts, (gpointer) host);
        }
      g_array_append_val (specs, spec);
    }

  for (guint i = 0; i < hosts->len; i++)
    {
      SpcHost *host = spc_host_parse (hosts->pdata[i], NULL);
      GArray *specs;
      HostJob *job;

      /* The discovery checked the name already */
      if (host == NULL)
        continue;
      g_hash_table_steal_extended (by_host, hosts->pdata[i], NULL, (gpointer *) &specs);
      job = _spc_cli_host_job_new (run, host, specs, address->settings, FALSE);
      job->address = address;
      g_ptr_array_add (run->jobs, job);
      g_ptr_array_add (address->jobs, job);
    }
  _spc_cli_start_jobs (run);
}

static void
on_discovery_done (SpcDiscovery *discovery,
                   AddressJob   *address)
{
  if (address->done)
    return;
  address->done = TRUE;
  address->run->n_discovering--;
  _spc_cli_maybe_quit (address->run);
}

void
_spc_cli_start_addresses (Run *run)
{
  for (guint i = 0; run->addresses != NULL && i < run->addresses->len; i++)
    {
      AddressJob *address = run->addresses->pdata[i];

      g_signal_connect (address->discovery, "items-changed", G_CALLBACK (on_candidates), address);
      g_signal_connect (address->discovery, "done", G_CALLBACK (on_discovery_done), address);
      run->n_discovering++;
      spc_discovery_start (address->discovery);
    }
}

void
_spc_cli_cancel_addresses (Run *run)
{
  for (guint i = 0; run->addresses != NULL && i < run->addresses->len; i++)
    spc_discovery_cancel (((AddressJob *) run->addresses->pdata[i])->discovery);
}

/* The diagnoses of an address's candidates that started */
static GPtrArray *
started_diagnoses (AddressJob *address)
{
  GPtrArray *diagnoses = g_ptr_array_new ();

  for (guint i = 0; i < address->jobs->len; i++)
    {
      HostJob *job = address->jobs->pdata[i];

      if (job->started)
        g_ptr_array_add (diagnoses, job->diagnosis);
    }
  return diagnoses;
}

gboolean
_spc_cli_addresses_green (Run *run)
{
  for (guint i = 0; run->addresses != NULL && i < run->addresses->len; i++)
    {
      AddressJob *address = run->addresses->pdata[i];
      g_autoptr(GPtrArray) diagnoses = started_diagnoses (address);
      g_autoptr(SpcRecommendation) recommendation =
        spc_discovery_advice_recommend (address->discovery, diagnoses, NULL);

      if (recommendation == NULL)
        return FALSE;
    }
  return TRUE;
}

/* One address alone: its object. Otherwise {"addresses": […], "hosts": […]}
 * with the HOST arguments' reports in "hosts". */
static void
print_addresses_json (Run *run)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean hosts_given = FALSE;

  for (guint i = 0; i < run->jobs->len; i++)
    if (((HostJob *) run->jobs->pdata[i])->address == NULL)
      hosts_given = TRUE;

  if (run->addresses->len == 1 && !hosts_given)
    {
      AddressJob *address = run->addresses->pdata[0];
      g_autoptr(GPtrArray) diagnoses = started_diagnoses (address);

      root = spc_discovery_report_to_json_node (address->discovery, diagnoses);
      _spc_cli_print_json (root);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->addresses->len; i++)
    {
      AddressJob *address = run->addresses->pdata[i];
      g_autoptr(GPtrArray) diagnoses = started_diagnoses (address);

      json_builder_add_value (builder, spc_discovery_report_to_json_node (address->discovery, diagnoses));
    }
  json_builder_end_array (builder);
  _spc_cli_add_hosts_json (builder, run);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  _spc_cli_print_json (root);
}

void
_spc_cli_print_with_addresses (Run      *run,
                               gboolean  json,
                               gboolean  color)
{
  gboolean first = TRUE;

  if (json)
    {
      print_addresses_json (run);
      return;
    }

  for (guint i = 0; i < run->addresses->len; i++)
    {
      AddressJob *address = run->addresses->pdata[i];
      g_autoptr(GPtrArray) diagnoses = started_diagnoses (address);
      g_autofree char *text = spc_discovery_report_to_text (address->discovery, diagnoses, color);

      if (!first)
        _spc_cli_write_stdout ("\n");
      first = FALSE;
      _spc_cli_write_stdout (text);
    }
  for (guint i = 0; i < run->jobs->len; i++)
    {
      HostJob *job = run->jobs->pdata[i];
      g_autofree char *text = NULL;

      if (job->address != NULL || !job->started)
        continue;
      text = spc_report_to_text (job->diagnosis, color);
      _spc_cli_write_stdout ("\n");
      _spc_cli_write_stdout (text);
    }
}
