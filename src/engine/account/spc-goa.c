/* spc-goa.c — an OAuth2 access token from GNOME Online Accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-goa.h"

#define GOA_NAME         "org.gnome.OnlineAccounts"
#define GOA_PATH         "/org/gnome/OnlineAccounts"
#define GOA_ACCOUNT      "org.gnome.OnlineAccounts.Account"
#define GOA_MAIL         "org.gnome.OnlineAccounts.Mail"
#define GOA_OAUTH2       "org.gnome.OnlineAccounts.OAuth2Based"
/* The daemon answers at once or not at all: never hold the dialog long */
#define GOA_CALL_TIMEOUT_MS 5000

typedef struct {
  char     *path;
  char     *provider;
  gboolean  attention_needed;
} Found;

typedef struct {
  char *host;
  char *user;
} Wanted;

static void
found_free (gpointer data)
{
  Found *found = data;

  g_free (found->path);
  g_free (found->provider);
  g_free (found);
}

static void
wanted_free (gpointer data)
{
  Wanted *wanted = data;

  g_free (wanted->host);
  g_free (wanted->user);
  g_free (wanted);
}

/* What a GetManagedObjects entry's interface says about @property */
static GVariant *
lookup_property (GVariant   *interfaces,
                 const char *interface,
                 const char *property)
{
  g_autoptr(GVariant) properties = g_variant_lookup_value (interfaces, interface, G_VARIANT_TYPE ("a{sv}"));

  if (properties == NULL)
    return NULL;
  return g_variant_lookup_value (properties, property, NULL);
}

static const char *
string_property (GVariant   *interfaces,
                 const char *interface,
                 const char *property,
                 GVariant  **held)
{
  *held = lookup_property (interfaces, interface, property);
  if (*held == NULL || !g_variant_is_of_type (*held, G_VARIANT_TYPE_STRING))
    return NULL;
  return g_variant_get_string (*held, NULL);
}

static gboolean
boolean_property (GVariant   *interfaces,
                  const char *interface,
                  const char *property,
                  gboolean    missing)
{
  g_autoptr(GVariant) value = lookup_property (interfaces, interface, property);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return missing;
  return g_variant_get_boolean (value);
}

/* GOA's SmtpHost may carry a port ("smtp.example.org:587") */
static gboolean
is_host (const char *smtp_host,
         const char *host)
{
  const char *colon = smtp_host != NULL ? strrchr (smtp_host, ':') : NULL;
  gsize length;

  if (smtp_host == NULL)
    return FALSE;
  /* One colon is a port; more are an IPv6 address */
  length = colon != NULL && strchr (smtp_host, ':') == colon ? (gsize) (colon - smtp_host) : strlen (smtp_host);
  return length == strlen (host) && g_ascii_strncasecmp (smtp_host, host, length) == 0;
}

static gboolean
is_users_account (GVariant     *interfaces,
                  const Wanted *wanted)
{
  g_autoptr(GVariant) oauth2 = g_variant_lookup_value (interfaces, GOA_OAUTH2, NULL);
  g_autoptr(GVariant) email = NULL;
  g_autoptr(GVariant) smtp_user = NULL;
  g_autoptr(GVariant) smtp_host = NULL;
  const char *user = string_property (interfaces, GOA_MAIL, "SmtpUserName", &smtp_user);

  if (user == NULL || user[0] == '\0')
    user = string_property (interfaces, GOA_MAIL, "EmailAddress", &email);

  return oauth2 != NULL &&
         !boolean_property (interfaces, GOA_ACCOUNT, "MailDisabled", FALSE) &&
         boolean_property (interfaces, GOA_MAIL, "SmtpSupported", FALSE) &&
         is_host (string_property (interfaces, GOA_MAIL, "SmtpHost", &smtp_host), wanted->host) &&
         user != NULL && g_ascii_strcasecmp (user, wanted->user) == 0;
}

static void
objects_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const Wanted *wanted = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) objects = NULL;
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      /* No accounts daemon (not installed, not allowed by the sandbox) */
      g_debug ("GNOME Online Accounts: %s", error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  objects = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) held = interfaces;

      if (is_users_account (interfaces, wanted))
        {
          g_autoptr(GVariant) name_value = NULL;
          const char *name = string_property (interfaces, GOA_ACCOUNT, "ProviderName", &name_value);
          Found *found = g_new0 (Found, 1);

          found->path = g_strdup (path);
          found->provider = g_strdup (name);
          found->attention_needed = boolean_property (interfaces, GOA_ACCOUNT, "AttentionNeeded", FALSE);
          g_task_return_pointer (task, found, found_free);
          return;
        }
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
find_bus_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (bus == NULL)
    {
      g_debug ("GNOME Online Accounts: no session bus: %s", error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* NO_AUTO_START: never start a daemon the user does not run */
  g_dbus_connection_call (bus, GOA_NAME, GOA_PATH, "org.freedesktop.DBus.ObjectManager",
                          "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, GOA_CALL_TIMEOUT_MS,
                          cancellable, objects_cb, g_steal_pointer (&task));
}

void
spc_goa_find_account_async (const char          *host,
                            const char          *user,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Wanted *wanted = g_new0 (Wanted, 1);

  wanted->host = g_strdup (host != NULL ? host : "");
  wanted->user = g_strdup (user != NULL ? user : "");
  g_task_set_source_tag (task, spc_goa_find_account_async);
  g_task_set_task_data (task, wanted, wanted_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, find_bus_cb, task);
}

char *
spc_goa_find_account_finish (GAsyncResult  *result,
                             char         **provider,
                             gboolean      *attention_needed,
                             GError       **error)
{
  Found *found = g_task_propagate_pointer (G_TASK (result), error);
  char *path;

  if (provider != NULL)
    *provider = NULL;
  if (attention_needed != NULL)
    *attention_needed = FALSE;
  if (found == NULL)
    return NULL;

  path = g_steal_pointer (&found->path);
  if (provider != NULL)
    *provider = g_steal_pointer (&found->provider);
  if (attention_needed != NULL)
    *attention_needed = found->attention_needed;
  found_free (found);
  return path;
}

/* The token */

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *token = NULL;
  gint32 expires_in = 0;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_variant_get (reply, "(&si)", &token, &expires_in);
  if (token[0] == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("GNOME Online Accounts gave no access token"));
      return;
    }
  /* The D-Bus message's own buffers are GDBus's: only our copy is wiped */
  g_task_return_pointer (task, spc_secret_new (token, strlen (token)),
                         (GDestroyNotify) spc_secret_free);
}

static void
token_bus_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *path = g_task_get_task_data (task);

  if (bus == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_dbus_connection_call (bus, GOA_NAME, path, GOA_OAUTH2,
                          "GetAccessToken", NULL, G_VARIANT_TYPE ("(si)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, GOA_CALL_TIMEOUT_MS,
                          cancellable, token_cb, g_steal_pointer (&task));
}

void
spc_goa_get_token_async (const char          *object_path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (g_variant_is_object_path (object_path));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spc_goa_get_token_async);
  g_task_set_task_data (task, g_strdup (object_path), g_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, token_bus_cb, task);
}

SpcSecret *
spc_goa_get_token_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
