/* test-summary.c — a port's sentences from its facts alone
 *
 * Results are built through the private setters, as the probe fills them:
 * no socket, no clock. The expected texts are the probe's sentences, so a
 * translation made for them stays valid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-enums.h"
#include "spc-result-private.h"
#include "spc-summary.h"

static SpcResult *
finished_result (SpcMode   mode,
                 SpcStatus status,
                 SpcDetail detail)
{
  SpcResult *result = spc_result_new (587, mode);

  spc_result_set_host (result, "smtp.example.com", NULL);
  spc_result_finish (result, status, detail);
  return result;
}

static void
assert_summary (SpcResult  *result,
                const char *expected)
{
  g_autofree char *summary = spc_summary_for_result (result);

  g_assert_cmpstr (summary, ==, expected);
}

/* The technical facts behind the summary, NULL: none */
static void
assert_details (SpcResult  *result,
                const char *expected)
{
  g_autofree char *details = spc_summary_details_for_result (result);

  g_assert_cmpstr (details, ==, expected);
}

/* No protocol word in the user's sentence (the client's own words, SSL/TLS
 * and STARTTLS, are allowed) */
static void
assert_no_jargon (SpcResult *result)
{
  static const char * const jargon[] = {
    "EHLO", "HELO", "AUTH", "PLAIN", "LOGIN", "RFC", "(DNS)", "TLS 1.", "220", "CN=", "O=",
    "handshake", "SMTP",
  };
  g_autofree char *summary = spc_summary_for_result (result);

  for (guint i = 0; i < G_N_ELEMENTS (jargon); i++)
    if (summary != NULL && strstr (summary, jargon[i]) != NULL)
      g_error ("\"%s\" in the summary \"%s\"", jargon[i], summary);
}

static void
test_unfinished (void)
{
  g_autoptr(SpcResult) running = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) cancelled = finished_result (SPC_MODE_TLS, SPC_STATUS_CANCELLED, SPC_DETAIL_CANCELLED);

  assert_summary (running, NULL);
  assert_summary (cancelled, "Stopped before the check finished");
}

static void
test_deadlines (void)
{
  g_autoptr(SpcResult) dns = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) connect = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) ehlo = spc_result_new (587, SPC_MODE_STARTTLS);

  /* One sentence for the probe's and the diagnosis' DNS deadline */
  spc_result_set_host (dns, "mail.example", NULL);
  spc_result_set_deadline_ms (dns, 10000);
  spc_result_finish (dns, SPC_STATUS_DNS_ERROR, SPC_DETAIL_DNS_TIMEOUT);
  assert_summary (dns, "The name server did not answer for mail.example within 10 s");
  assert_details (dns, NULL);

  spc_result_set_deadline_ms (connect, 2500);
  spc_result_finish (connect, SPC_STATUS_FILTERED, SPC_DETAIL_CONNECT_TIMEOUT);
  /* Without a reference nobody can tell whose firewall it is */
  assert_summary (connect, "Blocked somewhere between you and the server");
  assert_details (connect, "No answer within 2.5 s");

  spc_result_set_deadline_ms (ehlo, 1500);
  spc_result_finish (ehlo, SPC_STATUS_TIMEOUT, SPC_DETAIL_EHLO_TIMEOUT);
  assert_summary (ehlo, "The server stopped answering within 1.5 s");
  assert_details (ehlo, "No answer to EHLO within 1.5 s");
}

