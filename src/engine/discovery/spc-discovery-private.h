/* spc-discovery-private.h — the discovery's state, shared by its files
 *
 * spc-discovery.c runs the lookups and keeps the candidates;
 * spc-discovery-http.c fetches config-v1.1.xml documents (autoconfig,
 * well-known, ISPDB); spc-discovery-dns.c asks DNS (SRV, MX, guess).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "spc-discovery.h"
#include "spc-provider-table.h"

G_BEGIN_DECLS

struct _SpcDiscovery
{
  GObject           parent_instance;

  char             *address;
  char             *local_part;
  char             *domain;           /* ASCII, lower case */
  GTlsDatabase     *database;
  char             *ispdb_url;
  gboolean          online;
  guint             timeout_ms;

  SpcProviderTable *table;
  SoupSession      *session;          /* made at start, on the caller's context */
  GListStore       *sources;          /* of SpcDiscoverySource */
  GPtrArray        *candidates;       /* of SpcCandidate */
  GPtrArray        *lookups;          /* of SpcLookup*, the running ones */
  GPtrArray        *mx_hosts;         /* of char*, NULL-terminated */
  char             *provider;
  guint             provider_trust;
  gint64            started_us;
  guint             guess_timeout_id;
  guint             https_autoconfig_left;  /* autoconfig + well-known still running */
  gboolean          https_autoconfig_found;
  gboolean          starting;
  gboolean          started;
  gboolean          guess_decided;
  gboolean          cancelled;
  gboolean          done;
};

typedef struct _SpcLookup SpcLookup;

struct _SpcLookup
{
  SpcDiscovery       *discovery;    /* a reference while it runs */
  SpcDiscoverySource *source;
  GCancellable       *cancellable;
  guint               deadline_id;
  gboolean            timed_out;
  /* An HTTP fetch */
  SoupMessage        *message;
  GInputStream       *stream;
  GByteArray         *body;
  /* DNS: answers still awaited, servers gathered */
  guint               pending;
  guint               resolved_mask;  /* the guess: which names resolved */
  SpcMode             mode;           /* SRV: what the service means */
  GPtrArray          *claims;       /* of SpcServerClaim* */
};

/* A lookup of @kind, registered as a source and running under its deadline */
SpcLookup *_spc_discovery_lookup_new     (SpcDiscovery       *self,
                                          SpcSourceKind       kind,
                                          const char         *location,
                                          gboolean            secure);
/* Ends @lookup (freed): TIMEOUT instead of @result when its deadline
 * passed; @claims are templates, expanded for the address here */
void       _spc_discovery_lookup_finish  (SpcLookup          *lookup,
                                          SpcSourceResult     result,
                                          GPtrArray          *claims,
                                          const char         *provider,
                                          const char         *detail);
/* The result an error maps to: TIMEOUT, NONE (no such record) or ERROR */
SpcSourceResult _spc_discovery_lookup_result_for_error (SpcLookup    *lookup,
                                          const GError       *error);

/* spc-discovery-http.c: fetches @url and ends @lookup with the
 * document's servers and provider name */
void       _spc_discovery_fetch          (SpcLookup          *lookup,
                                          const char         *url);
void       _spc_discovery_start_document (SpcDiscovery       *self,
                                          SpcSourceKind       kind,
                                          const char         *url,
                                          gboolean            secure);

/* spc-discovery-dns.c */
void       _spc_discovery_start_srv      (SpcDiscovery       *self,
                                          const char         *service,
                                          SpcMode             mode);
void       _spc_discovery_start_mx       (SpcDiscovery       *self);
void       _spc_discovery_start_guess    (SpcDiscovery       *self);

G_END_DECLS
