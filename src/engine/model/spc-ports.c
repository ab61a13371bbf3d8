/* spc-ports.c — the port catalogue and connection modes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-error.h"
#include "spc-ports.h"

/* Each port is one more concurrent probe: a bound that no real use reaches */
#define MAX_PORTS_IN_LIST 64

typedef struct {
  guint16     port;
  const char *service;
  const char *title;        /* N_() */
  const char *explanation;  /* N_() */
} PortFacts;

/* In display order; in our own words, from what each port is for (RFC 5321, 6409, 8314) */
static const PortFacts known_ports[] = {
  { 25, "smtp",
    N_("Relay between servers"),
    N_("Port 25 is where mail servers hand messages to each other. Many "
       "internet providers block it for home and mobile connections, because "
       "infected computers used it to send spam directly. It is not meant for "
       "sending from a mail program: use a submission port instead.") },
  { 465, "submissions",
    N_("Submission over TLS"),
    N_("Port 465 speaks SMTP inside an encrypted connection from the very first "
       "byte, so nothing travels in clear. It was once called obsolete, but "
       "RFC 8314 (2018) standardised it again as “submissions”, and it is the "
       "recommended way for mail programs to send.") },
  { 587, "submission",
    N_("Submission with STARTTLS"),
    N_("Port 587 is the submission port for mail programs (RFC 6409). The "
       "connection starts in clear and switches to encryption with STARTTLS "
       "before the password is sent. It is the usual choice when port 465 is "
       "not offered.") },
  { 2525, "smtp-alt",
    N_("Unofficial alternative"),
    N_("Port 2525 is not assigned to mail by any standard, but some providers "
       "offer it as an alternative when ports 25 and 587 are blocked on the "
       "way. Many servers do not listen on it, so do not count on it being "
       "available everywhere.") },
  { 80, "http",
    N_("Web port"),
    N_("Port 80 is the web’s port and carries no encryption by default. It is "
       "not meant for mail, though a few providers accept mail on it as a last "
       "resort for networks that block everything else.") },
};

static const PortFacts *
find_port (guint16 port)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_ports); i++)
    {
      if (known_ports[i].port == port)
        return &known_ports[i];
    }

  return NULL;
}

const char *
spc_mode_to_string (SpcMode mode)
{
  return spc_enum_get_nick (SPC_TYPE_MODE, mode);
}

gboolean
spc_mode_from_string (const char *text,
                      SpcMode    *mode)
{
  g_autofree char *lower = NULL;
  int value;

  g_return_val_if_fail (mode != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* "STARTTLS" and "TLS" as people write them are accepted too */
  lower = g_ascii_strdown (text, -1);
  if (!spc_enum_from_nick (SPC_TYPE_MODE, lower, &value))
    return FALSE;

  *mode = value;
  return TRUE;
}

const char *
spc_mode_get_security_label (SpcMode mode)
{
  switch (mode)
    {
    case SPC_MODE_PLAIN:
      /* TRANSLATORS: connection security, as mail programs word it */
      return C_("security", "None");
    case SPC_MODE_STARTTLS:
      return C_("security", "STARTTLS");
    case SPC_MODE_TLS:
      return C_("security", "SSL/TLS");
    default:
      g_return_val_if_reached (NULL);
    }
}

SpcMode
spc_port_get_default_mode (guint16 port)
{
  return port == 465 ? SPC_MODE_TLS : SPC_MODE_STARTTLS;
}

const char *
spc_port_get_service_name (guint16 port)
{
  const PortFacts *facts = find_port (port);

  return facts != NULL ? facts->service : NULL;
}

const char *
spc_port_get_title (guint16 port)
{
  const PortFacts *facts = find_port (port);

  if (facts == NULL)
    return _("Custom port");

  return _(facts->title);
}

const char *
spc_port_get_explanation (guint16 port)
{
  const PortFacts *facts = find_port (port);

  if (facts == NULL)
    return _("This port is not one of the usual mail ports. Some providers "
             "run mail on a port of their own; use it only if your provider "
             "tells you to, and make sure the connection is encrypted.");

  return _(facts->explanation);
}

gboolean
spc_port_is_known (guint16 port)
{
  return find_port (port) != NULL;
}

GArray *
spc_port_default_specs (void)
{
  GArray *specs = g_array_sized_new (FALSE, TRUE, sizeof (SpcPortSpec), G_N_ELEMENTS (known_ports));

  for (guint i = 0; i < G_N_ELEMENTS (known_ports); i++)
    {
      SpcPortSpec spec = {
        .port = known_ports[i].port,
        .mode = spc_port_get_default_mode (known_ports[i].port),
      };

      g_array_append_val (specs, spec);
    }

  return specs;
}

gboolean
spc_port_parse_number (const char *text,
                       guint16    *port,
                       GError    **error)
{
  guint64 value = 0;
  gsize i;

  /* Digits only: no sign, no spaces, no hexadecimal; more than five
   * digits cannot be a port and would only risk overflow */
  for (i = 0; text[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (text[i]) || i >= 5)
        break;
      value = value * 10 + (guint64) (text[i] - '0');
    }

  if (i == 0 || (text[i] != '\0' && !g_ascii_isdigit (text[i])))
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                   _("“%s” is not a port number."), text);
      return FALSE;
    }

  if (text[i] != '\0' || value < 1 || value > G_MAXUINT16)
    {
      g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                   _("“%s” is not a valid port: ports go from 1 to 65535."), text);
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

