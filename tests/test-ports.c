/* test-ports.c — the port catalogue, modes and the --ports list parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-error.h"
#include "spc-ports.h"

static void
test_catalogue (void)
{
  static const struct {
    guint16     port;
    const char *service;
    SpcMode     mode;
  } expected[] = {
    { 25, "smtp", SPC_MODE_STARTTLS },
    { 465, "submissions", SPC_MODE_TLS },
    { 587, "submission", SPC_MODE_STARTTLS },
    { 2525, "smtp-alt", SPC_MODE_STARTTLS },
    { 80, "http", SPC_MODE_STARTTLS },
  };
  g_autoptr(GArray) specs = spc_port_default_specs ();
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (specs->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SpcPortSpec *spec = &g_array_index (specs, SpcPortSpec, i);
      const char *title = spc_port_get_title (expected[i].port);
      const char *explanation = spc_port_get_explanation (expected[i].port);

      g_assert_cmpuint (spec->port, ==, expected[i].port);
      g_assert_cmpint (spec->mode, ==, expected[i].mode);
      g_assert_cmpint (spc_port_get_default_mode (expected[i].port), ==, expected[i].mode);
      g_assert_cmpstr (spc_port_get_service_name (expected[i].port), ==, expected[i].service);
      g_assert_true (spc_port_is_known (expected[i].port));

      /* Each port has words of its own, distinct from the others' */
      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 3);
      g_assert_true (g_hash_table_add (titles, (char *) title));
      g_assert_nonnull (explanation);
      g_assert_cmpuint (strlen (explanation), >, 80);
      g_assert_true (g_hash_table_add (explanations, (char *) explanation));
    }

  /* The facts each explanation must carry */
  g_assert_nonnull (strstr (spc_port_get_explanation (465), "RFC 8314"));
  g_assert_nonnull (strstr (spc_port_get_explanation (465), "submissions"));
  g_assert_nonnull (strstr (spc_port_get_explanation (587), "RFC 6409"));
  g_assert_nonnull (strstr (spc_port_get_explanation (587), "STARTTLS"));
  g_assert_nonnull (strstr (spc_port_get_explanation (25), "block"));
  g_assert_nonnull (strstr (spc_port_get_explanation (80), "encryption"));
  g_assert_nonnull (strstr (spc_port_get_explanation (2525), "standard"));
}

static void
test_unknown_port (void)
{
  g_assert_false (spc_port_is_known (2526));
  g_assert_false (spc_port_is_known (443));
  g_assert_null (spc_port_get_service_name (2526));
  g_assert_cmpint (spc_port_get_default_mode (2526), ==, SPC_MODE_STARTTLS);
  g_assert_nonnull (spc_port_get_title (2526));
  g_assert_cmpstr (spc_port_get_title (2526), !=, spc_port_get_title (587));
  g_assert_nonnull (spc_port_get_explanation (2526));
  g_assert_cmpstr (spc_port_get_explanation (2526), ==, spc_port_get_explanation (10025));
}

static void
test_modes (void)
{
  SpcMode mode;

  g_assert_cmpstr (spc_mode_to_string (SPC_MODE_TLS), ==, "tls");
  g_assert_cmpstr (spc_mode_to_string (SPC_MODE_STARTTLS), ==, "starttls");
  g_assert_cmpstr (spc_mode_to_string (SPC_MODE_PLAIN), ==, "plain");

  g_assert_cmpstr (spc_mode_get_security_label (SPC_MODE_TLS), ==, "SSL/TLS");
  g_assert_cmpstr (spc_mode_get_security_label (SPC_MODE_STARTTLS), ==, "STARTTLS");
  g_assert_cmpstr (spc_mode_get_security_label (SPC_MODE_PLAIN), ==, "None");

  g_assert_true (spc_mode_from_string ("tls", &mode));
  g_assert_cmpint (mode, ==, SPC_MODE_TLS);
  g_assert_true (spc_mode_from_string ("STARTTLS", &mode));
  g_assert_cmpint (mode, ==, SPC_MODE_STARTTLS);
  g_assert_true (spc_mode_from_string ("plain", &mode));
  g_assert_cmpint (mode, ==, SPC_MODE_PLAIN);
  g_assert_false (spc_mode_from_string ("ssl", &mode));
  g_assert_false (spc_mode_from_string ("", &mode));
  g_assert_false (spc_mode_from_string (NULL, &mode));
}

