/* test-request.c — what a check is asked to do, built once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"

static void
test_request_defaults (void)
{
  g_autoptr(SpcRequest) request = spc_request_new ("mail.example");
  g_autoptr(GArray) defaults = spc_port_default_specs ();
  GArray *ports = spc_request_get_ports (request);

  g_assert_cmpstr (spc_request_get_host (request), ==, "mail.example");
  g_assert_cmpuint (ports->len, ==, defaults->len);
  for (guint i = 0; i < ports->len; i++)
    {
      g_assert_cmpuint (g_array_index (ports, SpcPortSpec, i).port, ==,
                        g_array_index (defaults, SpcPortSpec, i).port);
      g_assert_cmpint (g_array_index (ports, SpcPortSpec, i).mode, ==,
                       g_array_index (defaults, SpcPortSpec, i).mode);
    }
  g_assert_cmpuint (spc_request_get_timeout_ms (request), ==, SPC_DEFAULT_TIMEOUT_MS);
  g_assert_cmpint (spc_request_get_family (request), ==, SPC_FAMILY_ANY);
  g_assert_null (spc_request_get_connect_address (request));
  g_assert_null (spc_request_get_ca_file (request));
  g_assert_null (spc_request_get_tls_database (request));

  /* 0 is no deadline at all: the default instead */
  spc_request_set_timeout_ms (request, 1500);
  g_assert_cmpuint (spc_request_get_timeout_ms (request), ==, 1500);
  spc_request_set_timeout_ms (request, 0);
  g_assert_cmpuint (spc_request_get_timeout_ms (request), ==, SPC_DEFAULT_TIMEOUT_MS);
}

static void
test_request_properties (void)
{
  SpcPortSpec spec = { 2525, SPC_MODE_PLAIN };
  g_autoptr(GArray) specs = g_array_new (FALSE, FALSE, sizeof (SpcPortSpec));
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(GArray) ports = NULL;
  g_autofree char *address = NULL;
  SpcFamily family;

  g_array_append_val (specs, spec);
  request = g_object_new (SPC_TYPE_REQUEST,
                          "host", "127.0.0.1",
                          "ports", specs,
                          "family", SPC_FAMILY_IPV6,
                          "connect-address", "::1",
                          NULL);
  /* The request keeps a copy of the ports */
  g_array_index (specs, SpcPortSpec, 0).port = 25;

  g_object_get (request, "ports", &ports, "family", &family, "connect-address", &address, NULL);
  g_assert_cmpuint (ports->len, ==, 1);
  g_assert_cmpuint (g_array_index (ports, SpcPortSpec, 0).port, ==, 2525);
  g_assert_cmpint (g_array_index (ports, SpcPortSpec, 0).mode, ==, SPC_MODE_PLAIN);
  g_assert_cmpint (family, ==, SPC_FAMILY_IPV6);
  g_assert_cmpstr (address, ==, "::1");
}

static void
test_request_trust_loaded_once (void)
{
  g_autofree char *ca_file = g_test_build_filename (G_TEST_BUILT, "ca.pem", NULL);
  g_autoptr(SpcRequest) request = spc_request_new ("localhost");
  g_autoptr(SpcRequest) copy = NULL;
  g_autoptr(SpcDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database;

  spc_request_set_ca_file (request, ca_file);
  g_assert_null (spc_request_get_tls_database (request));

  /* The engine reads the file when it is handed the request */
  diagnosis = spc_diagnosis_new_for_request (request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (diagnosis);
  database = spc_request_get_tls_database (request);
  g_assert_true (G_IS_TLS_DATABASE (database));

  /* Loading again, or a copy for another host, reuses what was read */
  g_assert_true (spc_request_load_trust (request, &error));
  g_assert_true (spc_request_get_tls_database (request) == database);
  copy = spc_request_copy (request);
  spc_request_set_host (copy, "127.0.0.1");
  g_assert_true (spc_request_get_tls_database (copy) == database);
  g_assert_cmpstr (spc_request_get_host (request), ==, "localhost");

  /* Another file: what was read from the old one is forgotten */
  spc_request_set_ca_file (copy, "/nonexistent/ca.pem");
  g_assert_null (spc_request_get_tls_database (copy));
  g_assert_true (spc_request_get_tls_database (request) == database);
}

static void
test_request_bad_ca_file (void)
{
  g_autofree char *not_pem = g_test_build_filename (G_TEST_DIST, "test-request.c", NULL);
  g_autoptr(SpcRequest) request = spc_request_new ("localhost");
  g_autoptr(GError) error = NULL;

  spc_request_set_ca_file (request, "/nonexistent/ca.pem");
  g_assert_null (spc_diagnosis_new_for_request (request, &error));
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CA_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);

  spc_request_set_ca_file (request, not_pem);
  g_assert_false (spc_request_load_trust (request, &error));
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CA_FILE);
  g_assert_null (spc_request_get_tls_database (request));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/defaults", test_request_defaults);
  g_test_add_func ("/request/properties", test_request_properties);
  g_test_add_func ("/request/trust-loaded-once", test_request_trust_loaded_once);
  g_test_add_func ("/request/bad-ca-file", test_request_bad_ca_file);

  return g_test_run ();
}
