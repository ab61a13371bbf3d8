/* spc-window-recent.c — what the window remembers of what was typed: the
 * recent hosts (the entry's menu and the suggestions under it while
 * typing) and the address, all only while Remember Recent Servers is on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-window-private.h"

#define RECENT_HOSTS_MAX 10

#define SUGGESTIONS_MAX 3

/* With Remember Recent Servers off, nothing typed is kept (servers, the
 * address) and nothing kept before is offered */
static gboolean
remembering (SpcWindow *self)
{
  return g_settings_get_boolean (self->settings, "remember-hosts");
}

/* The recent hosts: all of them in the entry's menu, and those that start
 * with what is being typed as buttons under the entry */
void
_spc_window_update_recent_menu (SpcWindow *self)
{
  g_auto(GStrv) hosts = remembering (self) ? g_settings_get_strv (self->settings, "recent-hosts")
                                           : g_new0 (char *, 1);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  GtkWidget *child;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  guint suggested = 0;

  g_menu_remove_all (self->recent_section);
  /* A focused suggestion goes: the focus to the entry, not nowhere */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->suggestion_box)))
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_box))) != NULL)
    gtk_box_remove (self->suggestion_box, child);

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      /* Menu labels take mnemonics: keep underscores literal */
      parts = g_strsplit (hosts[i], "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.use-recent", "s", hosts[i]);
      g_menu_append_item (self->recent_section, item);

      if (self->suggesting
          && typed[0] != '\0'
          && suggested < SUGGESTIONS_MAX
          /* Host names ignore case: "L" offers "localhost" */
          && g_ascii_strncasecmp (hosts[i], typed, strlen (typed)) == 0
          && g_ascii_strcasecmp (hosts[i], typed) != 0)
        {
          GtkWidget *button = gtk_button_new ();
          GtkWidget *button_label = gtk_label_new (NULL);

          gtk_label_set_text (GTK_LABEL (button_label), hosts[i]);
          gtk_label_set_ellipsize (GTK_LABEL (button_label), PANGO_ELLIPSIZE_MIDDLE);
          gtk_button_set_child (GTK_BUTTON (button), button_label);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.use-recent");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", hosts[i]);
          gtk_widget_add_css_class (button_label, "caption");
          /* GTK 4.8 names a button with a child label "GtkButton" */
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, hosts[i],
                                          -1);
          gtk_box_append (self->suggestion_box, button);
          suggested++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_button), hosts[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_box), suggested > 0);
}

void
_spc_window_remember_host (SpcWindow  *self,
                           const char *host)
{
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint kept = 1;

  if (!remembering (self))
    return;

  hosts = g_settings_get_strv (self->settings, "recent-hosts");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, host);

  for (guint i = 0; hosts[i] != NULL && kept < RECENT_HOSTS_MAX; i++)
    {
      if (g_ascii_strcasecmp (hosts[i], host) == 0)
        continue;
      g_strv_builder_add (builder, hosts[i]);
      kept++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-hosts", (const char * const *) updated);
}


void
_spc_window_remember_address (SpcWindow  *self,
                              const char *address)
{
  if (remembering (self))
    g_settings_set_string (self->settings, "address", address);
}

char *
_spc_window_dup_address (SpcWindow *self)
{
  if (!remembering (self))
    return g_strdup ("");

  return g_settings_get_string (self->settings, "address");
}
