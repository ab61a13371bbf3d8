/* fuzz-ehlo.c — libFuzzer target: a "server's" bytes split into lines,
 * through the reply parser, and each complete reply through the EHLO
 * capability parsing the probe applies to the answer (before and inside
 * TLS), then into an SpcResult the way the probe stores it.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "fuzz-lines.h"
#include "spc-reply.h"
#include "spc-result-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* 32 kept plus the well-known ones a long list cannot push out */
#define MAX_KEPT_MECHANISMS (32 + 11)

static void
inspect_capabilities (const SpcCapabilities *caps)
{
  guint n_auth;

  g_assert_true (caps->ehlo_answered);
  g_assert_nonnull (caps->auth);
  n_auth = g_strv_length (caps->auth);
  g_assert_cmpuint (n_auth, <=, MAX_KEPT_MECHANISMS);

  for (guint i = 0; i < n_auth; i++)
    {
      const char *mechanism = caps->auth[i];

      g_assert_cmpuint (strlen (mechanism), >, 0);
      g_assert_cmpuint (strlen (mechanism), <=, 20);
      for (const char *p = mechanism; *p != '\0'; p++)
        g_assert_true (g_ascii_isupper (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_');
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (caps->auth[j], !=, mechanism);
    }

  if (caps->size != 0)
    g_assert_true (caps->has_size);
  if (caps->size_invalid)
    g_assert_true (caps->has_size && caps->size == 0);
}

static void
take_reply (const SpcReply *reply)
{
  SpcCapabilities caps = { 0 };
  g_autoptr(SpcCapabilities) copy = NULL;
  g_autoptr(SpcResult) result = spc_result_new (587, SPC_MODE_STARTTLS);

  spc_capabilities_parse_ehlo (&caps, spc_reply_get_lines (reply));
  inspect_capabilities (&caps);

  copy = spc_capabilities_copy (&caps);
  g_assert_true (spc_capabilities_equal (copy, &caps));

  spc_result_set_capabilities_before_tls (result, &caps);
  spc_result_set_capabilities (result, copy);
  g_assert_true (spc_capabilities_equal (spc_result_get_capabilities (result), &caps));
  g_assert_true (spc_capabilities_equal (spc_result_get_capabilities_before_tls (result), &caps));

  /* A second parse into the same struct replaces, never leaks or appends */
  spc_capabilities_parse_ehlo (&caps, spc_reply_get_lines (reply));
  g_assert_true (spc_capabilities_equal (copy, &caps));
  spc_capabilities_clear (&caps);
}

static void
feed_line (const char *line,
           gsize       length,
           gpointer    user_data)
{
  SpcReply **reply = user_data;
  g_autoptr(GError) error = NULL;
  SpcReplyState state = spc_reply_add_line (*reply, line, length, &error);

  if (state == SPC_REPLY_COMPLETE)
    take_reply (*reply);
  if (state != SPC_REPLY_NEED_MORE)
    {
      spc_reply_unref (*reply);
      *reply = spc_reply_new ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SpcReply *reply = spc_reply_new ();

  fuzz_each_line (data, size, feed_line, &reply);
  spc_reply_unref (reply);
  return 0;
}
