/* test-autoconfig.c — the config-v1.1.xml parser and the bundled table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-autoconfig.h"
#include "spc-error.h"
#include "spc-provider-table.h"

static SpcProviderConfig *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  SpcProviderConfig *config = spc_provider_config_parse (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static void
assert_refused (const char *xml,
                gsize       length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcProviderConfig) config = spc_provider_config_parse (xml, length, &error);

  g_assert_null (config);
  g_assert_error (error, SPC_ERROR, code);
}

static void
assert_claim (const SpcServerClaim *claim,
              const char           *hostname,
              guint16               port,
              SpcMode               mode,
              const char           *username)
{
  g_assert_cmpstr (claim->hostname, ==, hostname);
  g_assert_cmpuint (claim->port, ==, port);
  g_assert_cmpint (claim->mode, ==, mode);
  g_assert_cmpstr (claim->username, ==, username);
}

static void
test_parse_full (void)
{
  g_autoptr(SpcProviderConfig) config = parse (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"example.org\">\n"
    "    <domain>Example.ORG</domain>\n"
    "    <domain>example.net</domain>\n"
    "    <!-- a comment -->\n"
    "    <displayName>Example &amp; Co</displayName>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>imap.example.org</hostname><port>993</port>\n"
    "      <socketType>SSL</socketType>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname> smtp.example.org </hostname>\n"
    "      <port>465</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%EMAILADDRESS%</username>\n"
    "      <authentication>OAuth2</authentication>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>smtp.%EMAILDOMAIN%</hostname>\n"
    "      <port>587</port>\n"
    "      <socketType>STARTTLS</socketType>\n"
    "      <username>%EMAILLOCALPART%</username>\n"
    "    </outgoingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>relay.example.org</hostname>\n"
    "      <port>25</port>\n"
    "      <socketType>plain</socketType>\n"
    "    </outgoingServer>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n");
  const SpcServerClaim *first;

  g_assert_cmpstr (config->id, ==, "example.org");
  g_assert_cmpstr (config->display_name, ==, "Example & Co");
  g_assert_cmpuint (g_strv_length (config->domains), ==, 2);
  g_assert_cmpstr (config->domains[0], ==, "example.org");
  g_assert_cmpstr (config->domains[1], ==, "example.net");
  g_assert_cmpuint (config->servers->len, ==, 3);
  first = config->servers->pdata[0];
  assert_claim (first, "smtp.example.org", 465, SPC_MODE_TLS, "%EMAILADDRESS%");
  g_assert_cmpuint (g_strv_length (first->authentication), ==, 2);
  g_assert_cmpstr (first->authentication[0], ==, "OAuth2");
  assert_claim (config->servers->pdata[1], "smtp.%EMAILDOMAIN%", 587, SPC_MODE_STARTTLS,
                "%EMAILLOCALPART%");
  assert_claim (config->servers->pdata[2], "relay.example.org", 25, SPC_MODE_PLAIN, NULL);
}

/* Bad servers are skipped, the rest kept; a second provider is ignored */
static void
test_parse_skips (void)
{
  g_autoptr(SpcProviderConfig) config = parse (
    "<clientConfig><emailProvider id=\"a\">"
    "<outgoingServer type=\"smtp\"><hostname>no port</hostname><port>587</port>"
    "<socketType>STARTTLS</socketType></outgoingServer>"
    "<outgoingServer type=\"smtp\"><hostname>a.example</hostname><port>0</port>"
    "<socketType>SSL</socketType></outgoingServer>"
    "<outgoingServer type=\"smtp\"><hostname>a.example</hostname><port>70000</port>"
    "<socketType>SSL</socketType></outgoingServer>"
    "<outgoingServer type=\"smtp\"><hostname>a.example</hostname><port>465</port>"
    "<socketType>TLS-maybe</socketType></outgoingServer>"
    "<outgoingServer type=\"smtp\"><port>465</port><socketType>SSL</socketType></outgoingServer>"
    "<outgoingServer type=\"ews\"><hostname>ews.example</hostname><port>443</port>"
    "<socketType>SSL</socketType></outgoingServer>"
    "<outgoingServer type=\"SMTP\"><hostname>ok.example</hostname><port>2525</port>"
    "<socketType>starttls</socketType><username></username></outgoingServer>"
    "<hostname>not.in.a.server</hostname>"
    "</emailProvider>"
    "<emailProvider id=\"b\"><domain>b.example</domain><outgoingServer type=\"smtp\">"
    "<hostname>b.example</hostname><port>25</port><socketType>plain</socketType>"
    "</outgoingServer></emailProvider></clientConfig>");

  g_assert_cmpstr (config->id, ==, "a");
  g_assert_null (config->display_name);
  g_assert_cmpuint (g_strv_length (config->domains), ==, 0);
  g_assert_cmpuint (config->servers->len, ==, 1);
  assert_claim (config->servers->pdata[0], "ok.example", 2525, SPC_MODE_STARTTLS, NULL);
}

