/* test-line-reader.c — the bounded line reader: framing, caps, chunks, EOF,
 * buffered bytes and cancellation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spc-error.h"
#include "spc-line-reader.h"
#include "spc-reply.h"
#include "spc-test-util.h"
#include "fuzz/fuzz-read-line.h"

/* Long enough never to fire on a loaded machine, short enough to end a hang */
#define TEST_DEADLINE_SECONDS 30

/* ---- A scripted stream: hands out its data a few bytes per read, or an
 * endless line, and records how much the reader asked for ---- */

#define TEST_TYPE_STREAM (test_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestStream, test_stream, TEST, STREAM, GInputStream)

struct _TestStream
{
  GInputStream  parent_instance;
  GBytes       *data;          /* NULL: an endless line of 'A' */
  gsize         position;
  gsize         chunk;         /* most bytes handed out per read */
  gsize         largest_request;
  gsize         n_reads;
};

G_DEFINE_FINAL_TYPE (TestStream, test_stream, G_TYPE_INPUT_STREAM)

static gssize
test_stream_read (GInputStream  *stream,
                  void          *buffer,
                  gsize          count,
                  GCancellable  *cancellable,
                  GError       **error)
{
  TestStream *self = TEST_STREAM (stream);
  gsize n = MIN (count, self->chunk);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  self->largest_request = MAX (self->largest_request, count);
  self->n_reads++;

  if (self->data == NULL)
    {
      memset (buffer, 'A', n);
    }
  else
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->data, &size);

      n = MIN (n, size - self->position);
      memcpy (buffer, data + self->position, n);
    }

  self->position += n;
  return n;
}

static void
test_stream_finalize (GObject *object)
{
  TestStream *self = TEST_STREAM (object);

  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (test_stream_parent_class)->finalize (object);
}

static void
test_stream_class_init (TestStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_stream_read;
}

static void
test_stream_init (TestStream *self)
{
}

static TestStream *
test_stream_new (const char *data,
                 gsize       length,
                 gsize       chunk)
{
  TestStream *self = g_object_new (TEST_TYPE_STREAM, NULL);

  if (data != NULL)
    self->data = g_bytes_new (data, length);
  self->chunk = chunk;

  return self;
}

/* ---- Running one async read to its end ---- */

static void
wait_for (gboolean *done)
{
  g_assert_true (spc_test_wait_for (spc_test_flag_is_set, done, TEST_DEADLINE_SECONDS * 1000));
}

static GBytes *
read_line (SpcLineReader  *reader,
           GCancellable   *cancellable,
           GError        **error)
{
  FuzzReadResult read = { 0 };

  spc_line_reader_read_line_async (reader, G_PRIORITY_DEFAULT, cancellable, fuzz_read_line_cb, &read);
  /* Never synchronous: the callback comes from the main loop */
  g_assert_false (read.done);
  wait_for (&read.done);

  g_assert_true ((read.line == NULL) != (read.error == NULL));
  if (read.error != NULL)
    g_propagate_error (error, read.error);

  return read.line;
}

static void
assert_line (SpcLineReader *reader,
             const char    *expected,
             gsize          expected_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) line = read_line (reader, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpmem (g_bytes_get_data (line, NULL), g_bytes_get_size (line), expected, expected_length);
}

static void
assert_read_error (SpcLineReader *reader,
                   GQuark         domain,
                   int            code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) line = read_line (reader, NULL, &error);

  g_assert_null (line);
  g_assert_error (error, domain, code);
}

static SpcLineReader *
reader_for_memory (const char *data,
                   gsize       length,
                   gsize       max_line)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_memdup2 (data, length), length, g_free);

  return spc_line_reader_new (stream, max_line);
}

/* ---- The cases ---- */

/* Framing: a stream of data, read line by line to its end */
typedef struct {
  const char *text;
  gsize       length;
  gboolean    saw_bare_lf;   /* what the reader says after this line */
} FramedLine;

typedef struct {
  const char *data;
  gsize       length;
  FramedLine  lines[4];      /* up to the first with no text */
} Framing;

#define FRAMING_DATA(text) text, sizeof text - 1

static const Framing crlf_lines = {
  FRAMING_DATA ("220 mail.example.com\r\n250-one\r\n250 two\r\n"),
  { { "220 mail.example.com", 20, FALSE }, { "250-one", 7, FALSE }, { "250 two", 7, FALSE } },
};

static const Framing bare_lf = {
  FRAMING_DATA ("220 bare\n250 crlf\r\n"),
  { { "220 bare", 8, TRUE }, { "250 crlf", 8, FALSE } },
};

/* A bare CR is data; only the CR right before LF belongs to the end */
static const Framing bare_cr = {
  FRAMING_DATA ("220 a\rb\r\r\n"),
  { { "220 a\rb\r", 8, FALSE } },
};

