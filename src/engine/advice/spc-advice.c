/* spc-advice.c — what to use, why, and how to write it down for each client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spc-advice.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-summary.h"

#define USER_PLACEHOLDER      "you@example.com"
#define RECIPIENT_PLACEHOLDER "someone@example.com"

/* Lower ranks win. RFC 8314 §3.3 prefers implicit TLS; 587 is the
 * standard submission port (RFC 6409); 25 is meant for relay. */
typedef enum {
  RANK_IMPLICIT_TLS,
  RANK_SUBMISSION,
  RANK_OTHER,
  RANK_RELAY,
} PortRank;

static PortRank
get_rank (SpcResult *result)
{
  guint16 port = spc_result_get_port (result);

  if (spc_result_get_mode (result) == SPC_MODE_TLS)
    return RANK_IMPLICIT_TLS;
  if (port == 587)
    return RANK_SUBMISSION;
  if (port == 25)
    return RANK_RELAY;
  return RANK_OTHER;
}

/* Unknown latency sorts last */
static gint64
get_latency (SpcResult *result)
{
  gint64 total = spc_result_get_timing (result, SPC_TIMING_TOTAL);

  return total >= 0 ? total : G_MAXINT64;
}

/* Translatable formats cannot use the G_GINT64_FORMAT macro (xgettext
 * does not expand it); durations fit an int */
static int
clamp_ms (gint64 ms)
{
  return (int) CLAMP (ms, G_MININT, G_MAXINT);
}

static gboolean
is_green (SpcResult *result)
{
  return spc_result_get_finished (result)
         && spc_result_get_verdict (result) == SPC_VERDICT_GREEN;
}

static gboolean
is_better (SpcResult *candidate,
           SpcResult *best)
{
  PortRank candidate_rank = get_rank (candidate);
  PortRank best_rank = get_rank (best);

  if (candidate_rank != best_rank)
    return candidate_rank < best_rank;
  if (get_latency (candidate) != get_latency (best))
    return get_latency (candidate) < get_latency (best);
  return spc_result_get_port (candidate) < spc_result_get_port (best);
}

static GPtrArray *
list_results (GListModel *results)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items = results != NULL ? g_list_model_get_n_items (results) : 0;

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (array, g_list_model_get_item (results, i));

  return array;
}

