/* spc-request.c — what one check is asked to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-handshake-queue.h"
#include "spc-request.h"
#include "spc-tls-database.h"

struct _SpcRequest
{
  GObject       parent_instance;

  char         *host;
  GArray       *ports;            /* SpcPortSpec */
  guint         timeout_ms;
  SpcFamily     family;
  char         *connect_address;
  char         *ca_file;
  GTlsDatabase *tls_database;
  SpcHandshakeQueue *handshake_queue;  /* shared by copies */
  SpcNameCache      *name_cache;       /* shared by copies */
  gboolean      reference;
  char         *reference_host;   /* NULL: none */
  gboolean      legacy_tls;
};

G_DEFINE_FINAL_TYPE (SpcRequest, spc_request, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SpcFamily, spc_family,
                    G_DEFINE_ENUM_VALUE (SPC_FAMILY_ANY, "any"),
                    G_DEFINE_ENUM_VALUE (SPC_FAMILY_IPV4, "ipv4"),
                    G_DEFINE_ENUM_VALUE (SPC_FAMILY_IPV6, "ipv6"))

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORTS,
  PROP_TIMEOUT_MS,
  PROP_FAMILY,
  PROP_CONNECT_ADDRESS,
  PROP_CA_FILE,
  PROP_TLS_DATABASE,
  PROP_REFERENCE,
  PROP_REFERENCE_HOST,
  PROP_LEGACY_TLS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* TRUE when *@field changed (g_set_str() is GLib 2.76) */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* TRUE when *@field changed; any true @value is TRUE */
static gboolean
set_boolean (gboolean *field,
             gboolean  value)
{
  value = !!value;
  if (*field == value)
    return FALSE;

  *field = value;
  return TRUE;
}

static void
spc_request_finalize (GObject *object)
{
  SpcRequest *self = SPC_REQUEST (object);

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->ports, g_array_unref);
  g_clear_pointer (&self->connect_address, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->tls_database);
  g_clear_object (&self->handshake_queue);
  g_clear_object (&self->name_cache);
  g_clear_pointer (&self->reference_host, g_free);

  G_OBJECT_CLASS (spc_request_parent_class)->finalize (object);
}

static void
spc_request_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpcRequest *self = SPC_REQUEST (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORTS:
      g_value_set_boxed (value, self->ports);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_FAMILY:
      g_value_set_enum (value, self->family);
      break;
    case PROP_CONNECT_ADDRESS:
      g_value_set_string (value, self->connect_address);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    case PROP_REFERENCE:
      g_value_set_boolean (value, self->reference);
      break;
    case PROP_REFERENCE_HOST:
      g_value_set_string (value, self->reference_host);
      break;
    case PROP_LEGACY_TLS:
      g_value_set_boolean (value, self->legacy_tls);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_request_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpcRequest *self = SPC_REQUEST (object);

  switch (prop_id)
    {
    case PROP_HOST:
      spc_request_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORTS:
      spc_request_set_ports (self, g_value_get_boxed (value));
      break;
    case PROP_TIMEOUT_MS:
      spc_request_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_FAMILY:
      spc_request_set_family (self, g_value_get_enum (value));
      break;
    case PROP_CONNECT_ADDRESS:
      spc_request_set_connect_address (self, g_value_get_string (value));
      break;
    case PROP_CA_FILE:
      spc_request_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_TLS_DATABASE:
      spc_request_set_tls_database (self, g_value_get_object (value));
      break;
    case PROP_REFERENCE:
      spc_request_set_reference (self, g_value_get_boolean (value));
      break;
    case PROP_REFERENCE_HOST:
      spc_request_set_reference_host (self, g_value_get_string (value));
      break;
    case PROP_LEGACY_TLS:
      spc_request_set_legacy_tls (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_request_class_init (SpcRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_request_finalize;
  object_class->get_property = spc_request_get_property;
  object_class->set_property = spc_request_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORTS] =
    g_param_spec_boxed ("ports", NULL, NULL, G_TYPE_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, SPC_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAMILY] =
    g_param_spec_enum ("family", NULL, NULL, SPC_TYPE_FAMILY, SPC_FAMILY_ANY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_ADDRESS] =
    g_param_spec_string ("connect-address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFERENCE] =
    g_param_spec_boolean ("reference", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFERENCE_HOST] =
    g_param_spec_string ("reference-host", NULL, NULL, SPC_DEFAULT_REFERENCE_HOST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEGACY_TLS] =
    g_param_spec_boolean ("legacy-tls", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_request_init (SpcRequest *self)
{
  self->ports = spc_port_default_specs ();
  self->timeout_ms = SPC_DEFAULT_TIMEOUT_MS;
  self->family = SPC_FAMILY_ANY;
  self->handshake_queue = spc_handshake_queue_new (SPC_DEFAULT_MAX_HANDSHAKES);
  self->name_cache = spc_name_cache_new ();
  self->reference = TRUE;
  self->reference_host = g_strdup (SPC_DEFAULT_REFERENCE_HOST);
  self->legacy_tls = TRUE;
}

SpcRequest *
spc_request_new (const char *host)
{
  return g_object_new (SPC_TYPE_REQUEST, "host", host, NULL);
}

SpcRequest *
spc_request_copy (SpcRequest *self)
{
  SpcRequest *copy;

  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  copy = spc_request_new (self->host);
  spc_request_set_ports (copy, self->ports);
  copy->timeout_ms = self->timeout_ms;
  copy->family = self->family;
  copy->connect_address = g_strdup (self->connect_address);
  copy->ca_file = g_strdup (self->ca_file);
  g_set_object (&copy->tls_database, self->tls_database);
  g_set_object (&copy->handshake_queue, self->handshake_queue);
  g_set_object (&copy->name_cache, self->name_cache);
  copy->reference = self->reference;
  set_string (&copy->reference_host, self->reference_host);
  copy->legacy_tls = self->legacy_tls;

  return copy;
}

const char *
spc_request_get_host (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->host;
}

void
spc_request_set_host (SpcRequest *self,
                      const char *host)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (set_string (&self->host, host))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
}

GArray *
spc_request_get_ports (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->ports;
}

void
spc_request_set_ports (SpcRequest *self,
                       GArray     *specs)
{
  g_return_if_fail (SPC_IS_REQUEST (self));
  g_return_if_fail (specs == NULL || g_array_get_element_size (specs) == sizeof (SpcPortSpec));

  g_clear_pointer (&self->ports, g_array_unref);
  if (specs != NULL)
    {
      self->ports = g_array_sized_new (FALSE, FALSE, sizeof (SpcPortSpec), specs->len);
      g_array_append_vals (self->ports, specs->data, specs->len);
    }
  else
    self->ports = spc_port_default_specs ();

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTS]);
}

guint
spc_request_get_timeout_ms (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), 0);

  return self->timeout_ms;
}

