/* test-discovery.c — an address to candidate servers, against real servers
 *
 * The pure parts (addresses, ranking) run anywhere. The lookups run only
 * inside the network namespace tests/discovery/test-discovery-netns.sh
 * makes (SPC_DISCOVERY_NETNS=1): its dnsmasq answers the *.test names and
 * this program serves HTTPS (certificates from the test CA) and HTTP on
 * loopback there. Outside it they skip: a lookup would reach the real DNS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "spc-discovery.h"
#include "spc-error.h"
#include "spc-probe.h"
#include "spc-test-util.h"
#include "spc-tls-database.h"

#define DEADLINE_MS 1500

typedef struct {
  GTlsDatabase *database;
  GPtrArray    *requests;  /* "host path?query" of every request served */
  GPtrArray    *paused;    /* SoupServerMessage* never answered (the hanging source) */
} Fixture;

/* One fixture for the whole program: the servers outlive every case */
static Fixture fixture;

static char *
config_xml (const char *name,
            const char *hostname,
            const char *port,
            const char *socket_type,
            const char *username)
{
  return g_strdup_printf ("<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">"
                          "<emailProvider id=\"x\"><displayName>%s</displayName>"
                          "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>%s</port>"
                          "<socketType>%s</socketType><username>%s</username></outgoingServer>"
                          "</emailProvider></clientConfig>\n",
                          name, hostname, port, socket_type, username);
}

static void
serve_huge (SoupServerMessage *message,
            gboolean           chunked)
{
  gsize size = 2 * SPC_AUTOCONFIG_MAX_BYTES;
  char *body = g_malloc (size);
  SoupMessageBody *response = soup_server_message_get_response_body (message);

  memset (body, ' ', size);
  memcpy (body, "<clientConfig>", strlen ("<clientConfig>"));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (message),
                                         "text/xml", NULL);
  if (chunked)
    {
      /* No Content-Length: only the reader's cap can stop it */
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                         SOUP_ENCODING_CHUNKED);
      for (gsize offset = 0; offset < size; offset += 65536)
        soup_message_body_append (response, SOUP_MEMORY_COPY, body + offset, 65536);
      soup_message_body_complete (response);
      g_free (body);
    }
  else
    {
      soup_message_body_append (response, SOUP_MEMORY_TAKE, body, size);
    }
}

/* The document each name and path serves; NULL: 404 */
static char *
document_for (const char *host,
              const char *path)
{
  gboolean autoconfig = strcmp (path, "/mail/config-v1.1.xml") == 0;

  if (autoconfig && strcmp (host, "autoconfig.auto.test") == 0)
    return config_xml ("Auto Mail", "smtp.auto.test", "465", "SSL", "%EMAILADDRESS%");
  if (strcmp (host, "wk.test") == 0 && strcmp (path, "/.well-known/autoconfig/mail/config-v1.1.xml") == 0)
    return config_xml ("Well-Known Mail", "smtp.%EMAILDOMAIN%", "587", "STARTTLS", "%EMAILLOCALPART%");
  if (strcmp (host, "ispdb.test") == 0 && strcmp (path, "/v1.1/isp.test") == 0)
    return config_xml ("ISP Mail", "smtp.isp.test", "465", "SSL", "%EMAILADDRESS%");
  if (strcmp (host, "ispdb.test") == 0 && strcmp (path, "/v1.1/hosted.test") == 0)
    return config_xml ("Hosted Mail", "smtp.hosted.test", "587", "STARTTLS", "%EMAILADDRESS%");
  if (autoconfig && strcmp (host, "autoconfig.conflict.test") == 0)
    return config_xml ("Conflict Mail", "smtp.conflict.test", "587", "STARTTLS", "%EMAILADDRESS%");
  if (autoconfig && strcmp (host, "autoconfig.plain.test") == 0)
    return config_xml ("Plain Mail", "smtp.plain.test", "587", "STARTTLS", "%EMAILADDRESS%");
  if (autoconfig && strcmp (host, "autoconfig.badcert.test") == 0)
    return config_xml ("Badcert Mail", "smtp.badcert.test", "465", "SSL", "%EMAILADDRESS%");
  if (autoconfig && strcmp (host, "autoconfig.malformed.test") == 0)
    return g_strdup ("<clientConfig><emailProvider><outgoingServer type=\"smtp\"><hostname>x");
  if (autoconfig && strcmp (host, "autoconfig.empty.test") == 0)
    return g_strdup ("<clientConfig><emailProvider><incomingServer type=\"imap\"/>"
                     "</emailProvider></clientConfig>");
  return NULL;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *host = g_uri_get_host (uri);
  g_autofree char *document = NULL;

  g_ptr_array_add (fixture.requests, g_strdup_printf ("%s %s?%s", host, path,
                                                      g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : ""));

  if (strcmp (host, "autoconfig.slow.test") == 0)
    {
      /* Never answered: only the deadline ends this lookup */
      soup_server_message_pause (message);
      g_ptr_array_add (fixture.paused, g_object_ref (message));
      return;
    }
  if (strcmp (host, "autoconfig.huge.test") == 0 || strcmp (host, "autoconfig.huge-chunked.test") == 0)
    {
      serve_huge (message, strcmp (host, "autoconfig.huge-chunked.test") == 0);
      return;
    }

  document = document_for (host, path);
  if (document == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_response (message, "text/xml", SOUP_MEMORY_COPY, document, strlen (document));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static SoupServer *
start_server (const char         *cert_dir,
              const char         *cert_name,
              const char * const *https_addresses,
              const char * const *http_addresses)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_file = g_strdup_printf ("%s/%s.pem", cert_dir, cert_name);
  g_autofree char *key_file = g_strdup_printf ("%s/%s-key.pem", cert_dir, cert_name);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  SoupServer *server;

  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, handle, NULL, NULL);
  for (guint i = 0; https_addresses != NULL && https_addresses[i] != NULL; i++)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (https_addresses[i], 443);

      soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; http_addresses != NULL && http_addresses[i] != NULL; i++)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (http_addresses[i], 80);

      soup_server_listen (server, address, 0, &error);
      g_assert_no_error (error);
    }
  return server;
}

