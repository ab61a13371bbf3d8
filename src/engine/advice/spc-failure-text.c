/* spc-failure-text.c — what to do when no port works
 *
 * The ports are grouped by what went wrong, and each group gets one
 * sentence naming its ports, in the order of FailureGroup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-certificate-text.h"
#include "spc-failure-text.h"
#include "spc-reference-text.h"

/* In the order their sentences are told */
typedef enum {
  GROUP_FILTERED,
  GROUP_CERTIFICATE,
  GROUP_NO_AUTH,
  GROUP_STARTTLS_NOT_TRIED,
  GROUP_PLAINTEXT,
  GROUP_PLAINTEXT_NO_AUTH,
  GROUP_TLS_BROKEN,
  GROUP_REJECTED,
  GROUP_SILENT,
  GROUP_REFUSED,
  GROUP_UNREACHABLE,
  GROUP_OTHER,          /* each port told by its own summary */
  GROUP_UNFINISHED,
  GROUP_DNS_ERROR,      /* told alone, before anything else */
  N_GROUPS,
  GROUP_NONE = N_GROUPS, /* a green port: nothing to explain */
} FailureGroup;

typedef enum {
  SENTENCE_ALL_REFUSED,
  SENTENCE_CERTIFICATE_DATES,
  SENTENCE_CERTIFICATE_NAME,
  SENTENCE_CERTIFICATE_TRUST,
  SENTENCE_CERTIFICATE_CHAIN,
  SENTENCE_CERTIFICATE_REPLACE,
  SENTENCE_CERTIFICATE_SERVER,
  SENTENCE_NO_AUTH,
  SENTENCE_STARTTLS_NOT_TRIED,
  SENTENCE_PLAINTEXT,
  SENTENCE_PLAINTEXT_NO_AUTH,
  SENTENCE_TLS_BROKEN,
  SENTENCE_REJECTED,
  SENTENCE_SILENT,
  SENTENCE_REFUSED,
  SENTENCE_UNREACHABLE,
  SENTENCE_UNFINISHED,
  N_SENTENCES,
} FailureSentence;

