/* test-probe-stream.c — the probe over an in-memory stream (the hook the
 * fuzzer uses, tests/fuzz/fuzz-probe.c): a conversation given as bytes,
 * what the probe concluded and what it wrote. Cases the fuzzer found
 * live here too, as regressions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-input-stream.h"
#include "fuzz-output-stream.h"
#include "spc-engine.h"
#include "spc-probe-private.h"

#define STAGE_TIMEOUT_MS 2000

typedef struct {
  SpcResult *result;
  char      *written;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->result);
  g_clear_pointer (&run->written, g_free);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpcResult **out = user_data;

  *out = spc_probe_run_finish (SPC_PROBE (object), result);
}

/* The probe in @mode against a server that sends @server one reply per
 * command (as the fuzzer's FUZZ_INPUT_TURNS), in chunks of up to
 * @max_chunk bytes, and then closes */
static void
run_probe_chunked (SpcMode     mode,
                   const char *server,
                   gsize       max_chunk,
                   Run        *run)
{
  g_autoptr(SpcRequest) request = spc_request_new ("mx.example.com");
  g_autoptr(SpcProbe) probe = NULL;
  g_autoptr(GInputStream) input = fuzz_input_stream_new ((const guint8 *) server, strlen (server),
                                                         1, max_chunk, FUZZ_INPUT_TURNS);
  g_autoptr(GOutputStream) output = fuzz_output_stream_new (FUZZ_INPUT_STREAM (input));
  g_autoptr(GIOStream) stream = g_simple_io_stream_new (input, output);
  GArray *writes;
  GString *written = g_string_new (NULL);

  spc_request_set_timeout_ms (request, STAGE_TIMEOUT_MS);
  probe = spc_probe_new (request, 587, mode);
  _spc_probe_run_on_stream_async (probe, stream, NULL, run_done_cb, &run->result);
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  writes = fuzz_output_stream_get_writes (FUZZ_OUTPUT_STREAM (output));
  for (guint i = 0; i < writes->len; i++)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (g_array_index (writes, FuzzWrite, i).bytes, &length);

      g_string_append_len (written, data, length);
    }
  run->written = g_string_free (written, FALSE);
}

static void
run_probe (SpcMode     mode,
           const char *server,
           Run        *run)
{
  run_probe_chunked (mode, server, 8192, run);
}

static void
test_plaintext_conversation (void)
{
  Run run = { 0 };

  run_probe (SPC_MODE_STARTTLS,
             "220 mx.example.com ESMTP Postfix\r\n"
             "250-mx.example.com\r\n"
             "250-PIPELINING\r\n"
             "250 SIZE 10240000\r\n"
             "221 2.0.0 Bye\r\n", &run);

  g_assert_cmpint (spc_result_get_status (run.result), ==, SPC_STATUS_PLAINTEXT_ONLY);
  g_assert_cmpstr (spc_result_get_greeting (run.result), ==, "mx.example.com ESMTP Postfix");
  g_assert_true (spc_result_get_capabilities (run.result)->pipelining);
  g_assert_cmpstr (run.written, ==, "EHLO [192.0.2.1]\r\nQUIT\r\n");
  run_clear (&run);
}

static void
test_starttls_refused (void)
{
  Run run = { 0 };

  run_probe (SPC_MODE_STARTTLS,
             "220 mx.example.net ESMTP Exim 4.96\r\n"
             "250-mx.example.net Hello [192.0.2.1]\r\n"
             "250 STARTTLS\r\n"
             "454 TLS currently unavailable\r\n"
             "221 mx.example.net closing connection\r\n", &run);

  g_assert_cmpint (spc_result_get_status (run.result), ==, SPC_STATUS_TLS_FAILED);
  g_assert_cmpint (spc_result_get_detail (run.result), ==, SPC_DETAIL_STARTTLS_REFUSED);
  g_assert_cmpuint (spc_result_get_reply_code (run.result), ==, 454);
  g_assert_cmpstr (run.written, ==, "EHLO [192.0.2.1]\r\nSTARTTLS\r\nQUIT\r\n");
  run_clear (&run);
}

/* After the 220 to STARTTLS, GnuTLS reads what follows as a server's
 * handshake: garbage fails it, and nothing more is said in clear */
static void
test_starttls_garbage_handshake (void)
{
  Run run = { 0 };

  run_probe (SPC_MODE_STARTTLS,
             "220 mx.example.com ESMTP\r\n"
             "250-mx.example.com\r\n"
             "250 STARTTLS\r\n"
             "220 2.0.0 Ready to start TLS\r\n", &run);

  /* No byte came after the 220 before the handshake began: closed */
  g_assert_cmpint (spc_result_get_status (run.result), ==, SPC_STATUS_TLS_FAILED);
  g_assert_null (spc_result_get_tls_version (run.result));
  g_assert_true (g_str_has_prefix (run.written, "EHLO [192.0.2.1]\r\nSTARTTLS\r\n\x16\x03"));
  g_assert_null (strstr (run.written, "QUIT"));
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe-stream/plaintext", test_plaintext_conversation);
  g_test_add_func ("/probe-stream/starttls-refused", test_starttls_refused);
  g_test_add_func ("/probe-stream/starttls-garbage-handshake", test_starttls_garbage_handshake);

  return g_test_run ();
}