/* "25", "25 and 465", "25, 465 and 587" */
static char *
join_ports (GArray *ports)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      guint port = g_array_index (ports, guint16, i);

      if (i > 0 && i == ports->len - 1)
        {
          g_autofree char *head = g_string_free (g_steal_pointer (&text), FALSE);
          g_autofree char *tail = g_strdup_printf ("%u", port);

          /* TRANSLATORS: the last two items of a list of port numbers, "465 and 587" */
          text = g_string_new (NULL);
          g_string_printf (text, _("%s and %s"), head, tail);
        }
      else
        {
          if (i > 0)
            /* TRANSLATORS: separates port numbers in a list: "25, 465 and 587" */
            g_string_append (text, C_("list separator", ", "));
          g_string_append_printf (text, "%u", port);
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
strip_final_period (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  g_strstrip (copy);
  if (g_str_has_suffix (copy, "."))
    copy[strlen (copy) - 1] = '\0';
  return copy;
}

/* Why the winner: the window and the text report already say "Use port N
 * with …" above it, so this sentence does not repeat it. */
static char *
describe_winner (SpcResult *winner)
{
  guint port = spc_result_get_port (winner);

  switch (get_rank (winner))
    {
    case RANK_IMPLICIT_TLS:
      return g_strdup_printf (_("Port %u works with a valid certificate, and TLS starts before any SMTP is exchanged (RFC 8314)."),
                              port);
    case RANK_SUBMISSION:
      return g_strdup_printf (_("Port %u is the standard submission port (RFC 6409) and works with a valid certificate."),
                              port);
    case RANK_RELAY:
      return g_strdup_printf (_("Port %u works with a valid certificate, but it is meant for relay between servers and many networks block it."),
                              port);
    case RANK_OTHER:
    default:
      if (port == 2525)
        return g_strdup_printf (_("Port %u works with a valid certificate, although it is an unofficial alternative port."),
                                port);
      return g_strdup_printf (_("Port %u works with a valid certificate."),
                              port);
    }
}

/* Why @other lost against @winner, as one sentence with the facts; NULL
 * when there is nothing worth saying (a probe still running). */
static char *
describe_loser (SpcResult *other,
                SpcResult *winner)
{
  guint port = spc_result_get_port (other);
  guint winner_port = spc_result_get_port (winner);

  if (!spc_result_get_finished (other))
    return NULL;

  if (is_green (other))
    {
      if (get_rank (other) == get_rank (winner))
        {
          gint64 other_ms = spc_result_get_timing (other, SPC_TIMING_TOTAL);
          gint64 winner_ms = spc_result_get_timing (winner, SPC_TIMING_TOTAL);

          /* Equal times: is_better () fell back to the lower port number */
          if (other_ms >= 0 && other_ms == winner_ms)
            return g_strdup_printf (_("Port %u works too and was as fast (%d ms); port %u comes first only by its lower number."),
                                    port, clamp_ms (other_ms), winner_port);
          if (other_ms >= 0 && winner_ms >= 0)
            return g_strdup_printf (_("Port %u works too, but port %u answered faster (%d ms against %d ms)."),
                                    port, winner_port, clamp_ms (winner_ms), clamp_ms (other_ms));
          return g_strdup_printf (_("Port %u works too, but port %u answered faster."),
                                  port, winner_port);
        }
      if (get_rank (winner) == RANK_IMPLICIT_TLS)
        {
          /* The winner's own sentence already gave RFC 8314's reason */
          if (port == 2525)
            return g_strdup_printf (_("Port %u works too, but it is unofficial and encrypts only after STARTTLS."),
                                    port);
          if (port == 25)
            return g_strdup_printf (_("Port %u works too, but it is meant for relay between servers and encrypts only after STARTTLS."),
                                    port);
          return g_strdup_printf (_("Port %u works too, but it encrypts only after STARTTLS."),
                                  port);
        }
      if (port == 2525)
        return g_strdup_printf (_("Port %u works too but is unofficial."), port);
      if (port == 25)
        return g_strdup_printf (_("Port %u works too but is meant for relay between servers, and many networks block it."), port);
      return g_strdup_printf (_("Port %u works too but is not a standard submission port."), port);
    }

  switch (spc_result_get_status (other))
    {
    case SPC_STATUS_FILTERED:
      return g_strdup_printf (_("Port %u is blocked on your network: nothing answered before the deadline."), port);
    case SPC_STATUS_REFUSED:
      return g_strdup_printf (_("Nothing listens on port %u: the server refused the connection."), port);
    case SPC_STATUS_NO_AUTH:
      return g_strdup_printf (_("Port %u offers no authentication, so a mail client cannot log in there."), port);
    case SPC_STATUS_CERTIFICATE_INVALID:
      return g_strdup_printf (_("Port %u has a certificate problem."), port);
    case SPC_STATUS_PLAINTEXT_ONLY:
      return g_strdup_printf (_("Port %u offers no encryption: a password would travel in clear."), port);
    case SPC_STATUS_CANCELLED:
      return g_strdup_printf (_("The check of port %u was stopped before the end."), port);
    default:
      {
        g_autofree char *sentence = spc_summary_for_result (other);
        g_autofree char *summary = strip_final_period (sentence);

        /* Mid-sentence after the colon: "Connected, …" → "connected, …",
         * "A web server …" → "a web server …", but "TLS …" stays */
        if (g_ascii_isupper (summary[0]) && (g_ascii_islower (summary[1]) || summary[1] == ' '))
          summary[0] = g_ascii_tolower (summary[0]);
        if (summary[0] == '\0')
          return g_strdup_printf (_("Port %u does not work."), port);
        /* TRANSLATORS: "Port 80: a web server answered, not a mail server." */
        return g_strdup_printf (_("Port %u: %s."), port, summary);
      }
    }
}

/* PLAIN or LOGIN are what mail clients call "normal password"; inside TLS
 * they are safe, and PLAIN is the simpler one. Otherwise the first offered. */
static char *
choose_auth (const SpcCapabilities *caps)
{
  if (caps == NULL || caps->auth == NULL || caps->auth[0] == NULL)
    return NULL;
  if (g_strv_contains ((const char * const *) caps->auth, "PLAIN"))
    return g_strdup ("PLAIN");
  if (g_strv_contains ((const char * const *) caps->auth, "LOGIN"))
    return g_strdup ("LOGIN");
  return g_strdup (caps->auth[0]);
}

SpcRecommendation *
spc_advice_recommend (GListModel *results,
                      const char *host)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) reason = NULL;
  g_autofree char *winner_text = NULL;
  SpcRecommendation *recommendation;
  const SpcCapabilities *caps;
  SpcResult *winner = NULL;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  all = list_results (results);
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (is_green (result) && (winner == NULL || is_better (result, winner)))
        winner = result;
    }

  if (winner == NULL)
    return NULL;

  winner_text = describe_winner (winner);
  reason = g_string_new (winner_text);
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      g_autofree char *sentence = NULL;

      if (result == winner)
        continue;
      sentence = describe_loser (result, winner);
      if (sentence != NULL)
        g_string_append_printf (reason, " %s", sentence);
    }

  caps = spc_result_get_capabilities (winner);

  recommendation = g_new0 (SpcRecommendation, 1);
  recommendation->host = g_strdup (host);
  recommendation->port = spc_result_get_port (winner);
  recommendation->mode = spc_result_get_mode (winner);
  recommendation->security = g_strdup (recommendation->mode == SPC_MODE_TLS ? "SSL/TLS" : "STARTTLS");
  recommendation->auth = choose_auth (caps);
  recommendation->auth_offered = g_strdupv (caps != NULL && caps->auth != NULL ? caps->auth : (char *[]) { NULL });
  recommendation->reason = g_string_free (g_steal_pointer (&reason), FALSE);
  recommendation->latency_ms = spc_result_get_timing (winner, SPC_TIMING_TOTAL);

  return recommendation;
}

