/* spc-checklist-server.c — the checklist's questions about the server as a
 * whole: which encryption to choose, what its extensions mean, and whether
 * it is fast enough (the network's question is spc-reference-text.c's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-checklist-private.h"

/* Above this, a whole conversation is slow enough to notice in a mail client */
#define SLOW_MS 2000
/* Above this, some mail clients give up waiting */
#define TOO_SLOW_MS 10000

/* The encryption to choose */

/* The first port of @mode that works fully, or NULL */
static SpcResult *
find_green (GPtrArray *all,
            SpcMode    mode)
{
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (spc_result_get_mode (result) == mode && _spc_advice_is_green (result))
        return result;
    }
  return NULL;
}

/* A port of @mode was checked to its end: "works on no port" may be said */
static gboolean
mode_was_checked (GPtrArray *all,
                  SpcMode    mode)
{
  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);

      if (spc_result_get_mode (result) == mode && spc_result_get_finished (result)
          && spc_result_get_status (result) != SPC_STATUS_CANCELLED)
        return TRUE;
    }
  return FALSE;
}

SpcChecklistItem *
_spc_checklist_answer_encryption_choice (GPtrArray *all)
{
  const char *question = _("Do I need a specific encryption?");
  SpcResult *implicit = find_green (all, SPC_MODE_TLS);
  SpcResult *starttls = find_green (all, SPC_MODE_STARTTLS);
  g_autoptr(GPtrArray) evidence = g_ptr_array_new ();

  if (implicit != NULL)
    g_ptr_array_add (evidence, implicit);
  if (starttls != NULL)
    g_ptr_array_add (evidence, starttls);

  if (implicit != NULL && starttls != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NO,
                                   g_strdup_printf (_("This server offers both. SSL/TLS on port %u encrypts from the first byte, so prefer it to STARTTLS on port %u."),
                                                    spc_result_get_port (implicit), spc_result_get_port (starttls)),
                                   _spc_checklist_joined_evidence (evidence));
  /* What was not checked is not known */
  if (implicit != NULL && !mode_was_checked (all, SPC_MODE_STARTTLS))
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup_printf (_("SSL/TLS works on port %u; no port was checked with STARTTLS, so whether it works too is not known."),
                                                    spc_result_get_port (implicit)),
                                   _spc_checklist_joined_evidence (evidence));
  if (starttls != NULL && !mode_was_checked (all, SPC_MODE_TLS))
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup_printf (_("STARTTLS works on port %u; no port was checked with SSL/TLS, so whether it works too is not known."),
                                                    spc_result_get_port (starttls)),
                                   _spc_checklist_joined_evidence (evidence));
  if (implicit != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_YES,
                                   g_strdup_printf (_("SSL/TLS on port %u; STARTTLS works on no port from here."),
                                                    spc_result_get_port (implicit)),
                                   _spc_checklist_joined_evidence (evidence));
  if (starttls != NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_YES,
                                   g_strdup_printf (_("STARTTLS on port %u; SSL/TLS works on no port from here."),
                                                    spc_result_get_port (starttls)),
                                   _spc_checklist_joined_evidence (evidence));
  return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                 g_strdup (_("No port works with encryption from here.")), NULL);
}

/* Compatibility */

/* The capabilities that matter: a green port's, else any that answered EHLO */
static SpcResult *
find_capabilities (GPtrArray *all)
{
  SpcResult *any = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      const SpcCapabilities *caps = spc_result_get_capabilities (result);

      if (caps == NULL || !caps->ehlo_answered)
        continue;
      if (_spc_advice_is_green (result))
        return result;
      if (any == NULL)
        any = result;
    }
  return any;
}

static char *
describe_size (const SpcCapabilities *caps)
{
  g_autofree char *formatted = NULL;

  if (caps->size_invalid)
    return g_strdup (_("Its size limit is not a number, so how large a message may be is not known."));
  if (!caps->has_size || caps->size == 0)
    return g_strdup (_("It announces no size limit; large attachments may still be refused."));
  formatted = g_format_size (caps->size);
  /* Translators: "Messages, attachments included, may be up to 36.7 MB." */
  return g_strdup_printf (_("Messages, attachments included, may be up to %s."), formatted);
}

