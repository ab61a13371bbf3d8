/* spc-result-private.h — how the engine fills a result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-result.h"

G_BEGIN_DECLS

SpcResult *spc_result_new                 (guint16               port,
                                           SpcMode               mode);
void       spc_result_set_stage           (SpcResult            *self,
                                           SpcStage              stage);
/* Sets status, the verdict that follows from it, the detail, and finished
 * (TRUE unless status is PENDING); notifies once. */
void       spc_result_finish              (SpcResult            *self,
                                           SpcStatus             status,
                                           SpcDetail             detail);
void       spc_result_set_host            (SpcResult            *self,
                                           const char           *host,
                                           const char           *connect_address);
void       spc_result_set_deadline_ms     (SpcResult            *self,
                                           guint                 deadline_ms);
/* @text: the first line of the reply, without its code */
void       spc_result_set_reply           (SpcResult            *self,
                                           guint                 code,
                                           const char           *text);
void       spc_result_set_error           (SpcResult            *self,
                                           const GError         *error);
void       spc_result_set_address         (SpcResult            *self,
                                           const char           *address);
void       spc_result_set_greeting        (SpcResult            *self,
                                           const char           *greeting);
void       spc_result_set_timing          (SpcResult            *self,
                                           SpcTiming             timing,
                                           gint64                ms);
/* Records version, cipher and the peer certificate with its facts */
void       spc_result_set_tls             (SpcResult            *self,
                                           const char           *version,
                                           const char           *cipher,
                                           GTlsCertificate      *certificate,
                                           GTlsCertificateFlags  errors);
/* Takes ownership of nothing: copies @caps */
void       spc_result_set_capabilities    (SpcResult            *self,
                                           const SpcCapabilities *caps);
void       spc_result_add_transcript      (SpcResult            *self,
                                           SpcDirection          direction,
                                           const char           *text,
                                           gint64                t_ms);
/* A NOTE line: @text and @extra are its arguments (NULL when none) */
void       spc_result_add_note            (SpcResult            *self,
                                           SpcNote               note,
                                           const char           *text,
                                           const char           *extra,
                                           guint                 number,
                                           gint64                t_ms);

void       spc_capabilities_clear         (SpcCapabilities      *caps);
/* Fills @caps from the lines of an EHLO reply (the first line is the greeting name) */
void       spc_capabilities_parse_ehlo    (SpcCapabilities      *caps,
                                           const char * const   *lines);

G_END_DECLS
