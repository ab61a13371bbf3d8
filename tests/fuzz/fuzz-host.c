/* fuzz-host.c — libFuzzer target: what a user (or a hosts file) types as
 * a mail server, through the host-input parser.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "spc-error.h"
#include "spc-host.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* What the rest of the engine relies on after a successful parse */
static void
inspect_host (const SpcHost *host)
{
  g_assert_nonnull (host->input);
  g_assert_nonnull (host->host);
  g_assert_nonnull (host->ascii_host);
  g_assert_true (g_utf8_validate (host->input, -1, NULL));
  g_assert_true (g_utf8_validate (host->host, -1, NULL));
  g_assert_cmpuint (strlen (host->ascii_host), >, 0);
  g_assert_cmpuint (strlen (host->ascii_host), <=, 253);

  for (const char *p = host->ascii_host; *p != '\0'; p++)
    g_assert_true (*p > 0x20 && *p < 0x7F);
  for (const char *p = host->host; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));

  if (host->is_address)
    g_assert_true (g_hostname_is_ip_address (host->ascii_host));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The parser takes a C string: what was typed, up to its first NUL */
  g_autofree char *input = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcHost) host = spc_host_parse (input, &error);

  if (host == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SPC_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_null (error);
  inspect_host (host);

  return 0;
}