static void
test_parse_refused (void)
{
  const char *not_xml = "HTTP/1.1 200 OK\r\n\r\n{\"json\": true}";
  const char *truncated = "<clientConfig><emailProvider><domain>a";
  const char *wrong_root = "<html><body>Not found</body></html>";
  const char *no_provider = "<clientConfig version=\"1.1\"></clientConfig>";
  const char *entity = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><clientConfig>&a;</clientConfig>";
  const char *bad_utf8 = "<clientConfig><emailProvider><displayName>\xff\xfe</displayName>"
                         "</emailProvider></clientConfig>";
  gsize huge_length = SPC_AUTOCONFIG_MAX_BYTES + 1;
  g_autofree char *huge = g_malloc (huge_length);

  assert_refused (not_xml, strlen (not_xml), SPC_ERROR_MALFORMED);
  assert_refused (truncated, strlen (truncated), SPC_ERROR_MALFORMED);
  assert_refused (wrong_root, strlen (wrong_root), SPC_ERROR_MALFORMED);
  assert_refused (no_provider, strlen (no_provider), SPC_ERROR_MALFORMED);
  assert_refused (entity, strlen (entity), SPC_ERROR_MALFORMED);
  assert_refused (bad_utf8, strlen (bad_utf8), SPC_ERROR_MALFORMED);
  assert_refused ("", 0, SPC_ERROR_MALFORMED);

  /* Refused by size, before any parsing: valid XML padded with spaces */
  memset (huge, ' ', huge_length);
  memcpy (huge, "<clientConfig><emailProvider/>", strlen ("<clientConfig><emailProvider/>"));
  memcpy (huge + huge_length - strlen ("</clientConfig>"), "</clientConfig>",
          strlen ("</clientConfig>"));
  assert_refused (huge, huge_length, SPC_ERROR_REPLY_TOO_LARGE);
  /* One byte less is parsed */
  memcpy (huge + huge_length - 1 - strlen ("</clientConfig>"), "</clientConfig>",
          strlen ("</clientConfig>"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SpcProviderConfig) config = spc_provider_config_parse (huge, huge_length - 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (config->servers->len, ==, 0);
  }
}

/* Lists are capped whatever the document says */
static void
test_parse_caps (void)
{
  g_autoptr(GString) xml = g_string_new ("<clientConfig><emailProvider>");
  g_autoptr(SpcProviderConfig) config = NULL;

  for (guint i = 0; i < SPC_AUTOCONFIG_MAX_DOMAINS + 10; i++)
    g_string_append_printf (xml, "<domain>d%u.example</domain>", i);
  for (guint i = 0; i < SPC_AUTOCONFIG_MAX_SERVERS + 10; i++)
    g_string_append_printf (xml, "<outgoingServer type=\"smtp\"><hostname>s%u.example</hostname>"
                            "<port>465</port><socketType>SSL</socketType></outgoingServer>", i);
  g_string_append (xml, "</emailProvider></clientConfig>");
  config = parse (xml->str);
  g_assert_cmpuint (g_strv_length (config->domains), ==, SPC_AUTOCONFIG_MAX_DOMAINS);
  g_assert_cmpuint (config->servers->len, ==, SPC_AUTOCONFIG_MAX_SERVERS);
}

static void
test_expand (void)
{
  g_autofree char *address = spc_autoconfig_expand ("%EMAILADDRESS%", "ana", "example.org");
  g_autofree char *local = spc_autoconfig_expand ("%EMAILLOCALPART%", "ana", "example.org");
  g_autofree char *both = spc_autoconfig_expand ("%EMAILLOCALPART%.%EMAILDOMAIN%", "ana", "example.org");
  g_autofree char *host = spc_autoconfig_expand ("smtp.%EMAILDOMAIN%", NULL, "example.org");
  g_autofree char *needs_local = spc_autoconfig_expand ("%EMAILADDRESS%", NULL, "example.org");
  g_autofree char *broken = spc_autoconfig_expand ("%EMAILADDRESS", "ana", "example.org");

  g_assert_cmpstr (address, ==, "ana@example.org");
  g_assert_cmpstr (local, ==, "ana");
  g_assert_cmpstr (both, ==, "ana.example.org");
  g_assert_cmpstr (host, ==, "smtp.example.org");
  g_assert_null (needs_local);
  g_assert_cmpstr (broken, ==, "%EMAILADDRESS");
}

static const SpcServerClaim *
first_server (SpcProviderTable *table,
              const char       *domain)
{
  const SpcProviderConfig *config = spc_provider_table_lookup (table, domain);

  g_assert_nonnull (config);
  g_assert_cmpuint (config->servers->len, >, 0);
  return config->servers->pdata[0];
}

/* What the snapshot really says (checked against ../shared/ispdb) */
static void
test_bundled_spot_checks (void)
{
  g_autoptr(SpcProviderTable) table = spc_provider_table_new_bundled ();
  const SpcProviderConfig *config;
  const char *matched = NULL;

  g_assert_cmpuint (spc_provider_table_get_n_providers (table), ==, 163);
  g_assert_cmpuint (spc_provider_table_get_n_domains (table), >=, 950);

  assert_claim (first_server (table, "gmail.com"), "smtp.gmail.com", 465, SPC_MODE_TLS,
                "%EMAILADDRESS%");
  assert_claim (first_server (table, "GMail.COM."), "smtp.gmail.com", 465, SPC_MODE_TLS,
                "%EMAILADDRESS%");
  assert_claim (first_server (table, "outlook.com"), "smtp-mail.outlook.com", 587,
                SPC_MODE_STARTTLS, "%EMAILADDRESS%");
  config = spc_provider_table_lookup (table, "hotmail.fr");
  g_assert_cmpstr (config->display_name, ==, "Outlook.com (Microsoft)");
  g_assert_null (spc_provider_table_lookup (table, "example.org"));
  g_assert_null (spc_provider_table_lookup (table, "com"));

  /* MX hosts: the longest listed suffix */
  config = spc_provider_table_lookup_host (table, "eur.olc.protection.outlook.com", &matched);
  g_assert_nonnull (config);
  g_assert_cmpstr (matched, ==, "olc.protection.outlook.com");
  g_assert_cmpstr (config->display_name, ==, "Outlook.com (Microsoft)");
  config = spc_provider_table_lookup_host (table, "aspmx.l.google.com", &matched);
  g_assert_nonnull (config);
  g_assert_cmpstr (matched, ==, "google.com");
  g_assert_cmpstr (config->display_name, ==, "Google Mail");
  g_assert_null (spc_provider_table_lookup_host (table, "mx.example.org", NULL));
  g_assert_null (spc_provider_table_lookup_host (table, "com", NULL));
  g_assert_null (spc_provider_table_lookup_host (table, "com.", NULL));
}

static void
test_table_format (void)
{
  const char *text = "# comment\nP\tx\tX Mail\nD\tX.example\nD\ty.example\n"
                     "S\tsmtp.x.example\t587\tstarttls\t\nP\tz\t\nD\ty.example\n";
  const char *bad[] = {
    "D\torphan.example\n",
    "P\tx\tX\nS\thost\t0\ttls\t\n",
    "P\tx\tX\nS\thost\t465\tssl\t\n",
    "P\tx\tX\nS\t\t465\ttls\t\n",
    "P\tx\tX\nQ\twhat\n",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcProviderTable) table = spc_provider_table_new_from_bytes (bytes, &error);
  const SpcProviderConfig *config;

  g_assert_no_error (error);
  g_assert_cmpuint (spc_provider_table_get_n_providers (table), ==, 2);
  config = spc_provider_table_lookup (table, "x.example");
  g_assert_cmpstr (config->display_name, ==, "X Mail");
  g_assert_cmpuint (g_strv_length (config->domains), ==, 2);
  assert_claim (config->servers->pdata[0], "smtp.x.example", 587, SPC_MODE_STARTTLS, NULL);
  /* The first provider naming a domain keeps it */
  g_assert_true (spc_provider_table_lookup (table, "y.example") == config);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bad_bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(SpcProviderTable) bad_table = spc_provider_table_new_from_bytes (bad_bytes, &bad_error);

      g_assert_null (bad_table);
      g_assert_error (bad_error, SPC_ERROR, SPC_ERROR_MALFORMED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autoconfig/parse/full", test_parse_full);
  g_test_add_func ("/autoconfig/parse/skips", test_parse_skips);
  g_test_add_func ("/autoconfig/parse/refused", test_parse_refused);
  g_test_add_func ("/autoconfig/parse/caps", test_parse_caps);
  g_test_add_func ("/autoconfig/expand", test_expand);
  g_test_add_func ("/autoconfig/table/format", test_table_format);
  g_test_add_func ("/autoconfig/table/bundled", test_bundled_spot_checks);

  return g_test_run ();
}
