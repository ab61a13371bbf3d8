/* spc-login-result.c — what a login check (and its test message) found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-login-result-private.h"

struct _SpcLoginResult
{
  GObject               parent_instance;

  char                 *host;
  guint16               port;
  SpcMode               mode;
  char                 *user;

  SpcLoginOutcome       outcome;
  SpcLoginRefusal       refusal;
  SpcLoginStage         stage;
  char                 *mechanism;
  guint                 reply_code;
  char                 *reply;
  char                 *enhanced_code;
  char                 *error;
  char                **auth_before_tls;
  char                **auth_after_tls;
  char                 *expected_sha256;
  char                 *seen_sha256;
  GPtrArray            *transcript;

  SpcTestMessageOutcome message_outcome;
  char                 *message_from;
  char                 *message_to;
  guint                 message_reply_code;
  char                 *message_reply;
  char                 *message_enhanced_code;
  char                 *message_id;
  char                 *queue_id;
};

G_DEFINE_FINAL_TYPE (SpcLoginResult, spc_login_result, G_TYPE_OBJECT)

static void
spc_login_result_finalize (GObject *object)
{
  SpcLoginResult *self = SPC_LOGIN_RESULT (object);

  g_free (self->host);
  g_free (self->user);
  g_free (self->mechanism);
  g_free (self->reply);
  g_free (self->enhanced_code);
  g_free (self->error);
  g_strfreev (self->auth_before_tls);
  g_strfreev (self->auth_after_tls);
  g_free (self->expected_sha256);
  g_free (self->seen_sha256);
  g_ptr_array_unref (self->transcript);
  g_free (self->message_from);
  g_free (self->message_to);
  g_free (self->message_reply);
  g_free (self->message_enhanced_code);
  g_free (self->message_id);
  g_free (self->queue_id);

  G_OBJECT_CLASS (spc_login_result_parent_class)->finalize (object);
}

static void
spc_login_result_class_init (SpcLoginResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_login_result_finalize;
}

static void
spc_login_result_init (SpcLoginResult *self)
{
  self->transcript = g_ptr_array_new_with_free_func (spc_transcript_line_free);
}

SpcLoginResult *
spc_login_result_new (const char *host,
                      guint16     port,
                      SpcMode     mode,
                      const char *user)
{
  SpcLoginResult *self = g_object_new (SPC_TYPE_LOGIN_RESULT, NULL);

  self->host = g_strdup (host);
  self->port = port;
  self->mode = mode;
  self->user = g_strdup (user);

  return self;
}

char *
spc_enhanced_code_parse (const char *text)
{
  const char *p = text;
  gsize digits;

  if (text == NULL || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.')
    return NULL;

  /* class "." 1*3digit "." 1*3digit */
  p = text + 2;
  for (int part = 0; part < 2; part++)
    {
      for (digits = 0; g_ascii_isdigit (p[digits]) && digits < 4; digits++)
        ;
      if (digits == 0 || digits > 3)
        return NULL;
      p += digits;
      if (part == 0)
        {
          if (*p != '.')
            return NULL;
          p++;
        }
    }

  if (*p != '\0' && *p != ' ')
    return NULL;

  return g_strndup (text, p - text);
}

/* "235 2.7.0 Authentication successful", each line of a multi-line reply
 * after the first joined with a space */
static char *
describe (const SpcReply *reply)
{
  const char * const *lines = spc_reply_get_lines (reply);
  g_autofree char *text = lines != NULL ? g_strjoinv (" ", (char **) lines) : NULL;

  if (text != NULL && text[0] != '\0')
    return g_strdup_printf ("%u %s", spc_reply_get_code (reply), text);

  return g_strdup_printf ("%u", spc_reply_get_code (reply));
}

static const char *
first_line (const SpcReply *reply)
{
  const char * const *lines = spc_reply_get_lines (reply);

  return lines != NULL && lines[0] != NULL ? lines[0] : NULL;
}

/* The queue id, from Postfix, Exim, Sendmail and Exchange wordings */
static char *
find_queue_id (const char *text)
{
  static const char * const markers[] = { "queued as ", "id=", "<", NULL };

  for (guint i = 0; text != NULL && markers[i] != NULL; i++)
    {
      const char *start = strstr (text, markers[i]);
      gsize length = 0;

      if (start == NULL)
        continue;
      start += strlen (markers[i]);
      while (start[length] != '\0' && (g_ascii_isalnum (start[length]) ||
                                       strchr ("-._@", start[length]) != NULL))
        length++;
      if (length > 0 && length <= 128)
        return g_strndup (start, length);
    }

  return NULL;
}

void
spc_login_result_set_stage (SpcLoginResult *self,
                            SpcLoginStage   stage)
{
  self->stage = stage;
}

void
spc_login_result_set_outcome (SpcLoginResult  *self,
                              SpcLoginOutcome  outcome,
                              SpcLoginRefusal  refusal)
{
  self->outcome = outcome;
  self->refusal = refusal;
}

void
spc_login_result_set_mechanism (SpcLoginResult *self,
                                const char     *mechanism)
{
  g_free (self->mechanism);
  self->mechanism = g_strdup (mechanism);
}

