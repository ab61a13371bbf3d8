/* test-keyring.c — the password in a real Secret Service, shared with secret-tool
 *
 * Run by tests/keyring-session.sh: a private session bus with
 * gnome-keyring-daemon, in a fresh HOME. What spc_keyring stores,
 * `secret-tool lookup host H service smtp user U` (msmtp's passwordeval
 * line) must print byte for byte, and what `secret-tool store` stored,
 * spc_keyring must find. Passwords reach secret-tool on stdin, never argv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-keyring.h"
#include "spc-test-util.h"

#define TIMEOUT_MS 20000

/* Spaces, quotes and UTF-8: nothing in the way may split or re-encode it */
#define STORED_PASSWORD "correct \"horse\" b\xc3\xa4ttery staple"

/* The password secret-tool prints for host/service=smtp/user; NULL when it
 * finds nothing (secret-tool then exits 1 and prints nothing) */
static char *
secret_tool_lookup (const char *host,
                    const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           "secret-tool", "lookup", "host", host, "service", "smtp", "user", user,
                           NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (tool))
    {
      g_assert_cmpstr (out, ==, "");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
secret_tool_store (const char *host,
                   const char *user,
                   const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autofree char *err = NULL;

  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           "secret-tool", "store", "--label=x",
                           "host", host, "service", "smtp", "user", user,
                           NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, password, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (tool))
    g_error ("secret-tool store failed: %s", err);
}

static void
test_store_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcSecret) password = spc_secret_new (STORED_PASSWORD, strlen (STORED_PASSWORD));
  g_autofree char *printed = NULL;

  g_assert_true (spc_keyring_store ("smtp.sync.test", "ana@example.test", password, NULL, &error));
  g_assert_no_error (error);

  printed = secret_tool_lookup ("smtp.sync.test", "ana@example.test");
  g_assert_cmpstr (printed, ==, STORED_PASSWORD);

  /* Each attribute takes part: another user or host finds nothing */
  g_assert_null (secret_tool_lookup ("smtp.sync.test", "bob@example.test"));
  g_assert_null (secret_tool_lookup ("smtp.other.test", "ana@example.test"));
}

static void
test_store_async (void)
{
  g_autoptr(SpcSecret) password = spc_secret_new (STORED_PASSWORD, strlen (STORED_PASSWORD));
  g_autofree char *printed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored;

  spc_keyring_store_async ("smtp.async.test", "ana@example.test", password, NULL,
                           spc_test_keep_result, &result);
  /* The caller may wipe its copy at once: libsecret copied it already */
  g_clear_pointer (&password, spc_secret_free);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &result, TIMEOUT_MS));
  stored = spc_keyring_store_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (stored);

  printed = secret_tool_lookup ("smtp.async.test", "ana@example.test");
  g_assert_cmpstr (printed, ==, STORED_PASSWORD);
}

static void
test_lookup_secret_tool_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcSecret) found = NULL;
  const char *password = "st\xc3\xb6red by secret-tool";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpcSecret) found_async = NULL;

  secret_tool_store ("smtp.msmtp.test", "carla@example.test", password);

  found = spc_keyring_lookup ("smtp.msmtp.test", "carla@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (spc_secret_get (found), ==, password);
  g_assert_cmpuint (spc_secret_get_length (found), ==, strlen (password));

  spc_keyring_lookup_async ("smtp.msmtp.test", "carla@example.test", NULL, spc_test_keep_result, &result);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &result, TIMEOUT_MS));
  found_async = spc_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found_async);
  g_assert_cmpstr (spc_secret_get (found_async), ==, password);
}

static void
test_lookup_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcSecret) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  found = spc_keyring_lookup ("smtp.nowhere.test", "nobody@example.test", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  spc_keyring_lookup_async ("smtp.nowhere.test", "nobody@example.test", NULL, spc_test_keep_result, &result);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &result, TIMEOUT_MS));
  found = spc_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Never the user's own keyring: only inside keyring-session.sh */
  if (g_strcmp0 (g_getenv ("SPC_TEST_PRIVATE_KEYRING"), "1") != 0)
    {
      g_print ("1..0 # SKIP not in a private keyring session: run it through tests/keyring-session.sh\n");
      return 0;
    }

  g_test_add_func ("/keyring/store/sync", test_store_sync);
  g_test_add_func ("/keyring/store/async", test_store_async);
  g_test_add_func ("/keyring/lookup/secret-tool-entry", test_lookup_secret_tool_entry);
  g_test_add_func ("/keyring/lookup/missing", test_lookup_missing);

  return g_test_run ();
}
