/* spc-application.c — the single instance: command line, app actions, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-application.h"
#include "spc-engine.h"
#include "spc-ports-guide.h"
#include "spc-preferences-window.h"
#include "spc-ui-util.h"
#include "spc-window.h"

/* Also in data/org.example.SmtpPort.metainfo.xml.in */
#define PACKAGE_WEBSITE "https://example.org/smtp-port-checker"
#define PACKAGE_ISSUE_URL "https://example.org/smtp-port-checker/issues"
#define ISPDB_WEBSITE "https://github.com/thunderbird/autoconfig"

struct _SpcApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SpcApplication, spc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Also trust the certificate authorities in FILE (PEM)"), N_("FILE") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
  { NULL }
};

static SpcWindow *
spc_application_get_main_window (SpcApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    {
      if (SPC_IS_WINDOW (iter->data))
        return SPC_WINDOW (iter->data);
    }

  return spc_window_new (self);
}

static GtkWindow *
spc_application_get_active_or_main (SpcApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (active != NULL)
    return active;

  return GTK_WINDOW (spc_application_get_main_window (self));
}

/* One Preferences and one guide: Ctrl+, pressed inside Preferences (its own
 * active window before libadwaita 1.5, a dialog over the main window since)
 * finds the one shown instead of stacking a second */
static GtkWidget *
find_dialog_of_type (SpcApplication *self,
                     GType           type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return GTK_WIDGET (l->data);
#if ADW_CHECK_VERSION (1, 5, 0)
      if (ADW_IS_APPLICATION_WINDOW (l->data))
        {
          AdwDialog *shown = adw_application_window_get_visible_dialog (l->data);

          if (shown != NULL && G_TYPE_CHECK_INSTANCE_TYPE (shown, type))
            return GTK_WIDGET (shown);
        }
#endif
    }

  return NULL;
}

/* Presents the dialog of TYPE already shown, if any */
static gboolean
present_existing_dialog (SpcApplication *self,
                         GType           type)
{
  GtkWidget *existing = find_dialog_of_type (self, type);

  /* A dialog over its window is in front already */
  if (existing != NULL && GTK_IS_WINDOW (existing))
    gtk_window_present (GTK_WINDOW (existing));

  return existing != NULL;
}

static void
spc_application_activate (GApplication *app)
{
  SpcApplication *self = SPC_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (spc_application_get_main_window (self)));
}

static int
spc_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  SpcApplication *self = SPC_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *ca_path = NULL;
  g_autofree char **hosts = NULL;
  const char *ca_arg = NULL;
  SpcWindow *window;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &hosts);
  if (hosts != NULL && g_strv_length (hosts) > 1)
    {
      g_application_command_line_printerr (command_line,
                                           _("Give one mail server at a time\n"));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_lookup (options, "ca-file", "^&ay", &ca_arg))
    {
      /* Relative to the directory of the invocation, which may be a second
       * process talking to this instance over D-Bus */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, ca_arg);

      g_autoptr(SpcRequest) trial = spc_request_new (NULL);
      g_autoptr(GError) error = NULL;

      ca_path = g_file_get_path (file);
      /* Refused here, with the reason on the caller's terminal: kept, a bad
       * file would fail every later check of this instance */
      spc_request_set_ca_file (trial, ca_path);
      if (!spc_request_load_trust (trial, &error))
        {
          g_application_command_line_printerr (command_line, "--ca-file: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  window = spc_application_get_main_window (self);

  if (ca_path != NULL)
    spc_window_set_ca_file (window, ca_path);

  gtk_window_present (GTK_WINDOW (window));

  if (hosts != NULL && hosts[0] != NULL)
    spc_window_check_host (window, hosts[0]);

  return EXIT_SUCCESS;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SpcApplication *self = user_data;
  SpcWindow *main_window;
  SpcPreferencesWindow *preferences;

  if (present_existing_dialog (self, SPC_TYPE_PREFERENCES_WINDOW))
    return;

  main_window = spc_application_get_main_window (self);
  preferences = spc_preferences_window_new ();
  spc_preferences_window_set_session_ca_file (preferences, spc_window_get_ca_file (main_window));
  spc_ui_present_dialog (GTK_WIDGET (preferences), GTK_WINDOW (main_window));
}

static void
ports_guide_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SpcApplication *self = user_data;

  if (!present_existing_dialog (self, SPC_TYPE_PORTS_GUIDE))
    spc_ui_present_dialog (GTK_WIDGET (spc_ports_guide_new ()),
                           spc_application_get_active_or_main (self));
}