/* ---- running a discovery ---- */

typedef struct {
  SpcDiscovery *discovery;
  gint64        started_us;
  gint64        first_candidate_ms;  /* -1: none */
  gboolean      done;
} Run;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Run *run = user_data;

  if (run->first_candidate_ms < 0 && added > 0)
    run->first_candidate_ms = (g_get_monotonic_time () - run->started_us) / 1000;
}

static void
done_cb (SpcDiscovery *discovery,
         gpointer      user_data)
{
  ((Run *) user_data)->done = TRUE;
}

static gboolean
netns_only (void)
{
  if (g_getenv ("SPC_DISCOVERY_NETNS") != NULL)
    return TRUE;
  g_test_skip ("lookups run only inside tests/discovery/test-discovery-netns.sh's namespace");
  return FALSE;
}

static SpcDiscovery *
run_discovery_full (const char *address,
                    gboolean    online,
                    gboolean    trust_test_ca,
                    gboolean    cancel_at_once)
{
  g_autoptr(GError) error = NULL;
  Run run = { .first_candidate_ms = -1 };
  gint64 limit;

  run.discovery = spc_discovery_new (address, &error);
  g_assert_no_error (error);
  if (trust_test_ca)
    spc_discovery_set_tls_database (run.discovery, fixture.database);
  spc_discovery_set_ispdb_url (run.discovery, "https://ispdb.test/v1.1");
  spc_discovery_set_online_lookups (run.discovery, online);
  spc_discovery_set_timeout_ms (run.discovery, DEADLINE_MS);
  g_signal_connect (run.discovery, "items-changed", G_CALLBACK (items_changed_cb), &run);
  g_signal_connect (run.discovery, "done", G_CALLBACK (done_cb), &run);

  run.started_us = g_get_monotonic_time ();
  spc_discovery_start (run.discovery);
  if (cancel_at_once)
    spc_discovery_cancel (run.discovery);
  limit = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!run.done && g_get_monotonic_time () < limit)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run.done);
  g_assert_true (spc_discovery_is_done (run.discovery));
  g_signal_handlers_disconnect_by_data (run.discovery, &run);
  g_object_set_data (G_OBJECT (run.discovery), "first-candidate-ms",
                     GINT_TO_POINTER ((int) run.first_candidate_ms));
  return run.discovery;
}

static SpcDiscovery *
run_discovery (const char *address)
{
  return run_discovery_full (address, TRUE, TRUE, FALSE);
}

