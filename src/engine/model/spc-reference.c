/* spc-reference.c — what a reference host said on the port a server left silent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-reference.h"

struct _SpcReference
{
  GObject             parent_instance;

  char               *host;
  SpcReferenceSource  source;
  char               *address;
  SpcReferenceStatus  status;
  gint64              ms;
};

G_DEFINE_FINAL_TYPE (SpcReference, spc_reference, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HOST,
  PROP_SOURCE,
  PROP_ADDRESS,
  PROP_STATUS,
  PROP_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
spc_reference_finalize (GObject *object)
{
  SpcReference *self = SPC_REFERENCE (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (spc_reference_parent_class)->finalize (object);
}

static void
spc_reference_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpcReference *self = SPC_REFERENCE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_MS:
      g_value_set_int64 (value, self->ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_reference_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpcReference *self = SPC_REFERENCE (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_SOURCE:
      self->source = g_value_get_enum (value);
      break;
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;
    case PROP_MS:
      self->ms = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define VALUE_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

static void
spc_reference_class_init (SpcReferenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_reference_finalize;
  object_class->get_property = spc_reference_get_property;
  object_class->set_property = spc_reference_set_property;

  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, VALUE_FLAGS);
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL, SPC_TYPE_REFERENCE_SOURCE,
                       SPC_REFERENCE_SOURCE_HOST, VALUE_FLAGS);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, VALUE_FLAGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SPC_TYPE_REFERENCE_STATUS,
                       SPC_REFERENCE_STATUS_PENDING, VALUE_FLAGS);
  properties[PROP_MS] = g_param_spec_int64 ("ms", NULL, NULL, -1, G_MAXINT64, -1, VALUE_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_reference_init (SpcReference *self)
{
  self->ms = -1;
}

SpcReference *
spc_reference_new (const char         *host,
                   SpcReferenceSource  source,
                   const char         *address,
                   SpcReferenceStatus  status,
                   gint64              ms)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_object_new (SPC_TYPE_REFERENCE,
                       "host", host,
                       "source", source,
                       "address", address,
                       "status", status,
                       "ms", MAX (ms, -1),
                       NULL);
}

const char *
spc_reference_get_host (SpcReference *self)
{
  g_return_val_if_fail (SPC_IS_REFERENCE (self), NULL);
  return self->host;
}

SpcReferenceSource
spc_reference_get_source (SpcReference *self)
{
  g_return_val_if_fail (SPC_IS_REFERENCE (self), SPC_REFERENCE_SOURCE_HOST);
  return self->source;
}

const char *
spc_reference_get_address (SpcReference *self)
{
  g_return_val_if_fail (SPC_IS_REFERENCE (self), NULL);
  return self->address;
}

SpcReferenceStatus
spc_reference_get_status (SpcReference *self)
{
  g_return_val_if_fail (SPC_IS_REFERENCE (self), SPC_REFERENCE_STATUS_PENDING);
  return self->status;
}

gint64
spc_reference_get_ms (SpcReference *self)
{
  g_return_val_if_fail (SPC_IS_REFERENCE (self), -1);
  return self->ms;
}

const char *
spc_reference_status_to_string (SpcReferenceStatus status)
{
  return spc_enum_get_nick (SPC_TYPE_REFERENCE_STATUS, status);
}

const char *
spc_reference_source_to_string (SpcReferenceSource source)
{
  return spc_enum_get_nick (SPC_TYPE_REFERENCE_SOURCE, source);
}
