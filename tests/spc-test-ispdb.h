/* spc-test-ispdb.h — an ISPDB on loopback, over HTTPS with the test CA's
 * localhost certificate, for the window tests that start from an address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The outgoing servers of one provider: the <outgoingServer> elements */
typedef char *(*SpcTestIspdbServersFunc) (gpointer user_data);

/* Answers /v1.1/@domain with a clientConfig of @display_name (XML, as
 * it is sent) whose outgoing servers @servers writes (called for each
 * request), every other path with 404; *@url gets the base URL for the
 * "ispdb-url" setting */
SoupServer *spc_test_ispdb_start (const char              *cert_dir,
                                  const char              *domain,
                                  const char              *display_name,
                                  SpcTestIspdbServersFunc  servers,
                                  gpointer                 user_data,
                                  char                   **url);

G_END_DECLS
