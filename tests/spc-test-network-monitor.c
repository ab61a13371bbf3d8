/* spc-test-network-monitor.c — a GNetworkMonitor a test switches on and off
 *
 * GNetworkMonitorBase is private to GIO, so this implements the interface:
 * full connectivity or none, and can_reach() says the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-test-network-monitor.h"

#define EXTENSION_NAME "spc-test"

struct _SpcTestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void spc_test_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void spc_test_network_monitor_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpcTestNetworkMonitor, spc_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      spc_test_network_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      spc_test_network_monitor_iface_init))

void
spc_test_network_monitor_set_available (SpcTestNetworkMonitor *self,
                                        gboolean               available)
{
  g_return_if_fail (SPC_IS_TEST_NETWORK_MONITOR (self));

  available = !!available;
  if (self->available == available)
    return;

  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "connectivity");
  g_signal_emit_by_name (self, "network-changed", available);
}

static gboolean
spc_test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                    GSocketConnectable  *connectable,
                                    GCancellable        *cancellable,
                                    GError             **error)
{
  if (SPC_TEST_NETWORK_MONITOR (monitor)->available)
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                       "The test says there is no network");
  return FALSE;
}

static void
spc_test_network_monitor_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SpcTestNetworkMonitor *self = SPC_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
spc_test_network_monitor_initable_init (GInitable     *initable,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  return TRUE;
}

static void
spc_test_network_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = spc_test_network_monitor_initable_init;
}

static void
spc_test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = spc_test_network_monitor_can_reach;
}

static void
spc_test_network_monitor_class_init (SpcTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = spc_test_network_monitor_get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
spc_test_network_monitor_init (SpcTestNetworkMonitor *self)
{
  self->available = TRUE;
}

void
spc_test_network_monitor_install (void)
{
  /* Registering is idempotent: GIO registers the point again, later */
  g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME,
                                  SPC_TYPE_TEST_NETWORK_MONITOR, EXTENSION_NAME, G_MAXINT);
  /* Chosen by name, so no environment can pick the machine's own */
  g_setenv ("GIO_USE_NETWORK_MONITOR", EXTENSION_NAME, TRUE);
  g_assert_true (SPC_IS_TEST_NETWORK_MONITOR (g_network_monitor_get_default ()));
}
