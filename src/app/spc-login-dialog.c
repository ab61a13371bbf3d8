/* spc-login-dialog.c — Check Login: the user's login on one port, then a test message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "spc-goa.h"
#include "spc-keyring.h"
#include "spc-login.h"
#include "spc-login-dialog.h"
#include "spc-login-text.h"
#include "spc-ui-util.h"

struct _SpcLoginDialog
{
  AdwBin           parent_instance;

  char            *host;
  SpcResult       *probe_result;
  GTlsDatabase    *database;
  guint            timeout_ms;

  GCancellable    *cancellable;      /* the dialog's: cancelled when it goes */
  SpcLoginResult  *result;
  gboolean         busy;
  gboolean         with_message;     /* the run under way sends a test message */
  GtkWidget       *refocus;          /* the run's button, when it had the focus */
  SpcSecret       *to_store;         /* a copy for the keyring, after success */
  GCancellable    *goa_cancellable;  /* the account lookup under way */
  char            *goa_path;         /* the matching GOA account, NULL if none */

  GtkLabel        *intro_label;
  AdwEntryRow     *user_row;
  AdwActionRow    *goa_row;
  GtkSwitch       *goa_switch;
  AdwPasswordEntryRow *password_row;
  AdwActionRow    *remember_row;
  GtkSwitch       *remember_switch;
  GtkSpinner      *login_spinner;
  GtkWidget       *login_button;
  GtkWidget       *result_box;
  GtkLabel        *result_label;
  GtkLabel        *advice_label;
  GtkLabel        *keyring_label;
  GtkWidget       *message_box;
  AdwEntryRow     *recipient_row;
  GtkSpinner      *message_spinner;
  GtkWidget       *message_button;
  GtkWidget       *message_result_box;
  GtkLabel        *message_label;
  GtkLabel        *message_advice_label;
  GtkLabel        *message_id_label;
};

G_DEFINE_FINAL_TYPE (SpcLoginDialog, spc_login_dialog, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Network text (the server's replies quoted in the advice) shown escaped */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  g_autofree char *visible = text != NULL ? spc_display_text (text) : NULL;

  gtk_label_set_text (label, visible != NULL ? visible : "");
  gtk_widget_set_visible (GTK_WIDGET (label), visible != NULL && visible[0] != '\0');
}

/* The outcome's summary, as shown, is also what a screen reader says of
 * the outcome */
static void
show_outcome (SpcLoginDialog *self,
              const char     *summary,
              const char     *advice)
{
  set_label (self->result_label, summary);
  set_label (self->advice_label, advice);
  gtk_widget_set_visible (self->result_box, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (self->result_label),
                                  -1);
}

/* The run's button is insensitive while it runs, and GTK leaves the focus
 * nowhere (or on a container) when the focused button goes so: back on the
 * button when the outcome arrives, unless the user has put it elsewhere */
static void
set_busy (SpcLoginDialog *self,
          gboolean        busy)
{
  GtkSpinner *spinner = self->with_message ? self->message_spinner : self->login_spinner;
  GtkWidget *button = self->with_message ? self->message_button : self->login_button;

  if (busy)
    self->refocus = gtk_widget_is_focus (button) ? button : NULL;

  self->busy = busy;
  gtk_spinner_set_spinning (spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login-dialog.check", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login-dialog.send-test", !busy);

  if (!busy && self->refocus != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (self->refocus);
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (root != NULL && (focus == NULL || gtk_widget_is_ancestor (self->refocus, focus)))
        gtk_widget_grab_focus (self->refocus);
      self->refocus = NULL;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
dup_user (SpcLoginDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
}

/* The outcome, in words */

static void
show_login (SpcLoginDialog *self)
{
  g_autofree char *summary = spc_login_text_describe (self->result);
  g_autofree char *advice = spc_login_text_advise (self->result);
  gboolean ok = spc_login_result_get_outcome (self->result) == SPC_LOGIN_OK;

  show_outcome (self, summary, advice);

  gtk_widget_set_visible (self->message_box, ok);
  if (ok && gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))[0] == '\0')
    {
      g_autofree char *user = dup_user (self);

      /* The user's own address, when the user name is one */
      if (spc_login_address_is_valid (user))
        gtk_editable_set_text (GTK_EDITABLE (self->recipient_row), user);
    }
}

static void
show_message (SpcLoginDialog *self)
{
  g_autofree char *summary = spc_login_text_describe_message (self->result);
  g_autofree char *advice = spc_login_text_advise_message (self->result);
  const char *message_id = spc_login_result_get_message_id (self->result);
  g_autofree char *id_text = NULL;

  if (spc_login_result_get_message_outcome (self->result) == SPC_TEST_MESSAGE_ACCEPTED &&
      message_id != NULL)
    /* Translators: %s is the message's Message-ID header, <…@example.org> */
    id_text = g_strdup_printf (_("Message-ID: %s"), message_id);

  set_label (self->message_label, summary);
  set_label (self->message_advice_label, advice);
  set_label (self->message_id_label, id_text);
  gtk_widget_set_visible (self->message_result_box, summary != NULL);
}

/* The keyring, only when asked */

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpcLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (spc_keyring_store_finish (result, &error))
    set_label (self->keyring_label, _("The password is saved in the keyring."));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why, in the Secret Service's words */
      g_autofree char *text = g_strdup_printf (_("The password could not be saved in the keyring: %s"),
                                               error->message);
      set_label (self->keyring_label, text);
    }
  set_busy (self, FALSE);
}

