/* spc-recommendation-view.c — which port to use, why, and its configuration to copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "spc-login-dialog.h"
#include "spc-recommendation-view.h"
#include "spc-ui-util.h"

struct _SpcRecommendationView
{
  AdwBin             parent_instance;

  SpcRecommendation *advice;
  char              *user_example;
  char              *address;       /* the user's own, or NULL */
  GListModel        *results;       /* the diagnosis the advice is from */
  char              *host;

  GtkSpinner        *spinner;
  GtkImage          *icon;
  GtkLabel          *headline_label;
  GtkLabel          *reason_label;
  GtkWidget         *config_group;
  GtkWidget         *login_button;
  AdwActionRow      *server_row;
  AdwActionRow      *port_row;
  AdwActionRow      *security_row;
  AdwActionRow      *auth_row;
  AdwActionRow      *user_row;
  GMenu             *copy_section;
};

G_DEFINE_FINAL_TYPE (SpcRecommendationView, spc_recommendation_view, ADW_TYPE_BIN)

/* "smtp.example.com" → "you@example.com": a template for the user name,
 * which is usually the whole address at the provider's domain */
static char *
dup_user_example (const char *host)
{
  static const char * const mail_prefixes[] = { "smtp.", "mail.", "submission.", "smtp-mail.", NULL };
  const char *domain = host;

  for (guint i = 0; mail_prefixes[i] != NULL; i++)
    {
      if (g_str_has_prefix (host, mail_prefixes[i]) && strchr (host + strlen (mail_prefixes[i]), '.') != NULL)
        {
          domain = host + strlen (mail_prefixes[i]);
          break;
        }
    }

  return g_strdup_printf ("you@%s", domain);
}

/* "SSL/TLS" is one word: no line break after its slash in a narrow window */
static void
keep_together (GtkLabel   *label,
               const char *word)
{
  const char *text = gtk_label_get_text (label);
  const char *found = strstr (text, word);
  g_autoptr(PangoAttrList) attributes = NULL;
  PangoAttribute *no_breaks;

  if (found == NULL)
    {
      gtk_label_set_attributes (label, NULL);
      return;
    }

  attributes = pango_attr_list_new ();
  no_breaks = pango_attr_allow_breaks_new (FALSE);
  no_breaks->start_index = found - text;
  no_breaks->end_index = no_breaks->start_index + strlen (word);
  pango_attr_list_insert (attributes, no_breaks);
  gtk_label_set_attributes (label, attributes);
}

static void
set_icon (SpcRecommendationView *self,
          const char            *icon_name,
          const char            *css_class)
{
  gtk_spinner_set_spinning (self->spinner, icon_name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), icon_name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);

  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (self->icon, icon_name);
  /* The headline says in words what the icon shows */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->icon),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), css_class);
}

static void
set_enabled (SpcRecommendationView *self,
             gboolean               enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation-view.copy-value", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation-view.copy-config", enabled);
  /* A login only ever on the port recommended: green, trusted TLS */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation-view.check-login", enabled);
  gtk_widget_set_visible (self->config_group, enabled);
  gtk_widget_set_visible (self->login_button, enabled);
}

/* The value under the row's name, and what a screen reader says after it */
static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
}

/* The reason can quote the server's replies: hidden characters shown */
static void
set_reason (SpcRecommendationView *self,
            const char            *reason)
{
  g_autofree char *visible = spc_display_text (reason);

  gtk_label_set_text (self->reason_label, visible != NULL ? visible : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), visible != NULL);
}

/* The finished result of the recommended port */
static SpcResult *
find_recommended (SpcRecommendationView *self)
{
  guint n = g_list_model_get_n_items (self->results);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpcResult) result = g_list_model_get_item (self->results, i);

      /* An address's results hold several servers' ports */
      if ((self->advice->host == NULL || g_strcmp0 (spc_result_get_host (result), self->advice->host) == 0) &&
          spc_result_get_port (result) == self->advice->port &&
          spc_result_get_mode (result) == self->advice->mode &&
          spc_result_get_status (result) == SPC_STATUS_OK)
        return g_steal_pointer (&result);
    }
  return NULL;
}

