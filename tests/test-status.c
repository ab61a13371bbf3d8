/* test-status.c — status identifiers, verdicts and their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-enums.h"
#include "spc-ports.h"
#include "spc-status.h"

static void
test_table (void)
{
  /* Every status and its verdict, plus "pending" */
  static const struct {
    SpcStatus   status;
    const char *id;
    SpcVerdict  verdict;
  } table[] = {
    { SPC_STATUS_PENDING, "pending", SPC_VERDICT_NONE },
    { SPC_STATUS_OK, "ok", SPC_VERDICT_GREEN },
    { SPC_STATUS_NO_AUTH, "no-auth", SPC_VERDICT_YELLOW },
    { SPC_STATUS_CERTIFICATE_INVALID, "certificate-invalid", SPC_VERDICT_RED },
    { SPC_STATUS_PLAINTEXT_ONLY, "plaintext-only", SPC_VERDICT_RED },
    { SPC_STATUS_FILTERED, "filtered", SPC_VERDICT_RED },
    { SPC_STATUS_REFUSED, "refused", SPC_VERDICT_RED },
    { SPC_STATUS_UNREACHABLE, "unreachable", SPC_VERDICT_RED },
    { SPC_STATUS_DNS_ERROR, "dns-error", SPC_VERDICT_RED },
    { SPC_STATUS_NO_GREETING, "no-greeting", SPC_VERDICT_RED },
    { SPC_STATUS_TIMEOUT, "timeout", SPC_VERDICT_RED },
    { SPC_STATUS_NOT_SMTP, "not-smtp", SPC_VERDICT_RED },
    { SPC_STATUS_REJECTED, "rejected", SPC_VERDICT_RED },
    { SPC_STATUS_TLS_FAILED, "tls-failed", SPC_VERDICT_RED },
    { SPC_STATUS_STARTTLS_INJECTION, "starttls-injection", SPC_VERDICT_RED },
    { SPC_STATUS_MODE_MISMATCH, "mode-mismatch", SPC_VERDICT_RED },
    { SPC_STATUS_PROTOCOL_ERROR, "protocol-error", SPC_VERDICT_RED },
    { SPC_STATUS_CANCELLED, "cancelled", SPC_VERDICT_GREY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      SpcStatus parsed = SPC_STATUS_PENDING;

      g_assert_cmpstr (spc_status_to_string (table[i].status), ==, table[i].id);
      g_assert_cmpint (spc_status_get_verdict (table[i].status), ==, table[i].verdict);
      g_assert_true (spc_status_from_string (table[i].id, &parsed));
      g_assert_cmpint (parsed, ==, table[i].status);
    }

  {
    SpcStatus parsed = SPC_STATUS_OK;

    g_assert_false (spc_status_from_string ("OK", &parsed));
    g_assert_false (spc_status_from_string ("", &parsed));
    g_assert_false (spc_status_from_string (NULL, &parsed));
    g_assert_cmpint (parsed, ==, SPC_STATUS_OK);
  }
}

static void
test_verdict_words (void)
{
  g_assert_cmpstr (spc_verdict_to_string (SPC_VERDICT_GREEN), ==, "green");
  g_assert_cmpstr (spc_verdict_to_string (SPC_VERDICT_YELLOW), ==, "yellow");
  g_assert_cmpstr (spc_verdict_to_string (SPC_VERDICT_RED), ==, "red");
  g_assert_cmpstr (spc_verdict_to_string (SPC_VERDICT_GREY), ==, "grey");
  g_assert_cmpstr (spc_verdict_to_string (SPC_VERDICT_NONE), ==, "none");

  g_assert_cmpstr (spc_verdict_get_label (SPC_VERDICT_GREEN), ==, "Works");
  g_assert_cmpstr (spc_verdict_get_label (SPC_VERDICT_YELLOW), ==, "Works with a warning");
  g_assert_cmpstr (spc_verdict_get_label (SPC_VERDICT_RED), ==, "Does not work");
  g_assert_cmpstr (spc_verdict_get_label (SPC_VERDICT_GREY), ==, "Stopped");
  g_assert_cmpstr (spc_verdict_get_label (SPC_VERDICT_NONE), ==, "Checking…");
}

static void
test_stages (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_CONNECT), ==, "connect");
  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_GREETING), ==, "greeting");
  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_EHLO), ==, "ehlo");
  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_TLS), ==, "tls");
  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_STARTTLS), ==, "starttls");

  /* Every stage has a distinct identifier and label */
  for (SpcStage stage = SPC_STAGE_WAITING; stage <= SPC_STAGE_DONE; stage++)
    {
      g_assert_true (g_hash_table_add (ids, (char *) spc_stage_to_string (stage)));
      g_assert_true (g_hash_table_add (labels, (char *) spc_stage_get_label (stage)));
    }
}

/* The identifiers are the registered types' nicks: a property of type
 * SpcStatus and the JSON say the same word */
static void
test_registered_types (void)
{
  g_autoptr(GEnumClass) statuses = g_type_class_ref (SPC_TYPE_STATUS);
  g_autoptr(GEnumClass) stages = g_type_class_ref (SPC_TYPE_STAGE);
  g_autoptr(GEnumClass) verdicts = g_type_class_ref (SPC_TYPE_VERDICT);
  g_autoptr(GEnumClass) modes = g_type_class_ref (SPC_TYPE_MODE);

  g_assert_cmpstr (g_type_name (SPC_TYPE_STATUS), ==, "SpcStatus");
  g_assert_cmpuint (statuses->n_values, ==, SPC_STATUS_CANCELLED + 1);
  for (guint i = 0; i < statuses->n_values; i++)
    g_assert_cmpstr (spc_status_to_string (statuses->values[i].value), ==, statuses->values[i].value_nick);

  g_assert_cmpuint (stages->n_values, ==, SPC_STAGE_DONE + 1);
  g_assert_cmpstr (spc_stage_to_string (SPC_STAGE_EHLO_TLS), ==, "ehlo-tls");
  g_assert_cmpint (g_enum_get_value_by_nick (stages, "ehlo-tls")->value, ==, SPC_STAGE_EHLO_TLS);

  g_assert_cmpuint (verdicts->n_values, ==, SPC_VERDICT_GREY + 1);
  g_assert_cmpint (g_enum_get_value_by_nick (verdicts, "green")->value, ==, SPC_VERDICT_GREEN);

  g_assert_cmpuint (modes->n_values, ==, 3);
  g_assert_cmpint (g_enum_get_value_by_nick (modes, "starttls")->value, ==, SPC_MODE_STARTTLS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status/table", test_table);
  g_test_add_func ("/status/verdict-words", test_verdict_words);
  g_test_add_func ("/status/stages", test_stages);
  g_test_add_func ("/status/registered-types", test_registered_types);

  return g_test_run ();
}
