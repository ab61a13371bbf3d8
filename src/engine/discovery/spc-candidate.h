/* spc-candidate.h — a host:port a discovery found, and who named it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-discovery-source.h"
#include "spc-ports.h"

G_BEGIN_DECLS

#define SPC_TYPE_CANDIDATE (spc_candidate_get_type ())

G_DECLARE_FINAL_TYPE (SpcCandidate, spc_candidate, SPC, CANDIDATE, GObject)

/* @host: ASCII, lower case, no trailing dot */
SpcCandidate *spc_candidate_new          (const char         *host,
                                          guint16             port,
                                          SpcMode             mode);
const char   *spc_candidate_get_host     (SpcCandidate       *self);
guint16       spc_candidate_get_port     (SpcCandidate       *self);
/* How to probe it: tls or starttls (a "plain" claim is probed with
 * STARTTLS, which still reports a server without it as plaintext-only) */
SpcMode       spc_candidate_get_mode     (SpcCandidate       *self);
/* The mode the sources claimed ("plain" stays visible here) */
SpcMode       spc_candidate_get_claimed_mode (SpcCandidate   *self);
/* The user name of the most trusted source that gave one, or NULL */
const char   *spc_candidate_get_username (SpcCandidate       *self);
/* Of SpcDiscoverySource*, in the order they named it ("sources" notifies) */
GPtrArray    *spc_candidate_get_sources  (SpcCandidate       *self);
/* The best (lowest) spc_discovery_source_get_trust() among its sources */
guint         spc_candidate_get_trust    (SpcCandidate       *self);
void          spc_candidate_add_source   (SpcCandidate       *self,
                                          SpcDiscoverySource *source,
                                          SpcMode             claimed_mode,
                                          const char         *username);
/* Ranking without measurements: trust, then 465 over 587 over 2525 over
 * 25 over others, plaintext claims last; then implicit TLS, port, name */
int           spc_candidate_compare      (SpcCandidate       *a,
                                          SpcCandidate       *b);

G_END_DECLS
