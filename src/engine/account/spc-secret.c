/* spc-secret.c — a password or token held in memory only, wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "spc-secret.h"

/* tests/test-secret.c compiles this file with a free of its own that looks
 * at the bytes of each allocation as it is freed; everywhere else, g_free */
#ifdef SPC_SECRET_TEST_FREE
void SPC_SECRET_TEST_FREE (gpointer data);
#else
#define SPC_SECRET_TEST_FREE g_free
#endif

/* A password or an OAuth2 access token fits; a longer first line is refused */
#define SECRET_MAX_LENGTH 8192

struct _SpcSecret
{
  gsize  length;
  char  *data;
};

void
spc_secret_wipe (void   *data,
                 gsize   length)
{
  if (data != NULL && length > 0)
    explicit_bzero (data, length);
}

void
spc_secret_wipe_string (char *data)
{
  if (data == NULL)
    return;
  spc_secret_wipe (data, strlen (data));
  SPC_SECRET_TEST_FREE (data);
}

SpcSecret *
spc_secret_new (const char *data,
                gsize       length)
{
  SpcSecret *secret = g_new0 (SpcSecret, 1);

  secret->length = length;
  secret->data = g_malloc (length + 1);
  if (length > 0)
    memcpy (secret->data, data, length);
  secret->data[length] = '\0';

  return secret;
}

const char *
spc_secret_get (const SpcSecret *secret)
{
  return secret->data;
}

gsize
spc_secret_get_length (const SpcSecret *secret)
{
  return secret->length;
}

void
spc_secret_free (SpcSecret *secret)
{
  if (secret == NULL)
    return;
  spc_secret_wipe (secret->data, secret->length);
  SPC_SECRET_TEST_FREE (secret->data);
  g_free (secret);
}

/* Reads with read(2) into @buffer until a line ends or it is full */
static gssize
read_first_line (int    fd,
                 char  *buffer,
                 gsize  size)
{
  gsize filled = 0;

  while (filled < size)
    {
      gssize n = read (fd, buffer + filled, size - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      if (memchr (buffer + filled, '\n', n) != NULL)
        {
          filled += n;
          break;
        }
      filled += n;
    }

  return filled;
}

SpcSecret *
spc_secret_read_file (const char  *path,
                      GError     **error)
{
  /* On the stack, wiped before return: no heap copy of the file's bytes */
  char buffer[SECRET_MAX_LENGTH + 2];
  gboolean from_stdin = g_strcmp0 (path, "-") == 0;
  SpcSecret *secret = NULL;
  gssize filled;
  gsize length;
  int fd;
  int saved_errno;

  fd = from_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  filled = read_first_line (fd, buffer, sizeof buffer);
  saved_errno = errno;
  if (!from_stdin)
    close (fd);

  if (filled < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  length = 0;
  while (length < (gsize) filled && buffer[length] != '\n')
    length++;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;

  if (length > SECRET_MAX_LENGTH)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s: the first line is longer than %u bytes"), path, SECRET_MAX_LENGTH);
  else if (length == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s: the first line is empty"), path);
  else
    secret = spc_secret_new (buffer, length);

  spc_secret_wipe (buffer, sizeof buffer);
  return secret;
}