/* A silent port in words, by what its reference host said */
static void
test_reference (void)
{
  const struct {
    SpcReferenceStatus status;
    const char        *expected;
    const char        *details;
  } cases[] = {
    { SPC_REFERENCE_STATUS_FILTERED, "Your network blocks port 25",
      "No answer within 10 s, and the reference server mx.example.com does not answer on this port either" },
    { SPC_REFERENCE_STATUS_ANSWERED, "The server does not answer on port 25; your network lets it through",
      "No answer within 10 s, while the reference server mx.example.com answered on this port" },
    { SPC_REFERENCE_STATUS_REFUSED, "The server does not answer on port 25; your network lets it through",
      "No answer within 10 s, while the reference server mx.example.com answered on this port" },
    { SPC_REFERENCE_STATUS_PENDING, "No answer yet; checking whether your network blocks this port",
      "No answer within 10 s; the reference server mx.example.com is being asked on this port" },
    { SPC_REFERENCE_STATUS_DNS_ERROR, "Blocked somewhere between you and the server",
      "No answer within 10 s, and the reference server mx.example.com could not be found" },
    { SPC_REFERENCE_STATUS_UNREACHABLE, "Blocked somewhere between you and the server",
      "No answer within 10 s, and the reference server mx.example.com could not be reached" },
    { SPC_REFERENCE_STATUS_CANCELLED, "Blocked somewhere between you and the server",
      "No answer within 10 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpcResult) result = spc_result_new (25, SPC_MODE_STARTTLS);
      g_autoptr(SpcReference) reference = spc_reference_new ("mx.example.com", SPC_REFERENCE_SOURCE_MX,
                                                             "192.0.2.25", cases[i].status, 30);

      spc_result_set_host (result, "smtp.example.com", NULL);
      spc_result_set_deadline_ms (result, 10000);
      spc_result_set_reference (result, reference);
      spc_result_finish (result, SPC_STATUS_FILTERED, SPC_DETAIL_CONNECT_TIMEOUT);
      assert_summary (result, cases[i].expected);
      assert_details (result, cases[i].details);
    }
}

static void
test_names_and_errors (void)
{
  g_autoptr(SpcResult) missing = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) resolve = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) broken = finished_result (SPC_MODE_STARTTLS, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_NONE);
  g_autoptr(GError) unreachable = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "No route to host");
  g_autoptr(GError) nul = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "The server's reply contains a NUL byte.");
  g_autoptr(SpcResult) refused = finished_result (SPC_MODE_STARTTLS, SPC_STATUS_REFUSED, SPC_DETAIL_CONNECT_REFUSED);

  spc_result_set_host (missing, "missing.test", NULL);
  spc_result_finish (missing, SPC_STATUS_DNS_ERROR, SPC_DETAIL_DNS_NO_IPV6);
  assert_summary (missing, "missing.test has no IPv6 address");
  assert_details (missing, "The DNS has no IPv6 address (AAAA record) for missing.test");

  /* With --resolve, the name looked up is the address asked for */
  spc_result_set_host (resolve, "smtp.example.com", "[2001:db8::1]");
  spc_result_finish (resolve, SPC_STATUS_DNS_ERROR, SPC_DETAIL_WRONG_FAMILY);
  assert_summary (resolve, "[2001:db8::1] is not an address of the family asked for (IPv4 or IPv6)");

  spc_result_set_error (broken, unreachable);
  spc_result_finish (broken, SPC_STATUS_UNREACHABLE, SPC_DETAIL_HOST_UNREACHABLE);
  assert_summary (broken, "A router or firewall on the way reported the server unreachable");
  assert_details (broken, "No route to host");

  /* Our own error messages are sentences: the details drop the full stop */
  spc_result_set_error (broken, nul);
  spc_result_finish (broken, SPC_STATUS_PROTOCOL_ERROR, SPC_DETAIL_PROTOCOL_VIOLATION);
  assert_summary (broken, "The server broke the rules of mail servers");
  assert_details (broken, "The server's reply contains a NUL byte");

  assert_summary (refused, "Nothing listens on this port");
  assert_details (refused, "The server refused the connection");
}

static void
test_replies (void)
{
  g_autoptr(SpcResult) greeting = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) starttls = spc_result_new (587, SPC_MODE_STARTTLS);

  spc_result_set_reply (greeting, 554, "5.7.1 \x1b[2JYour address is blocked");
  spc_result_finish (greeting, SPC_STATUS_REJECTED, SPC_DETAIL_GREETING_REFUSED);
  /* The server's words are kept in the details, but never a terminal escape */
  assert_summary (greeting, "The server refuses to talk to this computer");
  assert_details (greeting, "The server replied: 554 5.7.1 \xef\xbf\xbd[2JYour address is blocked");

  spc_result_set_reply (starttls, 454, NULL);
  spc_result_finish (starttls, SPC_STATUS_TLS_FAILED, SPC_DETAIL_STARTTLS_REFUSED);
  assert_summary (starttls, "The server offers encryption but refused to start it");
  assert_details (starttls, "The server offers STARTTLS but refused it: 454");
}