/* A case that runs only inside the namespace (skipped elsewhere): a
 * discovery of @address, online and trusting the test CA unless it says
 * otherwise, handed to @check */
typedef struct {
  const char *address;
  gboolean    offline;
  gboolean    untrusted_ca;
  gboolean    cancel_at_once;
  void      (*check) (SpcDiscovery *discovery);
} DiscoveryCase;

static void
test_discovery_case (gconstpointer data)
{
  const DiscoveryCase *discovery_case = data;
  g_autoptr(SpcDiscovery) discovery = NULL;

  if (!netns_only ())
    return;
  discovery = run_discovery_full (discovery_case->address, !discovery_case->offline,
                                  !discovery_case->untrusted_ca, discovery_case->cancel_at_once);
  discovery_case->check (discovery);
}

/* The source of @kind (@secure), or NULL */
static SpcDiscoverySource *
find_source (SpcDiscovery  *discovery,
             SpcSourceKind  kind,
             gboolean       secure)
{
  GListModel *sources = spc_discovery_get_sources (discovery);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);

      if (spc_discovery_source_get_kind (source) == kind
          && spc_discovery_source_get_secure (source) == secure)
        return source;  /* the model keeps it alive */
    }
  return NULL;
}

static SpcSourceResult
result_of (SpcDiscovery  *discovery,
           SpcSourceKind  kind,
           gboolean       secure)
{
  SpcDiscoverySource *source = find_source (discovery, kind, secure);

  g_assert_nonnull (source);
  return spc_discovery_source_get_result (source);
}

static void
assert_candidate (SpcCandidate *candidate,
                  const char   *host,
                  guint16       port,
                  SpcMode       mode,
                  const char   *username)
{
  g_assert_cmpstr (spc_candidate_get_host (candidate), ==, host);
  g_assert_cmpuint (spc_candidate_get_port (candidate), ==, port);
  g_assert_cmpint (spc_candidate_get_mode (candidate), ==, mode);
  g_assert_cmpstr (spc_candidate_get_username (candidate), ==, username);
}

static SpcCandidate *
ranked (SpcDiscovery *discovery,
        guint         index)
{
  g_autoptr(GPtrArray) candidates = spc_discovery_dup_ranked (discovery);

  g_assert_cmpuint (index, <, candidates->len);
  /* The discovery's model keeps it alive */
  return candidates->pdata[index];
}

static guint
n_candidates (SpcDiscovery *discovery)
{
  return g_list_model_get_n_items (G_LIST_MODEL (discovery));
}

/* No request ever carries the local part */
static void
assert_no_local_part_sent (const char *local_part)
{
  for (guint i = 0; i < fixture.requests->len; i++)
    g_assert_null (strstr (fixture.requests->pdata[i], local_part));
}

/* ---- pure parts ---- */

