/* spc-deadline.c — a timer that cancels an operation when its time is up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-deadline.h"

typedef struct {
  SpcDeadline  *deadline;
  GCancellable *cancellable;
} Expiry;

static void
expiry_free (gpointer data)
{
  Expiry *expiry = data;

  g_object_unref (expiry->cancellable);
  g_free (expiry);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Expiry *expiry = user_data;

  expiry->deadline->passed = TRUE;
  g_clear_pointer (&expiry->deadline->source, g_source_unref);
  g_cancellable_cancel (expiry->cancellable);

  return G_SOURCE_REMOVE;
}

void
spc_deadline_start (SpcDeadline  *self,
                    guint         ms,
                    GCancellable *cancellable,
                    GMainContext *context,
                    const char   *name)
{
  Expiry *expiry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  spc_deadline_stop (self);
  self->passed = FALSE;

  expiry = g_new0 (Expiry, 1);
  expiry->deadline = self;
  expiry->cancellable = g_object_ref (cancellable);

  self->source = g_timeout_source_new (ms);
  g_source_set_static_name (self->source, name);
  g_source_set_callback (self->source, deadline_cb, expiry, expiry_free);
  g_source_attach (self->source, context);
}

void
spc_deadline_stop (SpcDeadline *self)
{
  g_return_if_fail (self != NULL);

  if (self->source == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
}
