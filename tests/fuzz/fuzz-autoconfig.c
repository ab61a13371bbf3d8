/* fuzz-autoconfig.c — libFuzzer target: bytes from an autoconfig or ISPDB
 * server into the config-v1.1.xml parser, then every claim through the
 * placeholder expansion.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "spc-autoconfig.h"
#include "spc-error.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
inspect_config (const SpcProviderConfig *config)
{
  g_assert_nonnull (config->domains);
  g_assert_cmpuint (g_strv_length (config->domains), <=, SPC_AUTOCONFIG_MAX_DOMAINS);
  g_assert_cmpuint (config->servers->len, <=, SPC_AUTOCONFIG_MAX_SERVERS);
  if (config->display_name != NULL)
    g_assert_true (g_utf8_validate (config->display_name, -1, NULL));
  for (guint i = 0; config->domains[i] != NULL; i++)
    g_assert_true (g_utf8_validate (config->domains[i], -1, NULL));

  for (guint i = 0; i < config->servers->len; i++)
    {
      const SpcServerClaim *claim = config->servers->pdata[i];
      g_autofree char *host = spc_autoconfig_expand (claim->hostname, "ana", "example.org");
      g_autofree char *user = spc_autoconfig_expand (claim->username, "ana", "example.org");

      g_assert_cmpuint (claim->port, >, 0);
      g_assert_true (claim->mode == SPC_MODE_TLS || claim->mode == SPC_MODE_STARTTLS
                     || claim->mode == SPC_MODE_PLAIN);
      g_assert_nonnull (claim->authentication);
      g_assert_nonnull (host);
      g_assert_cmpuint (strlen (host), >, 0);
      if (claim->username != NULL)
        g_assert_true (g_utf8_validate (user, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpcProviderConfig) config =
    spc_provider_config_parse ((const char *) data, size, &error);

  g_assert_true ((config == NULL) != (error == NULL));
  if (config != NULL)
    inspect_config (config);
  else
    g_assert_true (error->domain == SPC_ERROR
                   && (error->code == SPC_ERROR_MALFORMED
                       || error->code == SPC_ERROR_REPLY_TOO_LARGE));
  return 0;
}