static gboolean
store_password (SpcLoginDialog *self)
{
  g_autoptr(SpcSecret) password = g_steal_pointer (&self->to_store);
  g_autofree char *user = dup_user (self);

  if (password == NULL || spc_login_result_get_outcome (self->result) != SPC_LOGIN_OK)
    return FALSE;

  spc_keyring_store_async (self->host, user, password, self->cancellable,
                           stored_cb, g_object_ref (self));
  return TRUE;
}

/* GNOME Online Accounts: offered when an account is this server's and
 * this user's; with it on, the password rows are not used */

static gboolean
uses_goa (SpcLoginDialog *self)
{
  return self->goa_path != NULL && gtk_switch_get_active (self->goa_switch);
}

static void
update_password_rows (SpcLoginDialog *self)
{
  gboolean password = !uses_goa (self);

  gtk_widget_set_visible (GTK_WIDGET (self->password_row), password);
  gtk_widget_set_visible (GTK_WIDGET (self->remember_row), password);
}

static void
goa_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SpcLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *subtitle = NULL;
  gboolean attention_needed = FALSE;
  char *path = spc_goa_find_account_finish (result, &provider, &attention_needed, &error);

  /* A lookup for a user name since changed reports cancelled */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_free (self->goa_path);
  self->goa_path = path;
  if (path == NULL)
    {
      update_password_rows (self);
      return;
    }

  if (attention_needed)
    subtitle = g_strdup (_("GNOME Online Accounts says this account needs you to sign in again"));
  else if (provider != NULL)
    /* Translators: %s is the account's provider, "Google" */
    subtitle = g_strdup_printf (_("A token from your %s account instead of the password"), provider);
  adw_action_row_set_subtitle (self->goa_row, subtitle != NULL ? subtitle : "");
  /* The reason to have it: no password to type */
  gtk_switch_set_active (self->goa_switch, !attention_needed);
  gtk_widget_set_visible (GTK_WIDGET (self->goa_row), TRUE);
  update_password_rows (self);
}

/* The account for the host and the user name as they are now */
static void
find_goa_account (SpcLoginDialog *self)
{
  g_autofree char *user = dup_user (self);

  g_cancellable_cancel (self->goa_cancellable);
  g_clear_object (&self->goa_cancellable);
  g_clear_pointer (&self->goa_path, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->goa_row), FALSE);
  update_password_rows (self);
  if (self->host == NULL || user[0] == '\0')
    return;

  self->goa_cancellable = g_cancellable_new ();
  spc_goa_find_account_async (self->host, user, self->goa_cancellable,
                              goa_found_cb, g_object_ref (self));
}

static void
show_goa_error (SpcLoginDialog *self,
                const GError   *error)
{
  g_autofree char *text = spc_login_text_describe_goa_error (error);

  show_outcome (self, text, NULL);
  gtk_widget_set_visible (self->message_box, FALSE);
}