static const Framing empty_line = {
  FRAMING_DATA ("\r\n\n"),
  { { "", 0, FALSE }, { "", 0, TRUE } },
};

static const Framing binary_passed_through = {
  FRAMING_DATA ("250 a\0b\xff\xfe\r\n"),
  { { "250 a\0b\xff\xfe", 9, FALSE } },
};

static void
test_framing (gconstpointer data)
{
  const Framing *framing = data;
  g_autoptr(SpcLineReader) reader = reader_for_memory (framing->data, framing->length, 0);

  for (const FramedLine *line = framing->lines; line->text != NULL; line++)
    {
      assert_line (reader, line->text, line->length);
      g_assert_cmpint (spc_line_reader_get_saw_bare_lf (reader), ==, line->saw_bare_lf);
    }
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, 0);
  assert_read_error (reader, SPC_ERROR, SPC_ERROR_CLOSED);
  /* And it stays closed */
  assert_read_error (reader, SPC_ERROR, SPC_ERROR_CLOSED);
}

static void
test_eof_mid_line (void)
{
  static const char data[] = "220 ok\r\n250 partial";
  g_autoptr(SpcLineReader) reader = reader_for_memory (data, sizeof data - 1, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) line = NULL;

  assert_line (reader, "220 ok", 6);
  line = read_line (reader, NULL, &error);
  g_assert_null (line);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "middle"));
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, strlen ("250 partial"));
}

static void
test_empty_stream (void)
{
  g_autoptr(SpcLineReader) reader = reader_for_memory ("", 0, 0);

  assert_read_error (reader, SPC_ERROR, SPC_ERROR_CLOSED);
}

static void
test_513_byte_line (void)
{
  g_autofree char *data = g_malloc (515);
  g_autoptr(SpcLineReader) reader = NULL;

  memset (data, 'x', 513);
  memcpy (data + 513, "\r\n", 2);
  reader = reader_for_memory (data, 515, 0);

  assert_line (reader, data, 513);
}

static void
test_limit_exact (void)
{
  static const char data[] =
    "0123456789abcdef\r\n"     /* 16: fits */
    "0123456789abcdef\n";      /* 16 with bare LF: fits */
  static const char crlf_over[] = "0123456789abcdefg\r\n";
  static const char lf_over[] = "0123456789abcdefg\n";
  g_autoptr(SpcLineReader) reader = reader_for_memory (data, sizeof data - 1, 16);
  g_autoptr(SpcLineReader) reader_crlf = reader_for_memory (crlf_over, sizeof crlf_over - 1, 16);
  g_autoptr(SpcLineReader) reader_lf = reader_for_memory (lf_over, sizeof lf_over - 1, 16);

  assert_line (reader, "0123456789abcdef", 16);
  assert_line (reader, "0123456789abcdef", 16);
  assert_read_error (reader_crlf, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG);
  assert_read_error (reader_lf, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG);
}

static void
test_64k_line (void)
{
  gsize length = 64 * 1024 + 2;
  g_autofree char *data = g_malloc (length);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SpcLineReader) reader = NULL;

  memset (data, 'x', length - 2);
  memcpy (data + length - 2, "\r\n", 2);
  stream = g_memory_input_stream_new_from_data (g_steal_pointer (&data), length, g_free);
  reader = spc_line_reader_new (stream, 0);

  assert_read_error (reader, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG);
  /* It stopped reading at its cap (plus room for CRLF), not at the end */
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), <=, SPC_LINE_READER_DEFAULT_MAX_LINE + 2);
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), <=, SPC_LINE_READER_DEFAULT_MAX_LINE + 2);
  /* A second attempt reads nothing more */
  assert_read_error (reader, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG);
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), <=, SPC_LINE_READER_DEFAULT_MAX_LINE + 2);
}

static void
test_endless_line (void)
{
  g_autoptr(TestStream) stream = test_stream_new (NULL, 0, 1000);
  g_autoptr(SpcLineReader) reader = spc_line_reader_new (G_INPUT_STREAM (stream), 512);

  assert_read_error (reader, SPC_ERROR, SPC_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (stream->position, <=, 512 + 2);
  g_assert_cmpuint (stream->largest_request, <=, 512 + 2);
  g_assert_cmpuint (stream->n_reads, <=, 10);
}

static void
test_trickle (void)
{
  static const char data[] = "220 slow\r\n250-a\r\n250 b\r\n";
  g_autoptr(TestStream) stream = test_stream_new (data, sizeof data - 1, 1);
  g_autoptr(SpcLineReader) reader = spc_line_reader_new (G_INPUT_STREAM (stream), 0);

  assert_line (reader, "220 slow", 8);
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, 0);
  assert_line (reader, "250-a", 5);
  assert_line (reader, "250 b", 5);
  assert_read_error (reader, SPC_ERROR, SPC_ERROR_CLOSED);
  /* One byte per read, plus the read that saw the end */
  g_assert_cmpuint (stream->n_reads, ==, sizeof data);
}

