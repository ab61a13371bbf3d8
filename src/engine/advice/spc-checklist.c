/* spc-checklist.c — the article's questions answered from the measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-certificate-text.h"
#include "spc-checklist-private.h"
#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-recommendation.h"
#include "spc-reference-text.h"
#include "spc-summary.h"

const char *
spc_checklist_answer_to_string (SpcChecklistAnswer answer)
{
  return spc_enum_get_nick (SPC_TYPE_CHECKLIST_ANSWER, answer);
}

const char *
spc_checklist_answer_get_label (SpcChecklistAnswer answer)
{
  switch (answer)
    {
    case SPC_CHECKLIST_YES:
      /* Translators: the short answer of a checklist question */
      return _("Yes");
    case SPC_CHECKLIST_NO:
      /* Translators: the short answer of a checklist question */
      return _("No");
    case SPC_CHECKLIST_NOT_KNOWN:
      /* Translators: the short answer of a checklist question */
      return _("Not known");
    case SPC_CHECKLIST_ANSWERED:
    default:
      return NULL;
    }
}

SpcChecklistItem *
spc_checklist_item_new (const char         *question,
                        SpcChecklistAnswer  answer,
                        char               *headline,
                        char               *evidence)
{
  SpcChecklistItem *item = g_new0 (SpcChecklistItem, 1);

  item->question = g_strdup (question);
  item->answer = answer;
  item->headline = headline;
  item->evidence = evidence;
  return item;
}

void
spc_checklist_item_free (SpcChecklistItem *item)
{
  if (item == NULL)
    return;

  g_free (item->question);
  g_free (item->headline);
  g_free (item->evidence);
  g_free (item);
}

SpcResult *
_spc_checklist_find_port (GPtrArray *all,
                          guint16    port)
{
  for (guint i = 0; i < all->len; i++)
    if (spc_result_get_port (g_ptr_array_index (all, i)) == port)
      return g_ptr_array_index (all, i);
  return NULL;
}

char *
_spc_checklist_port_evidence (SpcResult *result)
{
  g_autofree char *summary = NULL;

  if (result == NULL)
    return NULL;
  summary = _spc_advice_dup_evidence (result);
  if (summary[0] == '\0')
    return g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result),
                            spc_status_to_string (spc_result_get_status (result)));
  return g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result), summary);
}

char *
_spc_checklist_joined_evidence (GPtrArray *results)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (results->len, g_free, TRUE);

  for (guint i = 0; i < results->len; i++)
    g_ptr_array_add (lines, _spc_checklist_port_evidence (g_ptr_array_index (results, i)));
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
    return g_strdup_printf (_("Port %u was not checked."), port);
  if (!spc_result_get_finished (result)
      || spc_result_get_status (result) == SPC_STATUS_CANCELLED)
    return g_strdup_printf (_("The check of port %u did not finish."), port);

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_DNS_ERROR:
      return g_strdup (_("The server name could not be resolved."));
    case SPC_STATUS_UNREACHABLE:
      return g_strdup (_("The server could not be reached at all."));
    default:
      return NULL;
    }
}

/* "No" only over a server that spoke: a connection accepted in silence may
 * be a device in between that takes port 25 for itself */
static char *
describe_port_25_blocked (SpcResult          *result,
                          SpcChecklistAnswer *answer)
{
  char *unknown = describe_unknown_port (result, 25);

  *answer = SPC_CHECKLIST_NOT_KNOWN;
  if (unknown != NULL)
    return unknown;

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_FILTERED:
      /* The reference check tells whose firewall */
      switch (spc_reference_get_finding (result))
        {
        case SPC_PATH_NETWORK_BLOCKS: *answer = SPC_CHECKLIST_YES; break;
        case SPC_PATH_SERVER_SILENT: *answer = SPC_CHECKLIST_NO; break;
        default: break;
        }
      return spc_reference_answer_port_25 (result);
    case SPC_STATUS_REFUSED:
      return g_strdup (_("The server refused port 25, so it does not listen there; your network may still allow it."));
    case SPC_STATUS_NO_GREETING:
    case SPC_STATUS_TIMEOUT:
      return g_strdup (_("Port 25 accepted the connection, but no mail server greeted; something in between may take the port for itself."));
    case SPC_STATUS_NOT_SMTP:
      return g_strdup (_("Something other than a mail server answered on port 25."));
    default:
      *answer = SPC_CHECKLIST_NO;
      return g_strdup (_("The server answered on port 25."));
    }
}