void
spc_recommendation_free (SpcRecommendation *recommendation)
{
  if (recommendation == NULL)
    return;

  g_free (recommendation->host);
  g_free (recommendation->security);
  g_free (recommendation->auth);
  g_strfreev (recommendation->auth_offered);
  g_free (recommendation->reason);
  g_free (recommendation->ca_file);
  g_free (recommendation);
}

/* Ports grouped by what went wrong, for one sentence per group */
typedef struct {
  GArray *filtered;
  GArray *refused;
  GArray *certificate;
  GTlsCertificateFlags certificate_flags; /* of all ports in certificate */
  GArray *no_auth;
  GArray *plaintext;
  GArray *rejected;
  GArray *silent;
  GArray *unreachable;
  GArray *dns_error;
  GArray *unfinished;
  GPtrArray *other;      /* SpcResult*, described by their own summary */
  guint   n_results;
} FailureGroups;

static void
failure_groups_clear (FailureGroups *groups)
{
  g_clear_pointer (&groups->filtered, g_array_unref);
  g_clear_pointer (&groups->refused, g_array_unref);
  g_clear_pointer (&groups->certificate, g_array_unref);
  g_clear_pointer (&groups->no_auth, g_array_unref);
  g_clear_pointer (&groups->plaintext, g_array_unref);
  g_clear_pointer (&groups->rejected, g_array_unref);
  g_clear_pointer (&groups->silent, g_array_unref);
  g_clear_pointer (&groups->unreachable, g_array_unref);
  g_clear_pointer (&groups->dns_error, g_array_unref);
  g_clear_pointer (&groups->unfinished, g_array_unref);
  g_clear_pointer (&groups->other, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FailureGroups, failure_groups_clear)

static GArray *
port_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint16));
}

static void
group_results (GPtrArray     *all,
               FailureGroups *groups)
{
  groups->filtered = port_array_new ();
  groups->refused = port_array_new ();
  groups->certificate = port_array_new ();
  groups->no_auth = port_array_new ();
  groups->plaintext = port_array_new ();
  groups->rejected = port_array_new ();
  groups->silent = port_array_new ();
  groups->unreachable = port_array_new ();
  groups->dns_error = port_array_new ();
  groups->unfinished = port_array_new ();
  groups->other = g_ptr_array_new_with_free_func (g_object_unref);
  groups->n_results = all->len;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);
      GArray *group;

      switch (spc_result_get_finished (result) ? spc_result_get_status (result) : SPC_STATUS_PENDING)
        {
        case SPC_STATUS_FILTERED: group = groups->filtered; break;
        case SPC_STATUS_REFUSED: group = groups->refused; break;
        case SPC_STATUS_CERTIFICATE_INVALID:
          group = groups->certificate;
          groups->certificate_flags |= spc_result_get_certificate_errors (result);
          break;
        case SPC_STATUS_NO_AUTH: group = groups->no_auth; break;
        case SPC_STATUS_PLAINTEXT_ONLY: group = groups->plaintext; break;
        case SPC_STATUS_REJECTED: group = groups->rejected; break;
        case SPC_STATUS_NO_GREETING:
        case SPC_STATUS_TIMEOUT: group = groups->silent; break;
        case SPC_STATUS_UNREACHABLE: group = groups->unreachable; break;
        case SPC_STATUS_DNS_ERROR: group = groups->dns_error; break;
        case SPC_STATUS_PENDING:
        case SPC_STATUS_CANCELLED: group = groups->unfinished; break;
        case SPC_STATUS_OK:
          /* A green port: nothing to explain */
          continue;
        default:
          g_ptr_array_add (groups->other, g_object_ref (result));
          continue;
        }
      g_array_append_val (group, port);
    }
}