static const SpcPluralText sentences[N_SENTENCES] = {
  [SENTENCE_ALL_REFUSED] =
    NP_("The server refused port %s: nothing listens there. Check the server name; this may not be a mail server.",
        "The server refused every port tried (%s): nothing listens there. Check the server name; this may not be a mail server."),
  [SENTENCE_CERTIFICATE_DATES] =
    NP_("Port %s answers, but its certificate is outside its dates: check this computer’s clock, and if it is right, tell your provider to renew the certificate.",
        "Ports %s answer, but their certificates are outside their dates: check this computer’s clock, and if it is right, tell your provider to renew the certificates."),
  [SENTENCE_CERTIFICATE_NAME] =
    NP_("Port %s answers, but its certificate is for another name: use the server name the certificate shows (see the details), or tell your provider.",
        "Ports %s answer, but their certificates are for another name: use the server name the certificates show (see the details), or tell your provider."),
  [SENTENCE_CERTIFICATE_TRUST] =
    NP_("Port %s answers, but its certificate cannot be trusted: if your organisation uses its own certificate authority, add its certificate; otherwise tell your provider.",
        "Ports %s answer, but their certificates cannot be trusted: if your organisation uses its own certificate authority, add its certificate; otherwise tell your provider."),
  [SENTENCE_CERTIFICATE_CHAIN] =
    NP_("Port %s answers, but the chain of certificates it sends is incomplete or out of date: the server’s administrator must send the current intermediate certificate; tell your provider.",
        "Ports %s answer, but the chains of certificates they send are incomplete or out of date: the server’s administrator must send the current intermediate certificates; tell your provider."),
  [SENTENCE_CERTIFICATE_REPLACE] =
    NP_("Port %s answers, but its certificate is one mail programs refuse whatever this computer trusts (the details say why): the server’s administrator must replace it; tell your provider.",
        "Ports %s answer, but their certificates are ones mail programs refuse whatever this computer trusts (the details say why): the server’s administrator must replace them; tell your provider."),
  [SENTENCE_CERTIFICATE_SERVER] =
    NP_("Port %s answers, but its certificate and the chain it sends have faults only the server’s administrator can fix (the details say which): tell your provider.",
        "Ports %s answer, but their certificates and the chains they send have faults only the server’s administrator can fix (the details say which): tell your provider."),
  [SENTENCE_NO_AUTH] =
    NP_("Port %s works but offers no authentication: it takes mail only for relay between servers, not from a mail client.",
        "Ports %s work but offer no authentication: they take mail only for relay between servers, not from a mail client."),
  [SENTENCE_STARTTLS_NOT_TRIED] =
    NP_("Port %s was checked without encryption, as asked, but the server offers STARTTLS there: check it with STARTTLS to know whether a mail client can use it.",
        "Ports %s were checked without encryption, as asked, but the server offers STARTTLS there: check them with STARTTLS to know whether a mail client can use them."),
  [SENTENCE_PLAINTEXT] =
    NP_("Port %s offers no encryption: a password would travel in clear, so do not use it.",
        "Ports %s offer no encryption: a password would travel in clear, so do not use them."),
  [SENTENCE_PLAINTEXT_NO_AUTH] =
    NP_("Port %s offers neither encryption nor login: it takes mail only for relay between servers, not from a mail client.",
        "Ports %s offer neither encryption nor login: they take mail only for relay between servers, not from a mail client."),
  [SENTENCE_TLS_BROKEN] =
    NP_("The server’s TLS is broken on port %s: tell your provider (the details show the error).",
        "The server’s TLS is broken on ports %s: tell your provider (the details show each error)."),
  [SENTENCE_REJECTED] =
    NP_("The server turned the connection away on port %s; it may have blocked your address: ask your provider.",
        "The server turned the connection away on ports %s; it may have blocked your address: ask your provider."),
  [SENTENCE_SILENT] =
    NP_("Port %s accepted the connection, then the server stayed silent.",
        "Ports %s accepted the connection, then the server stayed silent."),
  [SENTENCE_REFUSED] =
    NP_("Nothing listens on port %s.",
        "Nothing listens on ports %s."),
  [SENTENCE_UNREACHABLE] =
    NP_("The server could not be reached on port %s.",
        "The server could not be reached on ports %s."),
  [SENTENCE_UNFINISHED] =
    NP_("The check of port %s did not finish.",
        "The check of ports %s did not finish."),
};

typedef struct {
  GArray               *ports[N_GROUPS];   /* guint16 */
  GPtrArray            *other;             /* SpcResult* of GROUP_OTHER */
  SpcCertificateFixes   certificate_fixes; /* of every port in GROUP_CERTIFICATE */
  guint                 n_results;
} FailureGroups;

