#!/bin/sh
# atspi-check.sh BUILD_DIR — build-aux/atspi-check.py in an X server and a
# D-Bus session of its own, with the accessibility bus (the "atspi" test).
# Skips (TAP "1..0 # SKIP", exit 0) where the tools are missing. A display number of its own:
# `xvfb-run -a` alone races the other X servers of a busy machine.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=${1:?usage: atspi-check.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
for tool in xvfb-run dbus-run-session gdbus; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || { echo "1..0 # SKIP python3-pyatspi is not installed"; exit 0; }

# The tests' environment turns the accessibility bridge off: this one needs it
unset NO_AT_BRIDGE GTK_A11Y
# Only the check's TAP on stdout: the bus and its services print there too
{ xvfb-run -a -n $(( $$ % 800 + 100 )) -s "-screen 0 1280x1600x24" \
    dbus-run-session -- sh -c '/usr/bin/python3 "$0" "$1" >&3' "$here/atspi-check.py" "$build_dir"
} 3>&1 1>&2
