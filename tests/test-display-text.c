/* test-display-text.c — hidden characters of network text made visible
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "spc-engine.h"

/* A reply "\u202Egnp.exe" must not be drawn as "exe.png" */
static void
test_bidi_and_zero_width (void)
{
  const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "\u202Egnp.exe", "<U+202E>gnp.exe" },
    { "mail\u200B.example", "mail<U+200B>.example" },
    { "a\u200Cb\u200Dc\u200Ed\u200Fe", "a<U+200C>b<U+200D>c<U+200E>d<U+200F>e" },
    { "\u202A\u202B\u202C\u202D", "<U+202A><U+202B><U+202C><U+202D>" },
    { "\u2066x\u2067y\u2068z\u2069", "<U+2066>x<U+2067>y<U+2068>z<U+2069>" },
    { "\u2060\u2061\u2062\u2063\u2064", "<U+2060><U+2061><U+2062><U+2063><U+2064>" },
    { "\uFEFF220 ok", "<U+FEFF>220 ok" },
    { "pay\u00ADpal", "pay<U+00AD>pal" },
    { "tag\U000E0041", "tag<U+E0041>" },
    { "\u3164\u115F\u034F", "<U+3164><U+115F><U+034F>" },
    { "line\u2028sep\u2029", "line<U+2028>sep<U+2029>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = spc_display_text (cases[i].text);

      g_assert_cmpstr (shown, ==, cases[i].expected);
    }
}

static void
test_controls (void)
{
  g_autofree char *shown = spc_display_text ("a\033[2Jb\tc\x7f" "d\xc2\x85" "e\xc2\x9b" "f\r");
  g_autofree char *lines = spc_display_text ("one\ntwo");
  g_autofree char *invalid = spc_display_text ("bad\xff");

  g_assert_cmpstr (shown, ==, "a<U+001B>[2Jb<U+0009>c<U+007F>d<U+0085>e<U+009B>f<U+000D>");
  g_assert_cmpstr (lines, ==, "one\ntwo");
  g_assert_cmpstr (invalid, ==, "bad\uFFFD");
  g_assert_null (spc_display_text (NULL));
}

/* What stays as it is: letters of any script, spaces, emoji */
static void
test_visible_unchanged (void)
{
  const char *texts[] = {
    "220 mail.example.com ESMTP",
    "Zoë, 東京, Ελλάδα, עברית, العربية",
    "100\u00A0%, 10\u202Fh",
    "👍🏽",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *shown = spc_display_text (texts[i]);

      g_assert_cmpstr (shown, ==, texts[i]);
    }
}

/* JSON keeps the text (a parser reads the same characters back), written
 * as \uXXXX escapes, without escaping json-glib's own escapes again */
static void
test_json (void)
{
  const char *value = "\u202Egnp.exe \u200B\xc2\x85" "\U000E0041 \"q\" \\ \n\t\033 é";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "greeting");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = spc_report_json_to_data (generator);

  for (const char *p = json; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n')
        g_assert_false (spc_display_text_is_hidden (c));
    }
  g_assert_nonnull (strstr (json, "\\u202E"));
  g_assert_nonnull (strstr (json, "\\uDB40\\uDC41"));
  g_assert_nonnull (strstr (json, "é"));

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "greeting"), ==, value);
}

/* Latin with Cyrillic or Greek in one label, also as punycode; one
 * script per label, or different scripts in different labels, is fine */
static void
test_mixed_scripts (void)
{
  g_assert_true (spc_display_text_mixes_scripts ("p\xd0\xb0ypal.com"));
  g_assert_true (spc_display_text_mixes_scripts ("smtp.xn--pypal-4ve.com"));
  g_assert_true (spc_display_text_mixes_scripts ("m\xce\xb1il.example"));
  g_assert_false (spc_display_text_mixes_scripts ("smtp.example.com"));
  g_assert_false (spc_display_text_mixes_scripts ("b\xc3\xbc" "cher.example"));
  g_assert_false (spc_display_text_mixes_scripts ("\xd0\xbf\xd0\xbe\xd1\x87\xd1\x82\xd0\xb0.example"));
  g_assert_false (spc_display_text_mixes_scripts ("*.example.com"));
  g_assert_false (spc_display_text_mixes_scripts (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/display-text/bidi-and-zero-width", test_bidi_and_zero_width);
  g_test_add_func ("/display-text/controls", test_controls);
  g_test_add_func ("/display-text/visible-unchanged", test_visible_unchanged);
  g_test_add_func ("/display-text/json", test_json);
  g_test_add_func ("/display-text/mixed-scripts", test_mixed_scripts);

  return g_test_run ();
}