static void
show_advice (SpcRecommendationView *self,
             const char            *host)
{
  const SpcRecommendation *advice = self->advice;
  const char *security = spc_mode_get_security_label (advice->mode);
  g_autofree char *headline = NULL;
  g_autofree char *port = g_strdup_printf ("%u", advice->port);
  g_autofree char *user_hint = NULL;
  g_autoptr(SpcResult) recommended = NULL;

  /* Translators: "Use Port 465 with SSL/TLS" */
  headline = g_strdup_printf (_("Use Port %u with %s"), advice->port, security);

  g_clear_pointer (&self->user_example, g_free);
  if (self->address != NULL)
    {
      /* The user's own address: the user name to type, and to copy */
      self->user_example = g_strdup (self->address);
      user_hint = spc_display_text (self->address);
    }
  else
    {
      self->user_example = dup_user_example (advice->host != NULL ? advice->host : host);
      /* Translators: %s is an example address such as you@example.com */
      user_hint = g_strdup_printf (_("Usually your whole email address, such as %s"), self->user_example);
    }

  set_icon (self, "spc-success-symbolic", "success");
  gtk_label_set_text (self->headline_label, headline);
  keep_together (self->headline_label, security);
  set_reason (self, advice->reason);

  set_value (self->server_row, advice->host);
  set_value (self->port_row, port);
  set_value (self->security_row, security);
  /* The words of Copy As's mail client settings and of the client's menu */
  set_value (self->auth_row, spc_config_format_get_auth_label (advice->auth));
  set_value (self->user_row, user_hint);

  set_enabled (self, TRUE);
  /* A port without AUTH (a relay) has no login to check */
  recommended = find_recommended (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recommendation-view.check-login", recommended != NULL);
  gtk_widget_set_visible (self->login_button, recommended != NULL);
}

static void
show_progress (SpcRecommendationView *self,
               gint64                 elapsed_ms)
{
  g_autofree char *progress = spc_advice_describe_progress (elapsed_ms);

  set_icon (self, NULL, NULL);
  gtk_label_set_text (self->headline_label, _("Checking the Ports…"));
  gtk_label_set_attributes (self->headline_label, NULL);
  gtk_label_set_text (self->reason_label, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), TRUE);
  set_enabled (self, FALSE);
}

static void
show_failure (SpcRecommendationView *self,
              GListModel            *results)
{
  g_autofree char *failure = spc_advice_describe_failure (results);

  set_icon (self, "dialog-error-symbolic", "error");
  gtk_label_set_text (self->headline_label, _("No Port Can Be Recommended"));
  gtk_label_set_attributes (self->headline_label, NULL);
  set_reason (self, failure);
  set_enabled (self, FALSE);
}

void
spc_recommendation_view_update (SpcRecommendationView *self,
                                GListModel            *results,
                                const char            *host,
                                gboolean               done,
                                gint64                 elapsed_ms)
{
  g_return_if_fail (SPC_IS_RECOMMENDATION_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (results));

  g_clear_pointer (&self->advice, spc_recommendation_free);
  g_set_object (&self->results, results);
  g_free (self->host);
  self->host = g_strdup (host);

  if (!done && !spc_advice_recommendation_is_decided (results))
    {
      show_progress (self, elapsed_ms);
      return;
    }

  self->advice = spc_advice_recommend (results, host);
  if (self->advice != NULL)
    show_advice (self, host);
  else
    show_failure (self, results);
}

void
spc_recommendation_view_update_for_address (SpcRecommendationView *self,
                                            GListModel            *results,
                                            SpcRecommendation     *advice,
                                            gboolean               done,
                                            gint64                 elapsed_ms)
{
  g_return_if_fail (SPC_IS_RECOMMENDATION_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (results));

  g_clear_pointer (&self->advice, spc_recommendation_free);
  self->advice = advice;
  g_set_object (&self->results, results);

  if (self->advice != NULL)
    show_advice (self, self->advice->host);
  else if (!done)
    show_progress (self, elapsed_ms);
  else
    show_failure (self, results);
}

void
spc_recommendation_view_set_address (SpcRecommendationView *self,
                                     const char            *address)
{
  g_return_if_fail (SPC_IS_RECOMMENDATION_VIEW (self));

  g_clear_pointer (&self->address, g_free);
  if (address != NULL && address[0] != '\0')
    self->address = g_strdup (address);
  if (self->advice != NULL)
    show_advice (self, self->advice->host);
}

const char *
spc_recommendation_view_get_headline (SpcRecommendationView *self)
{
  g_return_val_if_fail (SPC_IS_RECOMMENDATION_VIEW (self), NULL);

  return gtk_label_get_text (self->headline_label);
}

const SpcRecommendation *
spc_recommendation_view_get_advice (SpcRecommendationView *self)
{
  g_return_val_if_fail (SPC_IS_RECOMMENDATION_VIEW (self), NULL);

  return self->advice;
}

