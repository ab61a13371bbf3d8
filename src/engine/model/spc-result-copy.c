/* spc-result-copy.c — one result brought up to another's state
 *
 * How a result crosses threads (probe/spc-diagnosis-thread.c): the worker
 * that probes copies its result into a new one, a snapshot nobody else
 * sees, and hands it over; the caller's thread brings its own result up to
 * the snapshot, so every notify is emitted there. Every fact is copied
 * before the first notify, so a handler sees the whole new state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-result-private.h"

/* The "…-ms" properties, in SpcTiming's order */
static const char * const timing_properties[] = {
  "connect-ms", "greeting-ms", "ehlo-ms", "tls-ms", "total-ms",
};

G_STATIC_ASSERT (G_N_ELEMENTS (timing_properties) == SPC_N_TIMINGS);

/* The properties that changed, notified once every fact is in place */
typedef struct {
  const char *names[32];
  guint       n;
} Changes;

static void
add_change (Changes    *changes,
            const char *property)
{
  g_assert (changes->n < G_N_ELEMENTS (changes->names));
  changes->names[changes->n++] = property;
}

/* @property NULL: a fact without a property of its own */
static void
copy_text (char       **field,
           const char  *value,
           Changes     *changes,
           const char  *property)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (property != NULL)
    add_change (changes, property);
}

static void
copy_strv (char ***field,
           char   **value)
{
  g_strfreev (*field);
  *field = g_strdupv (value);
}

static void
copy_date (GDateTime **field,
           GDateTime  *value)
{
  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
}

/* The certificate, the facts read from it and what its inspection found */
static void
copy_certificate (SpcResult *self,
                  SpcResult *source,
                  Changes   *changes)
{
  SpcCertificateInspection *to = &self->cert_inspection;
  const SpcCertificateInspection *from = &source->cert_inspection;
  gboolean faults_changed = to->faults != from->faults;

  if (self->certificate_errors != source->certificate_errors || faults_changed)
    add_change (changes, "certificate-errors");
  self->certificate_errors = source->certificate_errors;

  if (self->certificate != source->certificate)
    {
      g_set_object (&self->certificate, source->certificate);
      copy_text (&self->cert_subject, source->cert_subject, changes, NULL);
      copy_text (&self->cert_issuer, source->cert_issuer, changes, NULL);
      copy_date (&self->cert_not_before, source->cert_not_before);
      copy_date (&self->cert_not_after, source->cert_not_after);
      copy_strv (&self->cert_dns_names, source->cert_dns_names);
      copy_text (&self->cert_sha256, source->cert_sha256, changes, NULL);
      copy_strv (&self->cert_ip_addresses, source->cert_ip_addresses);
      add_change (changes, "certificate");
    }

  spc_certificate_inspection_clear (to);
  to->faults = from->faults;
  to->key_algorithm = g_strdup (from->key_algorithm);
  to->key_bits = from->key_bits;
  to->expired_intermediate = g_strdup (from->expired_intermediate);
  copy_date (&to->expired_intermediate_not_after, from->expired_intermediate_not_after);
}

static void
copy_capabilities (SpcResult *self,
                   SpcResult *source,
                   Changes   *changes)
{
  const SpcCapabilities *before = source->capabilities_before_tls;
  gboolean before_changed = (before == NULL) != (self->capabilities_before_tls == NULL)
                            || (before != NULL && !spc_capabilities_equal (before, self->capabilities_before_tls));

  if (before_changed)
    {
      g_clear_pointer (&self->capabilities_before_tls, spc_capabilities_free);
      if (before != NULL)
        self->capabilities_before_tls = spc_capabilities_copy (before);
    }

  if (spc_capabilities_equal (&self->capabilities, &source->capabilities))
    {
      if (before_changed)
        add_change (changes, "capabilities");
      return;
    }

  g_strfreev (self->capabilities.auth);
  self->capabilities = source->capabilities;
  self->capabilities.auth = g_strdupv (source->capabilities.auth);
  add_change (changes, "capabilities");
}

