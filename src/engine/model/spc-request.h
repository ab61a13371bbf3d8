/* spc-request.h — what one check is asked to do
 *
 * Built by the caller (the CLI from its options, the window from the entry
 * and the preferences) and handed to the engine once: the host, its ports
 * and modes, the stage deadline, the address family, an address to connect
 * to instead of resolving (--resolve), and the trust (an extra CA file).
 * When a port is silent, the reference check asks the same port of the
 * MX hosts (port 25) or of a reference host; it can be turned off.
 *
 * Threads: a request is built and changed on one thread. The engine takes
 * a copy (spc_request_copy()) when it is handed one and never changes that
 * copy, so the copy may be read from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "spc-handshake-queue.h"
#include "spc-name-cache.h"
#include "spc-ports.h"
#include "spc-reference.h"

G_BEGIN_DECLS

typedef enum {
  SPC_FAMILY_ANY,
  SPC_FAMILY_IPV4,
  SPC_FAMILY_IPV6,
} SpcFamily;

#define SPC_TYPE_FAMILY (spc_family_get_type ())
GType spc_family_get_type (void) G_GNUC_CONST;

#define SPC_DEFAULT_TIMEOUT_MS 10000

#define SPC_TYPE_REQUEST (spc_request_get_type ())

G_DECLARE_FINAL_TYPE (SpcRequest, spc_request, SPC, REQUEST, GObject)

/* @host: SpcHost.ascii_host from spc_host_parse() (a name in ASCII/punycode
 * or an IP literal without brackets): resolved, and the certificate identity */
SpcRequest   *spc_request_new                 (const char   *host);
/* A copy that shares the trust database already loaded, if any */
SpcRequest   *spc_request_copy                (SpcRequest   *self);

const char   *spc_request_get_host            (SpcRequest   *self);
void          spc_request_set_host            (SpcRequest   *self,
                                               const char   *host);
/* Array of SpcPortSpec, never NULL: the default ports until set */
GArray       *spc_request_get_ports           (SpcRequest   *self);
/* @specs: copied; NULL for the default ports */
void          spc_request_set_ports           (SpcRequest   *self,
                                               GArray       *specs);
/* The deadline of each stage; 0 sets the default */
guint         spc_request_get_timeout_ms      (SpcRequest   *self);
void          spc_request_set_timeout_ms      (SpcRequest   *self,
                                               guint         timeout_ms);
SpcFamily     spc_request_get_family          (SpcRequest   *self);
void          spc_request_set_family          (SpcRequest   *self,
                                               SpcFamily     family);
/* NULL to resolve the host, or an IP address to connect to instead */
const char   *spc_request_get_connect_address (SpcRequest   *self);
void          spc_request_set_connect_address (SpcRequest   *self,
                                               const char   *address);
/* An absolute path to a PEM file of extra trusted CAs, or NULL */
const char   *spc_request_get_ca_file         (SpcRequest   *self);
/* Forgets a database loaded from the previous file */
void          spc_request_set_ca_file         (SpcRequest   *self,
                                               const char   *ca_file);
/* The database the probes validate with; NULL for the system's. The engine
 * loads it from the CA file once per check; a caller that already holds
 * one (a test's own CA) may set it instead of a file. */
GTlsDatabase *spc_request_get_tls_database    (SpcRequest   *self);
void          spc_request_set_tls_database    (SpcRequest   *self,
                                               GTlsDatabase *database);
/* Reads the CA file into the request's database, unless one is there
 * already: the engine calls it once per check, and copies made afterwards
 * share what it read. FALSE with SPC_ERROR_CA_FILE when the file cannot be
 * used; TRUE without a CA file. */
/* Whether a silent port is tried on a reference host (default TRUE) */
gboolean      spc_request_get_reference       (SpcRequest   *self);
void          spc_request_set_reference       (SpcRequest   *self,
                                               gboolean      reference);
/* The host asked on any silent port (after the MX hosts, for 25): a name
 * or an IP address; SPC_DEFAULT_REFERENCE_HOST until set, NULL or "" for
 * none (then only port 25 has a reference, its MX hosts) */
const char   *spc_request_get_reference_host  (SpcRequest   *self);
void          spc_request_set_reference_host  (SpcRequest   *self,
                                               const char   *host);
/* Whether a port that made a TLS session is asked, on a second
 * connection, for TLS 1.0 and 1.1 alone (spc-legacy-tls.h; default TRUE;
 * the CLI turns it off for --hosts-file runs unless asked) */
gboolean      spc_request_get_legacy_tls      (SpcRequest   *self);
void          spc_request_set_legacy_tls      (SpcRequest   *self,
                                               gboolean      legacy_tls);
gboolean      spc_request_load_trust          (SpcRequest   *self,
                                               GError      **error);

/* How many TLS handshakes and host lookups run at once, over this request
 * and the copies made from it afterwards (a CLI run over many hosts shares
 * one bound); 0 sets the default. Others wait for a slot without a
 * deadline running (see spc-handshake-queue.h). For tests and debugging. */
guint         spc_request_get_max_handshakes  (SpcRequest   *self);
void          spc_request_set_max_handshakes  (SpcRequest   *self,
                                               guint         max_handshakes);
SpcHandshakeQueue *spc_request_get_handshake_queue (SpcRequest *self);
/* Names looked up once for this request and the copies made from it (the
 * reference host, which every silent port asks; spc-name-cache.h) */
SpcNameCache      *spc_request_get_name_cache      (SpcRequest *self);

G_END_DECLS