static SpcChecklistItem *
answer_port_25_blocked (GPtrArray *all)
{
  SpcResult *result = _spc_checklist_find_port (all, 25);
  SpcChecklistAnswer answer;
  char *headline = describe_port_25_blocked (result, &answer);

  return spc_checklist_item_new (_("Is port 25 blocked on my network?"), answer, headline,
                                 _spc_checklist_port_evidence (result));
}

/* The TLS versions are the evidence's: each port's line names its own */
static char *
describe_measured_encryption (GArray *encrypted_ports,
                              GArray *clear)
{
  g_autofree char *encrypted_text = _spc_advice_join_ports (encrypted_ports);
  g_autofree char *clear_text = _spc_advice_join_ports (clear);

  if (encrypted_ports->len > 0 && clear->len > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Encrypted on %s; but port %s offers no encryption.",
                                         "Encrypted on %s; but ports %s offer no encryption.",
                                         clear->len),
                            encrypted_text, clear_text);
  if (encrypted_ports->len > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Encrypted on port %s.",
                                         "Encrypted on ports %s.",
                                         encrypted_ports->len),
                            encrypted_text);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Port %s offers no encryption.",
                                       "Ports %s offer no encryption.",
                                       clear->len),
                          clear_text);
}

/* The ports checked in clear, as asked, that offer STARTTLS are neither
 * encrypted nor without encryption: their own sentence follows */
static char *
describe_encryption (GArray *encrypted_ports,
                     GArray *clear,
                     GArray *offered)
{
  static const SpcPluralText offered_text =
    NP_("Port %s offers STARTTLS, but was checked without encryption, as asked.",
        "Ports %s offer STARTTLS, but were checked without encryption, as asked.");
  g_autofree char *measured = NULL;
  g_autofree char *offered_sentence = NULL;

  if (offered->len == 0)
    return describe_measured_encryption (encrypted_ports, clear);
  offered_sentence = _spc_advice_format_ports (&offered_text, offered);
  if (encrypted_ports->len == 0 && clear->len == 0)
    return g_steal_pointer (&offered_sentence);
  measured = describe_measured_encryption (encrypted_ports, clear);
  return g_strdup_printf ("%s %s", measured, offered_sentence);
}

