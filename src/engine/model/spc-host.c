/* spc-host.c — understanding what the user typed as a mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "spc-error.h"
#include "spc-host.h"
#include "spc-ports.h"

/* RFC 1035 §2.3.4, counted on the ASCII (punycode) form the resolver sees */
#define MAX_LABEL_LENGTH 63
#define MAX_NAME_LENGTH 253

void
spc_host_free (SpcHost *host)
{
  if (host == NULL)
    return;

  g_free (host->input);
  g_free (host->host);
  g_free (host->ascii_host);
  g_free (host);
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            GError     **error)
{
  if (text[0] == '\0')
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                           _("There is no port number after the colon."));
      return FALSE;
    }

  return spc_port_parse_number (text, port, error);
}

static gboolean
is_host_char (char c)
{
  /* Letters, digits and hyphens (RFC 1123), plus the underscore some
   * internal names carry */
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Checks the ASCII form, label by label */
static gboolean
check_ascii_name (const char  *typed,
                  const char  *ascii,
                  GError     **error)
{
  g_auto(GStrv) labels = NULL;
  const char *last_label = NULL;

  if (strlen (ascii) > MAX_NAME_LENGTH)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("The server name is too long: a name has at most %d characters."),
                   MAX_NAME_LENGTH);
      return FALSE;
    }

  labels = g_strsplit (ascii, ".", -1);

  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize length = strlen (label);

      if (length == 0)
        {
          g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                       _("“%s” has an empty part between two dots."), typed);
          return FALSE;
        }

      if (length > MAX_LABEL_LENGTH)
        {
          g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                       _("A part of “%s” is too long: each part between dots has at most %d characters."),
                       typed, MAX_LABEL_LENGTH);
          return FALSE;
        }

      for (gsize j = 0; j < length; j++)
        {
          if (!is_host_char (label[j]))
            {
              g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                           _("“%s” contains “%c”, which cannot be part of a server name."),
                           typed, label[j]);
              return FALSE;
            }
        }

      if (label[0] == '-' || label[length - 1] == '-')
        {
          g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                       _("A part of “%s” begins or ends with a hyphen, which a server name cannot do."),
                       typed);
          return FALSE;
        }

      last_label = label;
    }

  /* "1.2.3" is not a name (no top-level domain is numeric), and resolvers
   * would read it as an abbreviated IPv4 address: refuse to guess */
  if (last_label != NULL && strspn (last_label, "0123456789") == strlen (last_label))
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” is neither a server name nor a complete IP address."), typed);
      return FALSE;
    }

  return TRUE;
}

/* Refuses what cannot be in any host, before taking the text apart */
static gboolean
check_characters (const char  *text,
                  GError     **error)
{
  const char *at;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                           _("The server name contains bytes that are not valid text."));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                               _("The server name contains an invisible control character."));
          return FALSE;
        }

      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                               _("The server name contains a space: type a single name, such as smtp.example.com."));
          return FALSE;
        }
    }

  at = strrchr (text, '@');
  if (at != NULL)
    {
      const char *domain = at + 1;

      /* Suggest the usual name of the domain's server when there is one */
      if (domain[0] != '\0' && strchr (domain, '.') != NULL && strchr (domain, '/') == NULL
          && strchr (domain, ':') == NULL)
        g_set_error (error, SPC_ERROR, SPC_ERROR_EMAIL_ADDRESS,
                     _("“%s” is an email address: type your provider’s outgoing mail server instead, such as smtp.%s."),
                     text, domain);
      else
        g_set_error (error, SPC_ERROR, SPC_ERROR_EMAIL_ADDRESS,
                     _("“%s” is an email address: type your provider’s outgoing mail server instead, such as smtp.example.com."),
                     text);
      return FALSE;
    }

  if (strstr (text, "://") != NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” is a web address: type only the server name, such as smtp.example.com."),
                   text);
      return FALSE;
    }

  return TRUE;
}