/* One run of SpcLogin */

static void
login_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SpcLoginDialog) self = user_data;

  g_clear_object (&self->result);
  self->result = spc_login_run_finish (SPC_LOGIN (object), result);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  show_login (self);
  if (self->with_message)
    show_message (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);

  if (!store_password (self))
    set_busy (self, FALSE);
}

/* Takes @password or @token (either may be NULL: the engine says what is
 * missing) */
static void
start_login (SpcLoginDialog *self,
             SpcSecret      *password,
             SpcSecret      *token)
{
  g_autoptr(SpcLogin) login = spc_login_new (self->host, self->probe_result);
  g_autofree char *user = dup_user (self);

  spc_login_set_timeout_ms (login, self->timeout_ms);
  spc_login_set_tls_database (login, self->database);
  spc_login_set_user (login, user[0] != '\0' ? user : NULL);
  if (token != NULL)
    spc_login_set_oauth2_token (login, token);
  else if (password != NULL)
    spc_login_set_password (login, password);
  if (self->with_message)
    {
      g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))));

      spc_login_set_test_message (login, user, to);
    }

  spc_login_run_async (login, self->cancellable, login_done_cb, g_object_ref (self));
}

static void
keyring_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SpcLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SpcSecret *password = spc_keyring_lookup_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      spc_secret_free (password);
      return;
    }
  /* No Secret Service, or no entry: the login says a password is missing */
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  start_login (self, password, NULL);
}

static void
goa_token_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SpcLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SpcSecret *token = spc_goa_get_token_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      spc_secret_free (token);
      return;
    }
  if (token == NULL)
    {
      g_clear_object (&self->result);
      show_goa_error (self, error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
      set_busy (self, FALSE);
      return;
    }
  start_login (self, NULL, token);
}

static void
run (SpcLoginDialog *self,
     gboolean        with_message)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *user = dup_user (self);

  self->with_message = with_message;
  set_busy (self, TRUE);
  g_clear_pointer (&self->to_store, spc_secret_free);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_label), FALSE);
  if (with_message)
    gtk_widget_set_visible (self->message_result_box, FALSE);

  /* A fresh token for every run: GOA refreshes it when it expired */
  if (uses_goa (self))
    {
      spc_goa_get_token_async (self->goa_path, self->cancellable,
                               goa_token_cb, g_object_ref (self));
      return;
    }

  if (typed[0] != '\0')
    {
      if (gtk_switch_get_active (self->remember_switch))
        self->to_store = spc_secret_new (typed, strlen (typed));
      start_login (self, spc_secret_new (typed, strlen (typed)), NULL);
      return;
    }

  /* Nothing typed: a password saved earlier (by us, or by msmtp's users) */
  if (user[0] != '\0')
    {
      spc_keyring_lookup_async (self->host, user, self->cancellable,
                                keyring_found_cb, g_object_ref (self));
      return;
    }
  start_login (self, NULL, NULL);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  run (SPC_LOGIN_DIALOG (widget), FALSE);
}

static void
send_test_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run (SPC_LOGIN_DIALOG (widget), TRUE);
}

/* Enter in a row does what the button under it does, when it may: the
 * check from the user name and password rows, the test message from the
 * recipient row (shown only after a successful login) */
static void
entry_activated_cb (SpcLoginDialog *self,
                    AdwEntryRow    *row)
{
  const char *action = row == self->recipient_row ? "login-dialog.send-test" : "login-dialog.check";

  if (!self->busy)
    gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

/* The object */

static void
spc_login_dialog_dispose (GObject *object)
{
  SpcLoginDialog *self = SPC_LOGIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->goa_cancellable);

  G_OBJECT_CLASS (spc_login_dialog_parent_class)->dispose (object);
}

static void
spc_login_dialog_finalize (GObject *object)
{
  SpcLoginDialog *self = SPC_LOGIN_DIALOG (object);

  g_free (self->host);
  g_clear_object (&self->probe_result);
  g_clear_object (&self->database);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->result);
  g_clear_pointer (&self->to_store, spc_secret_free);
  g_clear_object (&self->goa_cancellable);
  g_free (self->goa_path);

  G_OBJECT_CLASS (spc_login_dialog_parent_class)->finalize (object);
}

