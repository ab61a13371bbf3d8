# shellcheck shell=sh
# test-server-ports.sh — sourced by the scripts that start the scripted
# test server (tests/spc-test-server) in the background, which prints a
# line "PORT NAME" for each port once it listens. POSIX sh, so that
# screenshots.sh can source it too; nothing here runs on its own.
#
# SPDX-License-Identifier: GPL-3.0-or-later

# wait_for_ports FILE COUNT: up to 10 s for the server's output FILE to
# hold COUNT lines; fails when it does not
wait_for_ports ()
{
  for _ in $(seq 100); do
    [ "$(wc -l <"$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