/* "Port 465: TLS 1.3" for each port that made TLS */
static char *
describe_tls_versions (GPtrArray *encrypted)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (encrypted->len, g_free, TRUE);

  for (guint i = 0; i < encrypted->len; i++)
    {
      SpcResult *result = g_ptr_array_index (encrypted, i);

      g_ptr_array_add (lines, g_strdup_printf (_("Port %u: %s"), spc_result_get_port (result),
                                               spc_result_get_tls_version (result)));
    }
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static SpcChecklistItem *
answer_encryption (GPtrArray *all)
{
  const char *question = _("Does the server offer encryption?");
  g_autoptr(GArray) encrypted_ports = _spc_advice_port_array_new ();
  g_autoptr(GArray) clear = _spc_advice_port_array_new ();
  g_autoptr(GArray) offered = _spc_advice_port_array_new ();
  g_autoptr(GPtrArray) encrypted = g_ptr_array_new ();
  g_autoptr(GPtrArray) clear_results = g_ptr_array_new ();
  g_autofree char *versions = NULL;
  g_autofree char *clear_evidence = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);

      if (spc_result_get_tls_version (result) != NULL)
        {
          g_array_append_val (encrypted_ports, port);
          g_ptr_array_add (encrypted, result);
        }
      else if (_spc_advice_starttls_not_tried (result))
        {
          /* Its summary says the server offers STARTTLS there */
          g_array_append_val (offered, port);
          g_ptr_array_add (clear_results, result);
        }
      else if (spc_result_get_finished (result)
               && spc_result_get_status (result) == SPC_STATUS_PLAINTEXT_ONLY)
        {
          g_array_append_val (clear, port);
          g_ptr_array_add (clear_results, result);
        }
    }

  if (encrypted->len == 0 && clear->len == 0 && offered->len == 0)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup (_("No port got far enough to tell.")), NULL);

  versions = encrypted->len > 0 ? describe_tls_versions (encrypted) : NULL;
  clear_evidence = _spc_checklist_joined_evidence (clear_results);
  return spc_checklist_item_new (question,
                                 encrypted->len > 0 || offered->len > 0 ? SPC_CHECKLIST_YES : SPC_CHECKLIST_NO,
                                 describe_encryption (encrypted_ports, clear, offered),
                                 versions != NULL && clear_evidence != NULL
                                 ? g_strjoin ("\n", versions, clear_evidence, NULL)
                                 : g_strdup (versions != NULL ? versions : clear_evidence));
}

/* "Ports 465 and 2525 have certificate problems. On port 587 it is valid." */
static char *
describe_invalid_certificates (GPtrArray *invalid,
                               GArray    *valid)
{
  static const SpcPluralText no = NP_("Port %s has a certificate problem.",
                                      "Ports %s have certificate problems.");
  static const SpcPluralText valid_too = NP_("On port %s it is valid.",
                                             "On ports %s it is valid.");
  g_autoptr(GArray) invalid_ports = _spc_advice_port_array_new ();
  g_autofree char *first = NULL;
  g_autofree char *valid_sentence = NULL;

  for (guint i = 0; i < invalid->len; i++)
    {
      guint16 port = spc_result_get_port (g_ptr_array_index (invalid, i));

      g_array_append_val (invalid_ports, port);
    }
  first = _spc_advice_format_ports (&no, invalid_ports);
  if (valid->len == 0)
    return g_steal_pointer (&first);
  valid_sentence = _spc_advice_format_ports (&valid_too, valid);
  return g_strdup_printf ("%s %s", first, valid_sentence);
}

/* A line for each problem: "Port 465: The certificate expired on 2 March 2026." */
static char *
describe_certificate_problems (GPtrArray *invalid)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < invalid->len; i++)
    {
      SpcResult *result = g_ptr_array_index (invalid, i);
      g_auto(GStrv) problems = spc_certificate_describe_problems (result);

      for (guint j = 0; problems[j] != NULL; j++)
        {
          if (lines->len > 0)
            g_string_append_c (lines, '\n');
          g_string_append_printf (lines, _("Port %u: %s"), spc_result_get_port (result), problems[j]);
        }
    }
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static SpcChecklistItem *
answer_certificate (GPtrArray *all)
{
  static const SpcPluralText yes = NP_("On port %s it is trusted and issued for this server.",
                                       "On ports %s it is trusted and issued for this server.");
  const char *question = _("Is the certificate valid?");
  g_autoptr(GArray) valid = _spc_advice_port_array_new ();
  g_autoptr(GPtrArray) invalid = g_ptr_array_new ();
  g_autoptr(GPtrArray) valid_results = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);

      /* A TLS session always has the server's certificate */
      if (spc_result_get_tls_version (result) == NULL)
        continue;
      /* Validation's errors and the chain's faults alike: the test the
       * port's status and summary come from */
      if (!spc_result_get_certificate_valid (result))
        {
          g_ptr_array_add (invalid, result);
        }
      else
        {
          g_array_append_val (valid, port);
          g_ptr_array_add (valid_results, result);
        }
    }

  if (invalid->len > 0)
    {
      /* A faulty port's evidence is its problem lines; its measured line
       * would say the same problem again */
      g_autofree char *problems = describe_certificate_problems (invalid);
      g_autofree char *measured = _spc_checklist_joined_evidence (valid_results);

      return spc_checklist_item_new (question, SPC_CHECKLIST_NO,
                                     describe_invalid_certificates (invalid, valid),
                                     measured != NULL ? g_strjoin ("\n", problems, measured, NULL)
                                                      : g_steal_pointer (&problems));
    }
  if (valid->len > 0)
    return spc_checklist_item_new (question, SPC_CHECKLIST_YES, _spc_advice_format_ports (&yes, valid),
                                   _spc_checklist_joined_evidence (valid_results));
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 g_strdup (_("No port got far enough to show its certificate.")), NULL);
}

