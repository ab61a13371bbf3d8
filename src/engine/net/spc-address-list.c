/* spc-address-list.c — a GSocketConnectable over addresses resolved already
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-address-list.h"

struct _SpcAddressList
{
  GObject    parent_instance;

  GPtrArray *addresses;   /* GSocketAddress */
};

static void spc_address_list_connectable_init (GSocketConnectableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpcAddressList, spc_address_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SOCKET_CONNECTABLE,
                                                      spc_address_list_connectable_init))

/* The enumerator is an implementation detail of the list: private here. */
#define SPC_TYPE_ADDRESS_LIST_ENUMERATOR (spc_address_list_enumerator_get_type ())
G_DECLARE_FINAL_TYPE (SpcAddressListEnumerator, spc_address_list_enumerator,
                      SPC, ADDRESS_LIST_ENUMERATOR, GSocketAddressEnumerator)

struct _SpcAddressListEnumerator
{
  GSocketAddressEnumerator  parent_instance;

  GPtrArray                *addresses;
  guint                     next;
};

G_DEFINE_FINAL_TYPE (SpcAddressListEnumerator, spc_address_list_enumerator,
                     G_TYPE_SOCKET_ADDRESS_ENUMERATOR)

static GSocketAddress *
spc_address_list_enumerator_next (GSocketAddressEnumerator  *enumerator,
                                  GCancellable              *cancellable,
                                  GError                   **error)
{
  SpcAddressListEnumerator *self = SPC_ADDRESS_LIST_ENUMERATOR (enumerator);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (self->next >= self->addresses->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->addresses, self->next++));
}

static void
spc_address_list_enumerator_finalize (GObject *object)
{
  SpcAddressListEnumerator *self = SPC_ADDRESS_LIST_ENUMERATOR (object);

  g_clear_pointer (&self->addresses, g_ptr_array_unref);

  G_OBJECT_CLASS (spc_address_list_enumerator_parent_class)->finalize (object);
}

static void
spc_address_list_enumerator_class_init (SpcAddressListEnumeratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GSocketAddressEnumeratorClass *enumerator_class = G_SOCKET_ADDRESS_ENUMERATOR_CLASS (klass);

  object_class->finalize = spc_address_list_enumerator_finalize;
  /* The default next_async runs next() and completes through a GTask */
  enumerator_class->next = spc_address_list_enumerator_next;
}

static void
spc_address_list_enumerator_init (SpcAddressListEnumerator *self)
{
}

static GSocketAddressEnumerator *
spc_address_list_enumerate (GSocketConnectable *connectable)
{
  SpcAddressList *self = SPC_ADDRESS_LIST (connectable);
  SpcAddressListEnumerator *enumerator;

  enumerator = g_object_new (SPC_TYPE_ADDRESS_LIST_ENUMERATOR, NULL);
  enumerator->addresses = g_ptr_array_ref (self->addresses);

  return G_SOCKET_ADDRESS_ENUMERATOR (enumerator);
}

static char *
spc_address_list_to_string (GSocketConnectable *connectable)
{
  SpcAddressList *self = SPC_ADDRESS_LIST (connectable);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < self->addresses->len; i++)
    {
      g_autofree char *text = g_socket_connectable_to_string (g_ptr_array_index (self->addresses, i));

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static void
spc_address_list_connectable_init (GSocketConnectableIface *iface)
{
  iface->enumerate = spc_address_list_enumerate;
  iface->to_string = spc_address_list_to_string;
}

static void
spc_address_list_finalize (GObject *object)
{
  SpcAddressList *self = SPC_ADDRESS_LIST (object);

  g_clear_pointer (&self->addresses, g_ptr_array_unref);

  G_OBJECT_CLASS (spc_address_list_parent_class)->finalize (object);
}

static void
spc_address_list_class_init (SpcAddressListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spc_address_list_finalize;
}

static void
spc_address_list_init (SpcAddressList *self)
{
  self->addresses = g_ptr_array_new_with_free_func (g_object_unref);
}

SpcAddressList *
spc_address_list_new (GList   *inet_addresses,
                      guint16  port)
{
  SpcAddressList *self = g_object_new (SPC_TYPE_ADDRESS_LIST, NULL);

  for (GList *l = inet_addresses; l != NULL; l = l->next)
    {
      g_return_val_if_fail (G_IS_INET_ADDRESS (l->data), self);
      g_ptr_array_add (self->addresses, g_inet_socket_address_new (l->data, port));
    }

  return self;
}