/* Lines before the last slot never change once there; the last one is the
 * note counting what was left out, replaced as the count grows */
static void
copy_transcript (SpcResult *self,
                 SpcResult *source,
                 Changes   *changes)
{
  guint length = self->transcript->len;
  guint keep = MIN (MIN (length, source->transcript->len), SPC_TRANSCRIPT_MAX_LINES - 1);

  g_ptr_array_set_size (self->transcript, keep);
  for (guint i = keep; i < source->transcript->len; i++)
    {
      const SpcTranscriptLine *from = g_ptr_array_index (source->transcript, i);
      SpcTranscriptLine *line = g_new0 (SpcTranscriptLine, 1);

      *line = *from;
      line->text = g_strdup (from->text);
      line->extra = g_strdup (from->extra);
      g_ptr_array_add (self->transcript, line);
    }

  if (self->transcript->len != length)
    add_change (changes, "transcript-length");
  if (self->transcript_left_out != source->transcript_left_out)
    {
      self->transcript_left_out = source->transcript_left_out;
      add_change (changes, "transcript-left-out");
    }
}

/* What ends a check, notified last: "finished" comes after everything */
static void
copy_outcome (SpcResult *self,
              SpcResult *source,
              Changes   *changes)
{
  if (self->stage != source->stage)
    add_change (changes, "stage");
  if (self->status != source->status)
    add_change (changes, "status");
  if (self->verdict != source->verdict)
    add_change (changes, "verdict");
  if (self->detail != source->detail)
    add_change (changes, "detail");
  if (self->finished != source->finished)
    add_change (changes, "finished");

  self->stage = source->stage;
  self->status = source->status;
  self->verdict = source->verdict;
  self->detail = source->detail;
  self->finished = source->finished;
}

void
spc_result_update_from (SpcResult *self,
                        SpcResult *source)
{
  Changes changes = { { NULL }, 0 };

  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (SPC_IS_RESULT (source));
  g_return_if_fail (self->port == source->port && self->mode == source->mode);

  copy_text (&self->host, source->host, &changes, NULL);
  copy_text (&self->connect_address, source->connect_address, &changes, NULL);
  self->deadline_ms = source->deadline_ms;
  self->reply_code = source->reply_code;
  copy_text (&self->reply_text, source->reply_text, &changes, NULL);
  g_clear_error (&self->error);
  if (source->error != NULL)
    self->error = g_error_copy (source->error);

  copy_text (&self->address, source->address, &changes, "address");
  copy_text (&self->greeting, source->greeting, &changes, "greeting");
  for (SpcTiming timing = 0; timing < SPC_N_TIMINGS; timing++)
    if (self->timings[timing] != source->timings[timing])
      {
        self->timings[timing] = source->timings[timing];
        add_change (&changes, timing_properties[timing]);
      }

  copy_text (&self->tls_version, source->tls_version, &changes, "tls-version");
  copy_text (&self->tls_cipher, source->tls_cipher, &changes, "tls-cipher");
  copy_certificate (self, source, &changes);
  copy_capabilities (self, source, &changes);
  copy_transcript (self, source, &changes);
  if (g_set_object (&self->reference, source->reference))
    add_change (&changes, "reference");
  if (self->legacy_tls1_0 != source->legacy_tls1_0)
    {
      self->legacy_tls1_0 = source->legacy_tls1_0;
      add_change (&changes, "legacy-tls1-0");
    }
  if (self->legacy_tls1_1 != source->legacy_tls1_1)
    {
      self->legacy_tls1_1 = source->legacy_tls1_1;
      add_change (&changes, "legacy-tls1-1");
    }
  copy_outcome (self, source, &changes);

  for (guint i = 0; i < changes.n; i++)
    g_object_notify (G_OBJECT (self), changes.names[i]);
}
