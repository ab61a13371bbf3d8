#!/bin/bash
# ci-chroot.sh — build and test this tree in a freshly debootstrapped Debian
# root, as .ci/run does (through build-aux/run-tests.sh). As root.
#
#   build-aux/ci-chroot.sh newcomer DIR
#       Debian 12 (bookworm): runs the README's first command exactly as
#       written (installs with --app, configures, builds, opens the window on
#       a private Xvfb; the window must stay up), then its test command
#       (build-aux/run-tests.sh --quick: the --tests packages, build, every
#       meson test).
#   build-aux/ci-chroot.sh stack SUITE DIR
#       a newer Debian (trixie, forky): installs with --meson-test, then
#       builds with -Dwerror=true, builds again with deprecations at that
#       stack's own GLib/GTK/libadwaita versions (-Ddeprecations=stack,
#       -Dwerror=true), and runs meson test (without the root-only postfix
#       and netns suites, which run on Debian 12 only).
#
# Output is TAP (one line per step, with its time), the last line the plan.
# DIR is made with debootstrap --variant=minbase from the Debian mirror this
# machine's apt uses (SPC_DEBIAN_MIRROR overrides it); an existing DIR with
# a .spc-suite file of the same suite is reused (SPC_CHROOT_REUSE=1 only).
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
number=0
failed=0

ok ()     { number=$((number + 1)); echo "ok $number - $*"; }
not_ok () { number=$((number + 1)); failed=$((failed + 1)); echo "not ok $number - $*"; }
skip ()   { number=$((number + 1)); echo "ok $number - $1 # SKIP $2"; }
diag ()   { sed 's/^/# /'; }
finish () { echo "1..$number"; [ "$failed" = 0 ]; exit $?; }

# step NAME COMMAND...: one TAP line with the time; the last 40 lines of the
# output as diagnostics when it fails (all of it in $log_dir/NAME.log); a
# command exiting 77 is a skip, its last line the reason
step ()
{
  local name=$1 start=$SECONDS log
  shift
  log=$log_dir/$(echo "$name" | tr -c 'A-Za-z0-9.\n-' '_').log
  "$@" >"$log" 2>&1
  local status=$?
  case $status in
    0) ok "$name ($((SECONDS - start)) s)" ;;
    77) skip "$name" "$(tail -n 1 "$log")" ;;
    *) not_ok "$name ($((SECONDS - start)) s)"
       tail -n 40 "$log" | diag ;;
  esac
  return $status
}

# The Debian mirror apt uses here: the URI of the entry for this machine's
# own suite (deb822 .sources or one-line lists), not the security archive
debian_mirror ()
{
  if [ -n "${SPC_DEBIAN_MIRROR:-}" ]; then
    echo "$SPC_DEBIAN_MIRROR"
    return
  fi
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v suite="$codename" '
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) print uri }
      /^$/ { uri = "" }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk -v suite="$codename" '
      $1 == "deb" { n = 2; if ($2 ~ /^\[/) while ($n !~ /\]$/) n++; if ($2 ~ /^\[/) n++
                    if ($(n + 1) == suite) print $n }'
  } | grep -v security | head -n 1
}

# make_root SUITE DIR: a minbase root that cannot start services
make_root ()
{
  local suite=$1 dir=$2 mirror
  if [ "${SPC_CHROOT_REUSE:-0}" = 1 ] && [ "$(cat "$dir/.spc-suite" 2>/dev/null)" = "$suite" ]; then
    echo "reusing $dir"
  else
    mirror=$(debian_mirror)
    [ -n "$mirror" ] || { echo "no Debian mirror in /etc/apt/sources.list*"; return 1; }
    if ! python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=60)' \
         "$mirror/dists/$suite/Release" 2>/dev/null; then
      echo "$mirror does not serve $suite (no dists/$suite/Release)"
      return 77
    fi
    rm -rf "$dir"
    # Debian 12's debootstrap has no script for suites newer than trixie:
    # they bootstrap as sid does
    local script=
    [ -e "/usr/share/debootstrap/scripts/$suite" ] || script=/usr/share/debootstrap/scripts/sid
    echo "debootstrap --variant=minbase $suite $dir $mirror $script"
    debootstrap --variant=minbase "$suite" "$dir" "$mirror" $script || return 1
    echo "$suite" >"$dir/.spc-suite"
  fi
  # Package scripts must not start daemons (Postfix) on this machine
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  # Testing's Release files may be older than their Valid-Until
  echo 'Acquire::Check-Valid-Until "false";' >"$dir/etc/apt/apt.conf.d/99spc-valid-until"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
}

