/* test-login-text.c — the words for a login check's facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-enums.h"
#include "spc-login-result-private.h"
#include "spc-login-text.h"

static SpcReply *
reply_of (const char *line)
{
  SpcReply *reply = spc_reply_new ();

  g_assert_cmpint (spc_reply_add_line (reply, line, strlen (line), NULL), ==, SPC_REPLY_COMPLETE);
  return reply;
}

static SpcLoginResult *
rejected_with (const char *line)
{
  SpcLoginResult *result = spc_login_result_new ("smtp.example.org", 587, SPC_MODE_STARTTLS, "ana@example.org");
  g_autoptr(SpcReply) reply = reply_of (line);

  spc_login_result_set_mechanism (result, "PLAIN");
  spc_login_result_set_reply (result, reply);
  spc_login_result_set_outcome (result, SPC_LOGIN_REJECTED, SPC_LOGIN_REFUSAL_NONE);
  return result;
}

typedef struct {
  const char *reply;
  const char *describe;   /* a part of the sentence */
  const char *advise;
} Case;

static const Case cases[] = {
  { "535 5.7.8 Error: authentication failed", "user name or the password", "app password" },
  { "534 5.7.9 Application-specific password required", "app password", "security settings" },
  { "534 5.7.14 Please log in with your web browser", "web browser", "web browser" },
  { "535 5.7.139 Authentication unsuccessful, basic authentication is disabled", "basic authentication", "OAuth2" },
  { "550 5.7.30 Basic authentication is not supported for Client Submission", "basic authentication", "OAuth2" },
  { "530 5.7.0 Authentication required", "authentication is required", "encryption on" },
  { "454 4.7.0 Temporary authentication failure", "temporary", "few minutes" },
  { "421 4.7.0 Try again later, closing connection", "temporary", "few minutes" },
};

static void
test_rejected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpcLoginResult) result = rejected_with (cases[i].reply);
      g_autofree char *describe = spc_login_text_describe (result);
      g_autofree char *advise = spc_login_text_advise (result);

      g_test_message ("%s → %s / %s", cases[i].reply, describe, advise);
      g_assert_nonnull (strstr (describe, cases[i].describe));
      g_assert_nonnull (strstr (advise, cases[i].advise));
    }
}

static void
test_refused_insecure (void)
{
  static const SpcLoginRefusal refusals[] = {
    SPC_LOGIN_REFUSAL_NO_TLS, SPC_LOGIN_REFUSAL_CERTIFICATE, SPC_LOGIN_REFUSAL_AUTH_BEFORE_TLS_ONLY,
    SPC_LOGIN_REFUSAL_CERTIFICATE_CHANGED, SPC_LOGIN_REFUSAL_STARTTLS_INJECTION,
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(SpcLoginResult) result = spc_login_result_new ("smtp.example.org", 587, SPC_MODE_STARTTLS, "ana");
      g_autoptr(JsonNode) json = NULL;
      JsonObject *object;

      spc_login_result_set_outcome (result, SPC_LOGIN_REFUSED_INSECURE, refusals[i]);
      json = spc_login_text_to_json (result);
      object = json_node_get_object (json);
      g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "refused-insecure");
      g_assert_nonnull (json_object_get_string_member (object, "advice"));
      /* Each refusal has words of its own */
      g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (object, "summary"))));
    }
}

static void
test_message (void)
{
  g_autoptr(SpcLoginResult) result = spc_login_result_new ("smtp.example.org", 587, SPC_MODE_STARTTLS, "ana");
  g_autoptr(SpcReply) accepted = reply_of ("250 2.0.0 Ok: queued as 4XyZ12");
  g_autoptr(SpcReply) refused = reply_of ("553 5.7.1 <ana@example.org>: Sender address rejected: not owned by user");
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *describe = NULL;
  g_autofree char *advise = NULL;

  spc_login_result_set_message (result, "ana@example.org", "ana@example.org", "<id@example.org>");
  spc_login_result_set_message_outcome (result, SPC_TEST_MESSAGE_ACCEPTED, accepted);
  json = spc_login_text_message_to_json (result);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "result"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "queue_id"), ==, "4XyZ12");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "message_id"), ==, "<id@example.org>");

  spc_login_result_set_message_outcome (result, SPC_TEST_MESSAGE_REJECTED, refused);
  describe = spc_login_text_describe_message (result);
  advise = spc_login_text_advise_message (result);
  g_assert_nonnull (strstr (describe, "refused the address"));
  g_assert_nonnull (strstr (advise, "account you logged in with"));
}

/* README's table of the login JSON names every result and every refusal
 * the JSON can hold: the enums' nicks are the contract */
static void
assert_nicks_documented (const char *table,
                         GType       type)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (type);

  for (guint i = 0; i < enum_class->n_values; i++)
    {
      const char *nick = enum_class->values[i].value_nick;
      g_autofree char *quoted = g_strdup_printf ("`%s`", nick);

      /* No refusal is JSON null, documented as such */
      if (type == SPC_TYPE_LOGIN_REFUSAL && enum_class->values[i].value == SPC_LOGIN_REFUSAL_NONE)
        continue;
      if (strstr (table, quoted) == NULL)
        g_error ("README's login table does not name %s", quoted);
    }
}

static void
test_readme_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  const char *start;
  const char *end;
  g_autofree char *table = NULL;

  g_file_get_contents (path, &readme, NULL, &error);
  g_assert_no_error (error);
  start = strstr (readme, "`login`, present only with `--user`:");
  g_assert_nonnull (start);
  end = strstr (start, "`test_message`, present only with `--send-test`:");
  g_assert_nonnull (end);
  table = g_strndup (start, end - start);

  assert_nicks_documented (table, SPC_TYPE_LOGIN_OUTCOME);
  assert_nicks_documented (table, SPC_TYPE_LOGIN_REFUSAL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/login-text/rejected", test_rejected);
  g_test_add_func ("/login-text/refused-insecure", test_refused_insecure);
  g_test_add_func ("/login-text/message", test_message);
  g_test_add_func ("/login-text/readme-table", test_readme_table);
  return g_test_run ();
}