static void
test_address (void)
{
  const char *refused[] = { "", "ana", "@example.org", "ana@", "ana@[192.0.2.1]", "ana@192.0.2.1",
                            "ana@localhost", "ana@exa mple.org", "ana@example.org:587" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcDiscovery) discovery = spc_discovery_new (" Ana.B@Bücher.Example ", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (spc_discovery_get_address (discovery), ==, "Ana.B@Bücher.Example");
  g_assert_cmpstr (spc_discovery_get_local_part (discovery), ==, "Ana.B");
  g_assert_cmpstr (spc_discovery_get_domain (discovery), ==, "xn--bcher-kva.example");
  g_assert_cmpstr (spc_discovery_get_ispdb_url (discovery), ==, SPC_DISCOVERY_DEFAULT_ISPDB_URL);
  g_assert_true (spc_discovery_get_online_lookups (discovery));
  g_assert_true (spc_discovery_is_address ("a@b.example"));
  g_assert_false (spc_discovery_is_address ("smtp.example.org"));
  g_assert_false (spc_discovery_is_address ("a@"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refused_error = NULL;
      g_autoptr(SpcDiscovery) refused_discovery = spc_discovery_new (refused[i], &refused_error);

      g_test_message ("address '%s'", refused[i]);
      g_assert_null (refused_discovery);
      g_assert_error (refused_error, SPC_ERROR, SPC_ERROR_INVALID_HOST);
    }
}

static SpcCandidate *
candidate_from (SpcDiscoverySource *source,
                const char         *host,
                guint16             port,
                SpcMode             mode)
{
  SpcCandidate *candidate = spc_candidate_new (host, port, mode);

  spc_candidate_add_source (candidate, source, mode, NULL);
  return candidate;
}

/* Trust first, then 465 over 587 over 2525 over 25, plaintext last */
static void
test_rank (void)
{
  g_autoptr(SpcDiscoverySource) https = spc_discovery_source_new (SPC_SOURCE_KIND_AUTOCONFIG, "https://a", TRUE);
  g_autoptr(SpcDiscoverySource) http = spc_discovery_source_new (SPC_SOURCE_KIND_AUTOCONFIG, "http://a", FALSE);
  g_autoptr(SpcDiscoverySource) mx = spc_discovery_source_new (SPC_SOURCE_KIND_MX, "a", FALSE);
  g_autoptr(SpcDiscoverySource) srv = spc_discovery_source_new (SPC_SOURCE_KIND_SRV, "_submissions._tcp.a", FALSE);
  g_autoptr(SpcDiscoverySource) guess = spc_discovery_source_new (SPC_SOURCE_KIND_GUESS, "a", FALSE);
  g_autoptr(SpcCandidate) https_587 = candidate_from (https, "a", 587, SPC_MODE_STARTTLS);
  g_autoptr(SpcCandidate) https_465 = candidate_from (https, "a", 465, SPC_MODE_TLS);
  g_autoptr(SpcCandidate) https_25_plain = candidate_from (https, "a", 25, SPC_MODE_PLAIN);
  g_autoptr(SpcCandidate) mx_2525 = candidate_from (mx, "a", 2525, SPC_MODE_STARTTLS);
  g_autoptr(SpcCandidate) srv_465 = candidate_from (srv, "a", 465, SPC_MODE_TLS);
  g_autoptr(SpcCandidate) http_465 = candidate_from (http, "a", 465, SPC_MODE_TLS);
  g_autoptr(SpcCandidate) guess_465 = candidate_from (guess, "a", 465, SPC_MODE_TLS);
  SpcCandidate *order[] = { https_465, https_587, mx_2525, srv_465, http_465, guess_465, https_25_plain };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++)
    {
      g_assert_cmpint (spc_candidate_compare (order[i], order[i + 1]), <, 0);
      g_assert_cmpint (spc_candidate_compare (order[i + 1], order[i]), >, 0);
    }
  /* Plaintext claims are probed with STARTTLS, the claim stays visible */
  g_assert_cmpint (spc_candidate_get_mode (https_25_plain), ==, SPC_MODE_STARTTLS);
  g_assert_cmpint (spc_candidate_get_claimed_mode (https_25_plain), ==, SPC_MODE_PLAIN);
  /* A second, better source lifts a candidate */
  spc_candidate_add_source (guess_465, https, SPC_MODE_TLS, "ana@a");
  g_assert_cmpuint (spc_candidate_get_trust (guess_465), ==, 0);
  g_assert_cmpuint (spc_candidate_get_sources (guess_465)->len, ==, 2);
  g_assert_cmpstr (spc_candidate_get_username (guess_465), ==, "ana@a");
}

/* ---- each source alone ---- */

static void
test_bundled (void)
{
  g_autoptr(SpcDiscovery) discovery = NULL;
  guint requests_before = fixture.requests->len;

  if (!netns_only ())
    return;
  discovery = run_discovery_full ("ana@gmail.com", FALSE, TRUE, FALSE);

  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_BUNDLED, TRUE), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpstr (spc_discovery_get_provider (discovery), ==, "Google Mail");
  assert_candidate (ranked (discovery, 0), "smtp.gmail.com", 465, SPC_MODE_TLS, "ana@gmail.com");
  /* The bundled answer is there at once */
  g_test_message ("bundled: first candidate after %d ms",
                  GPOINTER_TO_INT (g_object_get_data (G_OBJECT (discovery), "first-candidate-ms")));
  g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (discovery), "first-candidate-ms")), <, 50);
  /* Offline: no HTTP lookup at all, and no guess (a server was named) */
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE));
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_ISPDB, TRUE));
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_GUESS, FALSE));
  g_assert_nonnull (find_source (discovery, SPC_SOURCE_KIND_SRV, FALSE));
  g_assert_nonnull (find_source (discovery, SPC_SOURCE_KIND_MX, FALSE));
  g_assert_cmpuint (fixture.requests->len, ==, requests_before);
}