static void
append_sentence (GString    *text,
                 const char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

static gboolean
ports_contain (GArray  *ports,
               guint16  port)
{
  for (guint i = 0; i < ports->len; i++)
    if (g_array_index (ports, guint16, i) == port)
      return TRUE;
  return FALSE;
}

char *
spc_advice_describe_failure (GListModel *results)
{
  g_auto(FailureGroups) groups = { 0 };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);

  all = list_results (results);
  if (all->len == 0)
    return g_strdup (_("No port was checked."));

  group_results (all, &groups);

  /* Every port resolves the same name: one DNS failure explains them all */
  if (groups.dns_error->len > 0)
    return g_strdup (_("The server name could not be resolved: check the server name."));

  if (groups.unfinished->len == all->len)
    return g_strdup (_("The check was stopped before any port was found to work: run it again."));

  if (groups.refused->len == all->len)
    {
      g_autofree char *ports = join_ports (groups.refused);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server refused port %s: nothing listens there. Check the server name; this may not be a mail server.",
                                           "The server refused every port tried (%s): nothing listens there. Check the server name; this may not be a mail server.",
                                           all->len),
                              ports);
    }

  if (groups.unreachable->len == all->len)
    return g_strdup (_("The server cannot be reached from your network: check your connection and the server name."));

  if (groups.filtered->len > 0)
    {
      g_autofree char *ports = join_ports (groups.filtered);
      g_autofree char *sentence = NULL;

      if (groups.filtered->len == all->len && !ports_contain (groups.filtered, 2525))
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Your network blocks port %s: ask your provider whether it accepts port 2525, or use its web API.",
                                                 "Your network blocks ports %s: ask your provider whether it accepts port 2525, or use its web API.",
                                                 groups.filtered->len),
                                    ports);
      else if (groups.filtered->len == all->len)
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Your network blocks port %s: use another network, or your provider’s web API.",
                                                 "Your network blocks ports %s: use another network, or your provider’s web API.",
                                                 groups.filtered->len),
                                    ports);
      else
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Your network blocks port %s.",
                                                 "Your network blocks ports %s.",
                                                 groups.filtered->len),
                                    ports);
      append_sentence (text, sentence);
    }

  if (groups.certificate->len > 0)
    {
      g_autofree char *ports = join_ports (groups.certificate);
      GTlsCertificateFlags flags = groups.certificate_flags;
      g_autofree char *sentence = NULL;

      /* What to do depends on what is wrong: only an unknown authority
       * can be fixed on this computer */
      if (flags != 0 && (flags & ~(G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED)) == 0)
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Port %s answers, but its certificate is outside its dates: check this computer’s clock, and if it is right, tell your provider to renew the certificate.",
                                                 "Ports %s answer, but their certificates are outside their dates: check this computer’s clock, and if it is right, tell your provider to renew the certificates.",
                                                 groups.certificate->len),
                                    ports);
      else if (flags == G_TLS_CERTIFICATE_BAD_IDENTITY)
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Port %s answers, but its certificate is for another name: use the server name the certificate shows (see the details), or tell your provider.",
                                                 "Ports %s answer, but their certificates are for another name: use the server name the certificates show (see the details), or tell your provider.",
                                                 groups.certificate->len),
                                    ports);
      else
        sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Port %s answers, but its certificate cannot be trusted: if your organisation uses its own certificate authority, add its certificate; otherwise tell your provider.",
                                                 "Ports %s answer, but their certificates cannot be trusted: if your organisation uses its own certificate authority, add its certificate; otherwise tell your provider.",
                                                 groups.certificate->len),
                                    ports);
      append_sentence (text, sentence);
    }

  if (groups.no_auth->len > 0)
    {
      g_autofree char *ports = join_ports (groups.no_auth);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Port %s works but offers no authentication: it takes mail only for relay between servers, not from a mail client.",
                                      "Ports %s work but offer no authentication: they take mail only for relay between servers, not from a mail client.",
                                      groups.no_auth->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (groups.plaintext->len > 0)
    {
      g_autofree char *ports = join_ports (groups.plaintext);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Port %s offers no encryption: a password would travel in clear, so do not use it.",
                                      "Ports %s offer no encryption: a password would travel in clear, so do not use them.",
                                      groups.plaintext->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (groups.rejected->len > 0)
    {
      g_autofree char *ports = join_ports (groups.rejected);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The server turned the connection away on port %s; it may have blocked your address: ask your provider.",
                                      "The server turned the connection away on ports %s; it may have blocked your address: ask your provider.",
                                      groups.rejected->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (groups.silent->len > 0)
    {
      g_autofree char *ports = join_ports (groups.silent);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Port %s accepted the connection, then the server stayed silent.",
                                      "Ports %s accepted the connection, then the server stayed silent.",
                                      groups.silent->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (groups.refused->len > 0)
    {
      g_autofree char *ports = join_ports (groups.refused);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Nothing listens on port %s.",
                                      "Nothing listens on ports %s.",
                                      groups.refused->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (groups.unreachable->len > 0)
    {
      g_autofree char *ports = join_ports (groups.unreachable);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The server could not be reached on port %s.",
                                      "The server could not be reached on ports %s.",
                                      groups.unreachable->len),
                         ports);
      append_sentence (text, sentence);
    }

  for (guint i = 0; i < groups.other->len; i++)
    {
      SpcResult *result = g_ptr_array_index (groups.other, i);
      g_autofree char *own = spc_summary_for_result (result);
      g_autofree char *summary = strip_final_period (own);
      g_autofree char *sentence = NULL;

      if (summary[0] != '\0')
        sentence = g_strdup_printf (_("Port %u: %s."),
                                    spc_result_get_port (result), summary);
      else
        sentence = g_strdup_printf (_("Port %u does not work."),
                                    spc_result_get_port (result));
      append_sentence (text, sentence);
    }

  if (groups.unfinished->len > 0)
    {
      g_autofree char *ports = join_ports (groups.unfinished);
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The check of port %s did not finish.",
                                      "The check of ports %s did not finish.",
                                      groups.unfinished->len),
                         ports);
      append_sentence (text, sentence);
    }

  if (text->len == 0)
    append_sentence (text, _("No port works for sending mail with a password over an encrypted connection."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

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
    case SPC_CONFIG_PLAIN: return _("Mail client (Thunderbird, Evolution)");
    case SPC_CONFIG_MSMTP: return _("msmtp");
    case SPC_CONFIG_POSTFIX: return _("Postfix relay host");
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

/* Single quotes for the shell, only when a character needs them */
static char *
shell_quote (const char *text)
{
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
  GString *quoted = g_string_new ("\"");

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

static const char *
get_auth_method_label (const char *auth)
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
    { _("Authentication method"), get_auth_method_label (recommendation->auth) },
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
  /* msmtp reads a colon in an account name as "inherits from": an IPv6
   * address cannot name the account */
  g_autofree char *account = g_strdelimit (g_strdup (recommendation->host), ":", '-');

  g_string_append (text, "# ~/.msmtprc — keep it private: chmod 600 ~/.msmtprc\n");
  g_string_append (text, "defaults\n");
  g_string_append (text, "tls            on\n");
  g_string_append_printf (text, "tls_starttls   %s\n",
                          recommendation->mode == SPC_MODE_TLS ? "off" : "on");
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = msmtp_quote (recommendation->ca_file);

      g_string_append_printf (text, "tls_trust_file %s\n", quoted_ca);
    }
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

  g_string_append_printf (text, "git config --global sendemail.smtpServer %s\n", quoted_host);
  g_string_append_printf (text, "git config --global sendemail.smtpServerPort %u\n", recommendation->port);
  /* git's words: "ssl" is implicit TLS, "tls" is STARTTLS */
  g_string_append_printf (text, "git config --global sendemail.smtpEncryption %s\n",
                          recommendation->mode == SPC_MODE_TLS ? "ssl" : "tls");
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

      g_string_append_printf (text, "git config --global sendemail.smtpSSLCertPath %s\n", quoted_ca);
    }
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
  g_autofree char *host = url_host (recommendation->host);
  g_autofree char *escaped_user = g_uri_escape_string (user, NULL, FALSE);
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;

  if (recommendation->auth != NULL)
    url = g_strdup_printf ("%s://%s@%s:%u",
                           recommendation->mode == SPC_MODE_TLS ? "smtps" : "smtp",
                           escaped_user, host, recommendation->port);
  else
    url = g_strdup_printf ("%s://%s:%u",
                           recommendation->mode == SPC_MODE_TLS ? "smtps" : "smtp",
                           host, recommendation->port);
  quoted_url = double_quote (url);

  g_string_append (text, "# ~/.config/neomutt/neomuttrc (NeoMutt asks for the password)\n");
  g_string_append_printf (text, "set smtp_url = %s\n", quoted_url);
  g_string_append (text, "set ssl_force_tls = yes\n");
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = double_quote (recommendation->ca_file);

      g_string_append_printf (text, "set ssl_ca_certificates_file = %s\n", quoted_ca);
    }
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
  g_autofree char *host = url_host (recommendation->host);
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;
  g_autofree char *quoted_user = shell_quote (user);

  url = g_strdup_printf ("%s://%s:%u",
                         recommendation->mode == SPC_MODE_TLS ? "smtps" : "smtp",
                         host, recommendation->port);
  quoted_url = shell_quote (url);

  g_string_append (text, "# message.txt holds the mail with its headers (From:, To:, Subject:)\n");
  g_string_append_printf (text, "curl --url %s", quoted_url);
  if (recommendation->mode != SPC_MODE_TLS)
    g_string_append (text, " --ssl-reqd");
  g_string_append (text, " \\\n");
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

      g_string_append_printf (text, "  --cacert %s \\\n", quoted_ca);
    }
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

  g_string_append_printf (text, "swaks --server %s --port %u %s \\\n",
                          quoted_host, recommendation->port,
                          recommendation->mode == SPC_MODE_TLS ? "--tlsc" : "--tls");
  /* Without --tls-verify, swaks accepts any certificate */
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = shell_quote (recommendation->ca_file);

      g_string_append_printf (text, "  --tls-verify --tls-ca-path %s \\\n", quoted_ca);
    }
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
  if (recommendation->ca_file != NULL)
    {
      g_autofree char *quoted_ca = double_quote (recommendation->ca_file);

      g_string_append_printf (text, "context = ssl.create_default_context(cafile=%s)\n", quoted_ca);
    }
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

