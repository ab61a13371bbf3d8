/* spc-autoconfig.c — Thunderbird's config-v1.1.xml, the outgoing servers only
 *
 * GMarkup knows no DTD and no entity beyond the five predefined ones, so a
 * hostile document cannot expand; its size is capped before parsing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-autoconfig.h"
#include "spc-error.h"

/* A hostname with placeholders may be a little longer than a name */
#define MAX_HOSTNAME_TEMPLATE 300
#define MAX_FIELD_BYTES 1024

typedef enum {
  FIELD_NONE,
  FIELD_DOMAIN,
  FIELD_DISPLAY_NAME,
  FIELD_HOSTNAME,
  FIELD_PORT,
  FIELD_SOCKET_TYPE,
  FIELD_USERNAME,
  FIELD_AUTHENTICATION,
} Field;

typedef struct {
  SpcProviderConfig *config;
  GPtrArray         *domains;
  GPtrArray         *authentication;
  guint              depth;
  guint              provider_depth;   /* 0: not inside the first emailProvider */
  gboolean           provider_seen;
  guint              server_depth;     /* 0: not inside an smtp outgoingServer */
  Field              field;
  guint              field_depth;
  GString           *text;
  /* The server being read */
  char              *hostname;
  char              *port;
  char              *socket_type;
  char              *username;
} ParseState;

SpcServerClaim *
spc_server_claim_new (const char *hostname,
                      guint16     port,
                      SpcMode     mode,
                      const char *username)
{
  SpcServerClaim *claim = g_new0 (SpcServerClaim, 1);

  claim->hostname = g_strdup (hostname);
  claim->port = port;
  claim->mode = mode;
  claim->username = g_strdup (username);
  claim->authentication = g_new0 (char *, 1);
  return claim;
}

SpcServerClaim *
spc_server_claim_copy (const SpcServerClaim *claim)
{
  SpcServerClaim *copy = spc_server_claim_new (claim->hostname, claim->port,
                                               claim->mode, claim->username);

  g_strfreev (copy->authentication);
  copy->authentication = g_strdupv (claim->authentication);
  return copy;
}

void
spc_server_claim_free (SpcServerClaim *claim)
{
  if (claim == NULL)
    return;

  g_free (claim->hostname);
  g_free (claim->username);
  g_strfreev (claim->authentication);
  g_free (claim);
}

SpcProviderConfig *
spc_provider_config_new (void)
{
  SpcProviderConfig *config = g_new0 (SpcProviderConfig, 1);

  config->domains = g_new0 (char *, 1);
  config->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_server_claim_free);
  return config;
}

void
spc_provider_config_free (SpcProviderConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->id);
  g_free (config->display_name);
  g_strfreev (config->domains);
  g_ptr_array_unref (config->servers);
  g_free (config);
}

gboolean
spc_autoconfig_parse_socket_type (const char *text,
                                  SpcMode    *mode)
{
  if (g_ascii_strcasecmp (text, "SSL") == 0)
    *mode = SPC_MODE_TLS;
  else if (g_ascii_strcasecmp (text, "STARTTLS") == 0)
    *mode = SPC_MODE_STARTTLS;
  else if (g_ascii_strcasecmp (text, "plain") == 0)
    *mode = SPC_MODE_PLAIN;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_port (const char *text,
            guint16    *port)
{
  guint value = 0;

  if (text == NULL || text[0] == '\0' || strlen (text) > 5)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint) (*p - '0');
    }
  if (value < 1 || value > G_MAXUINT16)
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

