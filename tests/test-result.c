/* test-result.c — the result object: capabilities, transcript bound,
 * hostile text, certificate words, live notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-engine.h"
#include "spc-result-private.h"

static void
test_capabilities_parse (void)
{
  const char *lines[] = {
    "mail.example.com Hello [192.0.2.1]",
    "SIZE 35882577",
    "auth plain login",
    "AUTH=LOGIN CRAM-MD5",           /* legacy form, merged without duplicates */
    "8BITMIME",
    "PIPELINING",
    "ENHANCEDSTATUSCODES",
    "SMTPUTF8",
    "STARTTLS",
    "DSN",
    "CHUNKING",
    NULL
  };
  SpcCapabilities caps = { 0 };

  spc_capabilities_parse_ehlo (&caps, lines);

  g_assert_true (caps.ehlo_answered);
  g_assert_nonnull (caps.auth);
  g_assert_cmpuint (g_strv_length (caps.auth), ==, 3);
  g_assert_cmpstr (caps.auth[0], ==, "PLAIN");
  g_assert_cmpstr (caps.auth[1], ==, "LOGIN");
  g_assert_cmpstr (caps.auth[2], ==, "CRAM-MD5");
  g_assert_true (caps.has_size);
  g_assert_cmpuint (caps.size, ==, 35882577);
  g_assert_true (caps.starttls);
  g_assert_true (caps.pipelining);
  g_assert_true (caps.eight_bit_mime);
  g_assert_true (caps.smtputf8);
  g_assert_true (caps.chunking);
  g_assert_true (caps.enhanced_status_codes);
  g_assert_true (caps.dsn);

  /* The window's Extensions line: the flag extensions, in one order
   * whatever the server's, without AUTH and SIZE (shown apart) */
  {
    g_autofree const char **extensions = spc_capabilities_list_extensions (&caps);
    g_autofree char *joined = g_strjoinv (", ", (char **) extensions);

    g_assert_cmpstr (joined, ==, "STARTTLS, PIPELINING, 8BITMIME, SMTPUTF8, CHUNKING, ENHANCEDSTATUSCODES, DSN");
  }

  /* Nothing is left to free */
  spc_capabilities_clear (&caps);
  g_assert_false (caps.ehlo_answered);
  g_assert_false (caps.starttls);
  g_assert_null (caps.auth);
}

static void
test_capabilities_odd (void)
{
  g_autofree char *long_mechanism = g_strnfill (200, 'A');
  g_autofree char *auth_line = g_strconcat ("AUTH PLAIN ", long_mechanism, " LO\x01GIN <x> XOAUTH2", NULL);
  const char *lines[] = {
    "mail.example.com",
    "SIZE",                          /* no number: announced, size unknown */
    auth_line,
    "STARTTLSX",                     /* not STARTTLS */
    NULL
  };
  const char *only_name[] = { "mail.example.com", NULL };
  SpcCapabilities caps = { 0 };

  spc_capabilities_parse_ehlo (&caps, lines);
  g_assert_true (caps.has_size);
  g_assert_cmpuint (caps.size, ==, 0);
  g_assert_false (caps.starttls);
  /* Only well-formed mechanism names survive */
  g_assert_cmpuint (g_strv_length (caps.auth), ==, 2);
  g_assert_cmpstr (caps.auth[0], ==, "PLAIN");
  g_assert_cmpstr (caps.auth[1], ==, "XOAUTH2");

  spc_capabilities_parse_ehlo (&caps, only_name);
  g_assert_true (caps.ehlo_answered);
  g_assert_false (caps.has_size);
  g_assert_null (caps.auth[0]);
  {
    g_autofree const char **extensions = spc_capabilities_list_extensions (&caps);

    g_assert_null (extensions[0]);
  }

  spc_capabilities_parse_ehlo (&caps, NULL);
  g_assert_false (caps.ehlo_answered);
  g_assert_nonnull (caps.auth);
  g_assert_null (caps.auth[0]);

  spc_capabilities_clear (&caps);
}

/* A SIZE that is not a number is invalid, not "no limit"; a hundred
 * unknown mechanisms do not push out the ones a mail client uses */
