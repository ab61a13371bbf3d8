/* spc-discovery.c — from an email address to the provider's outgoing servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-discovery-private.h"
#include "spc-error.h"
#include "spc-host.h"

static void spc_discovery_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpcDiscovery, spc_discovery, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      spc_discovery_list_model_init))

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
spc_discovery_get_item_type (GListModel *model)
{
  return SPC_TYPE_CANDIDATE;
}

static guint
spc_discovery_get_n_items (GListModel *model)
{
  return SPC_DISCOVERY (model)->candidates->len;
}

static gpointer
spc_discovery_get_item (GListModel *model,
                        guint       position)
{
  SpcDiscovery *self = SPC_DISCOVERY (model);

  if (position >= self->candidates->len)
    return NULL;
  return g_object_ref (self->candidates->pdata[position]);
}

static void
spc_discovery_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = spc_discovery_get_item_type;
  iface->get_n_items = spc_discovery_get_n_items;
  iface->get_item = spc_discovery_get_item;
}

static void
spc_discovery_dispose (GObject *object)
{
  SpcDiscovery *self = SPC_DISCOVERY (object);

  /* Running lookups hold a reference: none is left here */
  g_clear_handle_id (&self->guess_timeout_id, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (spc_discovery_parent_class)->dispose (object);
}

static void
spc_discovery_finalize (GObject *object)
{
  SpcDiscovery *self = SPC_DISCOVERY (object);

  g_free (self->address);
  g_free (self->local_part);
  g_free (self->domain);
  g_clear_object (&self->database);
  g_free (self->ispdb_url);
  g_clear_object (&self->table);
  g_object_unref (self->sources);
  g_ptr_array_unref (self->candidates);
  g_ptr_array_unref (self->lookups);
  g_ptr_array_unref (self->mx_hosts);
  g_free (self->provider);

  G_OBJECT_CLASS (spc_discovery_parent_class)->finalize (object);
}

static void
spc_discovery_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpcDiscovery *self = SPC_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_discovery_class_init (SpcDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spc_discovery_dispose;
  object_class->finalize = spc_discovery_finalize;
  object_class->get_property = spc_discovery_get_property;

  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
spc_discovery_init (SpcDiscovery *self)
{
  self->ispdb_url = g_strdup (SPC_DISCOVERY_DEFAULT_ISPDB_URL);
  self->online = TRUE;
  self->timeout_ms = SPC_DISCOVERY_DEFAULT_TIMEOUT_MS;
  self->sources = g_list_store_new (SPC_TYPE_DISCOVERY_SOURCE);
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  self->lookups = g_ptr_array_new ();
  self->mx_hosts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->mx_hosts, NULL);
  self->provider_trust = G_MAXUINT;
}

gboolean
spc_discovery_is_address (const char *text)
{
  const char *at;

  if (text == NULL)
    return FALSE;
  at = strrchr (text, '@');
  return at != NULL && at != text && at[1] != '\0';
}

SpcDiscovery *
spc_discovery_new (const char  *address,
                   GError     **error)
{
  g_autoptr(SpcDiscovery) self = NULL;
  g_autoptr(SpcHost) host = NULL;
  g_autofree char *trimmed = NULL;
  const char *at;

  g_return_val_if_fail (address != NULL, NULL);

  trimmed = g_strstrip (g_strdup (address));
  at = strrchr (trimmed, '@');
  if (!spc_discovery_is_address (trimmed))
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   "“%s” is not an email address.", trimmed);
      return NULL;
    }
  host = spc_host_parse (at + 1, error);
  if (host == NULL)
    return NULL;
  if (host->is_address || host->port != 0 || strchr (host->ascii_host, '.') == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   "“%s” is not a mail domain.", at + 1);
      return NULL;
    }

  self = g_object_new (SPC_TYPE_DISCOVERY, NULL);
  self->address = g_strdup (trimmed);
  self->local_part = g_strndup (trimmed, at - trimmed);
  self->domain = g_ascii_strdown (host->ascii_host, -1);
  return g_steal_pointer (&self);
}

void
spc_discovery_set_tls_database (SpcDiscovery *self,
                                GTlsDatabase *database)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));
  g_return_if_fail (!self->started);

  g_set_object (&self->database, database);
}

