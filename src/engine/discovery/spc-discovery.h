/* spc-discovery.h — from an email address to the provider's outgoing servers
 *
 * Every lookup starts at once, each with a deadline of its own: the bundled
 * table, the domain's autoconfig over HTTPS (two places; plain HTTP only
 * as a last resort, never trusted), the online ISPDB, DNS SRV
 * (_submissions, _submission), the provider of the lowest-preference MX,
 * and, when nothing named a server within the guess delay, smtp.D, mail.D
 * and D. No lookup sends the address's local part.
 *
 * A GListModel of SpcCandidate, in the order they were found, so each can
 * be probed as soon as it is known; "done" is emitted once, after every
 * lookup ended (or the discovery was cancelled).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-candidate.h"
#include "spc-discovery-source.h"

G_BEGIN_DECLS

#define SPC_DISCOVERY_DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"
#define SPC_DISCOVERY_DEFAULT_TIMEOUT_MS 10000
/* How long the lookups may take before the usual host names are guessed */
#define SPC_DISCOVERY_GUESS_DELAY_MS 3000
/* A hostile source cannot make us probe more than this many servers */
#define SPC_DISCOVERY_MAX_CANDIDATES 24

#define SPC_TYPE_DISCOVERY (spc_discovery_get_type ())

G_DECLARE_FINAL_TYPE (SpcDiscovery, spc_discovery, SPC, DISCOVERY, GObject)

/* TRUE when @text looks like an address (one '@' with text on both
 * sides), so callers can tell addresses from hosts */
gboolean      spc_discovery_is_address          (const char   *text);
/* @address: "ana@example.org" (an IDN domain too). SPC_ERROR_INVALID_HOST
 * when the domain is not a valid name (or is an IP literal). */
SpcDiscovery *spc_discovery_new                 (const char   *address,
                                                 GError      **error);
/* NULL: the system's trust store. Applies to every HTTPS lookup. */
void          spc_discovery_set_tls_database    (SpcDiscovery *self,
                                                 GTlsDatabase *database);
/* Base URL the domain is appended to; NULL restores the default */
void          spc_discovery_set_ispdb_url       (SpcDiscovery *self,
                                                 const char   *url);
/* FALSE: only the bundled table and DNS (nothing asked over HTTP) */
void          spc_discovery_set_online_lookups  (SpcDiscovery *self,
                                                 gboolean      online);
/* Deadline of each lookup */
void          spc_discovery_set_timeout_ms      (SpcDiscovery *self,
                                                 guint         timeout_ms);

const char   *spc_discovery_get_address         (SpcDiscovery *self);
const char   *spc_discovery_get_local_part      (SpcDiscovery *self);
/* ASCII (punycode), lower case */
const char   *spc_discovery_get_domain          (SpcDiscovery *self);
const char   *spc_discovery_get_ispdb_url       (SpcDiscovery *self);
gboolean      spc_discovery_get_online_lookups  (SpcDiscovery *self);

/* Starts every lookup; the bundled answer is in the model on return.
 * Callbacks run on the thread-default main context of the caller. */
void          spc_discovery_start               (SpcDiscovery *self);
void          spc_discovery_cancel              (SpcDiscovery *self);
gboolean      spc_discovery_is_done             (SpcDiscovery *self);

/* A GListModel of SpcDiscoverySource, in the order they started */
GListModel   *spc_discovery_get_sources         (SpcDiscovery *self);
/* The display name of the provider from the most trusted source giving
 * one, or NULL ("provider" notifies) */
const char   *spc_discovery_get_provider        (SpcDiscovery *self);
/* The MX hosts, lowest preference first (empty until the MX lookup ends) */
const char * const *spc_discovery_get_mx_hosts  (SpcDiscovery *self);
/* The candidates so far, best first (spc_candidate_compare); new array */
GPtrArray    *spc_discovery_dup_ranked          (SpcDiscovery *self);

G_END_DECLS