/* The checklist */

SpcChecklistItem *
spc_checklist_item_new (const char *question,
                        char       *answer,
                        char       *evidence)
{
  SpcChecklistItem *item = g_new0 (SpcChecklistItem, 1);

  item->question = g_strdup (question);
  item->answer = answer;
  item->evidence = evidence;
  return item;
}

void
spc_checklist_item_free (SpcChecklistItem *item)
{
  if (item == NULL)
    return;

  g_free (item->question);
  g_free (item->answer);
  g_free (item->evidence);
  g_free (item);
}

static SpcResult *
find_port (GPtrArray *all,
           guint16    port)
{
  for (guint i = 0; i < all->len; i++)
    if (spc_result_get_port (g_ptr_array_index (all, i)) == port)
      return g_ptr_array_index (all, i);
  return NULL;
}

/* "Port 25: Blocked on your network: no answer within 10 s" */
static char *
port_evidence (SpcResult *result)
{
  g_autofree char *summary = spc_summary_for_result (result);

  if (summary == NULL || summary[0] == '\0')
    return g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result),
                            spc_status_to_string (spc_result_get_status (result)));
  return g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result), summary);
}

static char *
joined_evidence (GPtrArray *results)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (results->len, g_free, TRUE);

  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (lines, port_evidence (g_ptr_array_index (results, i)));
  if (lines->len == 0)
    return NULL;
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Not known, for a port that did not tell: the reason why */
static char *
describe_unknown_port (SpcResult *result,
                       guint16    port)
{
  if (result == NULL)
    return g_strdup_printf (_("Not known: port %u was not checked."), port);
  if (!spc_result_get_finished (result)
      || spc_result_get_status (result) == SPC_STATUS_CANCELLED)
    return g_strdup_printf (_("Not known: the check of port %u did not finish."), port);

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_DNS_ERROR:
      return g_strdup (_("Not known: the server name could not be resolved."));
    case SPC_STATUS_UNREACHABLE:
      return g_strdup (_("Not known: the server could not be reached at all."));
    default:
      return NULL;
    }
}

