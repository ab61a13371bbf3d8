/* test-secret.c — a password's bytes are zeros by the time they are freed
 *
 * src/engine/account/spc-secret.c is compiled into this test alone with
 * SPC_SECRET_TEST_FREE = inspect_and_free below: the very allocation that
 * held the password is copied at the moment it is freed, and every byte of
 * it must be zero. The production build frees with g_free, after the same
 * explicit_bzero. What this does not prove: copies outside SpcSecret (GNU
 * SASL's, GnuTLS's record buffers, GDBus messages to the Secret Service).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "spc-secret.h"
#include "spc-test-util.h"

#define PASSWORD "correct horse battery staple"

/* The allocation to look at, and its bytes as they were when freed */
typedef struct {
  gconstpointer  watched;
  gsize          size;
  guint          times_freed;
  guchar         seen[64];
} Watch;

static Watch watch;

void inspect_and_free (gpointer data);

void
inspect_and_free (gpointer data)
{
  if (data != NULL && data == watch.watched)
    {
      g_assert_cmpuint (watch.size, <=, sizeof watch.seen);
      memcpy (watch.seen, data, watch.size);
      watch.times_freed++;
    }
  g_free (data);
}

static void
watch_start (gconstpointer data,
             gsize         size)
{
  memset (&watch, 0xff, sizeof watch);
  watch.watched = data;
  watch.size = size;
  watch.times_freed = 0;
}

/* Freed exactly once, and all zeros then */
static void
assert_freed_wiped (void)
{
  g_assert_cmpuint (watch.times_freed, ==, 1);
  for (gsize i = 0; i < watch.size; i++)
    if (watch.seen[i] != 0)
      g_error ("byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " was 0x%02x when freed",
               i, watch.size, watch.seen[i]);
}

static void
test_free_wipes (void)
{
  SpcSecret *secret = spc_secret_new (PASSWORD, strlen (PASSWORD));

  g_assert_cmpstr (spc_secret_get (secret), ==, PASSWORD);
  watch_start (spc_secret_get (secret), strlen (PASSWORD) + 1);
  spc_secret_free (secret);
  assert_freed_wiped ();
}

static void
test_read_file_wipes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SpcSecret *secret;

  path = spc_test_write_temp_file ("spc-secret-XXXXXX", PASSWORD "\r\nsecond line\n");

  secret = spc_secret_read_file (path, &error);
  g_unlink (path);
  g_assert_no_error (error);
  g_assert_cmpstr (spc_secret_get (secret), ==, PASSWORD);
  g_assert_cmpuint (spc_secret_get_length (secret), ==, strlen (PASSWORD));

  watch_start (spc_secret_get (secret), strlen (PASSWORD) + 1);
  spc_secret_free (secret);
  assert_freed_wiped ();
}

static void
test_wipe_string (void)
{
  char *copy = g_strdup (PASSWORD);

  watch_start (copy, strlen (PASSWORD) + 1);
  spc_secret_wipe_string (copy);
  assert_freed_wiped ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret/free-wipes", test_free_wipes);
  g_test_add_func ("/secret/read-file-wipes", test_read_file_wipes);
  g_test_add_func ("/secret/wipe-string", test_wipe_string);

  return g_test_run ();
}