static void
check_autoconfig (SpcDiscovery *discovery)
{
  SpcDiscoverySource *source;

  source = find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE);
  g_assert_cmpint (spc_discovery_source_get_result (source), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpstr (spc_discovery_source_get_location (source), ==,
                   "https://autoconfig.auto.test/mail/config-v1.1.xml");
  g_assert_cmpstr (spc_discovery_source_get_provider (source), ==, "Auto Mail");
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_BUNDLED, TRUE), ==, SPC_SOURCE_RESULT_NONE);
  /* auto.test has no address: nothing there */
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_WELL_KNOWN, TRUE), ==, SPC_SOURCE_RESULT_NONE);
  /* The ISPDB answered 404 */
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_ISPDB, TRUE), ==, SPC_SOURCE_RESULT_NONE);
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_MX, FALSE), ==, SPC_SOURCE_RESULT_NONE);
  /* HTTPS answered: no plain HTTP, no guess */
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, FALSE));
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_GUESS, FALSE));
  g_assert_cmpuint (n_candidates (discovery), ==, 1);
  assert_candidate (ranked (discovery, 0), "smtp.auto.test", 465, SPC_MODE_TLS, "ana@auto.test");
  g_assert_cmpstr (spc_discovery_get_provider (discovery), ==, "Auto Mail");
  assert_no_local_part_sent ("ana");
}

static const DiscoveryCase autoconfig_case = { "ana@auto.test", .check = check_autoconfig };

/* The test CA is trusted only through the database given (--ca-file) */
static void
check_autoconfig_untrusted_ca (SpcDiscovery *discovery)
{
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE), ==, SPC_SOURCE_RESULT_ERROR);
  g_assert_null (spc_discovery_get_provider (discovery));
}

static const DiscoveryCase autoconfig_untrusted_ca_case = {
  "ana@auto.test", .untrusted_ca = TRUE, .check = check_autoconfig_untrusted_ca,
};

static void
check_well_known (SpcDiscovery *discovery)
{
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_WELL_KNOWN, TRUE), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE), ==, SPC_SOURCE_RESULT_NONE);
  g_assert_cmpuint (n_candidates (discovery), ==, 1);
  /* %EMAILDOMAIN% and %EMAILLOCALPART% expanded */
  assert_candidate (ranked (discovery, 0), "smtp.wk.test", 587, SPC_MODE_STARTTLS, "ana");
}

static const DiscoveryCase well_known_case = { "ana@wk.test", .check = check_well_known };

static void
check_ispdb (SpcDiscovery *discovery)
{
  SpcDiscoverySource *source;

  source = find_source (discovery, SPC_SOURCE_KIND_ISPDB, TRUE);
  g_assert_cmpint (spc_discovery_source_get_result (source), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpstr (spc_discovery_source_get_location (source), ==, "https://ispdb.test/v1.1/isp.test");
  assert_candidate (ranked (discovery, 0), "smtp.isp.test", 465, SPC_MODE_TLS, "ana@isp.test");
  g_assert_cmpstr (spc_discovery_get_provider (discovery), ==, "ISP Mail");
}

static const DiscoveryCase ispdb_case = { "ana@isp.test", .check = check_ispdb };

static SpcDiscoverySource *
find_srv (SpcDiscovery *discovery,
          const char   *location)
{
  GListModel *sources = spc_discovery_get_sources (discovery);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);

      if (g_strcmp0 (spc_discovery_source_get_location (source), location) == 0)
        return source;
    }
  g_assert_not_reached ();
}

static void
check_srv (SpcDiscovery *discovery)
{
  SpcDiscoverySource *submissions, *submission;
  GPtrArray *servers;

  submissions = find_srv (discovery, "_submissions._tcp.srv.test");
  submission = find_srv (discovery, "_submission._tcp.srv.test");
  g_assert_cmpint (spc_discovery_source_get_result (submissions), ==, SPC_SOURCE_RESULT_FOUND);
  /* Target "." : not offered */
  g_assert_cmpint (spc_discovery_source_get_result (submission), ==, SPC_SOURCE_RESULT_NONE);
  servers = spc_discovery_source_get_servers (submissions);
  g_assert_cmpuint (servers->len, ==, 2);
  /* Lowest priority first */
  g_assert_cmpstr (((SpcServerClaim *) servers->pdata[0])->hostname, ==, "mail.srv.test");
  g_assert_cmpstr (((SpcServerClaim *) servers->pdata[1])->hostname, ==, "backup.srv.test");
  assert_candidate (g_list_model_get_item (G_LIST_MODEL (discovery), 0), "mail.srv.test", 465,
                    SPC_MODE_TLS, NULL);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (discovery), 0));
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_GUESS, FALSE));
}