static void
failure_groups_clear (FailureGroups *groups)
{
  for (guint i = 0; i < N_GROUPS; i++)
    g_clear_pointer (&groups->ports[i], g_array_unref);
  g_clear_pointer (&groups->other, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FailureGroups, failure_groups_clear)

/* The handshake or the session failed: the server's fault, whatever the
 * library's words for it (those stay in the port's details) */
static gboolean
is_tls_broken (SpcDetail detail)
{
  switch (detail)
    {
    case SPC_DETAIL_TLS_CLOSED:
    case SPC_DETAIL_TLS_OLD_VERSION:
    case SPC_DETAIL_TLS_HANDSHAKE_FAILED:
    case SPC_DETAIL_TLS_SESSION_FAILED:
    case SPC_DETAIL_OBSOLETE_TLS:
      return TRUE;
    default:
      return FALSE;
    }
}

static FailureGroup
get_group (SpcResult *result)
{
  if (!spc_result_get_finished (result))
    return GROUP_UNFINISHED;

  switch (spc_result_get_status (result))
    {
    case SPC_STATUS_OK: return GROUP_NONE;
    case SPC_STATUS_FILTERED: return GROUP_FILTERED;
    case SPC_STATUS_REFUSED: return GROUP_REFUSED;
    case SPC_STATUS_CERTIFICATE_INVALID: return GROUP_CERTIFICATE;
    case SPC_STATUS_NO_AUTH: return GROUP_NO_AUTH;
    case SPC_STATUS_PLAINTEXT_ONLY:
      /* What AUTH it has may be only inside the STARTTLS not tried */
      if (_spc_advice_starttls_not_tried (result))
        return GROUP_STARTTLS_NOT_TRIED;
      return _spc_advice_offers_auth (result) ? GROUP_PLAINTEXT : GROUP_PLAINTEXT_NO_AUTH;
    case SPC_STATUS_TLS_FAILED:
      return is_tls_broken (spc_result_get_detail (result)) ? GROUP_TLS_BROKEN : GROUP_OTHER;
    case SPC_STATUS_REJECTED: return GROUP_REJECTED;
    case SPC_STATUS_NO_GREETING:
    case SPC_STATUS_TIMEOUT: return GROUP_SILENT;
    case SPC_STATUS_UNREACHABLE: return GROUP_UNREACHABLE;
    case SPC_STATUS_DNS_ERROR: return GROUP_DNS_ERROR;
    case SPC_STATUS_PENDING:
    case SPC_STATUS_CANCELLED: return GROUP_UNFINISHED;
    default: return GROUP_OTHER;
    }
}

static void
group_results (GPtrArray     *all,
               FailureGroups *groups)
{
  for (guint i = 0; i < N_GROUPS; i++)
    groups->ports[i] = _spc_advice_port_array_new ();
  groups->other = g_ptr_array_new_with_free_func (g_object_unref);
  groups->n_results = all->len;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      guint16 port = spc_result_get_port (result);
      FailureGroup group = get_group (result);

      if (group == GROUP_NONE)
        continue;
      if (group == GROUP_CERTIFICATE)
        groups->certificate_fixes |= spc_certificate_get_fixes (result);
      if (group == GROUP_OTHER)
        g_ptr_array_add (groups->other, g_object_ref (result));
      g_array_append_val (groups->ports[group], port);
    }
}

/* What to do depends on what is wrong, as the certificate's own problem
 * lines tell it: only an unknown authority can be fixed on this computer,
 * and a fault of the certificate or of its chain (a weak key, a missing
 * intermediate) only by the server's administrator, whatever else is wrong */
static FailureSentence
choose_certificate_sentence (const FailureGroups *groups)
{
  SpcCertificateFixes fixes = groups->certificate_fixes;
  SpcCertificateFixes server = fixes & (SPC_CERTIFICATE_FIX_CHAIN | SPC_CERTIFICATE_FIX_REPLACE);

  if (server == SPC_CERTIFICATE_FIX_CHAIN)
    return SENTENCE_CERTIFICATE_CHAIN;
  if (server == SPC_CERTIFICATE_FIX_REPLACE)
    return SENTENCE_CERTIFICATE_REPLACE;
  if (server != 0)
    return SENTENCE_CERTIFICATE_SERVER;
  if (fixes == SPC_CERTIFICATE_FIX_DATES)
    return SENTENCE_CERTIFICATE_DATES;
  if (fixes == SPC_CERTIFICATE_FIX_NAME)
    return SENTENCE_CERTIFICATE_NAME;
  return SENTENCE_CERTIFICATE_TRUST;
}