static SpcChecklistItem *
answer_port_25_blocked (GPtrArray *all)
{
  const char *question = _("Is port 25 blocked on my network?");
  SpcResult *result = find_port (all, 25);
  char *unknown = describe_unknown_port (result, 25);

  if (unknown != NULL)
    return spc_checklist_item_new (question, unknown,
                                   result != NULL ? port_evidence (result) : NULL);

  if (spc_result_get_status (result) == SPC_STATUS_FILTERED)
    return spc_checklist_item_new (question,
                                   g_strdup (_("Yes: nothing answered on port 25 before the deadline, so something on the way drops it — usually the provider of your network.")),
                                   port_evidence (result));
  if (spc_result_get_status (result) == SPC_STATUS_REFUSED)
    return spc_checklist_item_new (question,
                                   g_strdup (_("Not known: the server refused port 25, so it does not listen there; your network may still allow it.")),
                                   port_evidence (result));
  return spc_checklist_item_new (question,
                                 g_strdup (_("No: the server answered on port 25.")),
                                 port_evidence (result));
}

static SpcChecklistItem *
answer_encryption (GPtrArray *all)
{
  const char *question = _("Does the server offer encryption?");
  g_autoptr(GArray) encrypted = port_array_new ();
  g_autoptr(GArray) clear = port_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  const char *version = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);

      if (spc_result_get_tls_version (result) != NULL)
        {
          if (version == NULL)
            version = spc_result_get_tls_version (result);
          g_array_append_val (encrypted, port);
          g_ptr_array_add (evidence, result);
        }
      else if (spc_result_get_finished (result)
               && spc_result_get_status (result) == SPC_STATUS_PLAINTEXT_ONLY)
        {
          g_array_append_val (clear, port);
          g_ptr_array_add (evidence, result);
        }
    }

  if (encrypted->len > 0 && clear->len > 0)
    {
      g_autofree char *encrypted_ports = join_ports (encrypted);
      g_autofree char *clear_ports = join_ports (clear);

      return spc_checklist_item_new (question,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Yes, on %s (%s); but port %s offers none.",
                                                                   "Yes, on %s (%s); but ports %s offer none.",
                                                                   clear->len),
                                                      encrypted_ports, version, clear_ports),
                                     joined_evidence (evidence));
    }
  if (encrypted->len > 0)
    {
      g_autofree char *encrypted_ports = join_ports (encrypted);

      return spc_checklist_item_new (question,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Yes: %s on port %s.",
                                                                   "Yes: %s on ports %s.",
                                                                   encrypted->len),
                                                      version, encrypted_ports),
                                     joined_evidence (evidence));
    }
  if (clear->len > 0)
    {
      g_autofree char *clear_ports = join_ports (clear);

      return spc_checklist_item_new (question,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "No: port %s speaks SMTP without encryption.",
                                                                   "No: ports %s speak SMTP without encryption.",
                                                                   clear->len),
                                                      clear_ports),
                                     joined_evidence (evidence));
    }
  return spc_checklist_item_new (question,
                                 g_strdup (_("Not known: no port got far enough to tell.")),
                                 NULL);
}

