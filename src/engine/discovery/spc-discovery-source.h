/* spc-discovery-source.h — one lookup of a discovery and what it found
 *
 * Facts only: which source, where it asked (URL or DNS name), whether the
 * answer came over a channel that authenticates it, how it ended, how long
 * it took, and the servers it named (placeholders expanded for the
 * address). Sentences about them are made in advice/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-autoconfig.h"

G_BEGIN_DECLS

/* The nicks are the identifiers of the JSON report */
typedef enum {
  SPC_SOURCE_KIND_BUNDLED,     /* the provider table compiled in */
  SPC_SOURCE_KIND_AUTOCONFIG,  /* http(s)://autoconfig.DOMAIN/mail/config-v1.1.xml */
  SPC_SOURCE_KIND_WELL_KNOWN,  /* https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml */
  SPC_SOURCE_KIND_ISPDB,       /* the online ISPDB */
  SPC_SOURCE_KIND_SRV,         /* _submissions._tcp / _submission._tcp (RFC 6186, 8314) */
  SPC_SOURCE_KIND_MX,          /* the provider of the lowest-preference MX */
  SPC_SOURCE_KIND_GUESS,       /* smtp.DOMAIN, mail.DOMAIN, DOMAIN */
} SpcSourceKind;

typedef enum {
  SPC_SOURCE_RESULT_RUNNING,
  SPC_SOURCE_RESULT_FOUND,     /* at least one server */
  SPC_SOURCE_RESULT_NONE,      /* an answer naming no server (404, no record, SRV ".") */
  SPC_SOURCE_RESULT_ERROR,     /* no usable answer: network, certificate, malformed, too large */
  SPC_SOURCE_RESULT_TIMEOUT,   /* its deadline passed */
} SpcSourceResult;

#define SPC_TYPE_DISCOVERY_SOURCE (spc_discovery_source_get_type ())

G_DECLARE_FINAL_TYPE (SpcDiscoverySource, spc_discovery_source, SPC, DISCOVERY_SOURCE, GObject)

SpcDiscoverySource *spc_discovery_source_new          (SpcSourceKind       kind,
                                                       const char         *location,
                                                       gboolean            secure);
SpcSourceKind       spc_discovery_source_get_kind     (SpcDiscoverySource *self);
/* "bundled", "autoconfig", "well-known", "ispdb", "srv", "mx", "guess" */
const char         *spc_discovery_source_get_kind_name (SpcDiscoverySource *self);
const char         *spc_discovery_source_get_location (SpcDiscoverySource *self);
gboolean            spc_discovery_source_get_secure   (SpcDiscoverySource *self);
SpcSourceResult     spc_discovery_source_get_result   (SpcDiscoverySource *self);
/* "found", "none", "error", "timeout" ("running" before it ends) */
const char         *spc_discovery_source_get_result_name (SpcDiscoverySource *self);
/* From the start of the discovery to this source's end */
gint64              spc_discovery_source_get_ms       (SpcDiscoverySource *self);
/* Of SpcServerClaim*, hostnames and user names expanded; empty unless found */
GPtrArray          *spc_discovery_source_get_servers  (SpcDiscoverySource *self);
/* The provider's display name the source gave, or NULL */
const char         *spc_discovery_source_get_provider (SpcDiscoverySource *self);
/* The error, for logs and --json debugging, or NULL; not a sentence for users */
const char         *spc_discovery_source_get_detail   (SpcDiscoverySource *self);
/* 0 most trusted: HTTPS from the domain, the ISPDB (online or bundled);
 * 1 the MX's provider; 2 SRV; 3 plain HTTP; 4 a guess */
guint               spc_discovery_source_get_trust    (SpcDiscoverySource *self);

/* Used by the discovery: the end of the lookup, once (notifies "result") */
void                spc_discovery_source_finish       (SpcDiscoverySource *self,
                                                       SpcSourceResult     result,
                                                       gint64              ms,
                                                       GPtrArray          *servers,
                                                       const char         *provider,
                                                       const char         *detail);

G_END_DECLS