/* The conversation ran to its end (EHLO answered, QUIT sent), whatever the
 * verdict: the ports the fastest is chosen among when none works */
static gboolean
conversation_completed (SpcResult *result)
{
  if (!spc_result_get_finished (result))
    return FALSE;
  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_OK:
    case SPC_STATUS_NO_AUTH:
    case SPC_STATUS_CERTIFICATE_INVALID:
    case SPC_STATUS_PLAINTEXT_ONLY:
      return TRUE;
    case SPC_STATUS_TLS_FAILED:
      return spc_result_get_detail (result) == SPC_DETAIL_OBSOLETE_TLS;
    default:
      return FALSE;
    }
}

static SpcChecklistItem *
answer_fastest (GPtrArray *all)
{
  const char *question = _("Which port is fastest?");
  SpcResult *fastest = NULL;
  gboolean fastest_green = FALSE;

  /* Among the ports that work, else among all that completed the
   * conversation; a refusal is fast but useless */
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      gboolean green = _spc_advice_is_green (result);

      if (!conversation_completed (result) || spc_result_get_timing (result, SPC_TIMING_TOTAL) < 0)
        continue;
      if (fastest == NULL
          || (green && !fastest_green)
          || (green == fastest_green
              && _spc_advice_get_latency (result) < _spc_advice_get_latency (fastest)))
        {
          fastest = result;
          fastest_green = green;
        }
    }

  if (fastest == NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup (_("No port completed a conversation.")), NULL);

  return spc_checklist_item_new (question, SPC_CHECKLIST_ANSWERED,
                                 g_strdup_printf (fastest_green
                                                  ? _("Port %u: %d ms from connecting to the end of the conversation, the fastest of the ports that work.")
                                                  : _("Port %u: %d ms from connecting to the end of the conversation, the fastest of the ports whose conversation ran to the end (none works fully)."),
                                                  spc_result_get_port (fastest),
                                                  _spc_advice_clamp_ms (spc_result_get_timing (fastest, SPC_TIMING_TOTAL))),
                                 _spc_checklist_port_evidence (fastest));
}

/* A port that works only with a warning */
static char *
describe_yellow_port (SpcResult          *result,
                      guint16             port,
                      SpcChecklistAnswer *answer)
{
  *answer = SPC_CHECKLIST_NO;
  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_NO_AUTH:
      return g_strdup_printf (_("Only for relay: port %u works, but offers no authentication for a mail client."), port);
    case SPC_STATUS_CERTIFICATE_INVALID:
      return g_strdup_printf (_("Not safely: port %u works, but its certificate cannot be trusted."), port);
    case SPC_STATUS_PLAINTEXT_ONLY:
      return g_strdup_printf (_("Not safely: port %u works, but without encryption."), port);
    default:
      *answer = SPC_CHECKLIST_YES;
      return g_strdup_printf (_("With a warning: port %u works, but not fully."), port);
    }
}

