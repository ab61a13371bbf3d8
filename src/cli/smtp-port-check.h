/* smtp-port-check.h — the command-line tool, callable from main ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: a contract for scripts (README "The command-line tool") */
typedef enum {
  SPC_CLI_EXIT_GREEN = 0,      /* some port is green (every host has one) */
  SPC_CLI_EXIT_NONE_GREEN = 1, /* no port is green (on some host) */
  SPC_CLI_EXIT_USAGE = 2,      /* a usage error, told in one line on stderr */
} SpcCliExit;

int spc_cli_run (int    argc,
                 char **argv);

G_END_DECLS
