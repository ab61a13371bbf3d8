/* spc-test-network-monitor.h — a GNetworkMonitor a test switches on and off
 *
 * The window shows its "offline" page only when the system says there is
 * no network. What the system says differs between machines (a build
 * sandbox has no network at all), so the window tests install this one as
 * the default and say themselves whether a network is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_TEST_NETWORK_MONITOR (spc_test_network_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SpcTestNetworkMonitor, spc_test_network_monitor, SPC, TEST_NETWORK_MONITOR, GObject)

/* Makes this type the process's default monitor; call before anything
 * asks for g_network_monitor_get_default(). It starts with a network. */
void spc_test_network_monitor_install       (void);
/* A network or none; "network-changed" and notify::network-available follow */
void spc_test_network_monitor_set_available (SpcTestNetworkMonitor *self,
                                             gboolean               available);

G_END_DECLS
