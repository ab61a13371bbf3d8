/* spc-candidate.c — a host:port a discovery found, and who named it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-candidate.h"

struct _SpcCandidate
{
  GObject    parent_instance;

  char      *host;
  guint16    port;
  SpcMode    mode;
  SpcMode    claimed_mode;
  char      *username;
  guint      username_trust;
  GPtrArray *sources;  /* of SpcDiscoverySource* (owned) */
};

G_DEFINE_FINAL_TYPE (SpcCandidate, spc_candidate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
spc_candidate_finalize (GObject *object)
{
  SpcCandidate *self = SPC_CANDIDATE (object);

  g_free (self->host);
  g_free (self->username);
  g_ptr_array_unref (self->sources);

  G_OBJECT_CLASS (spc_candidate_parent_class)->finalize (object);
}

static void
spc_candidate_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpcCandidate *self = SPC_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_SOURCES:
      g_value_set_boxed (value, self->sources);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_candidate_class_init (SpcCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_candidate_finalize;
  object_class->get_property = spc_candidate_get_property;

  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_candidate_init (SpcCandidate *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->username_trust = G_MAXUINT;
}

SpcCandidate *
spc_candidate_new (const char *host,
                   guint16     port,
                   SpcMode     mode)
{
  SpcCandidate *self = g_object_new (SPC_TYPE_CANDIDATE, NULL);

  self->host = g_strdup (host);
  self->port = port;
  self->claimed_mode = mode;
  self->mode = mode == SPC_MODE_PLAIN ? SPC_MODE_STARTTLS : mode;
  return self;
}

const char *
spc_candidate_get_host (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), NULL);

  return self->host;
}

guint16
spc_candidate_get_port (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), 0);

  return self->port;
}

SpcMode
spc_candidate_get_mode (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), SPC_MODE_STARTTLS);

  return self->mode;
}

SpcMode
spc_candidate_get_claimed_mode (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), SPC_MODE_STARTTLS);

  return self->claimed_mode;
}

const char *
spc_candidate_get_username (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), NULL);

  return self->username;
}

GPtrArray *
spc_candidate_get_sources (SpcCandidate *self)
{
  g_return_val_if_fail (SPC_IS_CANDIDATE (self), NULL);

  return self->sources;
}

guint
spc_candidate_get_trust (SpcCandidate *self)
{
  guint trust = G_MAXUINT;

  g_return_val_if_fail (SPC_IS_CANDIDATE (self), G_MAXUINT);

  for (guint i = 0; i < self->sources->len; i++)
    trust = MIN (trust, spc_discovery_source_get_trust (self->sources->pdata[i]));
  return trust;
}

void
spc_candidate_add_source (SpcCandidate       *self,
                          SpcDiscoverySource *source,
                          SpcMode             claimed_mode,
                          const char         *username)
{
  guint trust;

  g_return_if_fail (SPC_IS_CANDIDATE (self));
  g_return_if_fail (SPC_IS_DISCOVERY_SOURCE (source));

  trust = spc_discovery_source_get_trust (source);
  if (g_ptr_array_find (self->sources, source, NULL))
    return;
  g_ptr_array_add (self->sources, g_object_ref (source));
  /* A plaintext claim stays visible only while nobody says better */
  if (claimed_mode != SPC_MODE_PLAIN)
    self->claimed_mode = claimed_mode;
  if (username != NULL && trust < self->username_trust)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      self->username_trust = trust;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCES]);
}

static guint
port_rank (guint16 port)
{
  switch (port)
    {
    case 465:
      return 0;
    case 587:
      return 1;
    case 2525:
      return 2;
    case 25:
      return 3;
    default:
      return 4;
    }
}

int
spc_candidate_compare (SpcCandidate *a,
                       SpcCandidate *b)
{
  guint trust_a = spc_candidate_get_trust (a);
  guint trust_b = spc_candidate_get_trust (b);
  gboolean plain_a = a->claimed_mode == SPC_MODE_PLAIN;
  gboolean plain_b = b->claimed_mode == SPC_MODE_PLAIN;

  if (plain_a != plain_b)
    return plain_a ? 1 : -1;
  if (trust_a != trust_b)
    return trust_a < trust_b ? -1 : 1;
  if (port_rank (a->port) != port_rank (b->port))
    return port_rank (a->port) < port_rank (b->port) ? -1 : 1;
  /* Among other ports, implicit TLS first (RFC 8314) */
  if ((a->mode == SPC_MODE_TLS) != (b->mode == SPC_MODE_TLS))
    return a->mode == SPC_MODE_TLS ? -1 : 1;
  if (a->port != b->port)
    return a->port < b->port ? -1 : 1;
  return g_strcmp0 (a->host, b->host);
}
