/* spc-lookup.c — name lookups as the probe and the diagnosis make them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-lookup.h"

GResolverNameLookupFlags
spc_family_get_lookup_flags (SpcFamily family)
{
  switch (family)
    {
    case SPC_FAMILY_IPV4:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY;

    case SPC_FAMILY_IPV6:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY;

    case SPC_FAMILY_ANY:
    default:
      return G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT;
    }
}

gboolean
spc_family_accepts (SpcFamily     family,
                    GInetAddress *address)
{
  switch (family)
    {
    case SPC_FAMILY_IPV4:
      return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4;

    case SPC_FAMILY_IPV6:
      return g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6;

    case SPC_FAMILY_ANY:
    default:
      return TRUE;
    }
}

SpcDetail
spc_lookup_error_get_detail (const GError *error,
                             SpcFamily     family)
{
  gboolean not_found = error == NULL || g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);

  /* With -4 or -6, "not found" may only mean "none of that family" */
  if (not_found && family == SPC_FAMILY_IPV4)
    return SPC_DETAIL_DNS_NO_IPV4;
  if (not_found && family == SPC_FAMILY_IPV6)
    return SPC_DETAIL_DNS_NO_IPV6;
  if (not_found)
    return SPC_DETAIL_DNS_NOT_FOUND;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return SPC_DETAIL_DNS_UNAVAILABLE;
  return SPC_DETAIL_DNS_FAILED;
}