static void
set_auth (SpcResult  *result,
          const char *mechanisms,
          gboolean    starttls)
{
  g_auto(GStrv) auth = g_strsplit (mechanisms, " ", -1);
  SpcCapabilities caps = { 0 };

  caps.ehlo_answered = TRUE;
  caps.auth = mechanisms[0] != '\0' ? auth : NULL;
  caps.starttls = starttls;
  spc_result_set_capabilities (result, &caps);
}

static void
test_session (void)
{
  g_autoptr(SpcResult) implicit = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(SpcResult) starttls = spc_result_new (587, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) relay = spc_result_new (25, SPC_MODE_STARTTLS);
  g_autoptr(SpcResult) plain = spc_result_new (25, SPC_MODE_PLAIN);
  g_autoptr(SpcResult) old = spc_result_new (465, SPC_MODE_TLS);

  spc_result_set_tls (implicit, "TLS 1.3", "TLS_AES_256_GCM_SHA384", NULL, 0);
  set_auth (implicit, "PLAIN LOGIN", FALSE);
  spc_result_finish (implicit, SPC_STATUS_OK, SPC_DETAIL_WORKS);
  assert_summary (implicit, "Works with encryption; sign-in with a password offered");
  assert_details (implicit, "TLS 1.3 from the first byte; AUTH PLAIN LOGIN");
  assert_no_jargon (implicit);

  spc_result_set_tls (starttls, "TLS 1.2", NULL, NULL, 0);
  set_auth (starttls, "LOGIN", FALSE);
  spc_result_finish (starttls, SPC_STATUS_OK, SPC_DETAIL_WORKS);
  assert_summary (starttls, "Works with encryption; sign-in with a password offered");
  assert_details (starttls, "TLS 1.2 after STARTTLS; AUTH LOGIN");

  spc_result_set_tls (relay, "TLS 1.3", NULL, NULL, 0);
  set_auth (relay, "", FALSE);
  spc_result_finish (relay, SPC_STATUS_NO_AUTH, SPC_DETAIL_NO_LOGIN);
  assert_summary (relay, "Encrypted, but no sign-in is offered: this port passes mail on between servers, it is not for a mail program");
  assert_details (relay, "Encrypted with TLS 1.3; the server offers no AUTH");

  set_auth (plain, "", TRUE);
  spc_result_finish (plain, SPC_STATUS_PLAINTEXT_ONLY, SPC_DETAIL_PLAINTEXT);
  assert_summary (plain, "Unencrypted, as asked (the server also offers STARTTLS)");

  spc_result_set_tls (old, "TLS 1.0", NULL, NULL, 0);
  spc_result_finish (old, SPC_STATUS_TLS_FAILED, SPC_DETAIL_OBSOLETE_TLS);
  assert_summary (old, "Only outdated encryption is offered: current mail programs refuse it");
  assert_details (old, "Only obsolete TLS 1.0 is offered: current mail programs refuse it");
}

static void
test_mode_in_words (void)
{
  g_autoptr(SpcResult) plain = finished_result (SPC_MODE_PLAIN, SPC_STATUS_MODE_MISMATCH, SPC_DETAIL_EXPECTS_TLS);
  g_autoptr(SpcResult) starttls = finished_result (SPC_MODE_STARTTLS, SPC_STATUS_MODE_MISMATCH, SPC_DETAIL_EXPECTS_TLS);

  assert_summary (plain, "This port expects SSL/TLS from the first byte; use SSL/TLS on it, not an unencrypted connection");
  assert_summary (starttls, "This port expects SSL/TLS from the first byte; use SSL/TLS on it, not STARTTLS");
}

