#!/bin/bash
# keyring-session.sh — runs a command with a real Secret Service of its own:
# a private D-Bus session bus (dbus-run-session) and gnome-keyring-daemon's
# secrets component, its login keyring unlocked with a known test password,
# in a fresh HOME / XDG_* directories so no real keyring is ever touched.
#
#   keyring-session.sh COMMAND [ARGS...]
#
# COMMAND sees SPC_TEST_PRIVATE_KEYRING=1 (a test refuses to store anything
# without it). When a program it needs is missing, prints a TAP plan that
# skips with the reason (install-deps.sh --tests installs them) and exits 0.
# The directory is removed on exit; the daemon ends with its bus.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

[ $# -ge 1 ] || { echo "Bail out! usage: keyring-session.sh COMMAND [ARGS...]"; exit 2; }

for program in dbus-run-session gnome-keyring-daemon secret-tool; do
  if ! command -v "$program" >/dev/null; then
    echo "1..0 # SKIP $program is not installed (build-aux/install-deps.sh --tests installs it)"
    exit 0
  fi
done

home=$(mktemp -d /tmp/spc-keyring.XXXXXX) || { echo "Bail out! mktemp failed"; exit 1; }
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"

HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config \
XDG_CACHE_HOME=$home/cache XDG_RUNTIME_DIR=$home/run SPC_TEST_PRIVATE_KEYRING=1 \
  dbus-run-session -- bash -c '
    # the password on stdin: never in argv
    printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null ||
      { echo "Bail out! gnome-keyring-daemon --unlock failed"; exit 1; }
    "$@"' keyring-session "$@"