static const DiscoveryCase srv_case = { "ana@srv.test", .check = check_srv };

/* Both SRV records say "not offered": nothing named, so the guess runs
 * (without waiting for its delay: every other lookup had ended) */
static void
check_srv_dot_and_guess (SpcDiscovery *discovery)
{
  SpcDiscoverySource *guess;

  g_assert_cmpint (spc_discovery_source_get_result (find_srv (discovery, "_submissions._tcp.dot.test")),
                   ==, SPC_SOURCE_RESULT_NONE);
  g_assert_cmpint (spc_discovery_source_get_result (find_srv (discovery, "_submission._tcp.dot.test")),
                   ==, SPC_SOURCE_RESULT_NONE);
  guess = find_source (discovery, SPC_SOURCE_KIND_GUESS, FALSE);
  g_assert_nonnull (guess);
  g_assert_cmpint (spc_discovery_source_get_result (guess), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpuint (n_candidates (discovery), ==, 2);
  assert_candidate (ranked (discovery, 0), "dot.test", 465, SPC_MODE_TLS, NULL);
  assert_candidate (ranked (discovery, 1), "dot.test", 587, SPC_MODE_STARTTLS, NULL);
}

static const DiscoveryCase srv_dot_and_guess_case = { "ana@dot.test", .check = check_srv_dot_and_guess };

static void
check_mx_bundled (SpcDiscovery *discovery)
{
  const char * const *mx_hosts;

  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_MX, FALSE), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpstr (spc_discovery_get_provider (discovery), ==, "Google Mail");
  assert_candidate (ranked (discovery, 0), "smtp.gmail.com", 465, SPC_MODE_TLS, "ana@mx.test");
  mx_hosts = spc_discovery_get_mx_hosts (discovery);
  g_assert_cmpuint (g_strv_length ((char **) mx_hosts), ==, 2);
  g_assert_cmpstr (mx_hosts[0], ==, "alt1.aspmx.l.google.com");
  g_assert_cmpstr (mx_hosts[1], ==, "mx2.elsewhere.test");
}

static const DiscoveryCase mx_bundled_case = { "ana@mx.test", .check = check_mx_bundled };

/* An MX outside the bundled table: the ISPDB for its base domain */
static void
check_mx_ispdb (SpcDiscovery *discovery)
{
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_MX, FALSE), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpstr (spc_discovery_get_provider (discovery), ==, "Hosted Mail");
  assert_candidate (ranked (discovery, 0), "smtp.hosted.test", 587, SPC_MODE_STARTTLS, "ana@mxispdb.test");
}

static const DiscoveryCase mx_ispdb_case = { "ana@mxispdb.test", .check = check_mx_ispdb };

static void
check_guess (SpcDiscovery *discovery)
{
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_GUESS, FALSE), ==, SPC_SOURCE_RESULT_FOUND);
  /* smtp.none.test and none.test resolve, mail.none.test does not */
  g_assert_cmpuint (n_candidates (discovery), ==, 4);
  assert_candidate (ranked (discovery, 0), "none.test", 465, SPC_MODE_TLS, NULL);
  assert_candidate (ranked (discovery, 1), "smtp.none.test", 465, SPC_MODE_TLS, NULL);
  assert_candidate (ranked (discovery, 2), "none.test", 587, SPC_MODE_STARTTLS, NULL);
  g_assert_null (spc_discovery_get_provider (discovery));
}

static const DiscoveryCase guess_case = { "ana@none.test", .check = check_guess };

/* ---- sources together ---- */

/* The domain's HTTPS autoconfig says 587, SRV says 465 and 587: both are
 * candidates, the one from HTTPS first, 587 named by two sources */