SpcChecklistItem *
_spc_checklist_answer_compatibility (GPtrArray *all)
{
  const char *question = _("How compatible is the server?");
  SpcResult *result = find_capabilities (all);
  const SpcCapabilities *caps;
  g_autofree char *size = NULL;
  const char *headline;
  const char *dsn;

  if (result == NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup (_("No port got far enough to tell.")), NULL);

  caps = spc_result_get_capabilities (result);
  if (caps->smtputf8 && caps->eight_bit_mime)
    headline = _("Well: addresses with accents or in any script, and text in any language, go through.");
  else if (caps->eight_bit_mime)
    headline = _("Mostly: text in any language goes through, but addresses must be in unaccented Latin letters.");
  else
    headline = _("Basically: addresses must be in unaccented Latin letters, and text is re-encoded on the way.");
  dsn = caps->dsn ? _("Delivery reports can be requested (DSN).")
                  : _("Delivery reports cannot be requested (no DSN).");
  size = describe_size (caps);

  return spc_checklist_item_new (question, SPC_CHECKLIST_ANSWERED, g_strdup (headline),
                                 /* Translators: "Port 587: <the size sentence> <the delivery report sentence>" */
                                 g_strdup_printf (_("Port %u: %s %s"), spc_result_get_port (result), size, dsn));
}

/* Speed and reliability */

SpcChecklistItem *
_spc_checklist_answer_speed (GPtrArray *all)
{
  const char *question = _("Is it fast and reliable enough?");
  const char *reliability = _("One run cannot tell reliability: run the check again at other times of day, or on other days.");
  g_autoptr(GPtrArray) slow = g_ptr_array_new ();
  SpcResult *fastest = NULL;
  g_autofree char *slow_evidence = NULL;
  /* One run shows speed, never reliability: a fast run is the open half of
   * the question, so it is Not known, not Yes; a slow one already fails the
   * "fast" half, so it is No. Ports that ran out of time are evidence, but
   * not proof that the port that worked is unreliable. */
  SpcChecklistAnswer answer = SPC_CHECKLIST_NO;
  char *headline;
  int ms;

  for (guint i = 0; i < all->len; i++)
    {
      SpcResult *result = g_ptr_array_index (all, i);
      SpcStatus status = spc_result_get_status (result);

      if (!spc_result_get_finished (result))
        continue;
      /* A deadline run out is the other half of the answer */
      if (status == SPC_STATUS_TIMEOUT || status == SPC_STATUS_NO_GREETING)
        g_ptr_array_add (slow, result);
      if (!_spc_advice_is_green (result) || spc_result_get_timing (result, SPC_TIMING_TOTAL) < 0)
        continue;
      if (fastest == NULL || _spc_advice_get_latency (result) < _spc_advice_get_latency (fastest))
        fastest = result;
    }

  if (fastest == NULL)
    return spc_checklist_item_new (question, SPC_CHECKLIST_NOT_KNOWN,
                                   g_strdup (_("No port works, so there is no conversation to time.")), NULL);

  ms = _spc_advice_clamp_ms (spc_result_get_timing (fastest, SPC_TIMING_TOTAL));
  if (ms < SLOW_MS)
    {
      answer = SPC_CHECKLIST_NOT_KNOWN;
      headline = g_strdup_printf (_("Fast in this run: port %u took %d ms for the whole conversation; one run cannot tell whether it is reliable."),
                                  spc_result_get_port (fastest), ms);
    }
  else if (ms < TOO_SLOW_MS)
    headline = g_strdup_printf (_("Slow: port %u took %d ms for the whole conversation; a mail client waits that long."),
                                spc_result_get_port (fastest), ms);
  else
    {
      headline = g_strdup_printf (_("Even port %u took %d ms for the whole conversation; some mail clients give up sooner."),
                                  spc_result_get_port (fastest), ms);
    }

  slow_evidence = _spc_checklist_joined_evidence (slow);
  return spc_checklist_item_new (question, answer, headline,
                                 slow_evidence != NULL ? g_strjoin ("\n", reliability, slow_evidence, NULL)
                                                       : g_strdup (reliability));
}
