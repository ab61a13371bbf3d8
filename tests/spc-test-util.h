/* spc-test-util.h — small helpers the tests share
 *
 * GIO only (no engine, no GTK), so that every test can link it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Built with AddressSanitizer (GCC's or Clang's -fsanitize=address) */
#if defined(__SANITIZE_ADDRESS__)
# define SPC_TEST_UNDER_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define SPC_TEST_UNDER_ADDRESS_SANITIZER 1
# endif
#endif

/* A port of 127.0.0.1 where nothing listens: bound, then closed, so a
 * connection there is refused */
guint16       spc_test_closed_port        (void);

/* A GSourceFunc: sets the gboolean at @flag, once (a safety deadline, a
 * moment to cancel at) */
gboolean      spc_test_set_flag           (gpointer flag);

/* Where tests/make-certs.sh wrote the certificates (the build's tests
 * directory), as an absolute path: GTlsFileDatabase wants one */
char         *spc_test_dup_cert_dir       (void);
/* A database of the test CA alone (ca.pem there) */
GTlsDatabase *spc_test_new_ca_database    (void);

typedef gboolean (*SpcTestCondition) (gpointer data);

/* Iterates the default main context until @condition (@data) holds or
 * @timeout_ms passed; returns whether it holds */
gboolean      spc_test_wait_for           (SpcTestCondition condition,
                                           gpointer         data,
                                           guint            timeout_ms);
/* A condition: the pointer at @location is set (an async result arrived) */
gboolean      spc_test_pointer_is_set     (gpointer location);
/* A condition: the pointer at @location is NULL (a weak pointer's object
 * was finalized) */
gboolean      spc_test_pointer_is_unset   (gpointer location);
/* A GAsyncReadyCallback: a reference to @result into the GAsyncResult *
 * at @location, which the test waits for with spc_test_pointer_is_set()
 * and then passes to the operation's _finish() */
void          spc_test_keep_result        (GObject      *source,
                                           GAsyncResult *result,
                                           gpointer      location);
/* A condition: the gboolean at @flag is TRUE */
gboolean      spc_test_flag_is_set        (gpointer flag);

/* Reads one byte into @byte; FALSE at the end of the stream or on an error */
typedef gboolean (*SpcTestReadByte) (gpointer  data,
                                     guint8   *byte);

/* One line (LF-terminated, the CR before the LF stripped) of at most
 * @max_length bytes, read a byte at a time by @read_byte, so that a
 * server's raw socket can go to TLS after STARTTLS with nothing read past
 * the line. NULL at the end of the stream, on an error or for a longer
 * line; @length, when set, receives its length (NUL bytes count) */
char         *spc_test_read_line          (SpcTestReadByte     read_byte,
                                           gpointer            data,
                                           gsize               max_length,
                                           gsize              *length);

/* Starts @argv (with @env_name=@env_value when @env_name is set), a server
 * that prints "PORT NAME" for each of @names in order once it listens:
 * reads them into @ports. It must end when its stdin closes, which
 * spc_test_stop_program() does (then waits for it). */
GSubprocess  *spc_test_spawn_port_program (const char * const *argv,
                                           const char         *env_name,
                                           const char         *env_value,
                                           const char * const *names,
                                           guint16            *ports);
void          spc_test_stop_program       (GSubprocess       **program);
/* Ends *@program at once (SIGKILL) and waits for it; nothing when NULL */
void          spc_test_kill_program       (GSubprocess       **program);

/* The stand-in GNOME Online Accounts daemon, tests/goa-test-service.py
 * (SPC_GOA_TEST_PYTHON runs SPC_GOA_TEST_SERVICE), on the session bus with
 * @accounts (its account arguments, NULL-terminated); returns once it said
 * it is ready. End it with spc_test_kill_program(). */
GSubprocess  *spc_test_start_goa_service  (const char * const *accounts);

/* A new file in the temporary directory, named after @name_template (as
 * g_file_open_tmp() wants it), holding @contents; returns its path */
char         *spc_test_write_temp_file    (const char *name_template,
                                           const char *contents);

/* For a program of window tests: TRUE when there is a display; without
 * one, it adds a case at @skip_path that skips ("run under xvfb-run"),
 * for the program to run on its own */
gboolean      spc_test_have_display       (const char *skip_path);

/* Ends the process with @status at once, without the sanitizers' exit
 * leak check: on Debian 12, LeakSanitizer's tracer crashes at random
 * ("Tracer caught signal 11") on threads with dynamic TLS, which the test
 * servers' GnuTLS threads have. Only for a process whose own code is test
 * scaffolding (a test server, a test that drives the CLI as a program,
 * whose runs keep their own leak check). */
G_NORETURN void spc_test_exit_without_leak_check (int status);

G_END_DECLS
