/* test-host.c — what the user types as a mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-error.h"
#include "spc-host.h"

static void
assert_host (const char *input,
             const char *expected_input,
             const char *expected_host,
             const char *expected_ascii,
             gboolean    expected_is_address,
             guint16     expected_port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcHost) host = NULL;

  g_autofree char *escaped = g_strescape (input, NULL);

  g_test_message ("host input '%s'", escaped);
  host = spc_host_parse (input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (host);
  g_assert_cmpstr (host->input, ==, expected_input);
  g_assert_cmpstr (host->host, ==, expected_host);
  g_assert_cmpstr (host->ascii_host, ==, expected_ascii);
  g_assert_cmpint (host->is_address, ==, expected_is_address);
  g_assert_cmpuint (host->port, ==, expected_port);
}

static void
assert_refused (const char *input,
                int         code,
                const char *named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcHost) host = NULL;
  g_autofree char *escaped = g_strescape (input != NULL ? input : "(null)", NULL);

  g_test_message ("host input '%s'", escaped);
  host = spc_host_parse (input, &error);
  g_assert_null (host);
  g_assert_error (error, SPC_ERROR, code);
  /* One sentence of valid text, whatever was typed */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strchr (error->message, '\n'));
  if (named != NULL)
    g_assert_nonnull (strstr (error->message, named));
}

/* What spc_host_parse() makes of what was typed; a table ends at a NULL input */
typedef struct {
  const char *input;
  const char *expected_input;
  const char *expected_host;
  const char *expected_ascii;
  gboolean    expected_is_address;
  guint16     expected_port;
} HostCase;

static const HostCase parsed_names[] = {
  { "smtp.example.com", "smtp.example.com", "smtp.example.com", "smtp.example.com", FALSE, 0 },
  { "  smtp.example.com\t\n", "smtp.example.com", "smtp.example.com", "smtp.example.com", FALSE, 0 },
  { "smtp.example.com.", "smtp.example.com.", "smtp.example.com", "smtp.example.com", FALSE, 0 },
  { "SMTP.Example.COM", "SMTP.Example.COM", "SMTP.Example.COM", "smtp.example.com", FALSE, 0 },
  { "localhost", "localhost", "localhost", "localhost", FALSE, 0 },
  { "host:587", "host:587", "host", "host", FALSE, 587 },
  { "smtp.example.com.:465", "smtp.example.com.:465", "smtp.example.com", "smtp.example.com", FALSE, 465 },
  { "mail-1.example.com:65535", "mail-1.example.com:65535", "mail-1.example.com", "mail-1.example.com", FALSE, 65535 },
  { NULL },
};

static const HostCase parsed_idn[] = {
  { "bücher.example", "bücher.example", "bücher.example", "xn--bcher-kva.example", FALSE, 0 },
  { "bücher.example.:587", "bücher.example.:587", "bücher.example", "xn--bcher-kva.example", FALSE, 587 },
  { "xn--bcher-kva.example", "xn--bcher-kva.example", "xn--bcher-kva.example", "xn--bcher-kva.example", FALSE, 0 },
  { NULL },
};

static const HostCase parsed_addresses[] = {
  { "1.2.3.4", "1.2.3.4", "1.2.3.4", "1.2.3.4", TRUE, 0 },
  { "1.2.3.4:25", "1.2.3.4:25", "1.2.3.4", "1.2.3.4", TRUE, 25 },
  { "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1", TRUE, 0 },
  { "::1", "::1", "::1", "::1", TRUE, 0 },
  { "2001:db8::25", "2001:db8::25", "2001:db8::25", "2001:db8::25", TRUE, 0 },
  { "[::1]", "[::1]", "::1", "::1", TRUE, 0 },
  { "[::1]:587", "[::1]:587", "::1", "::1", TRUE, 587 },
  { " [2001:db8::1]:465 ", "[2001:db8::1]:465", "2001:db8::1", "2001:db8::1", TRUE, 465 },
  { "[192.0.2.1]", "[192.0.2.1]", "192.0.2.1", "192.0.2.1", TRUE, 0 },
  { NULL },
};

