/* spc-bounded-file.c — a file the user names, read once, bounded in bytes and time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "spc-bounded-file.h"

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("“%s” cannot be read: %s"), path, g_strerror (saved_errno));
}

static void
set_too_large_error (GError     **error,
                     const char  *path,
                     gsize        max_bytes)
{
  g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
               _("“%s” is larger than %s, more than such a file can hold"), path, limit);
}

/* Folders and devices never end (/dev/zero) or block (a terminal):
 * refuse them before reading a byte */
static gboolean
check_kind (int          fd,
            const char  *path,
            gsize        max_bytes,
            GError     **error)
{
  struct stat info;

  if (fstat (fd, &info) != 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }
  if (S_ISDIR (info.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a file"), path);
      return FALSE;
    }
  if (S_ISREG (info.st_mode))
    {
      if ((guint64) info.st_size > max_bytes)
        {
          set_too_large_error (error, path, max_bytes);
          return FALSE;
        }
      return TRUE;
    }
  if (S_ISFIFO (info.st_mode) || S_ISSOCK (info.st_mode))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("“%s” is a device, not a file: give a file or a pipe"), path);
  return FALSE;
}

/* Waits until @fd is readable or the deadline passes */
static gboolean
wait_readable (int          fd,
               gint64       deadline,
               const char  *path,
               guint        timeout_ms,
               GError     **error)
{
  for (;;)
    {
      struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
      gint64 remaining_ms = (deadline - g_get_monotonic_time ()) / 1000;
      int ready;

      if (remaining_ms <= 0)
        break;
      ready = poll (&poll_fd, 1, (int) MIN (remaining_ms, G_MAXINT));
      if (ready > 0)
        return TRUE;
      if (ready < 0 && errno != EINTR)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               g_dngettext (GETTEXT_PACKAGE,
                            "“%s” sent nothing more within %u second: is anything writing to it?",
                            "“%s” sent nothing more within %u seconds: is anything writing to it?",
                            MAX (1, timeout_ms / 1000)),
               path, MAX (1, timeout_ms / 1000));
  return FALSE;
}

static gboolean
read_to_end (int          fd,
             GByteArray  *contents,
             const char  *path,
             gsize        max_bytes,
             guint        timeout_ms,
             GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 buffer[16384];

  for (;;)
    {
      gssize n;

      if (!wait_readable (fd, deadline, path, timeout_ms, error))
        return FALSE;
      n = read (fd, buffer, sizeof buffer);
      if (n == 0)
        return TRUE;
      if (n < 0)
        {
          if (errno == EINTR || errno == EAGAIN)
            continue;
          set_errno_error (error, errno, path);
          return FALSE;
        }
      if (contents->len + (gsize) n > max_bytes)
        {
          set_too_large_error (error, path, max_bytes);
          return FALSE;
        }
      g_byte_array_append (contents, buffer, (guint) n);
    }
}

GBytes *
spc_bounded_file_read (const char  *path,
                       gsize        max_bytes,
                       guint        timeout_ms,
                       GError     **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_bytes > 0 && max_bytes < G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: opening a FIFO nobody writes to must not hang */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  ok = check_kind (fd, path, max_bytes, error)
       && read_to_end (fd, contents, path, max_bytes, timeout_ms, error);
  g_close (fd, NULL);
  if (!ok)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}