static void
check_conflict (SpcDiscovery *discovery)
{
  SpcCandidate *best;

  g_assert_cmpuint (n_candidates (discovery), ==, 2);
  best = ranked (discovery, 0);
  assert_candidate (best, "smtp.conflict.test", 587, SPC_MODE_STARTTLS, "ana@conflict.test");
  g_assert_cmpuint (spc_candidate_get_sources (best)->len, ==, 2);
  g_assert_cmpuint (spc_candidate_get_trust (best), ==, 0);
  assert_candidate (ranked (discovery, 1), "smtp.conflict.test", 465, SPC_MODE_TLS, NULL);
}

static const DiscoveryCase conflict_case = { "ana@conflict.test", .check = check_conflict };

/* A source that never answers ends at its own deadline; the others and
 * their candidates do not wait for it */
static void
check_hanging_source (SpcDiscovery *discovery)
{
  SpcDiscoverySource *slow, *srv;
  int first_ms;

  slow = find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE);
  srv = find_srv (discovery, "_submissions._tcp.slow.test");
  first_ms = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (discovery), "first-candidate-ms"));
  g_test_message ("SRV after %" G_GINT64_FORMAT " ms, first candidate after %d ms, autoconfig timed out after %"
                  G_GINT64_FORMAT " ms", spc_discovery_source_get_ms (srv), first_ms,
                  spc_discovery_source_get_ms (slow));
  g_assert_cmpint (spc_discovery_source_get_result (slow), ==, SPC_SOURCE_RESULT_TIMEOUT);
  g_assert_cmpint (spc_discovery_source_get_ms (slow), >=, DEADLINE_MS - 50);
  g_assert_cmpint (spc_discovery_source_get_ms (slow), <, DEADLINE_MS + 1000);
  g_assert_cmpint (spc_discovery_source_get_result (srv), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpint (spc_discovery_source_get_ms (srv), <, DEADLINE_MS / 2);
  g_assert_cmpint (first_ms, >=, 0);
  g_assert_cmpint (first_ms, <, DEADLINE_MS / 2);
}

static const DiscoveryCase hanging_source_case = { "ana@slow.test", .check = check_hanging_source };

/* Plain HTTP only: used as the last resort, marked untrusted */
static void
check_plain_http_only (SpcDiscovery *discovery)
{
  SpcDiscoverySource *plain;

  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE), ==, SPC_SOURCE_RESULT_ERROR);
  plain = find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, FALSE);
  g_assert_nonnull (plain);
  g_assert_cmpstr (spc_discovery_source_get_location (plain), ==,
                   "http://autoconfig.plain.test/mail/config-v1.1.xml");
  g_assert_cmpint (spc_discovery_source_get_result (plain), ==, SPC_SOURCE_RESULT_FOUND);
  g_assert_cmpuint (spc_discovery_source_get_trust (plain), ==, 3);
  assert_candidate (ranked (discovery, 0), "smtp.plain.test", 587, SPC_MODE_STARTTLS, "ana@plain.test");
  g_assert_cmpuint (spc_candidate_get_trust (ranked (discovery, 0)), ==, 3);
}

static const DiscoveryCase plain_http_only_case = { "ana@plain.test", .check = check_plain_http_only };

/* A certificate for another name: an error, and what it serves is unused */
static void
check_bad_certificate (SpcDiscovery *discovery)
{
  SpcDiscoverySource *source;

  source = find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE);
  g_assert_cmpint (spc_discovery_source_get_result (source), ==, SPC_SOURCE_RESULT_ERROR);
  g_test_message ("bad certificate: %s", spc_discovery_source_get_detail (source));
  g_assert_cmpuint (spc_discovery_source_get_servers (source)->len, ==, 0);
  g_assert_cmpint (result_of (discovery, SPC_SOURCE_KIND_AUTOCONFIG, FALSE), ==, SPC_SOURCE_RESULT_ERROR);
  g_assert_cmpuint (n_candidates (discovery), ==, 0);
  g_assert_null (spc_discovery_get_provider (discovery));
}

static const DiscoveryCase bad_certificate_case = { "ana@badcert.test", .check = check_bad_certificate };

