/* spc-autoconfig.h — Thunderbird's config-v1.1.xml, the outgoing servers only
 *
 * The format of the ISPDB and of providers' own autoconfig files
 * (https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat).
 * Pure: bytes in, facts out. Everything the network sends is bounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "spc-ports.h"

G_BEGIN_DECLS

/* Larger documents are refused unread (the biggest ISPDB file is ~15 KiB) */
#define SPC_AUTOCONFIG_MAX_BYTES (1024 * 1024)
/* Caps on what one document may list; the rest is ignored */
#define SPC_AUTOCONFIG_MAX_SERVERS 16
#define SPC_AUTOCONFIG_MAX_DOMAINS 1000

/* One <outgoingServer type="smtp"> as the document states it */
typedef struct {
  char    *hostname;  /* as written: may hold %EMAILDOMAIN% */
  guint16  port;
  SpcMode  mode;      /* SSL → tls, STARTTLS → starttls, plain → plain */
  char    *username;  /* template: %EMAILADDRESS%, %EMAILLOCALPART%…; NULL if absent */
  char   **authentication; /* "password-cleartext", "OAuth2", …; never NULL */
} SpcServerClaim;

typedef struct {
  char      *id;            /* emailProvider id="…", NULL if absent */
  char      *display_name;  /* NULL if absent */
  char     **domains;       /* <domain> entries, lower case; never NULL */
  GPtrArray *servers;       /* of SpcServerClaim*, in document order */
} SpcProviderConfig;

/* Parses one config-v1.1.xml document of at most SPC_AUTOCONFIG_MAX_BYTES.
 * Servers with no hostname, a bad port or an unknown socketType are
 * skipped; a document with no usable outgoing server is still a success
 * (servers->len == 0). Errors (SPC_ERROR_MALFORMED, SPC_ERROR_REPLY_TOO_LARGE):
 * not XML, not a clientConfig, too large. */
SpcProviderConfig *spc_provider_config_parse   (const char               *data,
                                                gsize                     length,
                                                GError                  **error);
SpcProviderConfig *spc_provider_config_new     (void);
void               spc_provider_config_free    (SpcProviderConfig        *config);

SpcServerClaim    *spc_server_claim_new        (const char               *hostname,
                                                guint16                   port,
                                                SpcMode                   mode,
                                                const char               *username);
SpcServerClaim    *spc_server_claim_copy       (const SpcServerClaim     *claim);
void               spc_server_claim_free       (SpcServerClaim           *claim);

/* Replaces %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN% in @template;
 * @local_part may be NULL (then a template needing it gives NULL) */
char              *spc_autoconfig_expand       (const char               *template,
                                                const char               *local_part,
                                                const char               *domain);

/* "SSL", "STARTTLS", "plain" (case-insensitive) → mode */
gboolean           spc_autoconfig_parse_socket_type (const char          *text,
                                                SpcMode                  *mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcProviderConfig, spc_provider_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpcServerClaim, spc_server_claim_free)

G_END_DECLS
