/* spc-config-format.c — the recommendation written down for each client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-config-format.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"

#define USER_PLACEHOLDER      "you@example.com"
#define RECIPIENT_PLACEHOLDER "someone@example.com"

const char *
spc_config_format_to_string (SpcConfigFormat format)
{
  return spc_enum_get_nick (SPC_TYPE_CONFIG_FORMAT, format);
}

const char *
spc_config_format_get_title (SpcConfigFormat format)
{
  switch (format)
    {
    case SPC_CONFIG_PLAIN: return _("Mail Client (Thunderbird, Evolution)");
    case SPC_CONFIG_MSMTP: return _("msmtp");
    case SPC_CONFIG_POSTFIX: return _("Postfix Relay Host");
    case SPC_CONFIG_GIT_SEND_EMAIL: return _("git send-email");
    case SPC_CONFIG_NEOMUTT: return _("NeoMutt");
    case SPC_CONFIG_CURL: return _("curl");
    case SPC_CONFIG_SWAKS: return _("swaks");
    case SPC_CONFIG_PYTHON: return _("Python (smtplib)");
    case SPC_N_CONFIG_FORMATS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
is_ipv6_literal (const char *host)
{
  return strchr (host, ':') != NULL;
}

/* The host as it goes into a URL: IPv6 literals in brackets */
static char *
url_host (const char *host)
{
  if (is_ipv6_literal (host))
    return g_strdup_printf ("[%s]", host);
  return g_strdup (host);
}

/* smtps://HOST:PORT for implicit TLS, smtp://HOST:PORT for STARTTLS, with
 * @user@ (URL-escaped) before the host unless @user is NULL */
static char *
smtp_url (const SpcRecommendation *recommendation,
          const char              *user)
{
  g_autofree char *host = url_host (recommendation->host);
  g_autofree char *escaped_user = user != NULL ? g_uri_escape_string (user, NULL, FALSE) : NULL;

  return g_strdup_printf ("%s://%s%s%s:%u",
                          recommendation->mode == SPC_MODE_TLS ? "smtps" : "smtp",
                          escaped_user != NULL ? escaped_user : "",
                          escaped_user != NULL ? "@" : "",
                          host, recommendation->port);
}

/* Single quotes for the shell, only when a character needs them; NULL
 * stays NULL, as with each quoting below */
static char *
shell_quote (const char *text)
{
  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("@%+=:,./_-[]", *p) == NULL)
      return g_shell_quote (text);
  return g_strdup (text);
}

/* A double-quoted string for msmtp, muttrc and Python: backslash and
 * double quote escaped, control characters dropped */