/* "Does the server accept port N?" for 2525 and 465 */
static char *
describe_port_works (SpcResult          *result,
                     guint16             port,
                     SpcChecklistAnswer *answer)
{
  char *unknown = describe_unknown_port (result, port);

  *answer = SPC_CHECKLIST_NOT_KNOWN;
  if (unknown != NULL)
    return unknown;

  switch (spc_result_get_verdict (result))
    {
    case SPC_VERDICT_GREEN:
      *answer = SPC_CHECKLIST_YES;
      return g_strdup_printf (_("Port %u works, encrypted, with a valid certificate and sign-in."), port);
    case SPC_VERDICT_YELLOW:
      return describe_yellow_port (result, port, answer);
    default:
      break;
    }

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_FILTERED:
      if (spc_reference_get_finding (result) == SPC_PATH_SERVER_SILENT)
        *answer = SPC_CHECKLIST_NO;
      return spc_reference_describe_port (result);
    case SPC_STATUS_REFUSED:
      *answer = SPC_CHECKLIST_NO;
      return g_strdup_printf (_("Nothing listens on port %u."), port);
    /* Red, as a mail program refuses it, but the rest of it works */
    case SPC_STATUS_CERTIFICATE_INVALID:
      return describe_yellow_port (result, port, answer);
    /* Measured with the other encryption than the port's: not known */
    case SPC_STATUS_MODE_MISMATCH:
      *answer = SPC_CHECKLIST_NOT_KNOWN;
      if (spc_result_get_detail (result) == SPC_DETAIL_PLAIN_SMTP_ON_TLS_PORT)
        return g_strdup_printf (_("Port %u speaks mail without SSL/TLS, not SSL/TLS as it was checked: check it with STARTTLS to know whether it works."),
                                port);
      return g_strdup_printf (_("Port %u speaks SSL/TLS from the first byte, not STARTTLS as it was checked: check it with SSL/TLS to know whether it works."),
                              port);
    case SPC_STATUS_NO_GREETING:
    case SPC_STATUS_TIMEOUT:
      return g_strdup_printf (_("Port %u accepted the connection, but no mail server answered in time; something in between may take the port for itself."),
                              port);
    case SPC_STATUS_PLAINTEXT_ONLY:
      if (_spc_advice_starttls_not_tried (result))
        return g_strdup_printf (_("Port %u was checked without encryption, as asked; it offers STARTTLS, which this check did not try."),
                                port);
      return describe_yellow_port (result, port, answer);
    default:
      *answer = SPC_CHECKLIST_NO;
      return g_strdup_printf (_("Port %u answers, but does not work for sending mail."), port);
    }
}

static SpcChecklistItem *
answer_port_works (GPtrArray  *all,
                   const char *question,
                   guint16     port)
{
  SpcResult *result = _spc_checklist_find_port (all, port);
  SpcChecklistAnswer answer;
  char *headline = describe_port_works (result, port, &answer);

  return spc_checklist_item_new (question, answer, headline, _spc_checklist_port_evidence (result));
}

static SpcChecklistItem *
answer_provider (GListModel *results)
{
  const char *question = _("Which port does my provider recommend?");
  g_autoptr(SpcRecommendation) recommendation = NULL;

  recommendation = spc_advice_recommend (results, "");
  if (recommendation != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup_printf (_("A measurement cannot tell what your provider recommends; its documentation can. From this check, port %u with %s works best."),
                                                    recommendation->port, recommendation->security),
                                   NULL);
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 g_strdup (_("A measurement cannot tell what your provider recommends; its documentation can. No port works from here.")),
                                 NULL);
}

/* "Port 587 also offers login before encryption …" for each such port */
static void
append_auth_before_tls (GString   *evidence,
                        GPtrArray *all)
{
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      const SpcCapabilities *before = spc_result_get_capabilities_before_tls (result);

      if (before == NULL || before->auth == NULL || before->auth[0] == NULL)
        continue;
      if (evidence->len > 0)
        g_string_append_c (evidence, '\n');
      g_string_append_printf (evidence,
                              _("Port %u also offers login before encryption: set the mail client to STARTTLS, so the password never travels in clear."),
                              spc_result_get_port (result));
    }
}