/* Letters, digits, '.', '-', '_' and the '%' of placeholders */
static gboolean
is_hostname_template (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length == 0 || length > MAX_HOSTNAME_TEMPLATE)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (text[i]) && strchr (".-_%", text[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
clear_server (ParseState *state)
{
  g_clear_pointer (&state->hostname, g_free);
  g_clear_pointer (&state->port, g_free);
  g_clear_pointer (&state->socket_type, g_free);
  g_clear_pointer (&state->username, g_free);
  g_ptr_array_set_size (state->authentication, 0);
}

/* The server just closed, kept if every field needed is there and sane */
static void
finish_server (ParseState *state)
{
  SpcServerClaim *claim;
  guint16 port;
  SpcMode mode;

  if (state->config->servers->len < SPC_AUTOCONFIG_MAX_SERVERS
      && is_hostname_template (state->hostname)
      && parse_port (state->port, &port)
      && state->socket_type != NULL
      && spc_autoconfig_parse_socket_type (state->socket_type, &mode))
    {
      claim = spc_server_claim_new (state->hostname, port, mode,
                                    state->username != NULL && state->username[0] != '\0'
                                      ? state->username : NULL);
      g_strfreev (claim->authentication);
      g_ptr_array_add (state->authentication, NULL);
      claim->authentication = g_strdupv ((char **) state->authentication->pdata);
      g_ptr_array_add (state->config->servers, claim);
    }
  clear_server (state);
}

static Field
field_for (ParseState *state,
           const char *name)
{
  if (state->server_depth != 0 && state->depth == state->server_depth + 1)
    {
      if (strcmp (name, "hostname") == 0)
        return FIELD_HOSTNAME;
      if (strcmp (name, "port") == 0)
        return FIELD_PORT;
      if (strcmp (name, "socketType") == 0)
        return FIELD_SOCKET_TYPE;
      if (strcmp (name, "username") == 0)
        return FIELD_USERNAME;
      if (strcmp (name, "authentication") == 0)
        return FIELD_AUTHENTICATION;
    }
  else if (state->provider_depth != 0 && state->depth == state->provider_depth + 1)
    {
      if (strcmp (name, "domain") == 0)
        return FIELD_DOMAIN;
      if (strcmp (name, "displayName") == 0)
        return FIELD_DISPLAY_NAME;
    }
  return FIELD_NONE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  ParseState *state = user_data;

  state->depth++;

  if (state->depth == 1)
    {
      if (strcmp (name, "clientConfig") != 0)
        g_set_error (error, SPC_ERROR, SPC_ERROR_MALFORMED,
                     "The document is a <%s>, not a <clientConfig>.", name);
      return;
    }

  if (state->depth == 2 && !state->provider_seen && strcmp (name, "emailProvider") == 0)
    {
      state->provider_seen = TRUE;
      state->provider_depth = state->depth;
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (strcmp (attribute_names[i], "id") == 0 && state->config->id == NULL)
          state->config->id = g_strdup (attribute_values[i]);
      return;
    }

  if (state->provider_depth != 0 && state->depth == state->provider_depth + 1
      && strcmp (name, "outgoingServer") == 0)
    {
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (strcmp (attribute_names[i], "type") == 0
            && g_ascii_strcasecmp (attribute_values[i], "smtp") == 0)
          {
            clear_server (state);
            state->server_depth = state->depth;
          }
      return;
    }

  if (state->field == FIELD_NONE)
    {
      state->field = field_for (state, name);
      state->field_depth = state->depth;
      g_string_truncate (state->text, 0);
    }
}

/* Stores the text of a field that just closed */
static void
finish_field (ParseState *state)
{
  g_autofree char *value = g_strstrip (g_strdup (state->text->str));

  switch (state->field)
    {
    case FIELD_DOMAIN:
      if (value[0] != '\0' && state->domains->len < SPC_AUTOCONFIG_MAX_DOMAINS)
        g_ptr_array_add (state->domains, g_ascii_strdown (value, -1));
      break;
    case FIELD_DISPLAY_NAME:
      if (state->config->display_name == NULL && value[0] != '\0')
        state->config->display_name = g_steal_pointer (&value);
      break;
    case FIELD_HOSTNAME:
      g_free (state->hostname);
      state->hostname = g_steal_pointer (&value);
      break;
    case FIELD_PORT:
      g_free (state->port);
      state->port = g_steal_pointer (&value);
      break;
    case FIELD_SOCKET_TYPE:
      g_free (state->socket_type);
      state->socket_type = g_steal_pointer (&value);
      break;
    case FIELD_USERNAME:
      g_free (state->username);
      state->username = g_steal_pointer (&value);
      break;
    case FIELD_AUTHENTICATION:
      if (value[0] != '\0' && state->authentication->len < SPC_AUTOCONFIG_MAX_SERVERS)
        g_ptr_array_add (state->authentication, g_steal_pointer (&value));
      break;
    case FIELD_NONE:
    default:
      break;
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  ParseState *state = user_data;

  if (state->field != FIELD_NONE && state->depth == state->field_depth)
    {
      finish_field (state);
      state->field = FIELD_NONE;
    }
  else if (state->server_depth != 0 && state->depth == state->server_depth)
    {
      finish_server (state);
      state->server_depth = 0;
    }
  else if (state->provider_depth != 0 && state->depth == state->provider_depth)
    {
      state->provider_depth = 0;
    }

  state->depth--;
}

static void
text (GMarkupParseContext  *context,
      const char           *text_data,
      gsize                 text_length,
      gpointer              user_data,
      GError              **error)
{
  ParseState *state = user_data;

  /* Only the text of the field itself, bounded */
  if (state->field != FIELD_NONE && state->depth == state->field_depth
      && state->text->len + text_length <= MAX_FIELD_BYTES)
    g_string_append_len (state->text, text_data, text_length);
}

static const GMarkupParser parser = {
  start_element,
  end_element,
  text,
  NULL,
  NULL,
};

SpcProviderConfig *
spc_provider_config_parse (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(SpcProviderConfig) config = NULL;
  ParseState state = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > SPC_AUTOCONFIG_MAX_BYTES)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_REPLY_TOO_LARGE,
                   "The document has %" G_GSIZE_FORMAT " bytes, more than the %d accepted.",
                   length, SPC_AUTOCONFIG_MAX_BYTES);
      return NULL;
    }

  config = spc_provider_config_new ();
  state.config = config;
  state.domains = g_ptr_array_new_with_free_func (g_free);
  state.authentication = g_ptr_array_new_with_free_func (g_free);
  state.text = g_string_new (NULL);

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  ok = g_markup_parse_context_parse (context, data != NULL ? data : "", length, error)
       && g_markup_parse_context_end_parse (context, error);

  if (ok && state.depth == 0 && !state.provider_seen)
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_MALFORMED,
                           "The document has no <emailProvider>.");
      ok = FALSE;
    }

  if (ok)
    {
      g_ptr_array_add (state.domains, NULL);
      g_strfreev (config->domains);
      config->domains = (char **) g_ptr_array_free (g_steal_pointer (&state.domains), FALSE);
    }
  else if (error != NULL && *error != NULL && (*error)->domain != SPC_ERROR)
    {
      /* One domain for callers: whatever GMarkup said, it is malformed */
      g_autoptr(GError) markup_error = g_steal_pointer (error);

      g_set_error (error, SPC_ERROR, SPC_ERROR_MALFORMED, "%s", markup_error->message);
    }

  clear_server (&state);
  g_clear_pointer (&state.domains, g_ptr_array_unref);
  g_ptr_array_unref (state.authentication);
  g_string_free (state.text, TRUE);

  return ok ? g_steal_pointer (&config) : NULL;
}

char *
spc_autoconfig_expand (const char *template,
                       const char *local_part,
                       const char *domain)
{
  g_autoptr(GString) result = g_string_new (NULL);
  const char *p = template;

  if (template == NULL)
    return NULL;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "%EMAILADDRESS%"))
        {
          if (local_part == NULL)
            return NULL;
          g_string_append_printf (result, "%s@%s", local_part, domain);
          p += strlen ("%EMAILADDRESS%");
        }
      else if (g_str_has_prefix (p, "%EMAILLOCALPART%"))
        {
          if (local_part == NULL)
            return NULL;
          g_string_append (result, local_part);
          p += strlen ("%EMAILLOCALPART%");
        }
      else if (g_str_has_prefix (p, "%EMAILDOMAIN%"))
        {
          g_string_append (result, domain);
          p += strlen ("%EMAILDOMAIN%");
        }
      else
        {
          g_string_append_c (result, *p);
          p++;
        }
    }

  return g_string_free (g_steal_pointer (&result), FALSE);
}
