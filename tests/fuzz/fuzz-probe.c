/* fuzz-probe.c — libFuzzer target: the real SpcProbe against a "server"
 * made of the fuzz input, over an in-memory stream (no socket, no DNS)
 *
 * The input: two bytes of set-up, then what the server sends.
 *   byte 0, bits 0–1: the mode, 0 and 3 STARTTLS, 1 plain, 2 implicit TLS
 *   byte 0, bit 2:    after the last byte the server stalls (the probe's
 *                     deadlines end the run) instead of closing
 *   byte 0, bit 3:    the server waits to be spoken to: nothing before
 *                     the client's first write (a ClientHello, or the
 *                     line sent after the greeting deadline)
 *   byte 0, bit 4:    the server answers in turns: one reply, then
 *                     nothing until the client writes again
 * (bits 2–4 are FuzzInputFlags)
 *   byte 1:           the seed of the chunk sizes; bits 0–2 pick the
 *                     largest chunk (1 … 8192 bytes)
 * The server's bytes reach the probe in those chunks, so a greeting, an
 * EHLO answer and a STARTTLS reply come split anywhere or all at once,
 * in whatever order the input has them; after a 220 to STARTTLS the rest
 * is what the TLS handshake reads, and garbage must fail it cleanly.
 *
 * Checked beyond "no crash": the run ends, within its deadlines, with a
 * status a conversation can give (never one of connect or DNS, never a
 * working TLS), its verdict the one the status table gives (red: nothing
 * works without TLS, and no port is recommended); the client never speaks
 * before a line of the server or the greeting deadline, sends only EHLO,
 * HELO, STARTTLS (once, never in plain mode) and QUIT, and nothing in
 * clear once TLS began; the summary, each transcript line in words, the
 * failure advice and the checklist are valid UTF-8, bounded, with no
 * control character, and nothing hidden once escaped for display; the
 * transcript and what was written are bounded.
 *
 * Built and run by build-aux/run-fuzzer.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "fuzz-display-check.h"
#include "fuzz-input-stream.h"
#include "fuzz-output-stream.h"
#include "spc-checklist.h"
#include "spc-enums.h"
#include "spc-failure-text.h"
#include "spc-probe-private.h"
#include "spc-recommendation.h"
#include "spc-summary.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* Each stage's deadline: short, so that a stall costs little */
#define STAGE_TIMEOUT_MS 25
/* The longest a run may take: every stage's deadline, with ample slack
 * for a sanitized build on a loaded machine */
#define RUN_MAX_MS 8000
#define EHLO_NAME "[192.0.2.1]"
/* A sentence with a quoted line of the server (≤ 1000 bytes and "…") */
#define MAX_SENTENCE_BYTES 4096
/* What the probe may write: a few commands and a ClientHello */
#define MAX_WRITTEN_BYTES (16 * 1024)

static const gsize max_chunks[] = { 1, 2, 3, 7, 16, 64, 512, 8192 };

typedef struct {
  guint n_ehlo;
  guint n_helo;
  guint n_starttls;
  guint n_quit;
  guint n_tls_records;
} Conversation;

static gboolean
looks_like_tls_record (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return length >= 1 && data[0] >= 0x14 && data[0] <= 0x17;
}

static gboolean
is_command (GBytes     *bytes,
            const char *command)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  return length == strlen (command) && memcmp (data, command, length) == 0;
}

/* What the client wrote, in order */
/* FUZZ_PROBE_VERBOSE=1: the conversation on stderr, to read a crash */
static void
print_conversation (FuzzOutputStream *output,
                    SpcResult        *result)
{
  GArray *writes = fuzz_output_stream_get_writes (output);
  GPtrArray *transcript = spc_result_get_transcript (result);

  for (guint i = 0; i < writes->len; i++)
    {
      const FuzzWrite *write = &g_array_index (writes, FuzzWrite, i);
      gsize length = 0;
      const char *data = g_bytes_get_data (write->bytes, &length);
      g_autofree char *head = g_strndup (data, MIN (length, 64));
      g_autofree char *shown = g_strescape (head, NULL);

      g_printerr ("write %u%s%s: %s\n", i, write->after_line ? " after a line" : "",
                  write->after_stall ? " after a stall" : "", shown);
    }
  for (guint i = 0; i < transcript->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *words = spc_summary_describe_line (result, line);

      g_printerr ("%6" G_GINT64_FORMAT " ms %d %s\n", line->t_ms, line->direction, words);
    }
  g_printerr ("status %s, detail %s\n", spc_status_to_string (spc_result_get_status (result)),
              g_enum_get_value (g_type_class_peek (SPC_TYPE_DETAIL), spc_result_get_detail (result))->value_nick);
}

