/* spc-login-test-util.c — what the login tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-login-test-util.h"
#include "spc-summary.h"
#include "spc-test-util.h"

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(SpcResult **) user_data = spc_probe_run_finish (SPC_PROBE (object), result);
}

SpcResult *
spc_login_test_probe (guint16       port,
                      SpcMode       mode,
                      GTlsDatabase *database,
                      guint         timeout_ms)
{
  g_autoptr(SpcRequest) request = g_object_new (SPC_TYPE_REQUEST,
                                                "host", "localhost",
                                                "timeout-ms", timeout_ms,
                                                "tls-database", database,
                                                NULL);
  g_autoptr(SpcProbe) probe = spc_probe_new (request, port, mode);
  SpcResult *finished = NULL;
  g_autofree char *summary = NULL;

  spc_probe_run_async (probe, NULL, probe_done_cb, &finished);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &finished, 10 * timeout_ms));
  summary = spc_summary_for_result (finished);
  g_test_message ("probe: %s (%s)", spc_status_to_string (spc_result_get_status (finished)), summary);
  return finished;
}

static void
login_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(SpcLoginResult **) user_data = spc_login_run_finish (SPC_LOGIN (object), result);
}

SpcLoginResult *
spc_login_test_run (SpcLogin *login,
                    guint     timeout_ms)
{
  SpcLoginResult *finished = NULL;

  spc_login_run_async (login, NULL, login_done_cb, &finished);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &finished, 10 * timeout_ms));
  return finished;
}