static char *
double_quote (const char *text)
{
  GString *quoted;

  if (text == NULL)
    return NULL;
  quoted = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        continue;
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

const char *
spc_config_format_get_auth_label (const char *auth)
{
  if (auth == NULL)
    return _("No authentication");
  if (g_str_equal (auth, "PLAIN") || g_str_equal (auth, "LOGIN"))
    return _("Normal password");
  if (g_str_equal (auth, "CRAM-MD5") || g_str_equal (auth, "DIGEST-MD5")
      || g_str_has_prefix (auth, "SCRAM-"))
    return _("Encrypted password");
  if (g_str_equal (auth, "XOAUTH2") || g_str_equal (auth, "OAUTHBEARER"))
    return _("OAuth2");
  if (g_str_equal (auth, "GSSAPI"))
    return _("Kerberos / GSSAPI");
  if (g_str_equal (auth, "NTLM"))
    return _("NTLM");
  return auth;
}

static char *
format_plain (const SpcRecommendation *recommendation,
              const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *port = g_strdup_printf ("%u", recommendation->port);
  const char *settings[][2] = {
    { _("Server"), recommendation->host },
    { _("Port"), port },
    { _("Connection security"), recommendation->mode == SPC_MODE_TLS ? "SSL/TLS" : "STARTTLS" },
    { _("Authentication method"), spc_config_format_get_auth_label (recommendation->auth) },
    { _("User name"), recommendation->auth != NULL ? user : NULL },
    /* Thunderbird and Evolution import it as a certificate authority */
    { _("Certificate authority to trust"), recommendation->ca_file },
  };

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      if (settings[i][1] == NULL)
        continue;
      /* Translators: a setting and its value, "Server: smtp.example.com";
       * French puts a space before the colon */
      g_string_append_printf (text, _("%s: %s"), settings[i][0], settings[i][1]);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

/* msmtp needs quotes only around blanks and quotes */
static char *
msmtp_quote (const char *text)
{
  if (text == NULL)
    return NULL;
  if (strpbrk (text, " \t\"\\#") != NULL)
    return double_quote (text);
  return g_strdup (text);
}

static char *
format_msmtp (const SpcRecommendation *recommendation,
              const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *quoted_user = msmtp_quote (user);
  g_autofree char *shell_user = shell_quote (user);
  g_autofree char *quoted_ca = msmtp_quote (recommendation->ca_file);
  /* msmtp reads a colon in an account name as "inherits from": an IPv6
   * address cannot name the account */
  g_autofree char *account = g_strdelimit (g_strdup (recommendation->host), ":", '-');

  g_string_append (text, "# ~/.msmtprc — keep it private: chmod 600 ~/.msmtprc\n");
  g_string_append (text, "defaults\n");
  g_string_append (text, "tls            on\n");
  g_string_append_printf (text, "tls_starttls   %s\n",
                          recommendation->mode == SPC_MODE_TLS ? "off" : "on");
  if (quoted_ca != NULL)
    g_string_append_printf (text, "tls_trust_file %s\n", quoted_ca);
  g_string_append (text, "\n");
  g_string_append_printf (text, "account        %s\n", account);
  g_string_append_printf (text, "host           %s\n", recommendation->host);
  g_string_append_printf (text, "port           %u\n", recommendation->port);
  if (recommendation->auth != NULL)
    {
      g_string_append (text, "auth           on\n");
      g_string_append_printf (text, "user           %s\n", quoted_user);
      g_string_append (text, "# The password comes from a command, never from this file:\n");
      g_string_append (text, "# (store it once with: secret-tool store --label=msmtp host HOST service smtp user USER)\n");
      g_string_append_printf (text, "passwordeval   \"secret-tool lookup host %s service smtp user %s\"\n",
                              recommendation->host, shell_user);
    }
  g_string_append_printf (text, "from           %s\n", quoted_user);
  g_string_append (text, "\n");
  g_string_append_printf (text, "account default : %s\n", account);

  return g_string_free (text, FALSE);
}

static char *
format_postfix (const SpcRecommendation *recommendation,
                const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *nexthop = NULL;

  /* Brackets: no MX lookup. Postfix writes IPv6 as [ipv6:…] */
  if (is_ipv6_literal (recommendation->host))
    nexthop = g_strdup_printf ("[ipv6:%s]:%u", recommendation->host, recommendation->port);
  else
    nexthop = g_strdup_printf ("[%s]:%u", recommendation->host, recommendation->port);

  g_string_append (text, "# /etc/postfix/main.cf\n");
  g_string_append_printf (text, "relayhost = %s\n", nexthop);
  /* "secure", not "encrypt": encrypt accepts any certificate, so an attacker
   * on the path would receive the password. The relayhost name is the one
   * the certificate must carry. */
  g_string_append (text, "smtp_tls_security_level = secure\n");
  g_string_append_printf (text, "smtp_tls_CAfile = %s\n",
                          recommendation->ca_file != NULL ? recommendation->ca_file
                                                          : "/etc/ssl/certs/ca-certificates.crt");
  if (recommendation->mode == SPC_MODE_TLS)
    g_string_append (text, "smtp_tls_wrappermode = yes\n");
  else
    g_string_append (text, "smtp_tls_wrappermode = no\n");
  if (recommendation->auth != NULL)
    {
      g_string_append (text, "smtp_sasl_auth_enable = yes\n");
      g_string_append (text, "smtp_sasl_security_options = noanonymous\n");
      g_string_append (text, "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n");
      g_string_append (text, "\n");
      g_string_append (text, "# /etc/postfix/sasl_passwd — then: chmod 600 /etc/postfix/sasl_passwd;\n");
      g_string_append (text, "# postmap /etc/postfix/sasl_passwd; systemctl reload postfix\n");
      g_string_append (text, "# (Debian needs the package libsasl2-modules for PLAIN and LOGIN)\n");
      g_string_append_printf (text, "%s %s:YOUR-PASSWORD\n", nexthop, user);
    }

  return g_string_free (text, FALSE);
}

static char *
format_git_send_email (const SpcRecommendation *recommendation,
                       const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *quoted_host = shell_quote (recommendation->host);
  g_autofree char *quoted_user = shell_quote (user);
  g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

  g_string_append_printf (text, "git config --global sendemail.smtpServer %s\n", quoted_host);
  g_string_append_printf (text, "git config --global sendemail.smtpServerPort %u\n", recommendation->port);
  /* git's words: "ssl" is implicit TLS, "tls" is STARTTLS */
  g_string_append_printf (text, "git config --global sendemail.smtpEncryption %s\n",
                          recommendation->mode == SPC_MODE_TLS ? "ssl" : "tls");
  if (quoted_ca != NULL)
    g_string_append_printf (text, "git config --global sendemail.smtpSSLCertPath %s\n", quoted_ca);
  if (recommendation->auth != NULL)
    {
      g_string_append_printf (text, "git config --global sendemail.smtpUser %s\n", quoted_user);
      g_string_append (text, "# git send-email asks for the password (or uses a credential helper)\n");
    }

  return g_string_free (text, FALSE);
}

static char *
format_neomutt (const SpcRecommendation *recommendation,
                const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *url = smtp_url (recommendation, recommendation->auth != NULL ? user : NULL);
  g_autofree char *quoted_url = double_quote (url);
  g_autofree char *quoted_ca = double_quote (recommendation->ca_file);

  g_string_append (text, "# ~/.config/neomutt/neomuttrc (NeoMutt asks for the password)\n");
  g_string_append_printf (text, "set smtp_url = %s\n", quoted_url);
  g_string_append (text, "set ssl_force_tls = yes\n");
  if (quoted_ca != NULL)
    g_string_append_printf (text, "set ssl_ca_certificates_file = %s\n", quoted_ca);
  if (recommendation->mode != SPC_MODE_TLS)
    g_string_append (text, "set ssl_starttls = yes\n");
  if (recommendation->auth != NULL)
    {
      static const char * const native[] = { "plain", "login", "oauthbearer", "xoauth2", NULL };
      g_autofree char *lower = g_ascii_strdown (recommendation->auth, -1);

      /* Others (cram-md5 …) are refused as "not a valid authenticator"
       * unless NeoMutt was built with SASL, as Debian 12's is not */
      if (g_strv_contains (native, lower))
        g_string_append_printf (text, "set smtp_authenticators = \"%s\"\n", lower);
      else
        g_string_append_printf (text, "# The server offers %s, which needs a NeoMutt built with SASL:\n"
                                      "# set smtp_authenticators = \"%s\"\n",
                                recommendation->auth, lower);
    }

  return g_string_free (text, FALSE);
}

static char *
format_curl (const SpcRecommendation *recommendation,
             const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *url = smtp_url (recommendation, NULL);
  g_autofree char *quoted_url = shell_quote (url);
  g_autofree char *quoted_user = shell_quote (user);
  g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

  g_string_append (text, "# message.txt holds the mail with its headers (From:, To:, Subject:)\n");
  g_string_append_printf (text, "curl --url %s", quoted_url);
  if (recommendation->mode != SPC_MODE_TLS)
    g_string_append (text, " --ssl-reqd");
  g_string_append (text, " \\\n");
  if (quoted_ca != NULL)
    g_string_append_printf (text, "  --cacert %s \\\n", quoted_ca);
  if (recommendation->auth != NULL)
    g_string_append_printf (text, "  --user %s \\\n", quoted_user);
  g_string_append_printf (text, "  --mail-from %s \\\n", quoted_user);
  g_string_append (text, "  --mail-rcpt " RECIPIENT_PLACEHOLDER " \\\n");
  g_string_append (text, "  --upload-file message.txt\n");

  return g_string_free (text, FALSE);
}

static char *
format_swaks (const SpcRecommendation *recommendation,
              const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *quoted_host = shell_quote (recommendation->host);
  g_autofree char *quoted_user = shell_quote (user);
  g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

  g_string_append_printf (text, "swaks --server %s --port %u %s \\\n",
                          quoted_host, recommendation->port,
                          recommendation->mode == SPC_MODE_TLS ? "--tlsc" : "--tls");
  /* Without --tls-verify, swaks accepts any certificate */
  if (quoted_ca != NULL)
    g_string_append_printf (text, "  --tls-verify --tls-ca-path %s \\\n", quoted_ca);
  else
    g_string_append (text, "  --tls-verify \\\n");
  if (recommendation->auth != NULL)
    {
      g_autofree char *quoted_auth = shell_quote (recommendation->auth);
      g_string_append_printf (text, "  --auth %s --auth-user %s \\\n", quoted_auth, quoted_user);
    }
  g_string_append_printf (text, "  --from %s --to " RECIPIENT_PLACEHOLDER "\n", quoted_user);
  if (recommendation->auth != NULL)
    g_string_append (text, "# swaks asks for the password\n");

  return g_string_free (text, FALSE);
}

static char *
format_python (const SpcRecommendation *recommendation,
               const char              *user)
{
  GString *text = g_string_new (NULL);
  g_autofree char *quoted_host = double_quote (recommendation->host);
  g_autofree char *quoted_user = double_quote (user);
  g_autofree char *quoted_ca = double_quote (recommendation->ca_file);

  g_string_append (text, "import getpass\n");
  g_string_append (text, "import smtplib\n");
  g_string_append (text, "import ssl\n");
  g_string_append (text, "from email.message import EmailMessage\n");
  g_string_append (text, "\n");
  g_string_append (text, "message = EmailMessage()\n");
  g_string_append_printf (text, "message[\"From\"] = %s\n", quoted_user);
  g_string_append (text, "message[\"To\"] = \"" RECIPIENT_PLACEHOLDER "\"\n");
  g_string_append (text, "message[\"Subject\"] = \"Test\"\n");
  g_string_append (text, "message.set_content(\"Sent with smtplib.\")\n");
  g_string_append (text, "\n");
  if (quoted_ca != NULL)
    g_string_append_printf (text, "context = ssl.create_default_context(cafile=%s)\n", quoted_ca);
  else
    g_string_append (text, "context = ssl.create_default_context()\n");
  if (recommendation->mode == SPC_MODE_TLS)
    {
      g_string_append_printf (text, "with smtplib.SMTP_SSL(%s, %u, context=context) as server:\n",
                              quoted_host, recommendation->port);
    }
  else
    {
      g_string_append_printf (text, "with smtplib.SMTP(%s, %u) as server:\n",
                              quoted_host, recommendation->port);
      g_string_append (text, "    server.starttls(context=context)\n");
    }
  if (recommendation->auth != NULL)
    g_string_append_printf (text, "    server.login(%s, getpass.getpass())\n", quoted_user);
  g_string_append (text, "    server.send_message(message)\n");

  return g_string_free (text, FALSE);
}

char *
spc_advice_format_config (const SpcRecommendation *recommendation,
                          SpcConfigFormat          format,
                          const char              *user)
{
  g_return_val_if_fail (recommendation != NULL, NULL);
  g_return_val_if_fail (recommendation->host != NULL, NULL);

  if (user == NULL || user[0] == '\0')
    user = USER_PLACEHOLDER;

  switch (format)
    {
    case SPC_CONFIG_PLAIN: return format_plain (recommendation, user);
    case SPC_CONFIG_MSMTP: return format_msmtp (recommendation, user);
    case SPC_CONFIG_POSTFIX: return format_postfix (recommendation, user);
    case SPC_CONFIG_GIT_SEND_EMAIL: return format_git_send_email (recommendation, user);
    case SPC_CONFIG_NEOMUTT: return format_neomutt (recommendation, user);
    case SPC_CONFIG_CURL: return format_curl (recommendation, user);
    case SPC_CONFIG_SWAKS: return format_swaks (recommendation, user);
    case SPC_CONFIG_PYTHON: return format_python (recommendation, user);
    case SPC_N_CONFIG_FORMATS:
    default:
      g_return_val_if_reached (NULL);
    }
}