static void
test_capabilities_hostile (void)
{
  g_autoptr(GString) auth = g_string_new ("AUTH");
  const char *size_lines[] = { "mx", "SIZE 10MB", NULL };
  const char *zero_lines[] = { "mx", "SIZE 0", NULL };
  const char *twice_lines[] = { "mx", "SIZE 10MB", "SIZE 100", NULL };
  const char *twice_invalid_lines[] = { "mx", "SIZE 100", "SIZE 10MB", NULL };
  const char *auth_lines[] = { "mx", NULL, NULL };
  SpcCapabilities caps = { 0 };

  spc_capabilities_parse_ehlo (&caps, size_lines);
  g_assert_true (caps.has_size);
  g_assert_true (caps.size_invalid);
  g_assert_cmpuint (caps.size, ==, 0);

  spc_capabilities_parse_ehlo (&caps, zero_lines);
  g_assert_true (caps.has_size);
  g_assert_false (caps.size_invalid);

  /* Found by fuzz-ehlo: the last of two SIZE lines counts, both ways */
  spc_capabilities_parse_ehlo (&caps, twice_lines);
  g_assert_false (caps.size_invalid);
  g_assert_cmpuint (caps.size, ==, 100);
  spc_capabilities_parse_ehlo (&caps, twice_invalid_lines);
  g_assert_true (caps.size_invalid);
  g_assert_cmpuint (caps.size, ==, 0);

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (auth, " X%03u", i);
  g_string_append (auth, " PLAIN LOGIN SCRAM-SHA-256 X100");
  auth_lines[1] = auth->str;
  spc_capabilities_parse_ehlo (&caps, auth_lines);
  g_assert_true (g_strv_contains ((const char * const *) caps.auth, "PLAIN"));
  g_assert_true (g_strv_contains ((const char * const *) caps.auth, "LOGIN"));
  g_assert_true (g_strv_contains ((const char * const *) caps.auth, "SCRAM-SHA-256"));
  /* Still bounded */
  g_assert_false (g_strv_contains ((const char * const *) caps.auth, "X100"));
  g_assert_cmpuint (g_strv_length (caps.auth), <=, 32 + 11);

  spc_capabilities_clear (&caps);
}

static void
test_capabilities_copied (void)
{
  const char *lines[] = { "mx", "AUTH PLAIN", NULL };
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  SpcCapabilities caps = { 0 };
  const SpcCapabilities *stored;

  stored = spc_result_get_capabilities (result);
  g_assert_nonnull (stored->auth);
  g_assert_null (stored->auth[0]);

  spc_capabilities_parse_ehlo (&caps, lines);
  spc_result_set_capabilities (result, &caps);
  spc_capabilities_clear (&caps);

  stored = spc_result_get_capabilities (result);
  g_assert_true (stored->ehlo_answered);
  g_assert_cmpstr (stored->auth[0], ==, "PLAIN");
}

static void
test_transcript_bounded (void)
{
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  GPtrArray *transcript;
  const SpcTranscriptLine *last;
  guint n_lines = SPC_TRANSCRIPT_MAX_LINES * 3;

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *text = g_strdup_printf ("250-line %u", i);

      spc_result_add_transcript (result, SPC_DIRECTION_SERVER, text, i);
    }

  transcript = spc_result_get_transcript (result);
  g_assert_cmpuint (transcript->len, ==, SPC_TRANSCRIPT_MAX_LINES);

  /* The first lines are kept as they came */
  g_assert_cmpstr (((SpcTranscriptLine *) g_ptr_array_index (transcript, 0))->text, ==, "250-line 0");

  /* The last one says how much is missing */
  last = g_ptr_array_index (transcript, transcript->len - 1);
  g_assert_cmpint (last->direction, ==, SPC_DIRECTION_NOTE);
  {
    g_autofree char *text = spc_summary_describe_line (result, last);

    g_assert_cmpint (last->note, ==, SPC_NOTE_LINES_LEFT_OUT);
    g_assert_nonnull (strstr (text, "401"));
  }
  g_assert_cmpint (last->t_ms, ==, n_lines - 1);
}