static SpcHost *
host_new_address (const char *input,
                  const char *address,
                  guint16     port)
{
  SpcHost *host = g_new0 (SpcHost, 1);

  host->input = g_strdup (input);
  host->host = g_strdup (address);
  host->ascii_host = g_strdup (address);
  host->is_address = TRUE;
  host->port = port;

  return host;
}

static SpcHost *
parse_bracketed (const char  *input,
                 GError     **error)
{
  const char *close = strchr (input, ']');
  g_autofree char *address = NULL;
  guint16 port = 0;

  if (close == NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” opens a bracket but does not close it."), input);
      return NULL;
    }

  address = g_strndup (input + 1, close - input - 1);

  if (!g_hostname_is_ip_address (address))
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("Only an IP address can go between brackets, and “%s” is not one."), address);
      return NULL;
    }

  if (close[1] == ':')
    {
      if (!parse_port (close + 2, &port, error))
        return NULL;
    }
  else if (close[1] != '\0')
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” has text after the closing bracket; only “:” and a port may follow it."), input);
      return NULL;
    }

  return host_new_address (input, address, port);
}

SpcHost *
spc_host_parse (const char  *input,
                GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ascii = NULL;
  const char *colon;
  guint16 port = 0;
  gsize length;
  SpcHost *host;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (input != NULL ? input : ""));

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                           _("Type the name of a mail server, such as smtp.example.com."));
      return NULL;
    }

  if (!check_characters (trimmed, error))
    return NULL;

  /* fe80::1%eth0: a zone only means something on this computer, and the
   * probe connects by address without one; refused in words, not sent
   * to DNS or failed with "Invalid argument" */
  if (strchr (trimmed, '%') != NULL && strchr (trimmed, ':') != NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   /* Translators: %%eth0 is the zone, as the user would type it */
                   _("“%s” is an address with a zone (the part after “%%”): link-local addresses such as fe80::1%%eth0 cannot be checked; give the server’s name or another address."),
                   trimmed);
      return NULL;
    }

  if (trimmed[0] == '[')
    return parse_bracketed (trimmed, error);

  /* A bare IPv6 address: its colons are not a port separator */
  if (g_hostname_is_ip_address (trimmed))
    return host_new_address (trimmed, trimmed, 0);

  colon = strchr (trimmed, ':');
  if (colon != NULL && strchr (colon + 1, ':') != NULL)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” is not a valid IPv6 address; to give a port with one, use brackets, such as [2001:db8::1]:587."),
                   trimmed);
      return NULL;
    }

  if (colon != NULL)
    {
      if (!parse_port (colon + 1, &port, error))
        return NULL;
      name = g_strndup (trimmed, colon - trimmed);
    }
  else
    {
      name = g_strdup (trimmed);
    }

  if (name[0] == '\0')
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” has a port but no server name before it."), trimmed);
      return NULL;
    }

  if (g_hostname_is_ip_address (name))
    {
      host = host_new_address (trimmed, name, port);
      return host;
    }

  /* "smtp.example.com." is the same fully qualified name */
  length = strlen (name);
  if (length > 1 && name[length - 1] == '.' && name[length - 2] != '.')
    name[length - 1] = '\0';

  ascii = g_hostname_to_ascii (name);
  if (ascii == NULL || ascii[0] == '\0')
    {
      /* GLib's IDNA conversion refuses labels that grow past 63 bytes
       * and characters names cannot hold, without saying which; it maps
       * some (U+034F, U+200B) to nothing, which leaves no name at all */
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_HOST,
                   _("“%s” is not a valid server name: a part of it is too long or has characters a name cannot use."),
                   name);
      return NULL;
    }

  if (!check_ascii_name (name, ascii, error))
    return NULL;

  host = g_new0 (SpcHost, 1);
  host->input = g_steal_pointer (&trimmed);
  host->host = g_steal_pointer (&name);
  host->ascii_host = g_steal_pointer (&ascii);
  host->is_address = FALSE;
  host->port = port;

  return host;
}