typedef struct {
  GPtrArray *lines;
  GError    *error;
  gboolean   done;
} ChainedRead;

/* Asks for the next line from inside the callback, as the probe does for
 * multi-line replies: the reader must not count itself busy by then. */
static void
chained_line_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChainedRead *chain = user_data;
  GBytes *line = spc_line_reader_read_line_finish (SPC_LINE_READER (object), result, &chain->error);

  if (line == NULL)
    {
      chain->done = TRUE;
      return;
    }

  g_ptr_array_add (chain->lines, line);
  spc_line_reader_read_line_async (SPC_LINE_READER (object), G_PRIORITY_DEFAULT, NULL,
                                   chained_line_cb, chain);
}

static void
test_read_from_callback (void)
{
  static const char data[] = "250-one\r\n250-two\r\n250 three\r\n";
  /* Three bytes a read: lines complete inside read callbacks, not only from the buffer */
  g_autoptr(TestStream) stream = test_stream_new (data, sizeof data - 1, 3);
  g_autoptr(SpcLineReader) reader = spc_line_reader_new (G_INPUT_STREAM (stream), 0);
  ChainedRead chain = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref), NULL, FALSE };

  spc_line_reader_read_line_async (reader, G_PRIORITY_DEFAULT, NULL, chained_line_cb, &chain);
  wait_for (&chain.done);

  g_assert_error (chain.error, SPC_ERROR, SPC_ERROR_CLOSED);
  g_assert_cmpuint (chain.lines->len, ==, 3);
  g_assert_cmpmem (g_bytes_get_data (chain.lines->pdata[2], NULL), g_bytes_get_size (chain.lines->pdata[2]),
                   "250 three", 9);
  g_clear_error (&chain.error);
  g_ptr_array_unref (chain.lines);
}

static void
test_buffered (void)
{
  /* The STARTTLS injection shape: a 220 and more in the same chunk */
  static const char data[] = "220 go ahead\r\n250 injected\r\n";
  g_autoptr(TestStream) stream = test_stream_new (data, sizeof data - 1, 4096);
  g_autoptr(SpcLineReader) reader = spc_line_reader_new (G_INPUT_STREAM (stream), 0);

  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, 0);
  assert_line (reader, "220 go ahead", 12);
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, strlen ("250 injected\r\n"));
  g_assert_cmpuint (stream->n_reads, ==, 1);
  /* The buffered line comes without reading */
  assert_line (reader, "250 injected", 12);
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, 0);
  g_assert_cmpuint (stream->n_reads, ==, 1);
}

static void
test_continuation_flood (void)
{
  const gsize n_lines = 200000;
  g_autoptr(GString) data = g_string_sized_new (n_lines * 7 + 16);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SpcLineReader) reader = NULL;
  g_autoptr(SpcReply) reply = spc_reply_new ();
  g_autoptr(GError) error = NULL;
  SpcReplyState state = SPC_REPLY_NEED_MORE;
  gint64 started = g_get_monotonic_time ();
  gsize size;
  guint n_read = 0;

  for (gsize i = 0; i < n_lines; i++)
    g_string_append (data, "250-x\r\n");
  g_string_append (data, "250 end\r\n");
  size = data->len;
  stream = g_memory_input_stream_new_from_data (g_string_free (g_steal_pointer (&data), FALSE), size, g_free);
  reader = spc_line_reader_new (stream, 0);

  while (state == SPC_REPLY_NEED_MORE && n_read <= n_lines)
    {
      g_autoptr(GBytes) line = read_line (reader, NULL, &error);

      g_assert_no_error (error);
      n_read++;
      state = spc_reply_add_line (reply,
                                  g_bytes_get_data (line, NULL),
                                  g_bytes_get_size (line),
                                  &error);
    }

  g_assert_cmpint (state, ==, SPC_REPLY_ERROR);
  g_assert_error (error, SPC_ERROR, SPC_ERROR_REPLY_TOO_LARGE);
  g_assert_cmpuint (n_read, ==, SPC_REPLY_MAX_LINES + 1);
  /* Only what the reader's buffer holds was taken from the stream */
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), <=, (SPC_REPLY_MAX_LINES + 1) * 7 + SPC_LINE_READER_DEFAULT_MAX_LINE + 2);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

/* ---- Over a real socket pair: chunked arrival, close, cancellation ---- */

typedef struct {
  GSocket      *peer;
  GInputStream *input;  /* the reader's side */
  GIOStream    *connection;
} SocketPair;