static void
test_text_sanitized (void)
{
  g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autofree char *huge = g_strnfill (100000, 'x');
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "bad \x1b[2J text \xc3\x28");
  g_autofree char *summary = NULL;
  const SpcTranscriptLine *line;
  GPtrArray *transcript;

  /* A terminal escape, a bell, invalid UTF-8 */
  spc_result_add_transcript (result, SPC_DIRECTION_SERVER, "220 \x1b[31mred\x07 \xff\xfe ok", 1);
  spc_result_add_transcript (result, SPC_DIRECTION_SERVER, huge, 2);
  spc_result_set_greeting (result, "220-first\n220 \x1b" "second");
  /* An error's message may quote the server */
  spc_result_set_error (result, error);
  spc_result_finish (result, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_CONNECTION_BROKE);

  transcript = spc_result_get_transcript (result);
  line = g_ptr_array_index (transcript, 0);
  g_assert_true (g_utf8_validate (line->text, -1, NULL));
  g_assert_null (strchr (line->text, '\x1b'));
  g_assert_null (strchr (line->text, '\x07'));
  g_assert_nonnull (strstr (line->text, "red"));

  line = g_ptr_array_index (transcript, 1);
  g_assert_cmpuint (strlen (line->text), <, 2000);

  /* A greeting keeps its line breaks, nothing else */
  g_assert_nonnull (strchr (spc_result_get_greeting (result), '\n'));
  g_assert_null (strchr (spc_result_get_greeting (result), '\x1b'));

  /* The error's words are the summary's details */
  summary = spc_summary_details_for_result (result);
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  g_assert_null (strchr (summary, '\x1b'));
  g_assert_nonnull (strstr (summary, "text"));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%s;", pspec->name);
}

static void
test_finish_notifies (void)
{
  g_autoptr(SpcResult) result = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(GString) log = g_string_new (NULL);

  g_assert_cmpuint (spc_result_get_port (result), ==, 465);
  g_assert_cmpint (spc_result_get_mode (result), ==, SPC_MODE_TLS);
  g_assert_cmpint (spc_result_get_status (result), ==, SPC_STATUS_PENDING);
  g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_NONE);
  g_assert_false (spc_result_get_finished (result));
  for (guint i = 0; i < SPC_N_TIMINGS; i++)
    g_assert_cmpint (spc_result_get_timing (result, i), ==, -1);

  g_signal_connect (result, "notify", G_CALLBACK (on_notify), log);

  spc_result_set_stage (result, SPC_STAGE_CONNECT);
  spc_result_set_stage (result, SPC_STAGE_CONNECT);
  g_assert_cmpstr (log->str, ==, "stage;");

  g_string_truncate (log, 0);
  spc_result_finish (result, SPC_STATUS_REFUSED, SPC_DETAIL_CONNECT_REFUSED);
  g_assert_nonnull (strstr (log->str, "status;"));
  g_assert_nonnull (strstr (log->str, "verdict;"));
  g_assert_nonnull (strstr (log->str, "detail;"));
  g_assert_nonnull (strstr (log->str, "finished;"));
  g_assert_cmpint (spc_result_get_verdict (result), ==, SPC_VERDICT_RED);
  g_assert_cmpint (spc_result_get_stage (result), ==, SPC_STAGE_DONE);
  g_assert_true (spc_result_get_finished (result));
}

static GTlsCertificate *
load_certificate (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  certificate = g_tls_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  return certificate;
}

