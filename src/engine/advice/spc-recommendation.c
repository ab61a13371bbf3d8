/* spc-recommendation.c — which port to use, and why the others lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-advice-private.h"
#include "spc-recommendation.h"
#include "spc-reference-text.h"

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

static gboolean
is_better (SpcResult *candidate,
           SpcResult *best)
{
  PortRank candidate_rank = get_rank (candidate);
  PortRank best_rank = get_rank (best);
  gint64 candidate_latency = _spc_advice_get_latency (candidate);
  gint64 best_latency = _spc_advice_get_latency (best);

  if (candidate_rank != best_rank)
    return candidate_rank < best_rank;
  if (candidate_latency != best_latency)
    return candidate_latency < best_latency;
  return spc_result_get_port (candidate) < spc_result_get_port (best);
}

/* Why the winner: the window and the text report already say "Use Port N
 * with …" above it, so this sentence does not repeat it. */
static char *
describe_winner (SpcResult *winner)
{
  guint port = spc_result_get_port (winner);

  switch (get_rank (winner))
    {
    case RANK_IMPLICIT_TLS:
      return g_strdup_printf (_("Port %u works with a valid certificate and is encrypted from the first byte, the safest way to send."),
                              port);
    case RANK_SUBMISSION:
      return g_strdup_printf (_("Port %u is the standard port for sending mail and works with a valid certificate."),
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

/* @other works too, as fast or slower than @winner of the same rank */
static char *
describe_slower (SpcResult *other,
                 SpcResult *winner)
{
  guint port = spc_result_get_port (other);
  guint winner_port = spc_result_get_port (winner);
  gint64 other_ms = spc_result_get_timing (other, SPC_TIMING_TOTAL);
  gint64 winner_ms = spc_result_get_timing (winner, SPC_TIMING_TOTAL);

  /* Equal times: is_better () fell back to the lower port number */
  if (other_ms >= 0 && other_ms == winner_ms)
    return g_strdup_printf (_("Port %u works too and was as fast (%d ms); port %u comes first only by its lower number."),
                            port, _spc_advice_clamp_ms (other_ms), winner_port);
  if (other_ms >= 0 && winner_ms >= 0)
    return g_strdup_printf (_("Port %u works too, but port %u answered faster (%d ms against %d ms)."),
                            port, winner_port,
                            _spc_advice_clamp_ms (winner_ms), _spc_advice_clamp_ms (other_ms));
  return g_strdup_printf (_("Port %u works too, but port %u answered faster."),
                          port, winner_port);
}

/* @other works too, but ranks below @winner */
static char *
describe_lower_rank (SpcResult *other,
                     SpcResult *winner)
{
  guint port = spc_result_get_port (other);

  if (get_rank (winner) == RANK_IMPLICIT_TLS)
    {
      /* The winner's own sentence already gave the reason (RFC 8314) */
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

/* @other does not work */
static char *
describe_failed (SpcResult *other)
{
  guint port = spc_result_get_port (other);
  g_autofree char *summary = NULL;

  switch (spc_result_get_status (other))
    {
    case SPC_STATUS_FILTERED:
      return spc_reference_describe_port (other);
    case SPC_STATUS_REFUSED:
      return g_strdup_printf (_("Nothing listens on port %u: the server refused the connection."), port);
    case SPC_STATUS_NO_AUTH:
      return g_strdup_printf (_("Port %u offers no authentication, so a mail client cannot log in there."), port);
    case SPC_STATUS_CERTIFICATE_INVALID:
      return g_strdup_printf (_("Port %u has a certificate problem."), port);
    case SPC_STATUS_PLAINTEXT_ONLY:
      if (_spc_advice_starttls_not_tried (other))
        return g_strdup_printf (_("Port %u was checked without encryption, as asked; the server offers STARTTLS there, which was not tried."), port);
      if (!_spc_advice_offers_auth (other))
        return g_strdup_printf (_("Port %u offers neither encryption nor login: a relay port, not for a mail client."), port);
      return g_strdup_printf (_("Port %u offers no encryption: a password would travel in clear."), port);
    case SPC_STATUS_CANCELLED:
      return g_strdup_printf (_("The check of port %u was stopped before the end."), port);
    default:
      break;
    }

  /* The port's own sentence, as it was written: "Port 80: A web server
   * answered, not a mail server." */
  summary = _spc_advice_dup_summary (other);
  if (summary[0] == '\0')
    return g_strdup_printf (_("Port %u does not work."), port);
  /* TRANSLATORS: "Port 80: A web server answered, not a mail server." */
  return g_strdup_printf (_("Port %u: %s."), port, summary);
}

/* Why @other lost against @winner, as one sentence with the facts; NULL
 * when there is nothing worth saying (a probe still running). */
static char *
describe_loser (SpcResult *other,
                SpcResult *winner)
{
  if (!spc_result_get_finished (other))
    return NULL;
  if (!_spc_advice_is_green (other))
    return describe_failed (other);
  if (get_rank (other) == get_rank (winner))
    return describe_slower (other, winner);
  return describe_lower_rank (other, winner);
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

/* The winner's sentence, then one for each other port */
static char *
describe_reason (GPtrArray *all,
                 SpcResult *winner)
{
  g_autoptr(GString) reason = g_string_new (NULL);
  g_autofree char *winner_text = describe_winner (winner);

  g_string_append (reason, winner_text);
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
  return g_string_free (g_steal_pointer (&reason), FALSE);
}

/* The best finished green port, or NULL */
static SpcResult *
find_winner (GPtrArray *all)
{
  SpcResult *winner = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (_spc_advice_is_green (result) && (winner == NULL || is_better (result, winner)))
        winner = result;
    }

  return winner;
}

gboolean
spc_advice_recommendation_is_decided (GListModel *results)
{
  g_autoptr(GPtrArray) all = NULL;
  SpcResult *winner;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), FALSE);

  all = _spc_advice_list_results (results);
  winner = find_winner (all);

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (spc_result_get_finished (result))
        continue;
      /* A port still running could win if it turns green: one of a better
       * rank, or of the same rank (it could be faster, or tie with a lower
       * number). Rank depends only on port and mode, known from the start. */
      if (winner == NULL || get_rank (result) <= get_rank (winner))
        return FALSE;
    }

  return TRUE;
}

char *
spc_advice_describe_progress (gint64 elapsed_ms)
{
  guint seconds = (guint) CLAMP (elapsed_ms / 1000, 0, G_MAXUINT);

  /* Translators: shown under "Checking the Ports…" while no port has won yet */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u second so far. The advice appears as soon as it is certain, and Stop keeps what was found.",
                                       "%u seconds so far. The advice appears as soon as it is certain, and Stop keeps what was found.",
                                       seconds),
                          seconds);
}

SpcRecommendation *
spc_advice_recommend (GListModel *results,
                      const char *host)
{
  g_autoptr(GPtrArray) all = NULL;
  SpcRecommendation *recommendation;
  const SpcCapabilities *caps;
  SpcResult *winner;

  g_return_val_if_fail (results == NULL || G_IS_LIST_MODEL (results), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  all = _spc_advice_list_results (results);
  winner = find_winner (all);
  if (winner == NULL)
    return NULL;

  caps = spc_result_get_capabilities (winner);

  recommendation = g_new0 (SpcRecommendation, 1);
  recommendation->host = g_strdup (host);
  recommendation->port = spc_result_get_port (winner);
  recommendation->mode = spc_result_get_mode (winner);
  recommendation->security = g_strdup (recommendation->mode == SPC_MODE_TLS ? "SSL/TLS" : "STARTTLS");
  recommendation->auth = choose_auth (caps);
  recommendation->auth_offered = g_strdupv (caps != NULL && caps->auth != NULL ? caps->auth : (char *[]) { NULL });
  recommendation->reason = describe_reason (all, winner);
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
