/* spc-error.c — the engine's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "spc-error.h"

G_DEFINE_QUARK (spc-error-quark, spc_error)
