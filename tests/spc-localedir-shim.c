/* spc-localedir-shim.c — points our text domain at a test directory
 *
 * The binaries look for their translations in the LOCALEDIR compiled in
 * (/app/share/locale for a Flatpak build). Preloaded, this module sends
 * bindtextdomain() for our domain to $SPC_TEST_LOCALEDIR instead, so a test
 * can run a binary installed with --destdir, in French, without root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

typedef char *(*BindTextDomainFunc) (const char *domain,
                                     const char *directory);

char *
bindtextdomain (const char *domain,
                const char *directory)
{
  BindTextDomainFunc real_bindtextdomain;
  const char *override = getenv ("SPC_TEST_LOCALEDIR");

  real_bindtextdomain = (BindTextDomainFunc) dlsym (RTLD_NEXT, "bindtextdomain");
  if (real_bindtextdomain == NULL)
    abort ();

  if (override != NULL && domain != NULL && directory != NULL &&
      strcmp (domain, GETTEXT_PACKAGE) == 0)
    directory = override;

  return real_bindtextdomain (domain, directory);
}
