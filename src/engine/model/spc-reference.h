/* spc-reference.h — what a reference host said on the port a server left silent
 *
 * When a port drops packets, the same port is tried on a host that must
 * answer (the MX hosts of the server's domain for 25, a configurable
 * reference host for any port): its outcome tells "your network blocks
 * it" from "the server does not answer". A value object: made once by
 * the engine, never changed; a result holds a new one when it changes.
 * Facts only: the sentences are in advice/spc-reference-text.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The nicks are the JSON's "status" of a port's "reference" object */
typedef enum {
  SPC_REFERENCE_STATUS_PENDING,      /* still asking */
  SPC_REFERENCE_STATUS_ANSWERED,     /* the connection was accepted */
  SPC_REFERENCE_STATUS_REFUSED,      /* a TCP reset: the packets got there */
  SPC_REFERENCE_STATUS_FILTERED,     /* no answer before the deadline either */
  SPC_REFERENCE_STATUS_UNREACHABLE,  /* an ICMP error or no route */
  SPC_REFERENCE_STATUS_DNS_ERROR,    /* the reference host could not be resolved */
  SPC_REFERENCE_STATUS_CANCELLED,
} SpcReferenceStatus;

/* Which host was asked, and why it must answer */
typedef enum {
  SPC_REFERENCE_SOURCE_MX,    /* an MX host of the server's domain (RFC 5321: it takes port 25) */
  SPC_REFERENCE_SOURCE_HOST,  /* the configured reference host (listens on every port) */
} SpcReferenceSource;

/* A public host that listens on every TCP port */
#define SPC_DEFAULT_REFERENCE_HOST "portquiz.net"

#define SPC_TYPE_REFERENCE (spc_reference_get_type ())

G_DECLARE_FINAL_TYPE (SpcReference, spc_reference, SPC, REFERENCE, GObject)

/* @address: the address connected to, or NULL (not resolved); @ms: how long
 * the connection (or the lookup, for dns-error) took, -1 while pending */
SpcReference       *spc_reference_new         (const char         *host,
                                               SpcReferenceSource  source,
                                               const char         *address,
                                               SpcReferenceStatus  status,
                                               gint64              ms);
const char         *spc_reference_get_host    (SpcReference       *self);
SpcReferenceSource  spc_reference_get_source  (SpcReference       *self);
const char         *spc_reference_get_address (SpcReference       *self);
SpcReferenceStatus  spc_reference_get_status  (SpcReference       *self);
gint64              spc_reference_get_ms      (SpcReference       *self);

/* "answered", "filtered", … (the enum's nicks); "mx", "host" */
const char         *spc_reference_status_to_string (SpcReferenceStatus status);
const char         *spc_reference_source_to_string (SpcReferenceSource source);

G_END_DECLS
