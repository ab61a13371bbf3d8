/* test-reply.c — the SMTP reply parser against every framing case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-error.h"
#include "spc-reply.h"

static SpcReplyState
add (SpcReply    *reply,
     const char  *line,
     GError     **error)
{
  return spc_reply_add_line (reply, line, strlen (line), error);
}

static void
test_single_line (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (spc_reply_is_complete (reply));
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 0);
  g_assert_null (spc_reply_get_lines (reply)[0]);

  g_assert_cmpint (add (reply, "220 mail.example.com ESMTP ready", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  g_assert_true (spc_reply_is_complete (reply));
  g_assert_cmpuint (spc_reply_get_code (reply), ==, 220);
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 1);
  g_assert_cmpstr (spc_reply_get_lines (reply)[0], ==, "mail.example.com ESMTP ready");
  g_assert_null (spc_reply_get_lines (reply)[1]);
  text = spc_reply_dup_text (reply);
  g_assert_cmpstr (text, ==, "mail.example.com ESMTP ready");
}

static void
test_multi_line (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const *lines;

  g_assert_cmpint (add (reply, "250-mail.example.com", &error), ==, SPC_REPLY_NEED_MORE);
  g_assert_false (spc_reply_is_complete (reply));
  g_assert_cmpint (add (reply, "250-SIZE 35882577", &error), ==, SPC_REPLY_NEED_MORE);
  g_assert_cmpint (add (reply, "250-AUTH PLAIN LOGIN", &error), ==, SPC_REPLY_NEED_MORE);
  g_assert_cmpint (add (reply, "250 STARTTLS", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);

  g_assert_true (spc_reply_is_complete (reply));
  g_assert_cmpuint (spc_reply_get_code (reply), ==, 250);
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 4);
  lines = spc_reply_get_lines (reply);
  g_assert_cmpstr (lines[0], ==, "mail.example.com");
  g_assert_cmpstr (lines[1], ==, "SIZE 35882577");
  g_assert_cmpstr (lines[2], ==, "AUTH PLAIN LOGIN");
  g_assert_cmpstr (lines[3], ==, "STARTTLS");
  g_assert_null (lines[4]);

  text = spc_reply_dup_text (reply);
  g_assert_cmpstr (text, ==, "mail.example.com\nSIZE 35882577\nAUTH PLAIN LOGIN\nSTARTTLS");
}

static void
test_bare_code (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(SpcReply) multi = spc_reply_new ();
  g_autoptr(GError) error = NULL;

  /* RFC 5321 §4.2: the text is optional, "250" alone ends a reply */
  g_assert_cmpint (add (reply, "250", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  g_assert_cmpuint (spc_reply_get_code (reply), ==, 250);
  g_assert_cmpstr (spc_reply_get_lines (reply)[0], ==, "");

  g_assert_cmpint (add (multi, "250-", &error), ==, SPC_REPLY_NEED_MORE);
  g_assert_cmpint (add (multi, "250 ", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  g_assert_cmpuint (spc_reply_get_n_lines (multi), ==, 2);
  g_assert_cmpstr (spc_reply_get_lines (multi)[0], ==, "");
  g_assert_cmpstr (spc_reply_get_lines (multi)[1], ==, "");
}

static void
test_mismatched_codes (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add (reply, "250-first", &error), ==, SPC_REPLY_NEED_MORE);
  g_assert_cmpint (add (reply, "251 second", &error), ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_MALFORMED);
  g_assert_false (spc_reply_is_complete (reply));
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 1);

  /* A failed reply stays failed */
  g_clear_error (&error);
  g_assert_cmpint (add (reply, "250 again", &error), ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_MALFORMED);
}

static void
assert_malformed (const char *line,
                  gsize       length)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;

  g_test_message ("line of %" G_GSIZE_FORMAT " bytes: %s", length, line);
  g_assert_cmpint (spc_reply_add_line (reply, line, length, &error), ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_MALFORMED);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_false (spc_reply_is_complete (reply));
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 0);
}