void
spc_discovery_set_ispdb_url (SpcDiscovery *self,
                             const char   *url)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));
  g_return_if_fail (!self->started);

  g_free (self->ispdb_url);
  /* The domain is appended: make sure a slash separates them */
  if (url == NULL)
    self->ispdb_url = g_strdup (SPC_DISCOVERY_DEFAULT_ISPDB_URL);
  else if (g_str_has_suffix (url, "/"))
    self->ispdb_url = g_strdup (url);
  else
    self->ispdb_url = g_strconcat (url, "/", NULL);
}

void
spc_discovery_set_online_lookups (SpcDiscovery *self,
                                  gboolean      online)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));
  g_return_if_fail (!self->started);

  self->online = online;
}

void
spc_discovery_set_timeout_ms (SpcDiscovery *self,
                              guint         timeout_ms)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

const char *
spc_discovery_get_address (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return self->address;
}

const char *
spc_discovery_get_local_part (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return self->local_part;
}

const char *
spc_discovery_get_domain (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return self->domain;
}

const char *
spc_discovery_get_ispdb_url (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return self->ispdb_url;
}

gboolean
spc_discovery_get_online_lookups (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), FALSE);

  return self->online;
}

GListModel *
spc_discovery_get_sources (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return G_LIST_MODEL (self->sources);
}

const char *
spc_discovery_get_provider (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return self->provider;
}

const char * const *
spc_discovery_get_mx_hosts (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  return (const char * const *) self->mx_hosts->pdata;
}

gboolean
spc_discovery_is_done (SpcDiscovery *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY (self), FALSE);

  return self->done;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  return spc_candidate_compare (*(SpcCandidate **) a, *(SpcCandidate **) b);
}

GPtrArray *
spc_discovery_dup_ranked (SpcDiscovery *self)
{
  GPtrArray *ranked;

  g_return_val_if_fail (SPC_IS_DISCOVERY (self), NULL);

  ranked = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->candidates->len; i++)
    g_ptr_array_add (ranked, g_object_ref (self->candidates->pdata[i]));
  g_ptr_array_sort (ranked, compare_candidates);
  return ranked;
}

/* ---- lookups ---- */

static gboolean
deadline_cb (gpointer user_data)
{
  SpcLookup *lookup = user_data;

  lookup->deadline_id = 0;
  lookup->timed_out = TRUE;
  g_cancellable_cancel (lookup->cancellable);
  return G_SOURCE_REMOVE;
}

SpcLookup *
_spc_discovery_lookup_new (SpcDiscovery  *self,
                           SpcSourceKind  kind,
                           const char    *location,
                           gboolean       secure)
{
  SpcLookup *lookup = g_new0 (SpcLookup, 1);

  lookup->discovery = g_object_ref (self);
  lookup->source = spc_discovery_source_new (kind, location, secure);
  lookup->cancellable = g_cancellable_new ();
  lookup->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_server_claim_free);
  lookup->deadline_id = g_timeout_add (self->timeout_ms, deadline_cb, lookup);
  g_ptr_array_add (self->lookups, lookup);
  g_list_store_append (self->sources, lookup->source);
  return lookup;
}

static void
lookup_free (SpcLookup *lookup)
{
  g_clear_handle_id (&lookup->deadline_id, g_source_remove);
  g_clear_object (&lookup->message);
  g_clear_object (&lookup->stream);
  g_clear_pointer (&lookup->body, g_byte_array_unref);
  g_ptr_array_unref (lookup->claims);
  g_object_unref (lookup->cancellable);
  g_object_unref (lookup->source);
  g_object_unref (lookup->discovery);
  g_free (lookup);
}

SpcSourceResult
_spc_discovery_lookup_result_for_error (SpcLookup    *lookup,
                                        const GError *error)
{
  if (lookup->timed_out)
    return SPC_SOURCE_RESULT_TIMEOUT;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return SPC_SOURCE_RESULT_NONE;
  return SPC_SOURCE_RESULT_ERROR;
}

/* The claim as a candidate: placeholders expanded, the name checked */
static SpcServerClaim *
expand_claim (SpcDiscovery         *self,
              const SpcServerClaim *claim)
{
  g_autofree char *hostname = spc_autoconfig_expand (claim->hostname, self->local_part, self->domain);
  g_autofree char *username = spc_autoconfig_expand (claim->username, self->local_part, self->domain);
  g_autoptr(SpcHost) host = NULL;
  g_autofree char *lower = NULL;

  if (hostname == NULL)
    return NULL;
  host = spc_host_parse (hostname, NULL);
  if (host == NULL || host->port != 0)
    return NULL;
  lower = g_ascii_strdown (host->ascii_host, -1);
  return spc_server_claim_new (lower, claim->port, claim->mode, username);
}

