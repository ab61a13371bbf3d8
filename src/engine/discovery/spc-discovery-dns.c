/* spc-discovery-dns.c — what DNS says: SRV (RFC 6186, RFC 8314), the MX's
 * provider, and the guess
 *
 * Through GResolver, so the system's resolver configuration applies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-discovery-private.h"
#include "spc-dns.h"

/* A hostile zone cannot make us probe more than this many SRV targets */
#define MAX_SRV_TARGETS 4

static const char *guess_prefixes[] = { "smtp.", "mail.", "" };

/* The root name "." (a target or an exchange meaning "none"), as the
 * resolver may spell it */
static gboolean
is_root_name (const char *name)
{
  return name[0] == '\0' || strcmp (name, ".") == 0;
}

/* The lookup found the claims it gathered, or nothing */
static void
finish_with_claims (SpcLookup *lookup)
{
  _spc_discovery_lookup_finish (lookup,
                                lookup->claims->len > 0 ? SPC_SOURCE_RESULT_FOUND : SPC_SOURCE_RESULT_NONE,
                                lookup->claims, NULL, NULL);
}

/* ---- SRV ---- */

typedef struct {
  guint16  priority;
  guint16  weight;
  guint16  port;
  char    *target;
} SrvRecord;

static int
compare_srv (gconstpointer a,
             gconstpointer b)
{
  const SrvRecord *left = a, *right = b;

  /* Lowest priority first; within one, the heaviest first (RFC 2782
   * picks by weight at random: for probing, all are tried anyway) */
  if (left->priority != right->priority)
    return left->priority < right->priority ? -1 : 1;
  return right->weight - left->weight;
}

static void
srv_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  SpcLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  g_autoptr(GArray) sorted = g_array_new (FALSE, TRUE, sizeof (SrvRecord));

  if (error != NULL)
    {
      _spc_discovery_lookup_finish (lookup, _spc_discovery_lookup_result_for_error (lookup, error),
                                    NULL, NULL, error->message);
      return;
    }

  for (GList *l = records; l != NULL; l = l->next)
    {
      SrvRecord record = { 0 };
      const char *target = NULL;

      g_variant_get (l->data, "(qqq&s)", &record.priority, &record.weight, &record.port, &target);
      /* RFC 2782: a target of "." means the service is not offered */
      if (is_root_name (target) || record.port == 0)
        continue;
      record.target = spc_dns_normalize_name (target);
      g_array_append_val (sorted, record);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_array_sort (sorted, compare_srv);

  for (guint i = 0; i < sorted->len && i < MAX_SRV_TARGETS; i++)
    {
      SrvRecord *record = &g_array_index (sorted, SrvRecord, i);

      g_ptr_array_add (lookup->claims, spc_server_claim_new (record->target, record->port, lookup->mode, NULL));
    }
  for (guint i = 0; i < sorted->len; i++)
    g_free (g_array_index (sorted, SrvRecord, i).target);

  finish_with_claims (lookup);
}

void
_spc_discovery_start_srv (SpcDiscovery *self,
                          const char   *service,
                          SpcMode       mode)
{
  g_autofree char *name = g_strdup_printf ("_%s._tcp.%s", service, self->domain);
  SpcLookup *lookup = _spc_discovery_lookup_new (self, SPC_SOURCE_KIND_SRV, name, FALSE);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  lookup->mode = mode;
  g_resolver_lookup_records_async (resolver, name, G_RESOLVER_RECORD_SRV, lookup->cancellable,
                                   srv_cb, lookup);
}

/* ---- MX ---- */

/* The registrable domain of @host from the public suffix list; for a
 * suffix the list does not know (such as .test), the last two labels */
static char *
base_domain_of (const char *host)
{
  const char *base = soup_tld_get_base_domain (host, NULL);
  const char *dot;

  if (base != NULL)
    return g_strdup (base);
  dot = strrchr (host, '.');
  if (dot == NULL || dot == host)
    return NULL;
  for (base = dot - 1; base > host && base[-1] != '.'; base--)
    ;
  return g_strdup (base);
}

/* The provider of @exchange: the bundled table, else the online ISPDB for
 * its registrable base domain */
