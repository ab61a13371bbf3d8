/* smtp-port-check-login.h — --user, --password-file, --oauth2-token-file,
 * --send-test and --config: the login check and one configuration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-engine.h"
#include "spc-login.h"

G_BEGIN_DECLS

typedef struct {
  char      *user;
  char      *password_file;
  char      *oauth2_token_file;
  char      *send_test;
  char      *mechanism;
  gboolean   remember_password;
  char      *config;
  /* Filled by spc_cli_login_prepare () */
  SpcConfigFormat config_format;
  SpcSecret *password;
  SpcSecret *token;
} SpcCliLogin;

void          spc_cli_login_clear        (SpcCliLogin  *login);
/* The options' group, to add to the command line's context */
GOptionGroup *spc_cli_login_option_group (SpcCliLogin  *login);
/* Checks the options against each other (@n_hosts: how many hosts are
 * checked; @json: --json given); the error is the usage line */
gboolean      spc_cli_login_validate     (SpcCliLogin  *login,
                                          guint         n_hosts,
                                          gboolean      json,
                                          GError      **error);
/* Reads the password or token for @host: the file, standard input, the
 * Secret Service, or the terminal without echo; before any probe runs */
gboolean      spc_cli_login_prepare      (SpcCliLogin  *login,
                                          const char   *host,
                                          GError      **error);
/* After the diagnosis: logs in on the recommended port (or tells why not)
 * and returns the result; NULL without --user */
SpcLoginResult *spc_cli_login_run        (SpcCliLogin  *login,
                                          SpcDiagnosis *diagnosis,
                                          const char   *host,
                                          GTlsDatabase *database,
                                          guint         timeout_ms);
/* The report, with "login" and "test_message" added */
void          spc_cli_login_add_to_json  (SpcLoginResult *result,
                                          JsonObject     *report);
/* The words for a text report: "Login check: …" and the next step */
char         *spc_cli_login_to_text      (SpcLoginResult *result);
/* 0 only when the login (and the test message, if asked) succeeded */
gboolean      spc_cli_login_succeeded    (SpcLoginResult *result);
/* --config FORMAT: the configuration alone, or NULL (and @error) when no
 * port is green */
char         *spc_cli_login_format_config (SpcCliLogin  *login,
                                           SpcDiagnosis *diagnosis,
                                           const char   *host,
                                           const char   *ca_file,
                                           GError      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpcCliLogin, spc_cli_login_clear)

G_END_DECLS
