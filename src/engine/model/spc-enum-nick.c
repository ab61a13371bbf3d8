/* spc-enum-nick.c — stable identifiers from registered enums' nicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-enum-nick.h"

const char *
spc_enum_get_nick (GType enum_type,
                   int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *enum_value;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  /* The values of a static type live as long as the program: the nick
   * stays valid after the class reference is dropped */
  klass = g_type_class_ref (enum_type);
  enum_value = g_enum_get_value (klass, value);
  g_return_val_if_fail (enum_value != NULL, NULL);

  return enum_value->value_nick;
}

gboolean
spc_enum_from_nick (GType       enum_type,
                    const char *nick,
                    int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  /* An exact match: g_enum_get_value_by_nick() of newer GLib also takes
   * other spellings ("OK" for "ok" on 2.90), and identifiers are a contract */
  klass = g_type_class_ref (enum_type);
  for (guint i = 0; i < klass->n_values; i++)
    {
      const GEnumValue *enum_value = &klass->values[i];

      if (g_strcmp0 (enum_value->value_nick, nick) == 0)
        {
          *value = enum_value->value;
          return TRUE;
        }
    }

  return FALSE;
}