static gboolean
has_note (SpcResult *result,
          SpcNote    note)
{
  GPtrArray *transcript = spc_result_get_transcript (result);

  for (guint i = 0; i < transcript->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);

      if (line->direction == SPC_DIRECTION_NOTE && line->note == note)
        return TRUE;
    }
  return FALSE;
}

static void
check_writes (FuzzOutputStream *output,
              SpcResult        *result,
              SpcMode           mode,
              Conversation     *seen)
{
  GArray *writes = fuzz_output_stream_get_writes (output);
  gboolean identify_noted = has_note (result, SPC_NOTE_SENDING_IDENTIFY_LINE);

  g_assert_cmpuint (fuzz_output_stream_get_size (output), <=, MAX_WRITTEN_BYTES);

  for (guint i = 0; i < writes->len; i++)
    {
      const FuzzWrite *write = &g_array_index (writes, FuzzWrite, i);

      if (looks_like_tls_record (write->bytes))
        {
          g_assert_true (mode != SPC_MODE_PLAIN);
          /* STARTTLS, and its 220, came first */
          if (mode == SPC_MODE_STARTTLS)
            g_assert_cmpuint (seen->n_starttls, ==, 1);
          seen->n_tls_records++;
          continue;
        }

      /* Nothing in clear inside TLS, or on an implicit-TLS port */
      g_assert_cmpuint (seen->n_tls_records, ==, 0);
      g_assert_true (mode != SPC_MODE_TLS);
      /* Never before the greeting: a line of the server came, or its
       * deadline passed in silence (then the identifying EHLO; on a
       * loaded machine the deadline may pass before a read returns) */
      if (i == 0)
        g_assert_true (write->after_line || write->after_stall || identify_noted);

      if (is_command (write->bytes, "EHLO " EHLO_NAME "\r\n"))
        seen->n_ehlo++;
      else if (is_command (write->bytes, "HELO " EHLO_NAME "\r\n"))
        seen->n_helo++;
      else if (is_command (write->bytes, "STARTTLS\r\n"))
        seen->n_starttls++;
      else if (is_command (write->bytes, "QUIT\r\n"))
        seen->n_quit++;
      else
        g_error ("the probe wrote something else than EHLO, HELO, STARTTLS or QUIT");
    }

  /* Each at most once: the identifying EHLO ends the run; no EHLO is
   * sent again in clear */
  g_assert_cmpuint (seen->n_ehlo, <=, 1);
  g_assert_cmpuint (seen->n_helo, <=, 1);
  g_assert_cmpuint (seen->n_starttls, <=, 1);
  g_assert_cmpuint (seen->n_quit, <=, 1);
  if (mode == SPC_MODE_PLAIN)
    g_assert_cmpuint (seen->n_starttls, ==, 0);
  if (seen->n_helo > 0)
    g_assert_cmpuint (seen->n_ehlo, ==, 1);
}

static void
check_status (SpcResult          *result,
              SpcMode             mode,
              const Conversation *seen)
{
  SpcStatus status = spc_result_get_status (result);
  SpcDetail detail = spc_result_get_detail (result);
  SpcVerdict verdict = spc_result_get_verdict (result);

  g_assert_true (spc_result_get_finished (result));
  g_assert_nonnull (g_enum_get_value (g_type_class_peek (SPC_TYPE_STATUS), status));
  g_assert_nonnull (g_enum_get_value (g_type_class_peek (SPC_TYPE_DETAIL), detail));
  g_assert_cmpint (detail, !=, SPC_DETAIL_NONE);
  g_assert_cmpint (verdict, ==, spc_status_get_verdict_for_detail (status, detail));
  /* Without a TLS session nothing works: every status left is red */
  g_assert_cmpint (verdict, ==, SPC_VERDICT_RED);

  /* Connected from the start, never cancelled, and garbage is no TLS
   * server: no TLS session, so nothing that needs one */
  switch (status)
    {
    case SPC_STATUS_PENDING:
    case SPC_STATUS_CANCELLED:
    case SPC_STATUS_FILTERED:
    case SPC_STATUS_REFUSED:
    case SPC_STATUS_UNREACHABLE:
    case SPC_STATUS_DNS_ERROR:
    case SPC_STATUS_OK:
    case SPC_STATUS_NO_AUTH:
    case SPC_STATUS_CERTIFICATE_INVALID:
      g_error ("status %s after a conversation over a stream", spc_status_to_string (status));
      break;
    default:
      break;
    }
  g_assert_null (spc_result_get_tls_version (result));

  if (mode == SPC_MODE_PLAIN)
    g_assert_cmpint (status, !=, SPC_STATUS_STARTTLS_INJECTION);
  /* Bytes after the 220 to STARTTLS: the run stops, no handshake */
  if (detail == SPC_DETAIL_STARTTLS_INJECTION)
    g_assert_cmpuint (seen->n_tls_records, ==, 0);
  if (status == SPC_STATUS_PLAINTEXT_ONLY)
    g_assert_cmpuint (seen->n_ehlo, ==, 1);
}

