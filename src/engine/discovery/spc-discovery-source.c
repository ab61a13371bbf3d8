/* spc-discovery-source.c — one lookup of a discovery and what it found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-discovery-source.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"

struct _SpcDiscoverySource
{
  GObject          parent_instance;

  SpcSourceKind    kind;
  char            *location;
  gboolean         secure;
  SpcSourceResult  result;
  gint64           ms;
  GPtrArray       *servers;
  char            *provider;
  char            *detail;
};

G_DEFINE_FINAL_TYPE (SpcDiscoverySource, spc_discovery_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_LOCATION,
  PROP_SECURE,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
spc_discovery_source_finalize (GObject *object)
{
  SpcDiscoverySource *self = SPC_DISCOVERY_SOURCE (object);

  g_free (self->location);
  g_ptr_array_unref (self->servers);
  g_free (self->provider);
  g_free (self->detail);

  G_OBJECT_CLASS (spc_discovery_source_parent_class)->finalize (object);
}

static void
spc_discovery_source_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SpcDiscoverySource *self = SPC_DISCOVERY_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_SECURE:
      g_value_set_boolean (value, self->secure);
      break;
    case PROP_RESULT:
      g_value_set_enum (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_discovery_source_class_init (SpcDiscoverySourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_discovery_source_finalize;
  object_class->get_property = spc_discovery_source_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SPC_TYPE_SOURCE_KIND, SPC_SOURCE_KIND_BUNDLED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECURE] =
    g_param_spec_boolean ("secure", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] =
    g_param_spec_enum ("result", NULL, NULL, SPC_TYPE_SOURCE_RESULT, SPC_SOURCE_RESULT_RUNNING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_discovery_source_init (SpcDiscoverySource *self)
{
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_server_claim_free);
}

SpcDiscoverySource *
spc_discovery_source_new (SpcSourceKind  kind,
                          const char    *location,
                          gboolean       secure)
{
  SpcDiscoverySource *self = g_object_new (SPC_TYPE_DISCOVERY_SOURCE, NULL);

  self->kind = kind;
  self->location = g_strdup (location);
  self->secure = secure;
  return self;
}

SpcSourceKind
spc_discovery_source_get_kind (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), SPC_SOURCE_KIND_BUNDLED);

  return self->kind;
}

const char *
spc_discovery_source_get_kind_name (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return spc_enum_get_nick (SPC_TYPE_SOURCE_KIND, self->kind);
}

const char *
spc_discovery_source_get_location (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return self->location;
}

gboolean
spc_discovery_source_get_secure (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), FALSE);

  return self->secure;
}

SpcSourceResult
spc_discovery_source_get_result (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), SPC_SOURCE_RESULT_ERROR);

  return self->result;
}

const char *
spc_discovery_source_get_result_name (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return spc_enum_get_nick (SPC_TYPE_SOURCE_RESULT, self->result);
}

gint64
spc_discovery_source_get_ms (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), 0);

  return self->ms;
}

GPtrArray *
spc_discovery_source_get_servers (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return self->servers;
}

const char *
spc_discovery_source_get_provider (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return self->provider;
}

const char *
spc_discovery_source_get_detail (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), NULL);

  return self->detail;
}

guint
spc_discovery_source_get_trust (SpcDiscoverySource *self)
{
  g_return_val_if_fail (SPC_IS_DISCOVERY_SOURCE (self), G_MAXUINT);

  switch (self->kind)
    {
    case SPC_SOURCE_KIND_BUNDLED:
    case SPC_SOURCE_KIND_ISPDB:
    case SPC_SOURCE_KIND_AUTOCONFIG:
    case SPC_SOURCE_KIND_WELL_KNOWN:
      return self->secure ? 0 : 3;
    case SPC_SOURCE_KIND_MX:
      return 1;
    case SPC_SOURCE_KIND_SRV:
      return 2;
    case SPC_SOURCE_KIND_GUESS:
    default:
      return 4;
    }
}

void
spc_discovery_source_finish (SpcDiscoverySource *self,
                             SpcSourceResult     result,
                             gint64              ms,
                             GPtrArray          *servers,
                             const char         *provider,
                             const char         *detail)
{
  g_return_if_fail (SPC_IS_DISCOVERY_SOURCE (self));
  g_return_if_fail (self->result == SPC_SOURCE_RESULT_RUNNING);
  g_return_if_fail (result != SPC_SOURCE_RESULT_RUNNING);

  self->result = result;
  self->ms = ms;
  if (servers != NULL)
    for (guint i = 0; i < servers->len; i++)
      g_ptr_array_add (self->servers, spc_server_claim_copy (servers->pdata[i]));
  self->provider = g_strdup (provider);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}
