/* spc-provider-table.c — the bundled provider table (from the ISPDB)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-discovery-resources.h"
#include "spc-error.h"
#include "spc-provider-table.h"

#define BUNDLED_TABLE_PATH "/org/example/SmtpPort/engine/providers.txt"

struct _SpcProviderTable
{
  GObject     parent_instance;

  GPtrArray  *providers;  /* of SpcProviderConfig* */
  GHashTable *by_domain;  /* domain (lower case) → SpcProviderConfig*, not owned */
};

G_DEFINE_FINAL_TYPE (SpcProviderTable, spc_provider_table, G_TYPE_OBJECT)

static void
spc_provider_table_finalize (GObject *object)
{
  SpcProviderTable *self = SPC_PROVIDER_TABLE (object);

  g_hash_table_unref (self->by_domain);
  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (spc_provider_table_parent_class)->finalize (object);
}

static void
spc_provider_table_class_init (SpcProviderTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_provider_table_finalize;
}

static void
spc_provider_table_init (SpcProviderTable *self)
{
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_provider_config_free);
  self->by_domain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
add_server (SpcProviderConfig  *config,
            char              **fields,
            GError            **error)
{
  guint64 port = 0;
  SpcMode mode;

  if (g_strv_length (fields) != 5
      || !g_ascii_string_to_unsigned (fields[2], 10, 1, G_MAXUINT16, &port, NULL)
      || !spc_mode_from_string (fields[3], &mode)
      || fields[1][0] == '\0')
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_MALFORMED, "A server line is malformed.");
      return FALSE;
    }
  g_ptr_array_add (config->servers,
                   spc_server_claim_new (fields[1], (guint16) port, mode,
                                         fields[4][0] != '\0' ? fields[4] : NULL));
  return TRUE;
}

/* Domains are gathered in @domains and moved into the config when it ends */
static void
finish_provider (SpcProviderConfig *config,
                 GPtrArray         *domains)
{
  if (config == NULL)
    return;
  g_strfreev (config->domains);
  g_ptr_array_add (domains, NULL);
  config->domains = g_strdupv ((char **) domains->pdata);
  g_ptr_array_set_size (domains, 0);
}

static gboolean
parse_line (SpcProviderTable   *self,
            const char         *line,
            SpcProviderConfig **current,
            GPtrArray          *domains,
            GError            **error)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 0);

  if (fields[0] == NULL || line[0] == '#' || line[0] == '\0')
    return TRUE;

  if (strcmp (fields[0], "P") == 0 && g_strv_length (fields) == 3)
    {
      finish_provider (*current, domains);
      *current = spc_provider_config_new ();
      (*current)->id = fields[1][0] != '\0' ? g_strdup (fields[1]) : NULL;
      (*current)->display_name = fields[2][0] != '\0' ? g_strdup (fields[2]) : NULL;
      g_ptr_array_add (self->providers, *current);
      return TRUE;
    }
  if (*current != NULL && strcmp (fields[0], "D") == 0 && g_strv_length (fields) == 2)
    {
      g_autofree char *domain = g_ascii_strdown (fields[1], -1);

      g_ptr_array_add (domains, g_strdup (domain));
      /* The first provider naming a domain keeps it */
      if (!g_hash_table_contains (self->by_domain, domain))
        g_hash_table_insert (self->by_domain, g_steal_pointer (&domain), *current);
      return TRUE;
    }
  if (*current != NULL && strcmp (fields[0], "S") == 0)
    return add_server (*current, fields, error);

  g_set_error (error, SPC_ERROR, SPC_ERROR_MALFORMED, "Unknown line “%s”.", line);
  return FALSE;
}

SpcProviderTable *
spc_provider_table_new_from_bytes (GBytes  *bytes,
                                   GError **error)
{
  g_autoptr(SpcProviderTable) self = g_object_new (SPC_TYPE_PROVIDER_TABLE, NULL);
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 0);
  SpcProviderConfig *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (!parse_line (self, lines[i], &current, domains, error))
      return NULL;
  finish_provider (current, domains);

  return g_steal_pointer (&self);
}

SpcProviderTable *
spc_provider_table_new_bundled (void)
{
  g_autoptr(GError) error = NULL;
  /* Through the resource itself: a static library would drop an object
   * only a constructor refers to */
  g_autoptr(GBytes) bytes = g_resource_lookup_data (spc_discovery_get_resource (),
                                                    BUNDLED_TABLE_PATH,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  SpcProviderTable *table;

  /* Both are build faults: the resource is compiled in and checked by a test */
  if (bytes == NULL)
    g_error ("The bundled provider table is missing: %s", error->message);
  table = spc_provider_table_new_from_bytes (bytes, &error);
  if (table == NULL)
    g_error ("The bundled provider table is broken: %s", error->message);
  return table;
}

guint
spc_provider_table_get_n_providers (SpcProviderTable *self)
{
  g_return_val_if_fail (SPC_IS_PROVIDER_TABLE (self), 0);

  return self->providers->len;
}

guint
spc_provider_table_get_n_domains (SpcProviderTable *self)
{
  g_return_val_if_fail (SPC_IS_PROVIDER_TABLE (self), 0);

  return g_hash_table_size (self->by_domain);
}

const SpcProviderConfig *
spc_provider_table_lookup (SpcProviderTable *self,
                           const char       *domain)
{
  g_autofree char *key = NULL;
  gsize length;

  g_return_val_if_fail (SPC_IS_PROVIDER_TABLE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  key = g_ascii_strdown (domain, -1);
  length = strlen (key);
  if (length > 0 && key[length - 1] == '.')
    key[length - 1] = '\0';
  return g_hash_table_lookup (self->by_domain, key);
}

const SpcProviderConfig *
spc_provider_table_lookup_host (SpcProviderTable  *self,
                                const char        *hostname,
                                const char       **matched_domain)
{
  const char *suffix = hostname;

  g_return_val_if_fail (SPC_IS_PROVIDER_TABLE (self), NULL);
  g_return_val_if_fail (hostname != NULL, NULL);

  /* From the whole name down to the last two labels */
  while (suffix != NULL && strchr (suffix, '.') != NULL)
    {
      const char *dot = strchr (suffix, '.');
      const SpcProviderConfig *config;

      if (dot[1] == '\0')
        break;
      config = spc_provider_table_lookup (self, suffix);
      if (config != NULL)
        {
          if (matched_domain != NULL)
            *matched_domain = suffix;
          return config;
        }
      suffix = dot + 1;
    }
  return NULL;
}
