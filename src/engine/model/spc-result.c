/* spc-result.c — one port's outcome, updated live while its probe runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-enums.h"
#include "spc-result-private.h"

G_DEFINE_FINAL_TYPE (SpcResult, spc_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_MODE,
  PROP_STAGE,
  PROP_STATUS,
  PROP_VERDICT,
  PROP_DETAIL,
  PROP_FINISHED,
  PROP_ADDRESS,
  PROP_GREETING,
  /* In SpcTiming's order: PROP_CONNECT_MS + timing */
  PROP_CONNECT_MS,
  PROP_GREETING_MS,
  PROP_EHLO_MS,
  PROP_TLS_MS,
  PROP_TOTAL_MS,
  PROP_TLS_VERSION,
  PROP_TLS_CIPHER,
  PROP_CERTIFICATE,
  PROP_CERTIFICATE_ERRORS,
  PROP_CAPABILITIES,
  PROP_TRANSCRIPT_LENGTH,
  PROP_TRANSCRIPT_LEFT_OUT,
  PROP_REFERENCE,
  PROP_LEGACY_TLS1_0,
  PROP_LEGACY_TLS1_1,
  N_PROPS
};

G_STATIC_ASSERT (PROP_TOTAL_MS - PROP_CONNECT_MS == SPC_TIMING_TOTAL);


static GParamSpec *properties[N_PROPS];

void
spc_transcript_line_free (gpointer data)
{
  SpcTranscriptLine *line = data;

  g_free (line->text);
  g_free (line->extra);
  g_free (line);
}

static void
spc_result_finalize (GObject *object)
{
  SpcResult *self = (SpcResult *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->connect_address, g_free);
  g_clear_pointer (&self->reply_text, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->greeting, g_free);
  g_clear_pointer (&self->tls_version, g_free);
  g_clear_pointer (&self->tls_cipher, g_free);
  _spc_result_read_certificate (self, NULL);
  spc_certificate_inspection_clear (&self->cert_inspection);
  spc_capabilities_clear (&self->capabilities);
  g_clear_pointer (&self->capabilities_before_tls, spc_capabilities_free);
  g_clear_pointer (&self->transcript, g_ptr_array_unref);
  g_clear_object (&self->reference);

  G_OBJECT_CLASS (spc_result_parent_class)->finalize (object);
}

static void
spc_result_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpcResult *self = SPC_RESULT (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;

    case PROP_DETAIL:
      g_value_set_enum (value, self->detail);
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_GREETING:
      g_value_set_string (value, self->greeting);
      break;

    case PROP_CONNECT_MS:
    case PROP_GREETING_MS:
    case PROP_EHLO_MS:
    case PROP_TLS_MS:
    case PROP_TOTAL_MS:
      g_value_set_int64 (value, self->timings[prop_id - PROP_CONNECT_MS]);
      break;

    case PROP_TLS_VERSION:
      g_value_set_string (value, self->tls_version);
      break;

    case PROP_TLS_CIPHER:
      g_value_set_string (value, self->tls_cipher);
      break;

    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;

    case PROP_CERTIFICATE_ERRORS:
      g_value_set_flags (value, self->certificate_errors);
      break;

    case PROP_CAPABILITIES:
      g_value_set_boxed (value, &self->capabilities);
      break;

    case PROP_TRANSCRIPT_LENGTH:
      g_value_set_uint (value, self->transcript->len);
      break;

    case PROP_TRANSCRIPT_LEFT_OUT:
      g_value_set_uint (value, self->transcript_left_out);
      break;

    case PROP_REFERENCE:
      g_value_set_object (value, self->reference);
      break;

    case PROP_LEGACY_TLS1_0:
      g_value_set_enum (value, self->legacy_tls1_0);
      break;

    case PROP_LEGACY_TLS1_1:
      g_value_set_enum (value, self->legacy_tls1_1);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_result_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpcResult *self = SPC_RESULT (object);

  switch (prop_id)
    {
    case PROP_PORT:
      self->port = (guint16) g_value_get_uint (value);
      break;

    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* What changes while the probe runs: read-only, notified only on change */
#define FACT_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
fact_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, FACT_FLAGS);
}

