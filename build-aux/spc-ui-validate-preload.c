/* spc-ui-validate-preload.c — lets gtk4-builder-tool validate our .ui files
 *
 * gtk4-builder-tool only knows GTK's own types. Preloaded into it, this
 * module initialises libadwaita (which registers its public types) and
 * registers the app's types named in SPC_UI_ENSURE_TYPES, given as the
 * names of their get_type functions. The class a template defines must not
 * be named there: the tool then builds a stand-in type from the file itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>

typedef GType (*SpcGetTypeFunc) (void);

__attribute__((constructor))
static void
spc_ui_validate_preload (void)
{
  const char *names = g_getenv ("SPC_UI_ENSURE_TYPES");
  g_auto(GStrv) functions = NULL;

  adw_init ();

  if (names == NULL)
    return;

  functions = g_strsplit (names, " ", -1);
  for (guint i = 0; functions[i] != NULL; i++)
    {
      SpcGetTypeFunc get_type;

      if (functions[i][0] == '\0')
        continue;

      get_type = (SpcGetTypeFunc) dlsym (RTLD_DEFAULT, functions[i]);
      if (get_type == NULL)
        {
          g_printerr ("spc-ui-validate-preload: no function %s\n", functions[i]);
          continue;
        }
      g_type_ensure (get_type ());
    }
}
