/* spc-engine.h — everything the CLI and the window use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "spc-advice.h"
#include "spc-certificate-text.h"
#include "spc-diagnosis.h"
#include "spc-discovery.h"
#include "spc-discovery-advice.h"
#include "spc-discovery-report.h"
#include "spc-display-text.h"
#include "spc-enums.h"
#include "spc-error.h"
#include "spc-host.h"
#include "spc-legacy-tls-text.h"
#include "spc-line-reader.h"
#include "spc-ports.h"
#include "spc-reference.h"
#include "spc-probe.h"
#include "spc-reply.h"
#include "spc-request.h"
#include "spc-report.h"
#include "spc-result.h"
#include "spc-status.h"
#include "spc-summary.h"
#include "spc-bounded-file.h"
#include "spc-tls-database.h"