static void
spc_result_class_init (SpcResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spc_result_finalize;
  object_class->get_property = spc_result_get_property;
  object_class->set_property = spc_result_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       1, G_MAXUINT16, 25,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       SPC_TYPE_MODE, SPC_MODE_STARTTLS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Everything below changes while the probe runs and is notified only
   * when its value really changes, so a bound label is set once per news */
  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL, SPC_TYPE_STAGE, SPC_STAGE_WAITING, FACT_FLAGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SPC_TYPE_STATUS, SPC_STATUS_PENDING, FACT_FLAGS);
  properties[PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL, SPC_TYPE_VERDICT, SPC_VERDICT_NONE, FACT_FLAGS);
  properties[PROP_DETAIL] =
    g_param_spec_enum ("detail", NULL, NULL, SPC_TYPE_DETAIL, SPC_DETAIL_NONE, FACT_FLAGS);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, FALSE, FACT_FLAGS);
  properties[PROP_ADDRESS] = fact_string ("address");
  properties[PROP_GREETING] = fact_string ("greeting");

  {
    g_autoptr(GEnumClass) timings = g_type_class_ref (SPC_TYPE_TIMING);

    /* "connect-ms" … "total-ms" from SpcTiming's nicks; milliseconds, -1
     * while that stage has not happened */
    for (SpcTiming timing = 0; timing < SPC_N_TIMINGS; timing++)
      {
        g_autofree char *name = g_strdup_printf ("%s-ms", g_enum_get_value (timings, timing)->value_nick);

        properties[PROP_CONNECT_MS + timing] =
          g_param_spec_int64 (g_intern_string (name), NULL, NULL,
                              -1, G_MAXINT64, -1,
                              FACT_FLAGS);
      }
  }

  properties[PROP_TLS_VERSION] = fact_string ("tls-version");
  properties[PROP_TLS_CIPHER] = fact_string ("tls-cipher");
  /* The certificate's facts (subject, dates, names …) change with it */
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         FACT_FLAGS);
  properties[PROP_CERTIFICATE_ERRORS] =
    g_param_spec_flags ("certificate-errors", NULL, NULL,
                        G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        FACT_FLAGS);
  properties[PROP_CAPABILITIES] =
    g_param_spec_boxed ("capabilities", NULL, NULL,
                        SPC_TYPE_CAPABILITIES,
                        FACT_FLAGS);
  /* The transcript grows a line at a time; once full, only the closing
   * note's count of left-out lines changes */
  properties[PROP_TRANSCRIPT_LENGTH] =
    g_param_spec_uint ("transcript-length", NULL, NULL,
                       0, SPC_TRANSCRIPT_MAX_LINES, 0,
                       FACT_FLAGS);
  properties[PROP_TRANSCRIPT_LEFT_OUT] =
    g_param_spec_uint ("transcript-left-out", NULL, NULL,
                       0, G_MAXUINT, 0,
                       FACT_FLAGS);
  /* NULL until a silent port's reference check starts; then pending, then
   * its outcome (a new SpcReference each time) */
  properties[PROP_REFERENCE] =
    g_param_spec_object ("reference", NULL, NULL, SPC_TYPE_REFERENCE, FACT_FLAGS);
  /* Whether the server also accepts TLS 1.0 / 1.1 (spc-legacy-tls.h):
   * known only after the port finished, from a second connection */
  properties[PROP_LEGACY_TLS1_0] =
    g_param_spec_enum ("legacy-tls1-0", NULL, NULL, SPC_TYPE_LEGACY_TLS,
                       SPC_LEGACY_TLS_NOT_CHECKED, FACT_FLAGS);
  properties[PROP_LEGACY_TLS1_1] =
    g_param_spec_enum ("legacy-tls1-1", NULL, NULL, SPC_TYPE_LEGACY_TLS,
                       SPC_LEGACY_TLS_NOT_CHECKED, FACT_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_result_init (SpcResult *self)
{
  self->status = SPC_STATUS_PENDING;
  self->verdict = SPC_VERDICT_NONE;
  self->stage = SPC_STAGE_WAITING;
  self->transcript = g_ptr_array_new_with_free_func (spc_transcript_line_free);
  self->capabilities.auth = g_new0 (char *, 1);

  for (guint i = 0; i < SPC_N_TIMINGS; i++)
    self->timings[i] = -1;
}

SpcResult *
spc_result_new (guint16 port,
                SpcMode mode)
{
  return g_object_new (SPC_TYPE_RESULT,
                       "port", (guint) port,
                       "mode", mode,
                       NULL);
}

/* Setters, for the engine */

void
spc_result_set_stage (SpcResult *self,
                      SpcStage   stage)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  if (self->stage == stage)
    return;

  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

void
spc_result_finish (SpcResult *self,
                   SpcStatus  status,
                   SpcDetail  detail)
{
  SpcVerdict verdict;
  gboolean finished;

  g_return_if_fail (SPC_IS_RESULT (self));

  verdict = spc_status_get_verdict_for_detail (status, detail);
  finished = status != SPC_STATUS_PENDING;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  if (self->verdict != verdict)
    {
      self->verdict = verdict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }

  if (self->detail != detail)
    {
      self->detail = detail;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
    }

  if (finished && self->stage != SPC_STAGE_DONE)
    {
      self->stage = SPC_STAGE_DONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
    }

  if (self->finished != finished)
    {
      self->finished = finished;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Takes @value; notifies @prop only when the text really changed */
static void
set_text (SpcResult *self,
          char     **field,
          char      *value,
          guint      prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
spc_result_set_host (SpcResult  *self,
                     const char *host,
                     const char *connect_address)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  g_free (self->host);
  self->host = _spc_result_sanitize_text (host, -1, FALSE);
  g_free (self->connect_address);
  self->connect_address = _spc_result_sanitize_text (connect_address, -1, FALSE);
}

void
spc_result_set_deadline_ms (SpcResult *self,
                            guint      deadline_ms)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  self->deadline_ms = deadline_ms;
}

void
spc_result_set_reply (SpcResult  *self,
                      guint       code,
                      const char *text)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  self->reply_code = code;
  g_free (self->reply_text);
  self->reply_text = _spc_result_sanitize_text (text, -1, FALSE);
}

/* A copy whose message is safe to show: it may quote the server */
void
spc_result_set_error (SpcResult    *self,
                      const GError *error)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  g_clear_error (&self->error);
  if (error != NULL)
    {
      g_autofree char *message = _spc_result_sanitize_text (error->message != NULL ? error->message : "", -1, FALSE);

      self->error = g_error_new_literal (error->domain, error->code, message);
    }
}