static void
check_optional_text (const char *text)
{
  if (text != NULL)
    fuzz_assert_displayable (text, MAX_SENTENCE_BYTES);
}

/* The checklist and the recommendation over this one port */
static void
check_advice (GListModel *results)
{
  g_autoptr(GPtrArray) items = spc_advice_answer_checklist (results);
  g_autoptr(SpcRecommendation) recommendation = spc_advice_recommend (results, "mx.example.com");

  for (guint i = 0; i < items->len; i++)
    {
      const SpcChecklistItem *item = g_ptr_array_index (items, i);

      fuzz_assert_displayable (item->question, MAX_SENTENCE_BYTES);
      fuzz_assert_displayable (item->headline, MAX_SENTENCE_BYTES);
      check_optional_text (item->evidence);
    }
  /* Nothing works over garbage: no port to recommend */
  g_assert_null (recommendation);
}

/* Every text made of what the server sent */
static void
check_texts (SpcResult *result)
{
  GPtrArray *transcript = spc_result_get_transcript (result);
  g_autofree char *summary = spc_summary_for_result (result);
  g_autoptr(GListStore) results = g_list_store_new (SPC_TYPE_RESULT);
  g_autofree char *failure = NULL;

  fuzz_assert_displayable (summary, MAX_SENTENCE_BYTES);
  check_optional_text (spc_result_get_greeting (result));
  check_optional_text (spc_result_get_reply_text (result));

  g_assert_cmpuint (transcript->len, <=, SPC_TRANSCRIPT_MAX_LINES);
  for (guint i = 0; i < transcript->len; i++)
    {
      const SpcTranscriptLine *line = g_ptr_array_index (transcript, i);
      g_autofree char *words = spc_summary_describe_line (result, line);

      check_optional_text (line->text);
      fuzz_assert_displayable (words, MAX_SENTENCE_BYTES);
      g_assert_null (strchr (words, '\n'));
    }

  g_list_store_append (results, result);
  failure = spc_advice_describe_failure (G_LIST_MODEL (results));
  if (failure != NULL)
    fuzz_assert_displayable (failure, 4 * MAX_SENTENCE_BYTES);
  check_advice (G_LIST_MODEL (results));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpcResult **out = user_data;

  *out = spc_probe_run_finish (SPC_PROBE (object), result);
  g_assert_nonnull (*out);
}

static SpcMode
mode_from_byte (guint8 byte)
{
  switch (byte & 3)
    {
    case 1: return SPC_MODE_PLAIN;
    case 2: return SPC_MODE_TLS;
    default: return SPC_MODE_STARTTLS;
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SpcRequest) request = NULL;
  g_autoptr(SpcProbe) probe = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(SpcResult) result = NULL;
  Conversation seen = { 0 };
  SpcMode mode;
  gint64 started_us;

  if (size < 2)
    return 0;

  mode = mode_from_byte (data[0]);
  input = fuzz_input_stream_new (data + 2, size - 2, data[1] * 0x01000193u + 1,
                                 max_chunks[data[1] & 7], (data[0] >> 2) & 7);
  output = fuzz_output_stream_new (FUZZ_INPUT_STREAM (input));
  stream = g_simple_io_stream_new (input, output);

  request = spc_request_new ("mx.example.com");
  spc_request_set_timeout_ms (request, STAGE_TIMEOUT_MS);
  probe = spc_probe_new (request, mode == SPC_MODE_TLS ? 465 : 587, mode);

  started_us = g_get_monotonic_time ();
  _spc_probe_run_on_stream_async (probe, stream, NULL, run_done_cb, &result);
  while (result == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - started_us > RUN_MAX_MS * 1000)
        g_error ("the probe ran past every deadline");
    }

  if (g_getenv ("FUZZ_PROBE_VERBOSE") != NULL)
    print_conversation (FUZZ_OUTPUT_STREAM (output), result);
  check_writes (FUZZ_OUTPUT_STREAM (output), result, mode, &seen);
  check_status (result, mode, &seen);
  check_texts (result);

  return 0;
}