static void
socket_pair_init (SocketPair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) ours = NULL;
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  ours = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  pair->peer = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  pair->connection = G_IO_STREAM (g_socket_connection_factory_create_connection (ours));
  pair->input = g_io_stream_get_input_stream (pair->connection);
}

static void
socket_pair_clear (SocketPair *pair)
{
  g_clear_object (&pair->connection);
  g_clear_object (&pair->peer);
}

static void
peer_send (SocketPair *pair,
           const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send (pair->peer, text, strlen (text), NULL, &error), ==, strlen (text));
  g_assert_no_error (error);
}

typedef struct {
  SocketPair *pair;
  const char *text;
  gboolean    close;
} DelayedSend;

static gboolean
delayed_send_cb (gpointer user_data)
{
  DelayedSend *send = user_data;

  if (send->text != NULL)
    peer_send (send->pair, send->text);
  if (send->close)
    g_socket_close (send->pair->peer, NULL);

  return G_SOURCE_REMOVE;
}

static void
test_socket_chunks (void)
{
  SocketPair pair = { 0 };
  g_autoptr(SpcLineReader) reader = NULL;
  DelayedSend second = { &pair, "rest\r\n250 done\r\n", FALSE };
  DelayedSend last = { &pair, "221 bye", TRUE };

  socket_pair_init (&pair);
  reader = spc_line_reader_new (pair.input, 0);

  /* One line split across two writes, then a line with no end before close */
  peer_send (&pair, "250-first ");
  g_timeout_add (50, delayed_send_cb, &second);
  assert_line (reader, "250-first rest", 14);
  assert_line (reader, "250 done", 8);

  g_timeout_add (50, delayed_send_cb, &last);
  assert_read_error (reader, SPC_ERROR, SPC_ERROR_CLOSED);
  g_assert_cmpuint (spc_line_reader_get_buffered (reader), ==, strlen ("221 bye"));

  socket_pair_clear (&pair);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel_pending (void)
{
  SocketPair pair = { 0 };
  g_autoptr(SpcLineReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) line = NULL;
  FuzzReadResult second = { 0 };
  gint64 started;

  socket_pair_init (&pair);
  reader = spc_line_reader_new (pair.input, 0);
  peer_send (&pair, "220 never ends");

  g_timeout_add (100, cancel_cb, cancellable);
  started = g_get_monotonic_time ();

  /* A second read while one is running is refused, not queued */
  {
    FuzzReadResult first = { 0 };

    spc_line_reader_read_line_async (reader, G_PRIORITY_DEFAULT, cancellable, fuzz_read_line_cb, &first);
    spc_line_reader_read_line_async (reader, G_PRIORITY_DEFAULT, NULL, fuzz_read_line_cb, &second);
    wait_for (&second.done);
    g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
    g_clear_error (&second.error);

    wait_for (&first.done);
    g_assert_null (first.line);
    g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&first.error);
  }
  g_assert_cmpint (g_get_monotonic_time () - started, <, TEST_DEADLINE_SECONDS * G_USEC_PER_SEC);

  /* Already cancelled: refused at once */
  line = read_line (reader, cancellable, &error);
  g_assert_null (line);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The reader is usable again afterwards */
  peer_send (&pair, "\r\n");
  line = read_line (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (line, NULL), g_bytes_get_size (line), "220 never ends", 14);

  socket_pair_clear (&pair);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/line-reader/crlf", &crlf_lines, test_framing);
  g_test_add_data_func ("/line-reader/bare-lf", &bare_lf, test_framing);
  g_test_add_data_func ("/line-reader/bare-cr", &bare_cr, test_framing);
  g_test_add_data_func ("/line-reader/empty-line", &empty_line, test_framing);
  g_test_add_data_func ("/line-reader/binary", &binary_passed_through, test_framing);
  g_test_add_func ("/line-reader/eof-mid-line", test_eof_mid_line);
  g_test_add_func ("/line-reader/empty-stream", test_empty_stream);
  g_test_add_func ("/line-reader/513-byte-line", test_513_byte_line);
  g_test_add_func ("/line-reader/limit-exact", test_limit_exact);
  g_test_add_func ("/line-reader/64k-line", test_64k_line);
  g_test_add_func ("/line-reader/endless-line", test_endless_line);
  g_test_add_func ("/line-reader/trickle", test_trickle);
  g_test_add_func ("/line-reader/buffered", test_buffered);
  g_test_add_func ("/line-reader/read-from-callback", test_read_from_callback);
  g_test_add_func ("/line-reader/continuation-flood", test_continuation_flood);
  g_test_add_func ("/line-reader/socket-chunks", test_socket_chunks);
  g_test_add_func ("/line-reader/cancel", test_cancel_pending);

  return g_test_run ();
}