void
spc_result_set_address (SpcResult  *self,
                        const char *address)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  set_text (self, &self->address, _spc_result_sanitize_text (address, -1, FALSE), PROP_ADDRESS);
}

void
spc_result_set_greeting (SpcResult  *self,
                         const char *greeting)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  set_text (self, &self->greeting, _spc_result_sanitize_text (greeting, -1, TRUE), PROP_GREETING);
}

void
spc_result_set_timing (SpcResult *self,
                       SpcTiming  timing,
                       gint64     ms)
{
  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (timing < SPC_N_TIMINGS);

  if (self->timings[timing] == ms)
    return;

  self->timings[timing] = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_MS + timing]);
}

void
spc_result_set_tls (SpcResult            *self,
                    const char           *version,
                    const char           *cipher,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors)
{
  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_object_freeze_notify (G_OBJECT (self));

  set_text (self, &self->tls_version, g_strdup (version), PROP_TLS_VERSION);
  set_text (self, &self->tls_cipher, _spc_result_sanitize_text (cipher, -1, FALSE), PROP_TLS_CIPHER);

  if (self->certificate_errors != errors)
    {
      self->certificate_errors = errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_ERRORS]);
    }

  if (certificate != self->certificate)
    {
      _spc_result_read_certificate (self, certificate);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE]);
    }

  if (_spc_result_inspect_certificate (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_ERRORS]);

  g_object_thaw_notify (G_OBJECT (self));
}