static void
test_parsed (gconstpointer data)
{
  for (const HostCase *c = data; c->input != NULL; c++)
    assert_host (c->input, c->expected_input, c->expected_host, c->expected_ascii,
                 c->expected_is_address, c->expected_port);
}

static void
test_empty (void)
{
  assert_refused ("", SPC_ERROR_INVALID_HOST, "smtp.example.com");
  assert_refused ("   \t ", SPC_ERROR_INVALID_HOST, "smtp.example.com");
  assert_refused (NULL, SPC_ERROR_INVALID_HOST, "smtp.example.com");
}

/* Characters IDNA maps to nothing (U+034F, U+200B, U+FEFF) leave no name;
 * fuzz-host found U+034F parsed as the empty host */
static void
test_maps_to_nothing (void)
{
  assert_refused ("\xcd\x8f", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("\xe2\x80\x8b", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("\xef\xbb\xbf", SPC_ERROR_INVALID_HOST, NULL);
}

static void
test_email_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcHost) host = spc_host_parse ("user@example.com", &error);

  g_assert_null (host);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_EMAIL_ADDRESS);
  g_assert_nonnull (strstr (error->message, "user@example.com"));
  g_assert_nonnull (strstr (error->message, "smtp.example.com"));

  assert_refused ("user@", SPC_ERROR_EMAIL_ADDRESS, "smtp.example.com");
  assert_refused ("@", SPC_ERROR_EMAIL_ADDRESS, NULL);
  assert_refused ("jörg@bücher.example", SPC_ERROR_EMAIL_ADDRESS, "smtp.bücher.example");
  assert_refused ("user@smtp.example.com:587", SPC_ERROR_EMAIL_ADDRESS, "smtp.example.com");
}