void
spc_login_result_set_reply (SpcLoginResult *self,
                            const SpcReply *reply)
{
  g_clear_pointer (&self->reply, g_free);
  g_clear_pointer (&self->enhanced_code, g_free);
  self->reply_code = 0;

  if (reply == NULL)
    return;

  self->reply_code = spc_reply_get_code (reply);
  self->reply = describe (reply);
  self->enhanced_code = spc_enhanced_code_parse (first_line (reply));
}

void
spc_login_result_set_error (SpcLoginResult *self,
                            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

void
spc_login_result_set_auth (SpcLoginResult     *self,
                           gboolean            after_tls,
                           const char * const *mechanisms)
{
  char ***slot = after_tls ? &self->auth_after_tls : &self->auth_before_tls;

  g_strfreev (*slot);
  *slot = g_strdupv ((char **) mechanisms);
}

void
spc_login_result_set_sha256 (SpcLoginResult *self,
                             const char     *expected,
                             const char     *seen)
{
  g_free (self->expected_sha256);
  g_free (self->seen_sha256);
  self->expected_sha256 = g_strdup (expected);
  self->seen_sha256 = g_strdup (seen);
}

/* NULL when the transcript is full */
static SpcTranscriptLine *
append_line (SpcLoginResult *self,
             SpcDirection    direction,
             const char     *text,
             gint64          t_ms)
{
  SpcTranscriptLine *line;

  if (self->transcript->len >= SPC_TRANSCRIPT_MAX_LINES)
    return NULL;

  line = g_new0 (SpcTranscriptLine, 1);
  line->direction = direction;
  line->text = g_strdup (text);
  line->t_ms = t_ms;
  g_ptr_array_add (self->transcript, line);
  return line;
}

void
spc_login_result_add_transcript (SpcLoginResult *self,
                                 SpcDirection    direction,
                                 const char     *text,
                                 gint64          t_ms)
{
  append_line (self, direction, text, t_ms);
}

void
spc_login_result_add_note (SpcLoginResult *self,
                           SpcNote         note,
                           const char     *text,
                           const char     *extra,
                           guint           number,
                           gint64          t_ms)
{
  SpcTranscriptLine *line = append_line (self, SPC_DIRECTION_NOTE, text, t_ms);

  if (line == NULL)
    return;
  line->note = note;
  line->extra = g_strdup (extra);
  line->number = number;
}

void
spc_login_result_set_message (SpcLoginResult *self,
                              const char     *from,
                              const char     *to,
                              const char     *message_id)
{
  g_free (self->message_from);
  g_free (self->message_to);
  g_free (self->message_id);
  self->message_from = g_strdup (from);
  self->message_to = g_strdup (to);
  self->message_id = g_strdup (message_id);
}

void
spc_login_result_set_message_outcome (SpcLoginResult        *self,
                                      SpcTestMessageOutcome  outcome,
                                      const SpcReply        *reply)
{
  self->message_outcome = outcome;
  g_clear_pointer (&self->message_reply, g_free);
  g_clear_pointer (&self->message_enhanced_code, g_free);
  g_clear_pointer (&self->queue_id, g_free);
  self->message_reply_code = 0;

  if (reply == NULL)
    return;

  self->message_reply_code = spc_reply_get_code (reply);
  self->message_reply = describe (reply);
  self->message_enhanced_code = spc_enhanced_code_parse (first_line (reply));
  if (outcome == SPC_TEST_MESSAGE_ACCEPTED)
    self->queue_id = find_queue_id (first_line (reply));
}

/* Getters */

#define GETTER(type, name) \
  type spc_login_result_get_##name (SpcLoginResult *self) \
  { \
    g_return_val_if_fail (SPC_IS_LOGIN_RESULT (self), 0); \
    return self->name; \
  }

GETTER (const char *, host)
GETTER (guint16, port)
GETTER (SpcMode, mode)
GETTER (const char *, user)
GETTER (SpcLoginOutcome, outcome)
GETTER (SpcLoginRefusal, refusal)
GETTER (SpcLoginStage, stage)
GETTER (const char *, mechanism)
GETTER (guint, reply_code)
GETTER (const char *, reply)
GETTER (const char *, enhanced_code)
GETTER (const char *, error)
GETTER (const char *, expected_sha256)
GETTER (const char *, seen_sha256)
GETTER (GPtrArray *, transcript)
GETTER (SpcTestMessageOutcome, message_outcome)
GETTER (const char *, message_from)
GETTER (const char *, message_to)
GETTER (guint, message_reply_code)
GETTER (const char *, message_reply)
GETTER (const char *, message_enhanced_code)
GETTER (const char *, message_id)
GETTER (const char *, queue_id)

const char * const *
spc_login_result_get_auth_before_tls (SpcLoginResult *self)
{
  return (const char * const *) self->auth_before_tls;
}

const char * const *
spc_login_result_get_auth_after_tls (SpcLoginResult *self)
{
  return (const char * const *) self->auth_after_tls;
}