static void
test_malformed (void)
{
  const char *lines[] = {
    "",           /* empty line */
    "2",          /* a lone digit */
    "25",
    "999 odd",    /* outside 1yz..5yz */
    "999",
    "000 zero",
    "099 low",
    "600 high",
    "25a nope",
    "abc text",
    " 250 leading space",
    "250x",       /* a code followed by neither space, hyphen nor end */
    "250\tTab",
    "2500 four digits",
    "HTTP/1.1 400 Bad Request",
    "SSH-2.0-OpenSSH_9.2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_malformed (lines[i], strlen (lines[i]));

  /* NUL bytes anywhere, the code included */
  assert_malformed ("250 a\0b", 7);
  assert_malformed ("2\00050 x", 7);
  assert_malformed ("250\0", 4);
}

static void
test_code_range (void)
{
  const guint valid[] = { 100, 199, 220, 354, 421, 454, 502, 554, 599 };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(SpcReply) reply = spc_reply_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_strdup_printf ("%u text", valid[i]);

      g_assert_cmpint (add (reply, line, &error), ==, SPC_REPLY_COMPLETE);
      g_assert_no_error (error);
      g_assert_cmpuint (spc_reply_get_code (reply), ==, valid[i]);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  const char *text;

  g_assert_cmpint (add (reply, "220 caf\xe9 \xff\xfe ok", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  text = spc_reply_get_lines (reply)[0];
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd ok");
}

static void
test_valid_utf8_kept (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add (reply, "220 bücher.example ✓", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  g_assert_cmpstr (spc_reply_get_lines (reply)[0], ==, "bücher.example ✓");
}

static void
test_long_line_accepted (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_malloc (514);

  /* 513 bytes: one over RFC 5321's 512-octet limit (CRLF included),
   * which real servers exceed; still accepted */
  memcpy (line, "250 ", 4);
  memset (line + 4, 'x', 509);
  line[513] = '\0';

  g_assert_cmpint (spc_reply_add_line (reply, line, 513, &error), ==, SPC_REPLY_COMPLETE);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (spc_reply_get_lines (reply)[0]), ==, 509);
}

static void
test_too_many_lines (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  guint fed = 0;
  SpcReplyState state = SPC_REPLY_NEED_MORE;

  /* A server sending 200 000 continuation lines is stopped at the cap */
  while (fed < 200000 && state == SPC_REPLY_NEED_MORE)
    {
      state = add (reply, "250-again", &error);
      fed++;
    }

  g_assert_cmpint (state, ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_REPLY_TOO_LARGE);
  g_assert_cmpuint (fed, ==, SPC_REPLY_MAX_LINES + 1);
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, SPC_REPLY_MAX_LINES);
  /* Generous: it is microseconds, but the machine is shared */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

static void
test_too_many_bytes (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_malloc (4001);
  SpcReplyState state = SPC_REPLY_NEED_MORE;
  guint fed = 0;

  memcpy (line, "250-", 4);
  memset (line + 4, 'y', 3996);
  line[4000] = '\0';

  while (fed < 100 && state == SPC_REPLY_NEED_MORE)
    {
      state = spc_reply_add_line (reply, line, 4000, &error);
      fed++;
    }

  g_assert_cmpint (state, ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_REPLY_TOO_LARGE);
  g_assert_cmpuint (fed, ==, SPC_REPLY_MAX_BYTES / 4000 + 1);
  g_assert_cmpuint (fed, <, SPC_REPLY_MAX_LINES);
}

static void
test_line_after_end (void)
{
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (add (reply, "220 hello", &error), ==, SPC_REPLY_COMPLETE);
  g_assert_cmpint (add (reply, "220 again", &error), ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_MALFORMED);
  g_assert_cmpuint (spc_reply_get_n_lines (reply), ==, 1);
}

static void
test_boxed (void)
{
  SpcReply *reply = spc_reply_new ();
  SpcReply *copy;

  g_assert_true (G_TYPE_IS_BOXED (SPC_TYPE_REPLY));
  copy = g_boxed_copy (SPC_TYPE_REPLY, reply);
  g_assert_true (copy == reply);
  g_boxed_free (SPC_TYPE_REPLY, copy);
  spc_reply_unref (reply);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reply/single-line", test_single_line);
  g_test_add_func ("/reply/multi-line", test_multi_line);
  g_test_add_func ("/reply/bare-code", test_bare_code);
  g_test_add_func ("/reply/mismatched-codes", test_mismatched_codes);
  g_test_add_func ("/reply/malformed", test_malformed);
  g_test_add_func ("/reply/code-range", test_code_range);
  g_test_add_func ("/reply/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/reply/valid-utf8", test_valid_utf8_kept);
  g_test_add_func ("/reply/513-byte-line", test_long_line_accepted);
  g_test_add_func ("/reply/too-many-lines", test_too_many_lines);
  g_test_add_func ("/reply/too-many-bytes", test_too_many_bytes);
  g_test_add_func ("/reply/line-after-end", test_line_after_end);
  g_test_add_func ("/reply/boxed", test_boxed);

  return g_test_run ();
}