static SpcCandidate *
find_candidate (SpcDiscovery *self,
                const char   *host,
                guint16       port,
                SpcMode       mode)
{
  for (guint i = 0; i < self->candidates->len; i++)
    {
      SpcCandidate *candidate = self->candidates->pdata[i];

      if (spc_candidate_get_port (candidate) == port
          && spc_candidate_get_mode (candidate) == (mode == SPC_MODE_PLAIN ? SPC_MODE_STARTTLS : mode)
          && strcmp (spc_candidate_get_host (candidate), host) == 0)
        return candidate;
    }
  return NULL;
}

static void
add_candidates (SpcDiscovery       *self,
                SpcDiscoverySource *source)
{
  GPtrArray *servers = spc_discovery_source_get_servers (source);
  guint before = self->candidates->len;

  for (guint i = 0; i < servers->len; i++)
    {
      const SpcServerClaim *claim = servers->pdata[i];
      SpcCandidate *candidate = find_candidate (self, claim->hostname, claim->port, claim->mode);

      if (candidate == NULL)
        {
          if (self->candidates->len >= SPC_DISCOVERY_MAX_CANDIDATES)
            continue;
          candidate = spc_candidate_new (claim->hostname, claim->port, claim->mode);
          g_ptr_array_add (self->candidates, candidate);
        }
      spc_candidate_add_source (candidate, source, claim->mode, claim->username);
    }

  if (self->candidates->len > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->candidates->len - before);
}

