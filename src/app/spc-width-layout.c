/* spc-width-layout.c — a row's layout that tells when the row is narrow
 *
 * GTK 4.8 and libadwaita 1.2 (Debian 12) have no breakpoints, and a row's
 * width is not the window's: a row that knows its own width can move what
 * is beside its title out of the way, whatever the window's state.
 * "narrow" changes at the next frame's start, not during the allocation
 * that found it: a resize its handler queues there would be lost with the
 * allocation's own, and the row would keep the height of its other
 * layout. The frame after the switch shows the new layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-width-layout.h"

struct _SpcWidthLayout
{
  GtkLayoutManager parent_instance;

  int              narrow_width;
  gboolean         narrow;
  gboolean         allocated_narrow;  /* what the last allocation found */
  guint            switch_tick;
};

G_DEFINE_FINAL_TYPE (SpcWidthLayout, spc_width_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_NARROW_WIDTH,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkSizeRequestMode
spc_width_layout_get_request_mode (GtkLayoutManager *manager,
                                   GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
spc_width_layout_measure (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          GtkOrientation    orientation,
                          int               for_size,
                          int              *minimum,
                          int              *natural,
                          int              *minimum_baseline,
                          int              *natural_baseline)
{
  *minimum = *natural = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum, child_natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, for_size, &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural = MAX (*natural, child_natural);
    }
}

static gboolean
switch_at_frame (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  SpcWidthLayout *self = user_data;

  self->switch_tick = 0;
  if (self->allocated_narrow != self->narrow)
    {
      self->narrow = self->allocated_narrow;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
    }
  return G_SOURCE_REMOVE;
}

static void
spc_width_layout_allocate (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           int               width,
                           int               height,
                           int               baseline)
{
  SpcWidthLayout *self = SPC_WIDTH_LAYOUT (manager);

  self->allocated_narrow = width < self->narrow_width;
  if (self->allocated_narrow != self->narrow && self->switch_tick == 0)
    self->switch_tick = gtk_widget_add_tick_callback (widget, switch_at_frame,
                                                      g_object_ref (self), g_object_unref);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
spc_width_layout_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpcWidthLayout *self = SPC_WIDTH_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_NARROW_WIDTH:
      g_value_set_int (value, self->narrow_width);
      break;
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_width_layout_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpcWidthLayout *self = SPC_WIDTH_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_NARROW_WIDTH:
      self->narrow_width = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spc_width_layout_class_init (SpcWidthLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = spc_width_layout_get_property;
  object_class->set_property = spc_width_layout_set_property;
  layout_class->get_request_mode = spc_width_layout_get_request_mode;
  layout_class->measure = spc_width_layout_measure;
  layout_class->allocate = spc_width_layout_allocate;

  properties[PROP_NARROW_WIDTH] =
    g_param_spec_int ("narrow-width", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spc_width_layout_init (SpcWidthLayout *self)
{
}

GtkLayoutManager *
spc_width_layout_new (int narrow_width)
{
  return g_object_new (SPC_TYPE_WIDTH_LAYOUT, "narrow-width", narrow_width, NULL);
}

gboolean
spc_width_layout_get_narrow (SpcWidthLayout *self)
{
  g_return_val_if_fail (SPC_IS_WIDTH_LAYOUT (self), FALSE);

  return self->narrow;
}

SpcWidthLayout *
spc_width_layout_install (GtkWidget *widget,
                          int        narrow_width)
{
  GtkLayoutManager *layout;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  /* Only in place of the layout it copies */
  if (!GTK_IS_BIN_LAYOUT (gtk_widget_get_layout_manager (widget)))
    return NULL;
  layout = spc_width_layout_new (narrow_width);
  gtk_widget_set_layout_manager (widget, layout);
  return SPC_WIDTH_LAYOUT (layout);
}