static FailureSentence
choose_sentence (const FailureGroups *groups,
                 FailureGroup         group)
{
  switch (group)
    {
    case GROUP_CERTIFICATE: return choose_certificate_sentence (groups);
    case GROUP_NO_AUTH: return SENTENCE_NO_AUTH;
    case GROUP_STARTTLS_NOT_TRIED: return SENTENCE_STARTTLS_NOT_TRIED;
    case GROUP_PLAINTEXT: return SENTENCE_PLAINTEXT;
    case GROUP_PLAINTEXT_NO_AUTH: return SENTENCE_PLAINTEXT_NO_AUTH;
    case GROUP_TLS_BROKEN: return SENTENCE_TLS_BROKEN;
    case GROUP_REJECTED: return SENTENCE_REJECTED;
    case GROUP_SILENT: return SENTENCE_SILENT;
    case GROUP_REFUSED: return SENTENCE_REFUSED;
    case GROUP_UNREACHABLE: return SENTENCE_UNREACHABLE;
    case GROUP_UNFINISHED: return SENTENCE_UNFINISHED;
    case GROUP_FILTERED:  /* spc_reference_describe_filtered() */
    case GROUP_OTHER:
    case GROUP_DNS_ERROR:
    case GROUP_NONE:
    default:
      g_return_val_if_reached (SENTENCE_UNFINISHED);
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

/* Ports with a status of their own words: "Port 80: A web server answered." */
static void
append_other_ports (GString   *text,
                    GPtrArray *other)
{
  for (guint i = 0; i < other->len; i++)
    {
      SpcResult *result = g_ptr_array_index (other, i);
      g_autofree char *summary = _spc_advice_dup_summary (result);
      g_autofree char *sentence = NULL;

      if (summary[0] != '\0')
        sentence = g_strdup_printf (_("Port %u: %s."), spc_result_get_port (result), summary);
      else
        sentence = g_strdup_printf (_("Port %u does not work."), spc_result_get_port (result));
      append_sentence (text, sentence);
    }
}

/* One cause that explains every port, told alone; NULL when there is none */
static char *
describe_single_cause (const FailureGroups *groups)
{
  guint n = groups->n_results;

  /* Every port resolves the same name: one DNS failure explains them all */
  if (groups->ports[GROUP_DNS_ERROR]->len > 0)
    return g_strdup (_("The server name could not be resolved: check the server name."));
  if (groups->ports[GROUP_UNFINISHED]->len == n)
    return g_strdup (_("The check was stopped before any port was found to work: run it again."));
  if (groups->ports[GROUP_REFUSED]->len == n)
    return _spc_advice_format_ports (&sentences[SENTENCE_ALL_REFUSED], groups->ports[GROUP_REFUSED]);
  if (groups->ports[GROUP_UNREACHABLE]->len == n)
    return g_strdup (_("The server cannot be reached from your network: check your connection and the server name."));
  return NULL;
}

char *
spc_advice_describe_failure (GListModel *results)
{
  g_auto(FailureGroups) groups = { 0 };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char *single_cause;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);

  all = _spc_advice_list_results (results);
  if (all->len == 0)
    return g_strdup (_("No port was checked."));

  group_results (all, &groups);
  single_cause = describe_single_cause (&groups);
  if (single_cause != NULL)
    return single_cause;

  for (FailureGroup group = 0; group < GROUP_DNS_ERROR; group++)
    {
      g_autofree char *sentence = NULL;

      if (groups.ports[group]->len == 0)
        continue;
      if (group == GROUP_OTHER)
        {
          append_other_ports (text, groups.other);
          continue;
        }
      /* Whose firewall, from the reference checks */
      if (group == GROUP_FILTERED)
        {
          g_autofree char *filtered = spc_reference_describe_filtered (all);

          append_sentence (text, filtered);
          continue;
        }
      sentence = _spc_advice_format_ports (&sentences[choose_sentence (&groups, group)],
                                           groups.ports[group]);
      append_sentence (text, sentence);
    }

  if (text->len == 0)
    append_sentence (text, _("No port works for sending mail with a password over an encrypted connection."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