/* An SpcTlsDatabase of the test CA (ca.pem) */
static GTlsDatabase *
new_ca_file_database (void)
{
  g_autofree char *ca_file = g_test_build_filename (G_TEST_BUILT, "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = spc_tls_database_new_with_ca_file (ca_file, &error);

  g_assert_no_error (error);
  return database;
}

/* Every fact is a property notified once when it changes and never when
 * the engine writes the same value again: a bound label is set once */
static void
test_facts_notify_on_change (void)
{
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autoptr(GTlsCertificate) certificate = load_certificate ("wrong-host.pem");
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(SpcCapabilities) caps_read = NULL;
  SpcCapabilities caps = { 0 };
  const char *ehlo[] = { "mx.example", "AUTH PLAIN", "STARTTLS", NULL };
  SpcStatus status;
  SpcMode mode;
  gint64 total_ms;
  char *address = NULL;

  g_signal_connect (result, "notify", G_CALLBACK (on_notify), log);

  spc_result_set_address (result, "127.0.0.1");
  spc_result_set_address (result, "127.0.0.1");
  spc_result_set_greeting (result, "mx.example ESMTP");
  spc_result_set_greeting (result, "mx.example ESMTP");
  spc_result_set_timing (result, SPC_TIMING_CONNECT, 3);
  spc_result_set_timing (result, SPC_TIMING_CONNECT, 3);
  spc_result_set_timing (result, SPC_TIMING_TOTAL, 12);
  g_assert_cmpstr (log->str, ==, "address;greeting;connect-ms;total-ms;");

  g_string_truncate (log, 0);
  spc_capabilities_parse_ehlo (&caps, ehlo);
  spc_result_set_capabilities (result, &caps);
  spc_result_set_capabilities (result, &caps);
  g_assert_cmpstr (log->str, ==, "capabilities;");

  g_string_truncate (log, 0);
  spc_result_set_tls (result, "TLS 1.3", "TLS_AES_256_GCM_SHA384", certificate,
                      G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_nonnull (strstr (log->str, "tls-version;"));
  g_assert_nonnull (strstr (log->str, "tls-cipher;"));
  g_assert_nonnull (strstr (log->str, "certificate;"));
  g_assert_nonnull (strstr (log->str, "certificate-errors;"));
  g_string_truncate (log, 0);
  spc_result_set_tls (result, "TLS 1.3", "TLS_AES_256_GCM_SHA384", certificate,
                      G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpstr (log->str, ==, "");

  spc_result_add_transcript (result, SPC_DIRECTION_SERVER, "220 mx.example ESMTP", 1);
  g_assert_cmpstr (log->str, ==, "transcript-length;");

  /* Read as GObject properties, typed by the registered enums */
  g_object_get (result,
                "status", &status,
                "mode", &mode,
                "total-ms", &total_ms,
                "address", &address,
                "capabilities", &caps_read,
                NULL);
  g_assert_cmpint (status, ==, SPC_STATUS_PENDING);
  g_assert_cmpint (mode, ==, SPC_MODE_STARTTLS);
  g_assert_cmpint (total_ms, ==, 12);
  g_assert_cmpstr (address, ==, "127.0.0.1");
  g_assert_true (caps_read->starttls);
  g_assert_cmpstr (caps_read->auth[0], ==, "PLAIN");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (g_object_class_find_property (G_OBJECT_GET_CLASS (result), "stage")) == SPC_TYPE_STAGE);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (g_object_class_find_property (G_OBJECT_GET_CLASS (result), "verdict")) == SPC_TYPE_VERDICT);

  g_free (address);
  spc_capabilities_clear (&caps);
}

static void
test_flags_to_strv (void)
{
  g_auto(GStrv) none = spc_certificate_flags_to_strv (0);
  g_auto(GStrv) some = spc_certificate_flags_to_strv (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                      G_TLS_CERTIFICATE_EXPIRED |
                                                      G_TLS_CERTIFICATE_GENERIC_ERROR);

  g_assert_nonnull (none);
  g_assert_null (none[0]);
  g_assert_cmpuint (g_strv_length (some), ==, 3);
  g_assert_cmpstr (some[0], ==, "unknown-ca");
  g_assert_cmpstr (some[1], ==, "expired");
  g_assert_cmpstr (some[2], ==, "generic-error");
}

static void
test_certificate_facts (void)
{
  g_autoptr(SpcResult) result = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(GTlsCertificate) certificate = load_certificate ("wrong-host.pem");
  g_auto(GStrv) problems = NULL;
  const char *sha256;

  spc_result_set_tls (result, "TLS 1.3", "TLS_AES_256_GCM_SHA384", certificate,
                      G_TLS_CERTIFICATE_BAD_IDENTITY);

  g_assert_cmpstr (spc_result_get_tls_version (result), ==, "TLS 1.3");
  g_assert_true (spc_result_get_certificate (result) == certificate);
  g_assert_nonnull (strstr (spc_result_get_cert_subject (result), "other.example"));
  g_assert_nonnull (strstr (spc_result_get_cert_issuer (result), "Test CA"));
  g_assert_nonnull (spc_result_get_cert_not_before (result));
  g_assert_nonnull (spc_result_get_cert_not_after (result));
  g_assert_true (g_strv_contains (spc_result_get_cert_dns_names (result), "other.example"));

  sha256 = spc_result_get_cert_sha256 (result);
  g_assert_cmpuint (strlen (sha256), ==, 32 * 3 - 1);
  for (guint i = 0; sha256[i] != '\0'; i++)
    g_assert_true (i % 3 == 2 ? sha256[i] == ':' : g_ascii_isxdigit (sha256[i]) && !g_ascii_islower (sha256[i]));

  spc_result_set_host (result, "smtp.example.com", NULL);
  problems = spc_certificate_describe_problems (result);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_cmpstr (problems[0], ==, "The certificate was issued for other.example, not smtp.example.com. "
                   "Use a server name the certificate names, if it belongs to the same provider, "
                   "or ask the provider which name to use.");
}

/* A name that mixes alphabets is pointed out, in Unicode, as a look-alike */
static void
test_certificate_mixed_scripts (void)
{
  g_autoptr(SpcResult) result = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(SpcResult) latin = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(GTlsCertificate) certificate = load_certificate ("mixed-script.pem");
  g_autoptr(GTlsCertificate) latin_certificate = load_certificate ("wrong-host.pem");
  g_auto(GStrv) problems = NULL;
  g_auto(GStrv) latin_problems = NULL;

  spc_result_set_tls (result, "TLS 1.3", NULL, certificate, 0);
  spc_result_set_host (result, "xn--pypal-4ve.example", NULL);
  problems = spc_certificate_describe_problems (result);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  /* "p\u0430ypal": the second letter is Cyrillic */
  g_assert_cmpstr (problems[0], ==, "The certificate names p\xd0\xb0ypal.example, which mixes letters "
                   "of different alphabets, as look-alike names do. Check that it is your provider's real name.");

  spc_result_set_tls (latin, "TLS 1.3", NULL, latin_certificate, 0);
  spc_result_set_host (latin, "other.example", NULL);
  latin_problems = spc_certificate_describe_problems (latin);
  g_assert_cmpuint (g_strv_length (latin_problems), ==, 0);
}

static void
test_certificate_dates_in_words (void)
{
  g_autoptr(SpcResult) result = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(GTlsCertificate) certificate = load_certificate ("expired.pem");
  g_auto(GStrv) problems = NULL;
  g_autoptr(SpcResult) self_signed = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autoptr(GTlsCertificate) self_signed_certificate = load_certificate ("self-signed.pem");
  g_auto(GStrv) self_signed_problems = NULL;

  spc_result_set_tls (result, "TLS 1.3", NULL, certificate,
                      G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_UNKNOWN_CA);
  spc_result_set_host (result, "localhost", NULL);
  problems = spc_certificate_describe_problems (result);
  g_assert_cmpuint (g_strv_length (problems), ==, 2);
  /* make-certs.sh: valid 2020-01-01 … 2021-01-01; local time may shift the day */
  g_assert_true (g_str_has_prefix (problems[0], "The certificate expired on "));
  g_assert_nonnull (strstr (problems[0], "202"));
  g_assert_true (g_str_has_prefix (problems[1], "The certificate is signed by an authority this computer does not trust ("));

  spc_result_set_tls (self_signed, "TLS 1.3", NULL, self_signed_certificate, G_TLS_CERTIFICATE_UNKNOWN_CA);
  spc_result_set_host (self_signed, "localhost", NULL);
  self_signed_problems = spc_certificate_describe_problems (self_signed);
  g_assert_cmpuint (g_strv_length (self_signed_problems), ==, 1);
  g_assert_true (g_str_has_prefix (self_signed_problems[0], "The certificate is self-signed"));
}

static void
test_ca_file_errors (void)
{
  g_autofree char *ca_file = g_test_build_filename (G_TEST_BUILT, "ca.pem", NULL);
  g_autofree char *not_pem = g_test_build_filename (G_TEST_DIST, "test-result.c", NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = spc_tls_database_new_with_ca_file (ca_file, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_TLS_DATABASE (database));

  g_assert_null (spc_tls_database_new_with_ca_file ("/nonexistent/ca.pem", &error));
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CA_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);

  g_assert_null (spc_tls_database_new_with_ca_file (not_pem, &error));
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CA_FILE);
}

