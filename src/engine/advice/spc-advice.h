/* spc-advice.h — the advice area for the app and the report: which port,
 * what to do when none works, the configurations, the checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-checklist.h"
#include "spc-config-format.h"
#include "spc-failure-text.h"
#include "spc-recommendation.h"
#include "spc-reference-text.h"
