/* smtp-port-check-private.h — what the CLI's files share
 *
 * smtp-port-check.c parses options and runs host jobs; smtp-port-check-address.c
 * turns email addresses into discoveries whose candidates become host jobs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-engine.h"
#include "smtp-port-check-login.h"

G_BEGIN_DECLS

typedef struct {
  char      *ports;
  char      *timeout;
  char      *ca_file;
  char      *resolve;
  gboolean   ipv4_only;
  gboolean   ipv6_only;
  gboolean   json;
  char      *hosts_file;
  int        max_connections;
  int        max_handshakes;   /* hidden, for benchmarks: 0 the default */
  gboolean   version;
  gboolean   no_online_lookups;
  char      *ispdb_url;
  char      *reference;
  gboolean   no_reference;
  gboolean   legacy_tls;
  gboolean   no_legacy_tls;
  char     **hosts;
  SpcCliLogin login;   /* --user, --password-file, …, --config */
} Options;

/* What the options ask of every host, once validated */
typedef struct {
  GArray       *specs;
  guint         timeout_ms;
  SpcFamily     family;
  SpcRequest   *request;          /* every host's, but for host and ports */
} Settings;

typedef struct _Run Run;
typedef struct _AddressJob AddressJob;

/* One host to diagnose */
typedef struct {
  Run          *run;
  SpcHost      *host;
  GArray       *specs;
  guint         n_connections;   /* the most it opens at once, for the cap */
  SpcDiagnosis *diagnosis;
  AddressJob   *address;         /* the address whose discovery named it, or NULL */
  gboolean      started;
  gboolean      done;
} HostJob;

struct _Run {
  GPtrArray    *jobs;            /* HostJob*, in the order given (then as discovered) */
  GPtrArray    *addresses;       /* AddressJob*, in the order given */
  guint         next_job;
  guint         running_connections;
  guint         max_connections;
  guint         n_running;
  guint         n_discovering;
  GMainLoop    *loop;
  gboolean      show_progress;
  gboolean      interrupted;
  guint         signal_source;
};

void        _spc_cli_host_job_free        (HostJob        *job);
HostJob    *_spc_cli_host_job_new         (Run            *run,
                                           SpcHost        *host,
                                           GArray         *specs,
                                           const Settings *settings,
                                           gboolean        resolve);
/* Starts what fits under the connection cap; quits the loop when nothing runs */
void        _spc_cli_start_jobs           (Run            *run);
void        _spc_cli_maybe_quit           (Run            *run);
gboolean    _spc_cli_has_green_port       (SpcDiagnosis   *diagnosis);
void        _spc_cli_write_stdout         (const char     *text);
void        _spc_cli_print_json           (JsonNode       *root);
/* "hosts": [the report of each host started, but for those an address named] */
void        _spc_cli_add_hosts_json       (JsonBuilder    *builder,
                                           Run            *run);

/* smtp-port-check-address.c */
gboolean    _spc_cli_add_address          (Run            *run,
                                           const char     *input,
                                           const Options  *options,
                                           const Settings *settings,
                                           GError        **error);
void        _spc_cli_start_addresses      (Run            *run);
void        _spc_cli_cancel_addresses     (Run            *run);
/* TRUE when every address has a green recommended port */
gboolean    _spc_cli_addresses_green      (Run            *run);
/* The whole report when addresses were given (JSON or text) */
void        _spc_cli_print_with_addresses (Run            *run,
                                           gboolean        json,
                                           gboolean        color);

G_END_DECLS