static void
test_bad_documents (void)
{
  /* Too large is refused while reading (at the Content-Length, or at the
   * cap without one), before the parser's own cap */
  struct {
    const char      *address;
    SpcSourceResult  result;
    const char      *detail;
  } cases[] = {
    { "ana@malformed.test", SPC_SOURCE_RESULT_ERROR, "Error on line" },
    { "ana@huge.test", SPC_SOURCE_RESULT_ERROR, "The document is larger than 1 MiB." },
    { "ana@huge-chunked.test", SPC_SOURCE_RESULT_ERROR, "The document is larger than 1 MiB." },
    { "ana@empty.test", SPC_SOURCE_RESULT_NONE, NULL },
  };

  if (!netns_only ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpcDiscovery) discovery = run_discovery (cases[i].address);
      SpcDiscoverySource *source = find_source (discovery, SPC_SOURCE_KIND_AUTOCONFIG, TRUE);

      g_test_message ("%s: %s (%s)", cases[i].address, spc_discovery_source_get_result_name (source),
                      spc_discovery_source_get_detail (source));
      g_assert_cmpint (spc_discovery_source_get_result (source), ==, cases[i].result);
      if (cases[i].detail == NULL)
        g_assert_null (spc_discovery_source_get_detail (source));
      else
        g_assert_true (g_str_has_prefix (spc_discovery_source_get_detail (source), cases[i].detail));
      g_assert_cmpuint (n_candidates (discovery), ==, 0);
    }
}

static void
check_cancel (SpcDiscovery *discovery)
{
  GListModel *sources;

  sources = spc_discovery_get_sources (discovery);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpcDiscoverySource) source = g_list_model_get_item (sources, i);

      g_assert_cmpint (spc_discovery_source_get_result (source), !=, SPC_SOURCE_RESULT_RUNNING);
      g_assert_cmpint (spc_discovery_source_get_result (source), !=, SPC_SOURCE_RESULT_TIMEOUT);
    }
  g_assert_null (find_source (discovery, SPC_SOURCE_KIND_GUESS, FALSE));
}

static const DiscoveryCase cancel_case = { "ana@slow.test", .cancel_at_once = TRUE, .check = check_cancel };

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cert_dir = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(SoupServer) good = NULL;
  g_autoptr(SoupServer) wrong = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture.requests = g_ptr_array_new_with_free_func (g_free);
  fixture.paused = g_ptr_array_new_with_free_func (g_object_unref);
  if (g_getenv ("SPC_DISCOVERY_NETNS") != NULL)
    {
      const char *good_https[] = { "127.0.0.1", "::1", NULL };
      const char *good_http[] = { "127.0.0.3", NULL };
      const char *wrong_https[] = { "127.0.0.4", NULL };

      cert_dir = spc_test_dup_cert_dir ();
      ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
      fixture.database = spc_tls_database_new_with_ca_file (ca_file, &error);
      g_assert_no_error (error);
      good = start_server (cert_dir, "discovery", good_https, good_http);
      wrong = start_server (cert_dir, "wrong-host", wrong_https, NULL);
    }

  g_test_add_func ("/discovery/address", test_address);
  g_test_add_func ("/discovery/rank", test_rank);
  g_test_add_func ("/discovery/source/bundled", test_bundled);
  g_test_add_data_func ("/discovery/source/autoconfig", &autoconfig_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/autoconfig-untrusted-ca", &autoconfig_untrusted_ca_case,
                        test_discovery_case);
  g_test_add_data_func ("/discovery/source/well-known", &well_known_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/ispdb", &ispdb_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/srv", &srv_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/srv-dot-and-guess", &srv_dot_and_guess_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/mx-bundled", &mx_bundled_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/mx-ispdb", &mx_ispdb_case, test_discovery_case);
  g_test_add_data_func ("/discovery/source/guess", &guess_case, test_discovery_case);
  g_test_add_data_func ("/discovery/together/conflict", &conflict_case, test_discovery_case);
  g_test_add_data_func ("/discovery/together/hanging-source", &hanging_source_case, test_discovery_case);
  g_test_add_data_func ("/discovery/hostile/plain-http-only", &plain_http_only_case, test_discovery_case);
  g_test_add_data_func ("/discovery/hostile/bad-certificate", &bad_certificate_case, test_discovery_case);
  g_test_add_func ("/discovery/hostile/bad-documents", test_bad_documents);
  g_test_add_data_func ("/discovery/cancel", &cancel_case, test_discovery_case);

  status = g_test_run ();

  g_clear_object (&fixture.database);
  g_ptr_array_unref (fixture.paused);
  g_ptr_array_unref (fixture.requests);
  return status;
}