/* Not known, when no port offers sign-in but some may offer it only after
 * STARTTLS, which was not tried or did not work: NULL otherwise */
static SpcChecklistItem *
answer_auth_hidden (const char *question,
                    GPtrArray  *all)
{
  static const SpcPluralText text =
    NP_("Port %s offers no sign-in in clear, but it offers STARTTLS, and servers often offer sign-in only after it; this check did not get that far.",
        "Ports %s offer no sign-in in clear, but they offer STARTTLS, and servers often offer sign-in only after it; this check did not get that far.");
  g_autoptr(GArray) hidden = _spc_advice_port_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      const SpcCapabilities *caps = spc_result_get_capabilities (result);
      guint16 port = spc_result_get_port (result);

      if (caps->ehlo_answered && !_spc_advice_auth_is_known (result))
        {
          g_array_append_val (hidden, port);
          g_ptr_array_add (evidence, result);
        }
    }
  if (hidden->len == 0)
    return NULL;
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 _spc_advice_format_ports (&text, hidden),
                                 _spc_checklist_joined_evidence (evidence));
}

static SpcChecklistItem *
answer_authentication (GPtrArray *all)
{
  const char *question = _("Does the server require authentication?");
  g_autoptr(GArray) with_auth = _spc_advice_port_array_new ();
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();
  g_autoptr(GString) evidence_text = NULL;
  g_autofree char *ports = NULL;
  gboolean ehlo_answered = FALSE;
  SpcChecklistItem *hidden;

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
          g_array_append_val (with_auth, port);
          g_ptr_array_add (evidence, result);
        }
    }

  /* "No" only from EHLO answers that tell every mechanism */
  if (with_auth->len == 0 && (hidden = answer_auth_hidden (question, all)) != NULL)
    return hidden;
  if (with_auth->len == 0 && ehlo_answered)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NO,
                                   g_strdup (_("None of the ports offers sign-in: you cannot log in, so the server takes mail only for its own domains or from addresses it trusts.")),
                                   NULL);
  if (with_auth->len == 0)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup (_("No port got far enough to tell.")), NULL);

  ports = _spc_advice_join_ports (with_auth);
  evidence_text = g_string_new (NULL);
  {
    g_autofree char *measured = _spc_checklist_joined_evidence (evidence);

    g_string_append (evidence_text, measured);
  }
  append_auth_before_tls (evidence_text, all);
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 /* The mechanisms are the evidence's */
                                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "The check never sends mail, so it cannot be sure; but port %s offers sign-in, which servers for sending mail require.",
                                                               "The check never sends mail, so it cannot be sure; but ports %s offer sign-in, which servers for sending mail require.",
                                                               with_auth->len),
                                                  ports),
                                 g_string_free (g_steal_pointer (&evidence_text), FALSE));
}

GPtrArray *
spc_advice_answer_checklist (GListModel *results)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *items;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);

  all = _spc_advice_list_results (results);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) spc_checklist_item_free);
  g_ptr_array_add (items, answer_port_25_blocked (all));
  g_ptr_array_add (items, spc_reference_answer_network (all));
  g_ptr_array_add (items, answer_encryption (all));
  g_ptr_array_add (items, _spc_checklist_answer_encryption_choice (all));
  g_ptr_array_add (items, answer_certificate (all));
  g_ptr_array_add (items, answer_fastest (all));
  g_ptr_array_add (items, _spc_checklist_answer_speed (all));
  g_ptr_array_add (items, answer_port_works (all, _("Does the server accept port 2525?"), 2525));
  g_ptr_array_add (items, answer_port_works (all, _("Can I use port 465 (SSL/TLS)?"), 465));
  g_ptr_array_add (items, answer_provider (results));
  g_ptr_array_add (items, answer_authentication (all));
  g_ptr_array_add (items, _spc_checklist_answer_compatibility (all));

  return items;
}