static char *
describe_certificate_flags (SpcResult            *result,
                            GTlsCertificateFlags  flags)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (problems, g_strdup (_("issued by an authority this system does not trust")));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (problems, g_strdup (_("issued for another name")));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    {
      GDateTime *not_after = spc_result_get_cert_not_after (result);
      g_autofree char *date = not_after != NULL ? g_date_time_format (not_after, "%Y-%m-%d") : NULL;

      if (date != NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("expired on %s"), date));
      else
        g_ptr_array_add (problems, g_strdup (_("expired")));
    }
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    {
      GDateTime *not_before = spc_result_get_cert_not_before (result);
      g_autofree char *date = not_before != NULL ? g_date_time_format (not_before, "%Y-%m-%d") : NULL;

      if (date != NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("not valid before %s"), date));
      else
        g_ptr_array_add (problems, g_strdup (_("not valid yet")));
    }
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (problems, g_strdup (_("revoked")));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (problems, g_strdup (_("signed with an insecure algorithm")));
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_ptr_array_add (problems, g_strdup (_("not valid")));

  /* TRANSLATORS: separates certificate problems: "expired on 2026-03-02; issued for another name" */
  return g_strjoinv (C_("problem separator", "; "), (char **) problems->pdata);
}

static SpcChecklistItem *
answer_certificate (GPtrArray *all)
{
  const char *question = _("Is the certificate valid?");
  g_autoptr(GArray) valid = port_array_new ();
  g_autoptr(GPtrArray) invalid = g_ptr_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);

      /* A TLS session always has the server's certificate */
      if (spc_result_get_tls_version (result) == NULL)
        continue;
      g_ptr_array_add (evidence, result);
      if (spc_result_get_certificate_errors (result) != 0)
        g_ptr_array_add (invalid, result);
      else
        g_array_append_val (valid, port);
    }

  if (invalid->len > 0)
    {
      g_autoptr(GString) answer = g_string_new (_("No:"));

      for (guint i = 0; i < invalid->len; i++)
        {
          SpcResult *result = g_ptr_array_index (invalid, i);
          g_autofree char *problems =
            describe_certificate_flags (result, spc_result_get_certificate_errors (result));

          g_string_append_c (answer, ' ');
          /* After "No:", then after a full stop */
          if (i == 0)
            /* TRANSLATORS: "No: on port 465 it is expired on 2026-03-02." */
            g_string_append_printf (answer, _("on port %u it is %s."),
                                    spc_result_get_port (result), problems);
          else
            /* TRANSLATORS: a further sentence: "On port 2525 it is self-signed." */
            g_string_append_printf (answer, _("On port %u it is %s."),
                                    spc_result_get_port (result), problems);
        }
      if (valid->len > 0)
        {
          g_autofree char *valid_ports = join_ports (valid);

          g_string_append_c (answer, ' ');
          g_string_append_printf (answer,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "On port %s it is valid.",
                                               "On ports %s it is valid.",
                                               valid->len),
                                  valid_ports);
        }
      return spc_checklist_item_new (question, g_string_free (g_steal_pointer (&answer), FALSE),
                                     joined_evidence (evidence));
    }
  if (valid->len > 0)
    {
      g_autofree char *valid_ports = join_ports (valid);

      return spc_checklist_item_new (question,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Yes: on port %s it is trusted and issued for this server.",
                                                                   "Yes: on ports %s it is trusted and issued for this server.",
                                                                   valid->len),
                                                      valid_ports),
                                     joined_evidence (evidence));
    }
  return spc_checklist_item_new (question,
                                 g_strdup (_("Not known: no port got as far as a TLS handshake.")),
                                 NULL);
}

static SpcChecklistItem *
answer_fastest (GPtrArray *all)
{
  const char *question = _("Which port is fastest?");
  SpcResult *fastest = NULL;
  gboolean fastest_green = FALSE;

  /* Among the ports that work; a refusal is fast but useless */
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      SpcVerdict verdict = spc_result_get_verdict (result);
      gboolean green = verdict == SPC_VERDICT_GREEN;

      if (!spc_result_get_finished (result)
          || (verdict != SPC_VERDICT_GREEN && verdict != SPC_VERDICT_YELLOW)
          || spc_result_get_timing (result, SPC_TIMING_TOTAL) < 0)
        continue;
      if (fastest == NULL
          || (green && !fastest_green)
          || (green == fastest_green
              && get_latency (result) < get_latency (fastest)))
        {
          fastest = result;
          fastest_green = green;
        }
    }

  if (fastest == NULL)
    return spc_checklist_item_new (question,
                                   g_strdup (_("Not known: no port completed a conversation.")),
                                   NULL);

  return spc_checklist_item_new (question,
                                 g_strdup_printf (fastest_green
                                                  ? _("Port %u: %d ms from connecting to the end of the conversation, the fastest of the ports that work.")
                                                  : _("Port %u: %d ms from connecting to the end of the conversation, the fastest of the ports that answered (none works fully)."),
                                                  spc_result_get_port (fastest),
                                                  clamp_ms (spc_result_get_timing (fastest, SPC_TIMING_TOTAL))),
                                 port_evidence (fastest));
}