static void
test_bad_characters (void)
{
  assert_refused ("smtp example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\u00a0example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\texample.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\nexample.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\x01.example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\x7f.example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\u200b.example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp\xff.example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("smtp/example.com", SPC_ERROR_INVALID_HOST, "/");
  assert_refused ("smtp!.example.com", SPC_ERROR_INVALID_HOST, "!");
  assert_refused ("https://smtp.example.com", SPC_ERROR_INVALID_HOST, "smtp.example.com");
}

static void
test_bad_names (void)
{
  g_autofree char *label_61 = g_strnfill (61, 'a');
  g_autofree char *label_62 = g_strnfill (62, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'a');
  g_autofree char *label_64 = g_strnfill (64, 'a');
  g_autofree char *name_63 = g_strconcat (label_63, ".example", NULL);
  g_autofree char *name_64 = g_strconcat (label_64, ".example", NULL);
  g_autofree char *name_253 = NULL;
  g_autofree char *name_254 = NULL;
  g_autofree char *idn_long = NULL;
  g_autoptr(GString) idn = g_string_new (NULL);

  /* 63 bytes per label is the limit, 64 is refused */
  assert_host (name_63, name_63, name_63, name_63, FALSE, 0);
  assert_refused (name_64, SPC_ERROR_INVALID_HOST, "63");

  /* 253 bytes in all: three labels of 63, one of 61 and three dots */
  name_253 = g_strjoin (".", label_63, label_63, label_63, label_61, NULL);
  g_assert_cmpuint (strlen (name_253), ==, 253);
  assert_host (name_253, name_253, name_253, name_253, FALSE, 0);
  name_254 = g_strjoin (".", label_63, label_63, label_63, label_62, NULL);
  g_assert_cmpuint (strlen (name_254), ==, 254);
  assert_refused (name_254, SPC_ERROR_INVALID_HOST, "253");

  /* The limits apply to the ASCII form: 60 letters and an "ü" are 62
   * bytes as typed, but "xn--" and the encoding push it past 63 */
  g_string_append (idn, label_61);
  g_string_truncate (idn, 60);
  g_string_append (idn, "ü");
  g_assert_cmpuint (idn->len, <=, 63);
  idn_long = g_strconcat (idn->str, ".example", NULL);
  assert_refused (idn_long, SPC_ERROR_INVALID_HOST, "too long");

  assert_refused ("a..b", SPC_ERROR_INVALID_HOST, "a..b");
  assert_refused (".example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("example.com..", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused (".", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("-smtp.example.com", SPC_ERROR_INVALID_HOST, "-smtp.example.com");
  assert_refused ("smtp-.example.com", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("1.2.3", SPC_ERROR_INVALID_HOST, "1.2.3");
  assert_refused ("1.2.3.4.5", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("2001:db8::zz", SPC_ERROR_INVALID_HOST, "[2001:db8::1]:587");
  assert_refused ("::1:587:x", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused (":587", SPC_ERROR_INVALID_HOST, NULL);
}

static void
test_brackets (void)
{
  assert_refused ("[::1", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("[smtp.example.com]", SPC_ERROR_INVALID_HOST, "smtp.example.com");
  assert_refused ("[]", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("[::1]x", SPC_ERROR_INVALID_HOST, NULL);
  assert_refused ("[::1]:", SPC_ERROR_INVALID_PORT, NULL);
  assert_refused ("[::1]:0", SPC_ERROR_INVALID_PORT, "0");
  assert_refused ("[::1]:70000", SPC_ERROR_INVALID_PORT, "70000");
}

/* A zone (fe80::1%eth0) is refused in words, bare or in brackets, with or
 * without a port, before any lookup */
static void
test_scoped_addresses (void)
{
  const char * const inputs[] = {
    "fe80::1%lo", "::1%lo", "::1%1", "[fe80::1%lo]", "[::1%lo]:587", "fe80::1%25lo",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_refused (inputs[i], SPC_ERROR_INVALID_HOST, "zone");
}

static void
test_bad_ports (void)
{
  assert_refused ("host:0", SPC_ERROR_INVALID_PORT, "0");
  assert_refused ("host:70000", SPC_ERROR_INVALID_PORT, "70000");
  assert_refused ("host:65536", SPC_ERROR_INVALID_PORT, "65536");
  assert_refused ("host:x", SPC_ERROR_INVALID_PORT, "x");
  assert_refused ("host:25x", SPC_ERROR_INVALID_PORT, "25x");
  assert_refused ("host:-25", SPC_ERROR_INVALID_PORT, "-25");
  assert_refused ("host:", SPC_ERROR_INVALID_PORT, NULL);
  assert_refused ("host:99999999999999999999999", SPC_ERROR_INVALID_PORT, NULL);
  assert_refused ("1.2.3.4:0", SPC_ERROR_INVALID_PORT, "0");
}

static void
test_never_crashes (void)
{
  /* Every byte value alone and around a name: refused or accepted, never a crash */
  for (guint c = 1; c < 256; c++)
    {
      char text[32];
      g_autoptr(SpcHost) host = NULL;
      g_autoptr(GError) error = NULL;

      g_snprintf (text, sizeof text, "a%cb.example%c", c, c);
      host = spc_host_parse (text, &error);
      g_assert_true ((host == NULL) != (error == NULL));
      if (error != NULL)
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
      else
        g_assert_true (g_str_is_ascii (host->ascii_host));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/host/names", parsed_names, test_parsed);
  g_test_add_data_func ("/host/idn", parsed_idn, test_parsed);
  g_test_add_data_func ("/host/addresses", parsed_addresses, test_parsed);
  g_test_add_func ("/host/empty", test_empty);
  g_test_add_func ("/host/maps-to-nothing", test_maps_to_nothing);
  g_test_add_func ("/host/email-address", test_email_address);
  g_test_add_func ("/host/bad-characters", test_bad_characters);
  g_test_add_func ("/host/bad-names", test_bad_names);
  g_test_add_func ("/host/brackets", test_brackets);
  g_test_add_func ("/host/scoped-addresses", test_scoped_addresses);
  g_test_add_func ("/host/bad-ports", test_bad_ports);
  g_test_add_func ("/host/never-crashes", test_never_crashes);

  return g_test_run ();
}
