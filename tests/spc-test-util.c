/* spc-test-util.c — small helpers the tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-test-util.h"

#include <stdio.h>
#include <unistd.h>

guint16
spc_test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* Bound, never listening: nobody else gets the port meanwhile */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

gboolean
spc_test_set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

char *
spc_test_dup_cert_dir (void)
{
  return g_canonicalize_filename (g_test_get_dir (G_TEST_BUILT), NULL);
}

GTlsDatabase *
spc_test_new_ca_database (void)
{
  g_autofree char *cert_dir = spc_test_dup_cert_dir ();
  g_autofree char *ca_file = g_build_filename (cert_dir, "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (ca_file, &error);

  g_assert_no_error (error);
  return database;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
spc_test_wait_for (SpcTestCondition condition,
                   gpointer         data,
                   guint            timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Wakes the loop now and then, so the deadline is seen in a quiet one */
  guint tick = g_timeout_add (50, wake_up, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return met;
}

gboolean
spc_test_pointer_is_set (gpointer location)
{
  return *(gpointer *) location != NULL;
}

gboolean
spc_test_pointer_is_unset (gpointer location)
{
  return *(gpointer *) location == NULL;
}

void
spc_test_keep_result (GObject      *source,
                      GAsyncResult *result,
                      gpointer      location)
{
  *(GAsyncResult **) location = g_object_ref (result);
}

gboolean
spc_test_flag_is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* Servers as programs of their own */

#define MAX_PORT_LINE 4096

static guint16
read_port_line (GInputStream *output,
                const char   *name)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_auto(GStrv) fields = NULL;
  guint64 port = 0;

  while (line->len < MAX_PORT_LINE)
    {
      char byte;
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (output, &byte, 1, NULL, &error);

      g_assert_no_error (error);
      if (n == 0 || byte == '\n')
        break;
      g_string_append_c (line, byte);
    }
  fields = g_strsplit (line->str, " ", 2);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  g_assert_cmpstr (fields[1], ==, name);
  g_assert_true (g_ascii_string_to_unsigned (fields[0], 10, 1, 65535, &port, NULL));
  return port;
}

GSubprocess *
spc_test_spawn_port_program (const char * const *argv,
                             const char         *env_name,
                             const char         *env_value,
                             const char * const *names,
                             guint16            *ports)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *program;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (env_name != NULL)
    g_subprocess_launcher_setenv (launcher, env_name, env_value, TRUE);

  program = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    ports[i] = read_port_line (g_subprocess_get_stdout_pipe (program), names[i]);
  return program;
}

void
spc_test_stop_program (GSubprocess **program)
{
  g_output_stream_close (g_subprocess_get_stdin_pipe (*program), NULL, NULL);
  g_subprocess_wait (*program, NULL, NULL);
  g_clear_object (program);
}

void
spc_test_kill_program (GSubprocess **program)
{
  if (*program == NULL)
    return;
  g_subprocess_force_exit (*program);
  g_subprocess_wait (*program, NULL, NULL);
  g_clear_object (program);
}

GSubprocess *
spc_test_start_goa_service (const char * const *accounts)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *service;

  g_ptr_array_add (argv, (char *) g_getenv ("SPC_GOA_TEST_PYTHON"));
  g_ptr_array_add (argv, (char *) g_getenv ("SPC_GOA_TEST_SERVICE"));
  for (guint i = 0; accounts[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) accounts[i]);
  g_ptr_array_add (argv, NULL);

  service = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return service;
}

char *
spc_test_read_line (SpcTestReadByte  read_byte,
                    gpointer         data,
                    gsize            max_length,
                    gsize           *length)
{
  g_autoptr(GByteArray) line = g_byte_array_new ();
  guint8 byte;

  while (line->len < max_length)
    {
      if (!read_byte (data, &byte))
        return NULL;
      if (byte == '\n')
        {
          if (line->len > 0 && line->data[line->len - 1] == '\r')
            g_byte_array_set_size (line, line->len - 1);
          if (length != NULL)
            *length = line->len;
          g_byte_array_append (line, (const guint8 *) "", 1);
          return (char *) g_byte_array_free (g_steal_pointer (&line), FALSE);
        }
      g_byte_array_append (line, &byte, 1);
    }
  return NULL;
}

char *
spc_test_write_temp_file (const char *name_template,
                          const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp (name_template, &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

static void
skip_without_display (void)
{
  g_test_skip ("no display: run under xvfb-run");
}

gboolean
spc_test_have_display (const char *skip_path)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return TRUE;
  g_test_add_func (skip_path, skip_without_display);
  return FALSE;
}

void
spc_test_exit_without_leak_check (int status)
{
  fflush (stdout);
  fflush (stderr);
  _exit (status);
}
