/* spc-tls-database.h — two certificate databases layered as one
 *
 * GLib cannot add anchors to the system database, so this trusts what
 * either of two databases trusts (a company CA file over the system store).
 * It remembers its verdicts for a minute, so the ports of a host that
 * serve the same chain cost one verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SPC_TYPE_TLS_DATABASE (spc_tls_database_get_type ())

G_DECLARE_FINAL_TYPE (SpcTlsDatabase, spc_tls_database, SPC, TLS_DATABASE, GTlsDatabase)

/* @fallback may be NULL (no system database): then only @primary counts */
GTlsDatabase *spc_tls_database_new (GTlsDatabase *primary,
                                    GTlsDatabase *fallback);
/* @database itself when it is one of ours, else a new one over it (over
 * the system database when NULL): one per check, shared by its probes so
 * they share verdicts. NULL when there is no database at all. */
GTlsDatabase *spc_tls_database_new_shared (GTlsDatabase *database);
/* Reads a PEM file of extra trusted CAs once, bounded (spc-bounded-file.h:
 * a pipe will do), layered over the system database:
 * certificates anchored in either are trusted. */
GTlsDatabase *spc_tls_database_new_with_ca_file (const char  *ca_file,
                                                 GError     **error);

/* The first certificate object this database was asked about whose chain
 * has the same bytes as @chain's (or @chain itself): glib-networking builds
 * new objects for every connection, each holding GnuTLS's parse of its
 * certificate (about 50 KB for one with 128 names), and a check over 1000
 * ports keeps every result's. A new reference; NULL for NULL. */
GTlsCertificate *spc_tls_database_dup_shared_certificate (SpcTlsDatabase  *self,
                                                          GTlsCertificate *chain);

G_END_DECLS