static void
find_mx_provider (SpcLookup  *lookup,
                  const char *exchange)
{
  SpcDiscovery *self = lookup->discovery;
  const SpcProviderConfig *config = spc_provider_table_lookup_host (self->table, exchange, NULL);
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;

  if (config != NULL)
    {
      _spc_discovery_lookup_finish (lookup, SPC_SOURCE_RESULT_FOUND, config->servers,
                                    config->display_name, NULL);
      return;
    }

  base = base_domain_of (exchange);
  /* The address's own domain was asked already, directly */
  if (!self->online || base == NULL || g_ascii_strcasecmp (base, self->domain) == 0)
    {
      _spc_discovery_lookup_finish (lookup, SPC_SOURCE_RESULT_NONE, NULL, NULL, NULL);
      return;
    }
  url = g_strconcat (self->ispdb_url, base, NULL);
  _spc_discovery_fetch (lookup, url);
}

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  SpcLookup *lookup = user_data;
  SpcDiscovery *self = lookup->discovery;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autofree char *lowest = NULL;

  if (error != NULL)
    {
      _spc_discovery_lookup_finish (lookup, _spc_discovery_lookup_result_for_error (lookup, error),
                                    NULL, NULL, error->message);
      return;
    }

  /* Keep the hosts for the port-25 reference check; "." is RFC 7505's
   * null MX: the domain receives no mail */
  exchanges = spc_dns_sort_mx_exchanges (records);
  g_ptr_array_set_size (self->mx_hosts, self->mx_hosts->len - 1);
  for (guint i = 0; i < exchanges->len && i < 16; i++)
    {
      const char *exchange = g_ptr_array_index (exchanges, i);

      if (is_root_name (exchange))
        continue;
      g_ptr_array_add (self->mx_hosts, spc_dns_normalize_name (exchange));
    }
  g_ptr_array_add (self->mx_hosts, NULL);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  if (self->mx_hosts->pdata[0] == NULL)
    {
      _spc_discovery_lookup_finish (lookup, SPC_SOURCE_RESULT_NONE, NULL, NULL, NULL);
      return;
    }

  lowest = g_strdup (self->mx_hosts->pdata[0]);
  find_mx_provider (lookup, lowest);
}

void
_spc_discovery_start_mx (SpcDiscovery *self)
{
  SpcLookup *lookup = _spc_discovery_lookup_new (self, SPC_SOURCE_KIND_MX, self->domain, FALSE);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  g_resolver_lookup_records_async (resolver, self->domain, G_RESOLVER_RECORD_MX,
                                   lookup->cancellable, mx_cb, lookup);
}

/* ---- guess ---- */

typedef struct {
  SpcLookup *lookup;
  guint      index;   /* into guess_prefixes */
} GuessName;

static void
guess_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GuessName *guess = user_data;
  SpcLookup *lookup = guess->lookup;
  SpcDiscovery *self = lookup->discovery;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, NULL);

  if (addresses != NULL)
    lookup->resolved_mask |= 1u << guess->index;
  g_resolver_free_addresses (addresses);
  g_free (guess);
  if (--lookup->pending > 0)
    return;

  /* In a fixed order, whichever name answered first */
  for (guint i = 0; i < G_N_ELEMENTS (guess_prefixes); i++)
    if (lookup->resolved_mask & (1u << i))
      {
        g_autofree char *name = g_strconcat (guess_prefixes[i], self->domain, NULL);

        g_ptr_array_add (lookup->claims, spc_server_claim_new (name, 465, SPC_MODE_TLS, NULL));
        g_ptr_array_add (lookup->claims, spc_server_claim_new (name, 587, SPC_MODE_STARTTLS, NULL));
      }
  finish_with_claims (lookup);
}

/* Names that resolve are candidates on 465 and 587 */
void
_spc_discovery_start_guess (SpcDiscovery *self)
{
  SpcLookup *lookup = _spc_discovery_lookup_new (self, SPC_SOURCE_KIND_GUESS, self->domain, FALSE);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  lookup->pending = G_N_ELEMENTS (guess_prefixes);
  for (guint i = 0; i < G_N_ELEMENTS (guess_prefixes); i++)
    {
      g_autofree char *name = g_strconcat (guess_prefixes[i], self->domain, NULL);
      GuessName *guess = g_new0 (GuessName, 1);

      guess->lookup = lookup;
      guess->index = i;
      g_resolver_lookup_by_name_async (resolver, name, lookup->cancellable, guess_cb, guess);
    }
}