void
spc_result_set_capabilities (SpcResult             *self,
                             const SpcCapabilities *caps)
{
  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (caps != NULL);

  if (caps == &self->capabilities || spc_capabilities_equal (caps, &self->capabilities))
    return;

  g_strfreev (self->capabilities.auth);
  self->capabilities = *caps;
  self->capabilities.auth = caps->auth != NULL ? g_strdupv (caps->auth) : g_new0 (char *, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPABILITIES]);
}

static SpcTranscriptLine *
transcript_line_new (SpcDirection  direction,
                     SpcNote       note,
                     const char   *text,
                     gint64        t_ms)
{
  SpcTranscriptLine *line = g_new0 (SpcTranscriptLine, 1);

  line->direction = direction;
  line->note = note;
  line->text = _spc_result_sanitize_text (text, -1, FALSE);
  line->t_ms = t_ms;

  return line;
}

/* The first lines tell what the server is; the last slot is kept for a
 * note saying how much was left out, so the bound always holds. FALSE when
 * @line was left out. */
static gboolean
append_transcript_line (SpcResult         *self,
                        SpcTranscriptLine *line)
{
  SpcTranscriptLine *left_out;

  if (self->transcript->len < SPC_TRANSCRIPT_MAX_LINES - 1)
    {
      g_ptr_array_add (self->transcript, line);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT_LENGTH]);
      return TRUE;
    }

  g_object_freeze_notify (G_OBJECT (self));

  self->transcript_left_out++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT_LEFT_OUT]);

  if (self->transcript->len == SPC_TRANSCRIPT_MAX_LINES)
    g_ptr_array_remove_index (self->transcript, self->transcript->len - 1);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT_LENGTH]);

  left_out = transcript_line_new (SPC_DIRECTION_NOTE, SPC_NOTE_LINES_LEFT_OUT, NULL, line->t_ms);
  left_out->number = self->transcript_left_out;
  g_ptr_array_add (self->transcript, left_out);
  spc_transcript_line_free (line);

  g_object_thaw_notify (G_OBJECT (self));

  return FALSE;
}

void
spc_result_add_transcript (SpcResult    *self,
                           SpcDirection  direction,
                           const char   *text,
                           gint64        t_ms)
{
  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (direction != SPC_DIRECTION_NOTE);

  append_transcript_line (self, transcript_line_new (direction, SPC_NOTE_NONE, text != NULL ? text : "", t_ms));
}

void
spc_result_add_note (SpcResult  *self,
                     SpcNote     note,
                     const char *text,
                     const char *extra,
                     guint       number,
                     gint64      t_ms)
{
  SpcTranscriptLine *line;

  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (note != SPC_NOTE_NONE);

  line = transcript_line_new (SPC_DIRECTION_NOTE, note, text, t_ms);
  line->extra = _spc_result_sanitize_text (extra, -1, FALSE);
  line->number = number;
  append_transcript_line (self, line);
}

void
spc_result_set_reference (SpcResult    *self,
                          SpcReference *reference)
{
  g_return_if_fail (SPC_IS_RESULT (self));
  g_return_if_fail (reference == NULL || SPC_IS_REFERENCE (reference));

  if (g_set_object (&self->reference, reference))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
}

void
spc_result_set_legacy_tls (SpcResult    *self,
                           SpcLegacyTls  tls1_0,
                           SpcLegacyTls  tls1_1)
{
  g_return_if_fail (SPC_IS_RESULT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->legacy_tls1_0 != tls1_0)
    {
      self->legacy_tls1_0 = tls1_0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEGACY_TLS1_0]);
    }
  if (self->legacy_tls1_1 != tls1_1)
    {
      self->legacy_tls1_1 = tls1_1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEGACY_TLS1_1]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