# copy_tree DIR: this clone's files (tracked and untracked, not ignored) to
# DIR/src/smtp-port-checker, as a fresh clone would have them
copy_tree ()
{
  local dest=$1/src/smtp-port-checker
  rm -rf "$dest"
  mkdir -p "$dest"
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - -cf - --ignore-failed-read) | tar -C "$dest" -xf -
}

# in_root DIR COMMAND: run a shell command as root inside DIR, with /proc,
# /sys, /dev and a fresh /tmp and /run mounted in a private mount namespace
# (they vanish with it); DIR itself a mount point, so `ip netns` can make
# its mounts private
in_root ()
{
  local dir=$1 command=$2
  unshare --mount --propagation private -- /bin/sh -c '
    dir=$1
    mount --bind "$dir" "$dir" &&
    mount -t proc proc "$dir/proc" &&
    mount -t sysfs sysfs "$dir/sys" &&
    mount --rbind /dev "$dir/dev" &&
    mount -t tmpfs tmpfs "$dir/tmp" &&
    mount -t tmpfs tmpfs "$dir/run" &&
    exec chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      ${DISPLAY:+DISPLAY=$DISPLAY} /bin/sh -c "$2"' sh "$dir" "$command"
}

# The README's first command, from the README itself
readme_first_command ()
{
  awk '/^## Run it on a fresh Debian 12 machine/ { section = 1 }
       section && /^```sh/ { getline; print; exit }' "$top/README.md"
}

# A private X server on a free display number; the root shares the network
# namespace, so the window reaches it through the abstract socket
start_xvfb ()
{
  local display
  for display in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ] && continue
    Xvfb ":$display" -screen 0 1024x768x24 -nolisten tcp -ac >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do
      [ -e "/tmp/.X11-unix/X$display" ] && { export DISPLAY=:$display; return 0; }
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
  done
  return 1
}

# newcomer DIR: the README's first command in a root that has nothing else
newcomer ()
{
  local dir=$1 command start status=0
  command=$(readme_first_command)
  [ -n "$command" ] || { not_ok "the README's first command is found"; finish; }
  step "debootstrap bookworm" make_root bookworm "$dir" || finish
  step "copy the clone in" copy_tree "$dir" || finish
  if ! start_xvfb; then
    not_ok "a private Xvfb for the window"
    finish
  fi
  start=$SECONDS
  # The window runs until killed: the command passes when the window is up
  # and still up 10 s later, 900 s at most for installing and building
  in_root "$dir" "cd /src/smtp-port-checker && $command" \
    >"$log_dir/newcomer.log" 2>&1 &
  local run_pid=$! up=0
  for _ in $(seq 900); do
    kill -0 "$run_pid" 2>/dev/null || break
    if pgrep -f "^$dir.*/smtp-port-checker\$|/_build/src/app/smtp-port-checker" >/dev/null 2>&1 \
       && xwininfo -name 'SMTP Port Checker' 2>/dev/null | grep -q IsViewable; then
      up=1
      break
    fi
    sleep 1
  done
  if [ "$up" = 1 ]; then
    sleep 10
    if kill -0 "$run_pid" 2>/dev/null && xwininfo -name 'SMTP Port Checker' 2>/dev/null | grep -q IsViewable; then
      ok "README's first command: installs, builds and opens the window ($((SECONDS - start)) s)"
      if command -v import >/dev/null 2>&1; then
        import -display "$DISPLAY" -window root "$log_dir/newcomer-window.png" 2>/dev/null
      fi
    else
      status=1
    fi
  else
    status=1
  fi
  if [ "$status" != 0 ]; then
    not_ok "README's first command: installs, builds and opens the window ($((SECONDS - start)) s)"
    echo "# $command" | diag
    tail -n 40 "$log_dir/newcomer.log" | diag
  fi
  pkill -TERM -f "/_build/src/app/smtp-port-checker" 2>/dev/null
  kill "$run_pid" 2>/dev/null
  wait "$run_pid" 2>/dev/null
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null
  unset DISPLAY

  # The README's test command, without the sanitizer, fuzzer and valgrind
  # runs (the host's run does those on the same Debian 12)
  start=$SECONDS
  if in_root "$dir" "cd /src/smtp-port-checker && build-aux/run-tests.sh --quick" \
       >"$log_dir/newcomer-tests.log" 2>&1; then
    ok "README's test command (run-tests.sh --quick): $(tail -n 1 "$log_dir/newcomer-tests.log") ($((SECONDS - start)) s)"
  else
    not_ok "README's test command (run-tests.sh --quick): $(tail -n 1 "$log_dir/newcomer-tests.log") ($((SECONDS - start)) s)"
    grep -E '^(not ok|run-tests:)|FAIL|ERROR' "$log_dir/newcomer-tests.log" | tail -n 30 | diag
  fi
  finish
}

# build_counted DIR NAME BUILD OPTION...: configure and compile BUILD in
# the root; one TAP line for the build, one for its count of warnings
build_counted ()
{
  local dir=$1 name=$2 build=$3 log count
  shift 3
  step "$name" in_root "$dir" "cd /src/smtp-port-checker && meson setup $build $* && meson compile -C $build"
  local built=$?
  log=$log_dir/$(echo "$name" | tr -c 'A-Za-z0-9.\n-' '_').log
  # With -Dwerror=true a warning is an error: count both
  count=$(grep -cE 'warning:|error:' "$log")
  if [ "$count" = 0 ] && [ "$built" = 0 ]; then
    ok "$name: 0 warnings"
  else
    not_ok "$name: $count warnings or errors"
    grep -E 'warning:|error:' "$log" | head -n 20 | diag
  fi
  return $built
}

# stack SUITE DIR: build and test on a newer Debian
stack ()
{
  local suite=$1 dir=$2 src=/src/smtp-port-checker
  step "debootstrap $suite" make_root "$suite" "$dir" || finish
  step "copy the clone in" copy_tree "$dir" || finish
  step "install-deps.sh --meson-test" \
    in_root "$dir" "cd $src && build-aux/install-deps.sh --meson-test" || finish
  in_root "$dir" "dpkg-query -W -f '\${Package} \${Version}\n' libglib2.0-dev libgtk-4-dev libadwaita-1-dev adwaita-icon-theme gcc libc6" |
    diag
  build_counted "$dir" "$suite: build with -Dwerror=true" _build-ci \
    -Dbuildtype=debugoptimized -Dwerror=true -Dtests=enabled -Dpostfix_tests=disabled
  local built=$?
  build_counted "$dir" "$suite: build with deprecations at $suite's own versions (-Ddeprecations=stack)" \
    _build-deprecations -Dbuildtype=debugoptimized -Dwerror=true -Ddeprecations=stack -Dtests=disabled
  step "$suite: every icon the app uses is in the theme" \
    in_root "$dir" "cd $src && python3 build-aux/check-icons.py --app-icons data/icons src/app"
  grep '^#' "$log_dir/$(echo "$suite: every icon the app uses is in the theme" | tr -c 'A-Za-z0-9.\n-' '_').log"
  if [ "$built" = 0 ]; then
    step "$suite: meson test (postfix and netns are Debian 12 only)" \
      in_root "$dir" "cd $src && meson test -C _build-ci --no-rebuild --print-errorlogs --no-suite postfix --no-suite netns"
    cp "$dir$src/_build-ci/meson-logs/testlog.json" "$log_dir/testlog.json" 2>/dev/null
  else
    not_ok "$suite: meson test (not run: the build failed)"
  fi
  finish
}

case "${1:-}" in
  newcomer)
    [ $# = 2 ] || { echo "usage: ci-chroot.sh newcomer DIR" >&2; exit 2; }
    log_dir=${SPC_CHROOT_LOGS:-$2.logs}
    mkdir -p "$log_dir"
    newcomer "$2" ;;
  stack)
    [ $# = 3 ] || { echo "usage: ci-chroot.sh stack SUITE DIR" >&2; exit 2; }
    log_dir=${SPC_CHROOT_LOGS:-$3.logs}
    mkdir -p "$log_dir"
    stack "$2" "$3" ;;
  run)
    # ci-chroot.sh run DIR COMMAND: one shell command inside a root
    [ $# = 3 ] || { echo "usage: ci-chroot.sh run DIR COMMAND" >&2; exit 2; }
    in_root "$2" "$3" ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