static void
test_parse_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) specs = spc_port_parse_list (" 25, 465/tls,587/starttls , 2525/plain,10025,465 ", &error);

  /* the last 465 is a duplicate: refused */
  g_assert_null (specs);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT);
  g_assert_nonnull (strstr (error->message, "465"));
  g_clear_error (&error);

  specs = spc_port_parse_list (" 25, 465/tls,587/starttls , 2525/plain,10025,465/starttls", &error);
  g_assert_null (specs);
  g_clear_error (&error);

  specs = spc_port_parse_list (" 25, 465/tls,587/starttls , 2525 / plain,10025,80/TLS", &error);
  g_assert_no_error (error);
  g_assert_nonnull (specs);
  g_assert_cmpuint (specs->len, ==, 6);

  {
    static const SpcPortSpec expected[] = {
      { 25, SPC_MODE_STARTTLS },
      { 465, SPC_MODE_TLS },
      { 587, SPC_MODE_STARTTLS },
      { 2525, SPC_MODE_PLAIN },
      { 10025, SPC_MODE_STARTTLS },
      { 80, SPC_MODE_TLS },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_assert_cmpuint (g_array_index (specs, SpcPortSpec, i).port, ==, expected[i].port);
        g_assert_cmpint (g_array_index (specs, SpcPortSpec, i).mode, ==, expected[i].mode);
      }
  }
  g_clear_pointer (&specs, g_array_unref);

  /* A lone port takes its default mode */
  specs = spc_port_parse_list ("465", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (specs->len, ==, 1);
  g_assert_cmpint (g_array_index (specs, SpcPortSpec, 0).mode, ==, SPC_MODE_TLS);
  g_clear_pointer (&specs, g_array_unref);

  specs = spc_port_parse_list ("1,65535", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (specs->len, ==, 2);
  g_assert_cmpuint (g_array_index (specs, SpcPortSpec, 1).port, ==, 65535);
}

static void
test_parse_errors (void)
{
  static const struct {
    const char *text;
    int         code;
    const char *named;   /* the bad item the message must name */
  } cases[] = {
    { "0", SPC_ERROR_INVALID_PORT, "0" },
    { "25,70000", SPC_ERROR_INVALID_PORT, "70000" },
    { "65536", SPC_ERROR_INVALID_PORT, "65536" },
    { "99999999999999999999", SPC_ERROR_INVALID_PORT, "99999999999999999999" },
    { "abc", SPC_ERROR_INVALID_PORT, "abc" },
    { "25a", SPC_ERROR_INVALID_PORT, "25a" },
    { "-25", SPC_ERROR_INVALID_PORT, "-25" },
    { "+25", SPC_ERROR_INVALID_PORT, "+25" },
    { "0x19", SPC_ERROR_INVALID_PORT, "0x19" },
    { "2 5", SPC_ERROR_INVALID_PORT, "2 5" },
    { "587/foo", SPC_ERROR_INVALID_MODE, "foo" },
    { "587/", SPC_ERROR_INVALID_MODE, "587/" },
    { "587/tls/tls", SPC_ERROR_INVALID_MODE, "tls/tls" },
    { "/tls", SPC_ERROR_INVALID_PORT, NULL },
    { "", SPC_ERROR_INVALID_PORT, NULL },
    { "   ", SPC_ERROR_INVALID_PORT, NULL },
    { "25,,587", SPC_ERROR_INVALID_PORT, NULL },
    { "25,", SPC_ERROR_INVALID_PORT, NULL },
    { ",25", SPC_ERROR_INVALID_PORT, NULL },
    { "25,25", SPC_ERROR_INVALID_PORT, "25" },
    { "587/tls,587/starttls", SPC_ERROR_INVALID_PORT, "587" },
    { "\xff", SPC_ERROR_INVALID_PORT, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) specs = NULL;
      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("port list '%s'", escaped);
      specs = spc_port_parse_list (cases[i].text, &error);
      g_assert_null (specs);
      g_assert_error (error, SPC_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_suffix (error->message, "."));
      if (cases[i].named != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].named));
    }
}

static void
test_parse_too_many (void)
{
  g_autoptr(GString) text = g_string_new ("1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) specs = NULL;

  for (guint port = 2; port <= 1000; port++)
    g_string_append_printf (text, ",%u", port);

  specs = spc_port_parse_list (text->str, &error);
  g_assert_null (specs);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ports/catalogue", test_catalogue);
  g_test_add_func ("/ports/unknown", test_unknown_port);
  g_test_add_func ("/ports/modes", test_modes);
  g_test_add_func ("/ports/parse-list", test_parse_list);
  g_test_add_func ("/ports/parse-errors", test_parse_errors);
  g_test_add_func ("/ports/parse-too-many", test_parse_too_many);

  return g_test_run ();
}