static void
maybe_done (SpcDiscovery *self)
{
  if (self->done || self->starting || self->lookups->len > 0 || !self->guess_decided)
    return;
  self->done = TRUE;
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

/* The guess runs only when nothing named a server: at the guess delay, or
 * earlier when every other lookup already ended empty */
static void
decide_guess (SpcDiscovery *self)
{
  if (self->guess_decided)
    return;
  self->guess_decided = TRUE;
  g_clear_handle_id (&self->guess_timeout_id, g_source_remove);
  if (self->candidates->len == 0 && !self->cancelled)
    _spc_discovery_start_guess (self);
}

static gboolean
guess_timeout_cb (gpointer user_data)
{
  SpcDiscovery *self = user_data;

  self->guess_timeout_id = 0;
  decide_guess (self);
  maybe_done (self);
  return G_SOURCE_REMOVE;
}

/* Plain HTTP only as a last resort: both HTTPS autoconfig places answered
 * nothing */
static void
after_autoconfig (SpcDiscovery       *self,
                  SpcDiscoverySource *source)
{
  SpcSourceKind kind = spc_discovery_source_get_kind (source);
  g_autofree char *url = NULL;

  if (!spc_discovery_source_get_secure (source)
      || (kind != SPC_SOURCE_KIND_AUTOCONFIG && kind != SPC_SOURCE_KIND_WELL_KNOWN))
    return;
  if (spc_discovery_source_get_result (source) == SPC_SOURCE_RESULT_FOUND)
    self->https_autoconfig_found = TRUE;
  if (--self->https_autoconfig_left > 0 || self->https_autoconfig_found || self->cancelled)
    return;
  url = g_strdup_printf ("http://autoconfig.%s/mail/config-v1.1.xml", self->domain);
  _spc_discovery_start_document (self, SPC_SOURCE_KIND_AUTOCONFIG, url, FALSE);
}

static void
update_provider (SpcDiscovery       *self,
                 SpcDiscoverySource *source)
{
  const char *provider = spc_discovery_source_get_provider (source);
  guint trust = spc_discovery_source_get_trust (source);

  if (provider == NULL || spc_discovery_source_get_result (source) != SPC_SOURCE_RESULT_FOUND
      || trust >= self->provider_trust)
    return;
  g_free (self->provider);
  self->provider = g_strdup (provider);
  self->provider_trust = trust;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

void
_spc_discovery_lookup_finish (SpcLookup       *lookup,
                              SpcSourceResult  result,
                              GPtrArray       *claims,
                              const char      *provider,
                              const char      *detail)
{
  SpcDiscovery *self = g_object_ref (lookup->discovery);
  g_autoptr(GPtrArray) expanded = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_server_claim_free);
  SpcDiscoverySource *source = lookup->source;
  gint64 ms = (g_get_monotonic_time () - self->started_us) / 1000;

  g_ptr_array_remove (self->lookups, lookup);

  if (lookup->timed_out)
    result = SPC_SOURCE_RESULT_TIMEOUT;
  if (result == SPC_SOURCE_RESULT_FOUND && claims != NULL)
    for (guint i = 0; i < claims->len; i++)
      {
        SpcServerClaim *claim = expand_claim (self, claims->pdata[i]);

        if (claim != NULL)
          g_ptr_array_add (expanded, claim);
      }
  if (result == SPC_SOURCE_RESULT_FOUND && expanded->len == 0)
    result = SPC_SOURCE_RESULT_NONE;

  g_object_ref (source);
  spc_discovery_source_finish (source, result, ms, expanded,
                               result == SPC_SOURCE_RESULT_FOUND ? provider : NULL, detail);
  lookup_free (lookup);

  update_provider (self, source);
  add_candidates (self, source);
  after_autoconfig (self, source);
  if (self->lookups->len == 0 && !self->starting)
    decide_guess (self);
  g_object_unref (source);

  maybe_done (self);
  g_object_unref (self);
}

/* ---- start and cancel ---- */

static void
start_bundled (SpcDiscovery *self)
{
  SpcLookup *lookup = _spc_discovery_lookup_new (self, SPC_SOURCE_KIND_BUNDLED, self->domain, TRUE);
  const SpcProviderConfig *config = spc_provider_table_lookup (self->table, self->domain);

  if (config == NULL)
    _spc_discovery_lookup_finish (lookup, SPC_SOURCE_RESULT_NONE, NULL, NULL, NULL);
  else
    _spc_discovery_lookup_finish (lookup, SPC_SOURCE_RESULT_FOUND, config->servers,
                                  config->display_name, NULL);
}

static void
start_online (SpcDiscovery *self)
{
  g_autofree char *autoconfig = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml",
                                                 self->domain);
  g_autofree char *well_known = g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml",
                                                 self->domain);
  g_autofree char *ispdb = g_strconcat (self->ispdb_url, self->domain, NULL);

  self->https_autoconfig_left = 2;
  _spc_discovery_start_document (self, SPC_SOURCE_KIND_AUTOCONFIG, autoconfig, TRUE);
  _spc_discovery_start_document (self, SPC_SOURCE_KIND_WELL_KNOWN, well_known, TRUE);
  _spc_discovery_start_document (self, SPC_SOURCE_KIND_ISPDB, ispdb,
                                 g_str_has_prefix (self->ispdb_url, "https://"));
}

void
spc_discovery_start (SpcDiscovery *self)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->starting = TRUE;
  self->started_us = g_get_monotonic_time ();
  self->table = spc_provider_table_new_bundled ();
  if (self->online)
    {
      /* Each lookup's own deadline bounds it, not libsoup's inactivity
       * timeout; no redirect is followed (one could leave HTTPS) */
      self->session = soup_session_new_with_options ("user-agent", "smtp-port-checker/" PACKAGE_VERSION,
                                                     NULL);
      if (self->database != NULL)
        soup_session_set_tls_database (self->session, self->database);
    }

  self->guess_timeout_id = g_timeout_add (SPC_DISCOVERY_GUESS_DELAY_MS, guess_timeout_cb, self);

  start_bundled (self);
  if (self->online)
    start_online (self);
  _spc_discovery_start_srv (self, "submissions", SPC_MODE_TLS);
  _spc_discovery_start_srv (self, "submission", SPC_MODE_STARTTLS);
  _spc_discovery_start_mx (self);

  self->starting = FALSE;
  if (self->lookups->len == 0)
    decide_guess (self);
  maybe_done (self);
}

void
spc_discovery_cancel (SpcDiscovery *self)
{
  g_return_if_fail (SPC_IS_DISCOVERY (self));

  if (!self->started || self->done)
    return;
  self->cancelled = TRUE;
  self->guess_decided = TRUE;
  g_clear_handle_id (&self->guess_timeout_id, g_source_remove);
  for (guint i = 0; i < self->lookups->len; i++)
    g_cancellable_cancel (((SpcLookup *) self->lookups->pdata[i])->cancellable);
  maybe_done (self);
}