/* The same properties on AdwAboutDialog (1.5) and AdwAboutWindow (before) */
static GObject *
create_about (void)
{
  static const char *developers[] = { "The SMTP Port Checker authors", NULL };
#if ADW_CHECK_VERSION (1, 5, 0)
  GType type = ADW_TYPE_ABOUT_DIALOG;
#else
  GType type = ADW_TYPE_ABOUT_WINDOW;
#endif

  return g_object_new (type,
                       "application-name", _("SMTP Port Checker"),
                       "application-icon", APP_ID,
                       "version", PACKAGE_VERSION,
                       "comments", _("Find out which SMTP port works from your network, and how to set up your mail client for it."),
                       "developer-name", developers[0],
                       "developers", developers,
                       "website", PACKAGE_WEBSITE,
                       "issue-url", PACKAGE_ISSUE_URL,
                       "license-type", GTK_LICENSE_GPL_3_0,
                       "translator-credits", _("translator-credits"),
                       NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SpcApplication *self = user_data;
  GtkWindow *parent = spc_application_get_active_or_main (self);
  GObject *about = create_about ();
  /* The bundled provider table is MPL-2.0 data (src/engine/discovery) */
  const char *ispdb_title = _("Provider Table");
  const char *ispdb_text = _("The table of mail providers built into the app is converted from Thunderbird’s autoconfig database (ISPDB), © its contributors.");

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_about_dialog_add_legal_section (ADW_ABOUT_DIALOG (about), ispdb_title, ispdb_text,
                                      GTK_LICENSE_MPL_2_0, NULL);
  adw_about_dialog_add_link (ADW_ABOUT_DIALOG (about), _("Thunderbird’s Autoconfig Database"),
                             ISPDB_WEBSITE);
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (parent));
#else
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), ispdb_title, ispdb_text,
                                      GTK_LICENSE_MPL_2_0, NULL);
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("Thunderbird’s Autoconfig Database"),
                             ISPDB_WEBSITE);
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SpcApplication *self = user_data;
  GList *windows;

  /* Closing (not just quitting) lets each main window save its size. A copy
   * with references: closing one window may destroy its dialogs. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    g_object_ref (iter->data);
  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    {
      if (SPC_IS_WINDOW (iter->data))
        gtk_window_close (GTK_WINDOW (iter->data));
    }
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (self));
}

#if !ADW_CHECK_VERSION (1, 8, 0)
/* app.shortcuts, as AdwApplication 1.8 has it for its AdwShortcutsDialog:
 * here the active window's GtkShortcutsWindow (gtk/help-overlay.ui) */
static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}
#endif

#if ADW_CHECK_VERSION (1, 5, 0)
/* Ctrl+W: Preferences, the Ports Guide and Check Login are AdwDialogs in
 * the window, and AdwDialog binds no Ctrl+W: the dialog shown closes, and
 * only without one the window (libadwaita 1.2: they are windows of their
 * own, and window.close closes each) */
static void
close_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  AdwDialog *dialog = NULL;

  if (ADW_IS_APPLICATION_WINDOW (window))
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  if (dialog != NULL)
    adw_dialog_close (dialog);
  else if (window != NULL)
    gtk_window_close (window);
}
#endif

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "ports-guide", ports_guide_action },
  { "about", about_action },
  { "quit", quit_action },
#if !ADW_CHECK_VERSION (1, 8, 0)
  { "shortcuts", shortcuts_action },
#endif
#if ADW_CHECK_VERSION (1, 5, 0)
  { "close", close_action },
#endif
};

static void
spc_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
#if ADW_CHECK_VERSION (1, 5, 0)
    { "app.close", { "<Control>w", NULL } },
#else
    { "window.close", { "<Control>w", NULL } },
#endif
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.copy-report", { "<Control><Shift>c", NULL } },
    { "win.save-json", { "<Control>s", NULL } },
  };

  G_APPLICATION_CLASS (spc_application_parent_class)->startup (app);

#if !ADW_CHECK_VERSION (1, 3, 0)
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/org/example/SmtpPort/style-adw-1-2.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
#endif

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
spc_application_class_init (SpcApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = spc_application_activate;
  app_class->command_line = spc_application_command_line;
  app_class->startup = spc_application_startup;
}

static void
spc_application_init (SpcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[HOST]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Check which SMTP ports of a mail server work from this network."));
}

SpcApplication *
spc_application_new (void)
{
  return g_object_new (SPC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/example/SmtpPort",
                       NULL);
}
