/* test-command.c — one command out, its reply in: the line written with
 * CRLF then the reply read, which step failed, and the written copy of the
 * line wiped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "spc-command.h"
#include "spc-error.h"
#include "spc-test-util.h"

/* Long enough never to fire on a loaded machine, short enough to end a hang */
#define TEST_DEADLINE_MS (30 * 1000)

/* ---- An output stream that keeps what it was given, and where: the
 * operation's own copy of the line, looked at once the write is over ---- */

#define TEST_TYPE_OUTPUT (test_output_get_type ())
G_DECLARE_FINAL_TYPE (TestOutput, test_output, TEST, OUTPUT, GOutputStream)

struct _TestOutput
{
  GOutputStream  parent_instance;
  GByteArray    *written;
  const guint8  *buffer;       /* the caller's, as given to the first write */
  gsize          buffer_length;
  gboolean       fail;         /* every write fails */
};

G_DEFINE_FINAL_TYPE (TestOutput, test_output, G_TYPE_OUTPUT_STREAM)

static gssize
test_output_write (GOutputStream  *stream,
                   const void     *buffer,
                   gsize           count,
                   GCancellable   *cancellable,
                   GError        **error)
{
  TestOutput *self = TEST_OUTPUT (stream);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  if (self->buffer == NULL)
    {
      self->buffer = buffer;
      self->buffer_length = count;
    }

  if (self->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "Broken pipe");
      return -1;
    }

  g_byte_array_append (self->written, buffer, count);
  return count;
}

static void
test_output_finalize (GObject *object)
{
  TestOutput *self = TEST_OUTPUT (object);

  g_byte_array_unref (self->written);

  G_OBJECT_CLASS (test_output_parent_class)->finalize (object);
}

static void
test_output_class_init (TestOutputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_output_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = test_output_write;
}

static void
test_output_init (TestOutput *self)
{
  self->written = g_byte_array_new ();
}

static gboolean
test_output_has (TestOutput *self,
                 const char *expected)
{
  return self->written->len == strlen (expected) &&
         memcmp (self->written->data, expected, self->written->len) == 0;
}

/* The line's copy the stream was given holds nothing but zeros now. The
 * operation frees it only with its result, which the test still holds. */
static gboolean
test_output_buffer_wiped (TestOutput *self)
{
  g_assert_nonnull (self->buffer);
  for (gsize i = 0; i < self->buffer_length; i++)
    if (self->buffer[i] != 0)
      return FALSE;
  return TRUE;
}

/* ---- One run of the operation ---- */

typedef struct {
  TestOutput    *output;
  GInputStream  *input;
  SpcLineReader *reader;
  SpcReply      *reply;
  GPtrArray     *lines_seen;     /* char *, each line as the caller saw it */
  gboolean       written_before_reply;
  GAsyncResult  *result;
} Fixture;

static void
fixture_set_up (Fixture    *fixture,
                const char *server_says)
{
  fixture->output = g_object_new (TEST_TYPE_OUTPUT, NULL);
  fixture->input = g_memory_input_stream_new_from_data (g_strdup (server_says), -1, g_free);
  fixture->reader = spc_line_reader_new (fixture->input, 0);
  fixture->reply = spc_reply_new ();
  fixture->lines_seen = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->result);
  g_ptr_array_unref (fixture->lines_seen);
  spc_reply_unref (fixture->reply);
  g_object_unref (fixture->reader);
  g_object_unref (fixture->input);
  g_object_unref (fixture->output);
}

static void
line_seen (GBytes   *line,
           gpointer  user_data)
{
  Fixture *fixture = user_data;

  if (fixture->lines_seen->len == 0)
    fixture->written_before_reply = test_output_has (fixture->output, "EHLO client.example\r\n");
  g_ptr_array_add (fixture->lines_seen, spc_reply_line_to_text (line));
}

static gboolean
fixture_send (Fixture       *fixture,
              GCancellable  *cancellable,
              gboolean      *was_written,
              GError       **error)
{
  spc_command_send_async (G_OUTPUT_STREAM (fixture->output), fixture->reader,
                          "EHLO client.example", fixture->reply, cancellable,
                          line_seen, fixture,
                          spc_test_keep_result, &fixture->result);
  g_assert_true (spc_test_wait_for (spc_test_pointer_is_set, &fixture->result, TEST_DEADLINE_MS));
  return spc_command_send_finish (fixture->reader, fixture->result, was_written, error);
}

/* ---- The tests ---- */

static void
test_write_then_reply (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean was_written = FALSE;

  fixture_set_up (&fixture, "250-mail.example\r\n250 STARTTLS\r\n");

  g_assert_true (fixture_send (&fixture, NULL, &was_written, &error));
  g_assert_no_error (error);
  g_assert_true (was_written);

  /* The line and CRLF, then (and only then) the reply */
  g_assert_true (test_output_has (fixture.output, "EHLO client.example\r\n"));
  g_assert_true (fixture.written_before_reply);
  g_assert_true (spc_reply_is_complete (fixture.reply));
  g_assert_cmpuint (spc_reply_get_code (fixture.reply), ==, 250);
  g_assert_cmpuint (fixture.lines_seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture.lines_seen, 0), ==, "250-mail.example");
  g_assert_cmpstr (g_ptr_array_index (fixture.lines_seen, 1), ==, "250 STARTTLS");

  g_assert_true (test_output_buffer_wiped (fixture.output));

  fixture_tear_down (&fixture);
}

static void
test_failed_write (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean was_written = TRUE;

  fixture_set_up (&fixture, "250 ok\r\n");
  fixture.output->fail = TRUE;

  g_assert_false (fixture_send (&fixture, NULL, &was_written, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  g_assert_false (was_written);

  /* No reply is read after a failed write */
  g_assert_cmpuint (fixture.lines_seen->len, ==, 0);
  g_assert_cmpuint (spc_reply_get_n_lines (fixture.reply), ==, 0);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (fixture.input)), ==, 0);

  g_assert_true (test_output_buffer_wiped (fixture.output));

  fixture_tear_down (&fixture);
}

static void
test_cancelled_write (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean was_written = TRUE;

  fixture_set_up (&fixture, "250 ok\r\n");
  g_cancellable_cancel (cancellable);

  g_assert_false (fixture_send (&fixture, cancellable, &was_written, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (was_written);
  g_assert_cmpuint (fixture.output->written->len, ==, 0);
  g_assert_cmpuint (fixture.lines_seen->len, ==, 0);

  fixture_tear_down (&fixture);
}

static void
test_failed_read (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean was_written = FALSE;

  /* The server closes after one line of a reply that goes on */
  fixture_set_up (&fixture, "250-mail.example\r\n");

  g_assert_false (fixture_send (&fixture, NULL, &was_written, &error));
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CLOSED);
  g_assert_true (was_written);

  g_assert_true (test_output_has (fixture.output, "EHLO client.example\r\n"));
  g_assert_cmpuint (fixture.lines_seen->len, ==, 1);
  g_assert_false (spc_reply_is_complete (fixture.reply));
  g_assert_cmpuint (spc_reply_get_n_lines (fixture.reply), ==, 1);

  g_assert_true (test_output_buffer_wiped (fixture.output));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/command/write-then-reply", test_write_then_reply);
  g_test_add_func ("/command/failed-write", test_failed_write);
  g_test_add_func ("/command/cancelled-write", test_cancelled_write);
  g_test_add_func ("/command/failed-read", test_failed_read);

  return g_test_run ();
}