/* "Does the server accept port N?" for 2525 and 465 */
static char *
answer_port_works (SpcResult *result,
                   guint16    port)
{
  char *unknown = describe_unknown_port (result, port);

  if (unknown != NULL)
    return unknown;

  switch (spc_result_get_verdict (result))
    {
    case SPC_VERDICT_GREEN:
      return g_strdup_printf (_("Yes: port %u works, encrypted, with a valid certificate and authentication."), port);
    case SPC_VERDICT_YELLOW:
      switch (spc_result_get_status (result))
        {
        case SPC_STATUS_NO_AUTH:
          return g_strdup_printf (_("Only for relay: port %u works, but offers no authentication for a mail client."), port);
        case SPC_STATUS_CERTIFICATE_INVALID:
          return g_strdup_printf (_("Not safely: port %u works, but its certificate cannot be trusted."), port);
        case SPC_STATUS_PLAINTEXT_ONLY:
          return g_strdup_printf (_("Not safely: port %u works, but without encryption."), port);
        default:
          return g_strdup_printf (_("Yes, with a warning: port %u works, but not fully."), port);
        }
    default:
      break;
    }

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_FILTERED:
      return g_strdup_printf (_("Not known: nothing answered on port %u before the deadline, so your network or the server’s firewall drops it."), port);
    case SPC_STATUS_REFUSED:
      return g_strdup_printf (_("No: nothing listens on port %u."), port);
    default:
      return g_strdup_printf (_("No: port %u answers, but does not work for sending mail."), port);
    }
}

static SpcChecklistItem *
answer_2525 (GPtrArray *all)
{
  SpcResult *result = find_port (all, 2525);

  return spc_checklist_item_new (_("Does the server accept port 2525?"),
                                 answer_port_works (result, 2525),
                                 result != NULL ? port_evidence (result) : NULL);
}

static SpcChecklistItem *
answer_465 (GPtrArray *all)
{
  SpcResult *result = find_port (all, 465);

  return spc_checklist_item_new (_("Can I use port 465 (SSL/TLS)?"),
                                 answer_port_works (result, 465),
                                 result != NULL ? port_evidence (result) : NULL);
}

static SpcChecklistItem *
answer_provider (GListModel *results)
{
  const char *question = _("Which port does my provider recommend?");
  g_autoptr(SpcRecommendation) recommendation = NULL;

  recommendation = spc_advice_recommend (results, "");
  if (recommendation != NULL)
    return spc_checklist_item_new (question,
                                   g_strdup_printf (_("Not known: a measurement cannot tell what your provider recommends; its documentation can. From this check, port %u with %s works best."),
                                                    recommendation->port, recommendation->security),
                                   NULL);
  return spc_checklist_item_new (question,
                                 g_strdup (_("Not known: a measurement cannot tell what your provider recommends; its documentation can. No port works from here.")),
                                 NULL);
}

static SpcChecklistItem *
answer_authentication (GPtrArray *all)
{
  const char *question = _("Does the server require authentication?");
  g_autoptr(GArray) with_auth = port_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  g_autofree char *mechanisms = NULL;
  gboolean ehlo_answered = FALSE;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      const SpcCapabilities *caps = spc_result_get_capabilities (result);
      guint16 port = spc_result_get_port (result);

      if (caps == NULL || !caps->ehlo_answered)
        continue;
      ehlo_answered = TRUE;
      if (caps->auth != NULL && caps->auth[0] != NULL)
        {
          if (mechanisms == NULL)
            mechanisms = g_strjoinv (" ", caps->auth);
          g_array_append_val (with_auth, port);
          g_ptr_array_add (evidence, result);
        }
    }

  if (with_auth->len > 0)
    {
      g_autofree char *ports = join_ports (with_auth);

      return spc_checklist_item_new (question,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Not known for sure, as the check never sends mail; but port %s offers authentication (%s), which submission servers require.",
                                                                   "Not known for sure, as the check never sends mail; but ports %s offer authentication (%s), which submission servers require.",
                                                                   with_auth->len),
                                                      ports, mechanisms),
                                     joined_evidence (evidence));
    }
  if (ehlo_answered)
    return spc_checklist_item_new (question,
                                   g_strdup (_("No port offers authentication: you cannot log in, so the server takes mail only for its own domains or from addresses it trusts.")),
                                   NULL);
  return spc_checklist_item_new (question,
                                 g_strdup (_("Not known: no port answered EHLO.")),
                                 NULL);
}

GPtrArray *
spc_advice_answer_checklist (GListModel *results)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *items;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);

  all = list_results (results);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_checklist_item_free);
  g_ptr_array_add (items, answer_port_25_blocked (all));
  g_ptr_array_add (items, answer_encryption (all));
  g_ptr_array_add (items, answer_certificate (all));
  g_ptr_array_add (items, answer_fastest (all));
  g_ptr_array_add (items, answer_2525 (all));
  g_ptr_array_add (items, answer_465 (all));
  g_ptr_array_add (items, answer_provider (results));
  g_ptr_array_add (items, answer_authentication (all));

  return items;
}