static gboolean
parse_item (const char  *item,
            SpcPortSpec *spec,
            GError     **error)
{
  g_autofree char *port_text = NULL;
  g_autofree char *mode_text = NULL;
  const char *slash = strchr (item, '/');

  if (slash == NULL)
    {
      if (!spc_port_parse_number (item, &spec->port, error))
        return FALSE;
      spec->mode = spc_port_get_default_mode (spec->port);
      return TRUE;
    }

  port_text = g_strndup (item, slash - item);
  g_strstrip (port_text);
  if (!spc_port_parse_number (port_text, &spec->port, error))
    return FALSE;

  mode_text = g_strstrip (g_strdup (slash + 1));
  if (!spc_mode_from_string (mode_text, &spec->mode))
    {
      if (mode_text[0] == '\0')
        g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_MODE,
                     _("“%s” has no mode after the slash: use tls, starttls or plain."),
                     item);
      else
        g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_MODE,
                     _("“%s” in “%s” is not a mode: use tls, starttls or plain."),
                     mode_text, item);
      return FALSE;
    }

  return TRUE;
}

GArray *
spc_port_parse_list (const char  *text,
                     GError     **error)
{
  g_autoptr(GArray) specs = NULL;
  g_autofree char *valid = NULL;
  g_auto(GStrv) items = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Error messages quote the input: keep them valid UTF-8 */
  valid = g_utf8_make_valid (text, -1);
  g_strstrip (valid);

  if (valid[0] == '\0')
    {
      g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                           _("The port list is empty: give at least one port, such as 587."));
      return NULL;
    }

  items = g_strsplit (valid, ",", -1);
  specs = g_array_new (FALSE, TRUE, sizeof (SpcPortSpec));

  for (guint i = 0; items[i] != NULL; i++)
    {
      SpcPortSpec spec = { 0 };
      char *item = g_strstrip (items[i]);

      if (item[0] == '\0')
        {
          g_set_error_literal (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                               _("The port list has an empty item: separate ports with single commas."));
          return NULL;
        }

      if (specs->len >= MAX_PORTS_IN_LIST)
        {
          g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                       _("At most %d ports can be checked at once."), MAX_PORTS_IN_LIST);
          return NULL;
        }

      if (!parse_item (item, &spec, error))
        return NULL;

      for (guint j = 0; j < specs->len; j++)
        {
          if (g_array_index (specs, SpcPortSpec, j).port == spec.port)
            {
              g_set_error (error, SPC_ERROR, SPC_ERROR_INVALID_PORT,
                           _("Port %u is listed more than once."), (guint) spec.port);
              return NULL;
            }
        }

      g_array_append_val (specs, spec);
    }

  return g_steal_pointer (&specs);
}