/* Verdicts are remembered per chain and name: the same chain for another
 * name, or another chain for the same name, is verified again */
static void
test_ca_file_verdicts (void)
{
  g_autoptr(GTlsDatabase) database = new_ca_file_database ();
  g_autoptr(GTlsCertificate) localhost = load_certificate ("localhost.pem");
  g_autoptr(GTlsCertificate) wrong_host = load_certificate ("wrong-host.pem");
  g_autoptr(GSocketConnectable) name = g_network_address_new ("localhost", 25);
  g_autoptr(GSocketConnectable) other_name = g_network_address_new ("other.example", 25);
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", 25);
  g_autoptr(GError) error = NULL;
  const char *purpose = G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER;

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmphex (g_tls_database_verify_chain (database, localhost, purpose, name, NULL,
                                                    G_TLS_DATABASE_VERIFY_NONE, NULL, &error), ==, 0);
      g_assert_no_error (error);
      g_assert_cmphex (g_tls_database_verify_chain (database, localhost, purpose, other_name, NULL,
                                                    G_TLS_DATABASE_VERIFY_NONE, NULL, &error),
                       ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
      g_assert_cmphex (g_tls_database_verify_chain (database, wrong_host, purpose, name, NULL,
                                                    G_TLS_DATABASE_VERIFY_NONE, NULL, &error),
                       ==, G_TLS_CERTIFICATE_BAD_IDENTITY);
      g_assert_cmphex (g_tls_database_verify_chain (database, wrong_host, purpose, other_name, NULL,
                                                    G_TLS_DATABASE_VERIFY_NONE, NULL, &error), ==, 0);
      /* The certificate lists 127.0.0.1 */
      g_assert_cmphex (g_tls_database_verify_chain (database, localhost, purpose, address, NULL,
                                                    G_TLS_DATABASE_VERIFY_NONE, NULL, &error), ==, 0);
      g_assert_no_error (error);
    }
}