static void
copy_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpcRecommendationView *self = SPC_RECOMMENDATION_VIEW (widget);
  const char *field = g_variant_get_string (parameter, NULL);
  g_autofree char *port = NULL;
  const char *text = NULL;

  if (self->advice == NULL)
    return;

  if (g_str_equal (field, "server"))
    text = self->advice->host;
  else if (g_str_equal (field, "port"))
    text = port = g_strdup_printf ("%u", self->advice->port);
  else if (g_str_equal (field, "user"))
    text = self->user_example;

  if (text != NULL)
    spc_ui_copy_text (widget, text, _("Copied"));
}

static void
copy_config_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpcRecommendationView *self = SPC_RECOMMENDATION_VIEW (widget);
  const char *format_id = g_variant_get_string (parameter, NULL);

  if (self->advice == NULL)
    return;

  for (SpcConfigFormat format = 0; format < SPC_N_CONFIG_FORMATS; format++)
    {
      if (g_str_equal (format_id, spc_config_format_to_string (format)))
        {
          /* The same user name as the User Name row shows */
          g_autofree char *text = spc_advice_format_config (self->advice, format, self->user_example);
          /* Translators: %s is a program, "msmtp" or "Mail Client (Thunderbird, Evolution)" */
          g_autofree char *confirmation = g_strdup_printf (_("Configuration for %s copied"),
                                                           spc_config_format_get_title (format));

          spc_ui_copy_text (widget, text, confirmation);
          return;
        }
    }
}

/* The request @result was probed with: the login must trust exactly what
 * that probe trusted (its CA file), also for a server an address led to */
static SpcRequest *
find_request (SpcRecommendationView *self,
              SpcResult             *result)
{
  if (SPC_IS_DIAGNOSIS (self->results))
    return spc_diagnosis_get_request (SPC_DIAGNOSIS (self->results));

  if (GTK_IS_FLATTEN_LIST_MODEL (self->results))
    for (guint i = 0; i < g_list_model_get_n_items (self->results); i++)
      {
        g_autoptr(SpcResult) item = g_list_model_get_item (self->results, i);
        GListModel *owner;

        if (item != result)
          continue;
        owner = gtk_flatten_list_model_get_model_for_item (GTK_FLATTEN_LIST_MODEL (self->results), i);
        if (SPC_IS_DIAGNOSIS (owner))
          return spc_diagnosis_get_request (SPC_DIAGNOSIS (owner));
      }
  return NULL;
}

static void
check_login_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpcRecommendationView *self = SPC_RECOMMENDATION_VIEW (widget);
  g_autoptr(SpcResult) result = NULL;
  SpcRequest *request = NULL;
  SpcLoginDialog *dialog;

  if (self->advice == NULL || self->results == NULL)
    return;
  result = find_recommended (self);
  if (result == NULL)
    return;
  request = find_request (self, result);

  dialog = spc_login_dialog_new (self->advice->host != NULL ? self->advice->host : self->host, result,
                                 request != NULL ? spc_request_get_tls_database (request) : NULL,
                                 request != NULL ? spc_request_get_timeout_ms (request) : 10000);
  spc_login_dialog_set_user (dialog, self->address);
  spc_login_dialog_present (dialog, widget);
}

static void
spc_recommendation_view_finalize (GObject *object)
{
  SpcRecommendationView *self = SPC_RECOMMENDATION_VIEW (object);

  g_clear_pointer (&self->advice, spc_recommendation_free);
  g_clear_object (&self->results);
  g_free (self->host);
  g_free (self->user_example);
  g_free (self->address);

  G_OBJECT_CLASS (spc_recommendation_view_parent_class)->finalize (object);
}

static void
spc_recommendation_view_class_init (SpcRecommendationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = spc_recommendation_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/SmtpPort/spc-recommendation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, icon);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, reason_label);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, config_group);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, login_button);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, server_row);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, port_row);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, security_row);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, auth_row);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, user_row);
  gtk_widget_class_bind_template_child (widget_class, SpcRecommendationView, copy_section);

  gtk_widget_class_install_action (widget_class, "recommendation-view.copy-value", "s",
                                   copy_value_action);
  gtk_widget_class_install_action (widget_class, "recommendation-view.copy-config", "s",
                                   copy_config_action);
  gtk_widget_class_install_action (widget_class, "recommendation-view.check-login", NULL,
                                   check_login_action);
}

static void
spc_recommendation_view_init (SpcRecommendationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spc_ui_deselect_on_focus_out (self->reason_label);

  for (SpcConfigFormat format = 0; format < SPC_N_CONFIG_FORMATS; format++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (spc_config_format_get_title (format), NULL);

      g_menu_item_set_action_and_target (item, "recommendation-view.copy-config", "s",
                                         spc_config_format_to_string (format));
      g_menu_append_item (self->copy_section, item);
    }

  set_enabled (self, FALSE);
}
