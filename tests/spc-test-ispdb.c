/* spc-test-ispdb.c — an ISPDB on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-test-ispdb.h"

typedef struct {
  char                    *path;
  char                    *display_name;
  SpcTestIspdbServersFunc  servers;
  gpointer                 user_data;
} Ispdb;

static void
ispdb_free (gpointer data)
{
  Ispdb *ispdb = data;

  g_free (ispdb->path);
  g_free (ispdb->display_name);
  g_free (ispdb);
}

static void
serve (SoupServer        *server,
       SoupServerMessage *message,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Ispdb *ispdb = user_data;
  g_autofree char *servers = NULL;
  g_autofree char *document = NULL;

  if (strcmp (path, ispdb->path) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  servers = ispdb->servers (ispdb->user_data);
  document = g_strdup_printf ("<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">"
                              "<emailProvider id=\"%s\"><displayName>%s</displayName>"
                              "%s</emailProvider></clientConfig>\n",
                              ispdb->path + strlen ("/v1.1/"), ispdb->display_name, servers);
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_COPY, document, strlen (document));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

SoupServer *
spc_test_ispdb_start (const char              *cert_dir,
                      const char              *domain,
                      const char              *display_name,
                      SpcTestIspdbServersFunc  servers,
                      gpointer                 user_data,
                      char                   **url)
{
  g_autofree char *cert = g_build_filename (cert_dir, "localhost.pem", NULL);
  g_autofree char *key = g_build_filename (cert_dir, "localhost-key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSList) uris = NULL;
  Ispdb *ispdb = g_new0 (Ispdb, 1);
  SoupServer *server;

  ispdb->path = g_strconcat ("/v1.1/", domain, NULL);
  ispdb->display_name = g_strdup (display_name);
  ispdb->servers = servers;
  ispdb->user_data = user_data;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, serve, ispdb, ispdb_free);
  soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  *url = g_strdup_printf ("https://127.0.0.1:%d/v1.1/", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return server;
}