void
spc_request_set_timeout_ms (SpcRequest *self,
                            guint       timeout_ms)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (timeout_ms == 0)
    timeout_ms = SPC_DEFAULT_TIMEOUT_MS;

  if (self->timeout_ms == timeout_ms)
    return;

  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

SpcFamily
spc_request_get_family (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), SPC_FAMILY_ANY);

  return self->family;
}

void
spc_request_set_family (SpcRequest *self,
                        SpcFamily   family)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (self->family == family)
    return;

  self->family = family;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAMILY]);
}

const char *
spc_request_get_connect_address (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->connect_address;
}

void
spc_request_set_connect_address (SpcRequest *self,
                                 const char *address)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (set_string (&self->connect_address, address))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_ADDRESS]);
}

const char *
spc_request_get_ca_file (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->ca_file;
}

void
spc_request_set_ca_file (SpcRequest *self,
                         const char *ca_file)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (!set_string (&self->ca_file, ca_file))
    return;

  /* Whatever was loaded came from the old file */
  spc_request_set_tls_database (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

GTlsDatabase *
spc_request_get_tls_database (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->tls_database;
}

void
spc_request_set_tls_database (SpcRequest   *self,
                              GTlsDatabase *database)
{
  g_return_if_fail (SPC_IS_REQUEST (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (g_set_object (&self->tls_database, database))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

gboolean
spc_request_get_reference (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), FALSE);

  return self->reference;
}

void
spc_request_set_reference (SpcRequest *self,
                           gboolean    reference)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (set_boolean (&self->reference, reference))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
}

gboolean
spc_request_get_legacy_tls (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), FALSE);

  return self->legacy_tls;
}

void
spc_request_set_legacy_tls (SpcRequest *self,
                            gboolean    legacy_tls)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (set_boolean (&self->legacy_tls, legacy_tls))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEGACY_TLS]);
}

const char *
spc_request_get_reference_host (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->reference_host;
}

void
spc_request_set_reference_host (SpcRequest *self,
                                const char *host)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  if (host != NULL && host[0] == '\0')
    host = NULL;
  if (set_string (&self->reference_host, host))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE_HOST]);
}

gboolean
spc_request_load_trust (SpcRequest  *self,
                        GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (SPC_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->ca_file == NULL || self->tls_database != NULL)
    return TRUE;

  database = spc_tls_database_new_with_ca_file (self->ca_file, error);
  if (database == NULL)
    return FALSE;

  spc_request_set_tls_database (self, database);
  return TRUE;
}

guint
spc_request_get_max_handshakes (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), 0);

  return spc_handshake_queue_get_max_in_flight (self->handshake_queue);
}

void
spc_request_set_max_handshakes (SpcRequest *self,
                                guint       max_handshakes)
{
  g_return_if_fail (SPC_IS_REQUEST (self));

  /* A queue of its own: the copies made before keep theirs */
  g_clear_object (&self->handshake_queue);
  self->handshake_queue = spc_handshake_queue_new (max_handshakes > 0 ? max_handshakes
                                                                      : SPC_DEFAULT_MAX_HANDSHAKES);
}

SpcHandshakeQueue *
spc_request_get_handshake_queue (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->handshake_queue;
}

SpcNameCache *
spc_request_get_name_cache (SpcRequest *self)
{
  g_return_val_if_fail (SPC_IS_REQUEST (self), NULL);

  return self->name_cache;
}
