/* spc-legacy-tls-text.c — "also accepts TLS 1.0/1.1" in words, and in JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "spc-enum-nick.h"
#include "spc-enums.h"
#include "spc-legacy-tls-text.h"
#include "spc-report-private.h"

static gboolean
either_is (SpcResult    *result,
           SpcLegacyTls  answer)
{
  return spc_result_get_legacy_tls1_0 (result) == answer ||
         spc_result_get_legacy_tls1_1 (result) == answer;
}

gboolean
spc_legacy_tls_is_accepted (SpcResult *result)
{
  g_return_val_if_fail (SPC_IS_RESULT (result), FALSE);

  return either_is (result, SPC_LEGACY_TLS_ACCEPTED);
}

char *
spc_legacy_tls_text_for_result (SpcResult *result)
{
  gboolean tls1_0, tls1_1;

  g_return_val_if_fail (SPC_IS_RESULT (result), NULL);

  tls1_0 = spc_result_get_legacy_tls1_0 (result) == SPC_LEGACY_TLS_ACCEPTED;
  tls1_1 = spc_result_get_legacy_tls1_1 (result) == SPC_LEGACY_TLS_ACCEPTED;
  if (tls1_0 && tls1_1)
    return g_strdup (_("The server also accepts TLS 1.0 and 1.1, which are obsolete (RFC 8996): ask your provider to turn them off."));
  if (tls1_0)
    return g_strdup (_("The server also accepts TLS 1.0, which is obsolete (RFC 8996): ask your provider to turn it off."));
  if (tls1_1)
    return g_strdup (_("The server also accepts TLS 1.1, which is obsolete (RFC 8996): ask your provider to turn it off."));

  /* Nothing accepted so far: say what is still open before what is known */
  if (either_is (result, SPC_LEGACY_TLS_CHECKING))
    return g_strdup (_("Checking whether the server also accepts the obsolete TLS 1.0 and 1.1…"));
  if (either_is (result, SPC_LEGACY_TLS_CANNOT_TELL))
    return g_strdup (_("Whether the server also accepts the obsolete TLS 1.0 and 1.1 could not be checked: this computer’s TLS library does not offer them, or the server did not answer in time."));
  if (spc_result_get_legacy_tls1_0 (result) == SPC_LEGACY_TLS_REFUSED &&
      spc_result_get_legacy_tls1_1 (result) == SPC_LEGACY_TLS_REFUSED)
    return g_strdup (_("The server refuses the obsolete TLS 1.0 and 1.1, as it should."));
  return NULL;
}

/* "legacy_tls": null when not checked, else {"tls1_0": nick, "tls1_1": nick} */
void
_spc_report_add_legacy_tls (JsonBuilder *builder,
                            SpcResult   *result)
{
  SpcLegacyTls tls1_0 = spc_result_get_legacy_tls1_0 (result);
  SpcLegacyTls tls1_1 = spc_result_get_legacy_tls1_1 (result);

  if (!_spc_report_begin_object_or_null (builder, "legacy_tls",
                                         tls1_0 != SPC_LEGACY_TLS_NOT_CHECKED ||
                                         tls1_1 != SPC_LEGACY_TLS_NOT_CHECKED))
    return;
  json_builder_set_member_name (builder, "tls1_0");
  json_builder_add_string_value (builder, spc_enum_get_nick (SPC_TYPE_LEGACY_TLS, tls1_0));
  json_builder_set_member_name (builder, "tls1_1");
  json_builder_add_string_value (builder, spc_enum_get_nick (SPC_TYPE_LEGACY_TLS, tls1_1));
  json_builder_end_object (builder);
}