static void
spc_login_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpcLoginDialog *self = SPC_LOGIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_login_dialog_class_init (SpcLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spc_login_dialog_dispose;
  object_class->finalize = spc_login_dialog_finalize;
  object_class->get_property = spc_login_dialog_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] = g_param_spec_object ("result", NULL, NULL, SPC_TYPE_LOGIN_RESULT,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/SmtpPort/spc-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, goa_row);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, goa_switch);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, remember_row);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, login_spinner);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, advice_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_spinner);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_button);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_result_box);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_advice_label);
  gtk_widget_class_bind_template_child (widget_class, SpcLoginDialog, message_id_label);

  gtk_widget_class_install_action (widget_class, "login-dialog.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "login-dialog.send-test", NULL, send_test_action);
}

static void
spc_login_dialog_init (SpcLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->user_row, "changed", G_CALLBACK (find_goa_account), self);
  g_signal_connect_swapped (self->user_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->recipient_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->goa_switch, "notify::active", G_CALLBACK (update_password_rows), self);
  /* In the Flatpak sandbox libsecret keeps secrets through the Secret
   * portal, in a keyring file of the app's own: msmtp cannot read it */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    adw_action_row_set_subtitle (self->remember_row,
                                 _("Keep it in this app’s own keyring; msmtp outside the sandbox does not see it"));
}

SpcLoginDialog *
spc_login_dialog_new (const char   *host,
                      SpcResult    *probe_result,
                      GTlsDatabase *database,
                      guint         timeout_ms)
{
  SpcLoginDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (SPC_IS_RESULT (probe_result), NULL);

  self = g_object_new (SPC_TYPE_LOGIN_DIALOG, NULL);
  self->host = g_strdup (host);
  self->probe_result = g_object_ref (probe_result);
  g_set_object (&self->database, database);
  self->timeout_ms = timeout_ms;

  /* Translators: "Log in on smtp.example.org, port 465 (SSL/TLS), …" */
  intro = g_strdup_printf (_("Log in on %s, port %u (%s), to check your user name and password. The password goes only to this server, encrypted, and is forgotten afterwards unless you ask to remember it."),
                           host, spc_result_get_port (probe_result),
                           spc_mode_get_security_label (spc_result_get_mode (probe_result)));
  set_label (self->intro_label, intro);
  find_goa_account (self);
  return self;
}

void
spc_login_dialog_set_user (SpcLoginDialog *self,
                           const char     *user)
{
  g_return_if_fail (SPC_IS_LOGIN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
}

void
spc_login_dialog_present (SpcLoginDialog *self,
                          GtkWidget      *parent)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *dialog;

  g_return_if_fail (SPC_IS_LOGIN_DIALOG (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    GtkWidget *toolbar = adw_toolbar_view_new ();

    adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), header);
    adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), GTK_WIDGET (self));
    dialog = GTK_WIDGET (adw_dialog_new ());
    adw_dialog_set_title (ADW_DIALOG (dialog), _("Check Login"));
    adw_dialog_set_content_width (ADW_DIALOG (dialog), 440);
    adw_dialog_set_child (ADW_DIALOG (dialog), toolbar);
  }
#else
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_box_append (GTK_BOX (box), header);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self));
    dialog = adw_window_new ();
    gtk_window_set_title (GTK_WINDOW (dialog), _("Check Login"));
    gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 440, 600);
    adw_window_set_content (ADW_WINDOW (dialog), box);
    /* AdwDialog closes on Escape; so does this window */
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (dialog, shortcuts);
  }
#endif

  spc_ui_present_dialog (dialog, window);
  if (gtk_editable_get_text (GTK_EDITABLE (self->user_row))[0] != '\0' &&
      gtk_widget_get_visible (GTK_WIDGET (self->password_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
}

gboolean
spc_login_dialog_is_busy (SpcLoginDialog *self)
{
  g_return_val_if_fail (SPC_IS_LOGIN_DIALOG (self), FALSE);

  return self->busy;
}

SpcLoginResult *
spc_login_dialog_get_result (SpcLoginDialog *self)
{
  g_return_val_if_fail (SPC_IS_LOGIN_DIALOG (self), NULL);

  return self->result;
}