static void
test_certificate (void)
{
  g_autoptr(SpcResult) one = spc_result_new (465, SPC_MODE_TLS);
  g_autoptr(SpcResult) two = spc_result_new (465, SPC_MODE_TLS);

  spc_result_set_host (one, "smtp.example.com", NULL);
  spc_result_set_tls (one, "TLS 1.3", NULL, NULL, G_TLS_CERTIFICATE_BAD_IDENTITY);
  spc_result_finish (one, SPC_STATUS_CERTIFICATE_INVALID, SPC_DETAIL_CERTIFICATE);
  assert_summary (one, "Certificate not trusted: it was not issued for smtp.example.com");

  spc_result_set_host (two, "smtp.example.com", NULL);
  spc_result_set_tls (two, "TLS 1.3", NULL, NULL, G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_REVOKED);
  spc_result_finish (two, SPC_STATUS_CERTIFICATE_INVALID, SPC_DETAIL_CERTIFICATE);
  assert_summary (two, "Certificate not trusted: it has expired (and 1 more problem)");
}

/* No detail is left without a sentence */
static void
test_every_detail (void)
{
  g_autoptr(GEnumClass) details = g_type_class_ref (SPC_TYPE_DETAIL);

  for (guint i = 0; i < details->n_values; i++)
    {
      SpcDetail detail = details->values[i].value;
      g_autoptr(SpcResult) result = finished_result (SPC_MODE_STARTTLS, SPC_STATUS_PROTOCOL_ERROR, detail);
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Something broke.");
      g_autofree char *summary = NULL;

      spc_result_set_error (result, error);
      summary = spc_summary_for_result (result);
      g_test_message ("%s: %s", details->values[i].value_nick, summary);
      if (detail == SPC_DETAIL_NONE)
        g_assert_null (summary);
      else
        g_assert_true (summary != NULL && summary[0] != '\0');
      assert_no_jargon (result);
    }
}

static void
test_notes (void)
{
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);
  const char *expected[] = {
    "Checking port 587 of smtp.example.com (starttls)",
    "Connected to 192.0.2.1 port 587",
    "3 bytes arrived after the STARTTLS answer, before TLS",
    "TLS handshake done: TLS 1.3, ?",
    "No progress within 1.5 s",
    "Connection reset by peer",
    "EHLO [192.0.2.2]",
  };
  GPtrArray *transcript;

  spc_result_add_note (result, SPC_NOTE_CHECKING, "smtp.example.com", NULL, 587, 0);
  spc_result_add_note (result, SPC_NOTE_CONNECTED, "192.0.2.1", NULL, 587, 1);
  spc_result_add_note (result, SPC_NOTE_BYTES_AFTER_STARTTLS, NULL, NULL, 3, 2);
  spc_result_add_note (result, SPC_NOTE_TLS_DONE, "TLS 1.3", NULL, 0, 3);
  spc_result_add_note (result, SPC_NOTE_NO_PROGRESS, NULL, NULL, 1500, 4);
  spc_result_add_note (result, SPC_NOTE_ERROR, "Connection reset by peer", NULL, 0, 5);
  spc_result_add_transcript (result, SPC_DIRECTION_CLIENT, "EHLO [192.0.2.2]", 6);

  transcript = spc_result_get_transcript (result);
  g_assert_cmpuint (transcript->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < transcript->len; i++)
    {
      g_autofree char *text = spc_summary_describe_line (result, g_ptr_array_index (transcript, i));

      g_assert_cmpstr (text, ==, expected[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/summary/unfinished", test_unfinished);
  g_test_add_func ("/summary/deadlines", test_deadlines);
  g_test_add_func ("/summary/reference", test_reference);
  g_test_add_func ("/summary/names-and-errors", test_names_and_errors);
  g_test_add_func ("/summary/replies", test_replies);
  g_test_add_func ("/summary/session", test_session);
  g_test_add_func ("/summary/mode-in-words", test_mode_in_words);
  g_test_add_func ("/summary/certificate", test_certificate);
  g_test_add_func ("/summary/every-detail", test_every_detail);
  g_test_add_func ("/summary/notes", test_notes);

  return g_test_run ();
}