/* The database gives certificates of the same bytes one shared inspection
 * (spc_certificate_share_facts()); certificates of other bytes never share
 * it, in whatever order the chains come */
static void
test_ca_file_shared_inspection (void)
{
  const struct {
    const char           *file;
    GTlsCertificateFlags  errors;
    SpcCertificateFaults  faults;
    const char           *key_algorithm;
    guint                 key_bits;
  } cases[] = {
    { "client-purpose.pem", 0, SPC_CERTIFICATE_FAULT_WRONG_PURPOSE, "EC/ECDSA", 256 },
    { "localhost.pem", 0, SPC_CERTIFICATE_FAULT_NONE, "EC/ECDSA", 256 },
    { "weak-key.pem", 0, SPC_CERTIFICATE_FAULT_WEAK_KEY, "RSA", 1024 },
    { "key-usage.pem", 0, SPC_CERTIFICATE_FAULT_KEY_USAGE, "RSA", 2048 },
    { "missing-intermediate.pem", G_TLS_CERTIFICATE_UNKNOWN_CA,
      SPC_CERTIFICATE_FAULT_MISSING_INTERMEDIATE, "EC/ECDSA", 256 },
  };
  g_autoptr(GSocketConnectable) name = g_network_address_new ("localhost", 25);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GTlsDatabase) database = new_ca_file_database ();
  g_autoptr(GError) error = NULL;

  /* Each file as two objects, as two connections would build them */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GTlsCertificate) certificate = load_certificate (cases[i].file);
        SpcCertificateInspection inspection;

        g_tls_database_verify_chain (database, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                     name, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
        g_assert_no_error (error);
        spc_certificate_inspect (certificate, "TLS_AES_256_GCM_SHA384", cases[i].errors, now, &inspection);
        g_assert_cmphex (inspection.faults, ==, cases[i].faults);
        g_assert_cmpstr (inspection.key_algorithm, ==, cases[i].key_algorithm);
        g_assert_cmpuint (inspection.key_bits, ==, cases[i].key_bits);
        spc_certificate_inspection_clear (&inspection);
      }
}

/* Results share the first certificate object of each chain: another
 * object of the same bytes gives the first, another certificate or the
 * same leaf with other issuers gives itself */
static void
test_ca_file_shared_certificate (void)
{
  g_autofree char *chain_file = g_test_build_filename (G_TEST_BUILT, "long-chain.pem", NULL);
  g_autofree char *chain_pem = NULL;
  g_autoptr(GTlsDatabase) database = new_ca_file_database ();
  g_autoptr(GTlsCertificate) first = load_certificate ("localhost.pem");
  g_autoptr(GTlsCertificate) second = load_certificate ("localhost.pem");
  g_autoptr(GTlsCertificate) chain = load_certificate ("long-chain.pem");
  g_autoptr(GTlsCertificate) leaf_alone = NULL;
  g_autoptr(GError) error = NULL;
  const char *end;

  g_assert_nonnull (g_tls_certificate_get_issuer (chain));
  g_assert_true (g_file_get_contents (chain_file, &chain_pem, NULL, &error));
  end = strstr (chain_pem, "-----END CERTIFICATE-----");
  g_assert_nonnull (end);
  leaf_alone = g_tls_certificate_new_from_pem (chain_pem, end + strlen ("-----END CERTIFICATE-----") - chain_pem,
                                               &error);
  g_assert_no_error (error);
  g_assert_null (g_tls_certificate_get_issuer (leaf_alone));

  g_assert_null (spc_tls_database_dup_shared_certificate (SPC_TLS_DATABASE (database), NULL));
  for (guint round = 0; round < 2; round++)
    {
      /* What each gives: the second localhost object gives the first */
      GTlsCertificate *given[] = { first, second, chain, leaf_alone };
      GTlsCertificate *expected[] = { first, first, chain, leaf_alone };

      for (guint i = 0; i < G_N_ELEMENTS (given); i++)
        {
          g_autoptr(GTlsCertificate) shared =
            spc_tls_database_dup_shared_certificate (SPC_TLS_DATABASE (database), given[i]);

          g_assert_true (shared == expected[i]);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result/capabilities/parse", test_capabilities_parse);
  g_test_add_func ("/result/capabilities/odd", test_capabilities_odd);
  g_test_add_func ("/result/capabilities/hostile", test_capabilities_hostile);
  g_test_add_func ("/result/capabilities/copied", test_capabilities_copied);
  g_test_add_func ("/result/transcript/bounded", test_transcript_bounded);
  g_test_add_func ("/result/text/sanitized", test_text_sanitized);
  g_test_add_func ("/result/finish/notifies", test_finish_notifies);
  g_test_add_func ("/result/facts/notify-on-change", test_facts_notify_on_change);
  g_test_add_func ("/result/certificate/flags", test_flags_to_strv);
  g_test_add_func ("/result/certificate/facts", test_certificate_facts);
  g_test_add_func ("/result/certificate/dates-in-words", test_certificate_dates_in_words);
  g_test_add_func ("/result/certificate/mixed-scripts", test_certificate_mixed_scripts);
  g_test_add_func ("/result/ca-file/errors", test_ca_file_errors);
  g_test_add_func ("/result/ca-file/verdicts", test_ca_file_verdicts);
  g_test_add_func ("/result/ca-file/shared-inspection", test_ca_file_shared_inspection);
  g_test_add_func ("/result/ca-file/shared-certificate", test_ca_file_shared_certificate);

  return g_test_run ();
}
