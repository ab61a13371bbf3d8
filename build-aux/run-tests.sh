#!/bin/bash
# run-tests.sh — every test of SMTP Port Checker, as CI runs them:
#
#   1. install the Debian 12 packages (build-aux/install-deps.sh --tests)
#   2. build and run `meson test` (unit, probe, CLI, window, data,
#      translations, packaging, Postfix and network namespaces as root); the
#      window tests start their own Xvfb (xvfb-run), so nothing else needs a
#      display
#   3. build again with AddressSanitizer + UndefinedBehaviorSanitizer
#      (-fno-sanitize-recover) and run the suite again
#   4. fuzz the reply parser, line reader, autoconfig parser, host input,
#      display-text escaping, EHLO capabilities, the probe over an in-memory
#      stream and certificate chains (build-aux/run-fuzzer.sh)
#   5. run the CLI under valgrind memcheck (build-aux/valgrind-cli.sh)
#   6. the newcomer: the README's first command (and this test command,
#      --quick) in a freshly debootstrapped Debian 12 root
#   7. Debian 13 (trixie) and Debian testing (forky) roots: warnings,
#      deprecations at their own versions, icons, meson test
#      (build-aux/ci-chroot.sh)
#   8. Flatpak: a stand-in GNOME 50 runtime made from the trixie root, the
#      manifest built with flatpak-builder, the CLI and the window run
#      (build-aux/flatpak-ci.sh)
#
# and print "N passed, N failed, N skipped" as the last line (each TAP
# subtest counts, each extra run too). Exits non-zero when anything failed.
#
#   build-aux/run-tests.sh [--no-deps] [--quick] [--no-roots]
#     --no-deps   do not install packages (they are there already)
#     --quick     steps 1 and 2 only
#     --no-roots  steps 1 to 5 (no debootstrapped roots, no Flatpak)
#   SPC_FUZZ_SECONDS   how long the fuzzer runs (default 60)
#
# Build directories: _build-tests, _build-asan, _build-roots (the Debian
# roots and the Flatpak work, removed when their stage ends); logs in
# _build-results. The time of each stage is in _build-results/times.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=test-server-ports.sh
. "$top/build-aux/test-server-ports.sh"

install_deps=1
quick=0
roots=1
for arg in "$@"; do
  case "$arg" in
    --no-deps) install_deps=0 ;;
    --quick) quick=1 ;;
    --no-roots) roots=0 ;;
    -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-tests.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

build=_build-tests
asan_build=_build-asan
results=_build-results
fuzz_seconds=${SPC_FUZZ_SECONDS:-60}
rm -rf "$results"
mkdir -p "$results"

# section NAME: a heading; the time of the section before it goes to
# $results/times
section_name=
section_start=$SECONDS
section ()
{
  [ -n "$section_name" ] &&
    printf '%5d s  %s\n' "$((SECONDS - section_start))" "$section_name" >>"$results/times"
  section_name=$*
  section_start=$SECONDS
  [ -n "$section_name" ] && printf '\n=== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"
}

# step NAME COMMAND...: one extra item, recorded as TAP in $results/NAME.tap
step ()
{
  local name=$1; shift
  local start=$SECONDS
  if "$@"; then
    echo "ok 1 - $name ($((SECONDS - start)) s)" >"$results/$name.tap"
  else
    echo "not ok 1 - $name ($((SECONDS - start)) s)" >"$results/$name.tap"
    echo "run-tests: $name FAILED" >&2
    return 1
  fi
}

# setup_build DIR OPTION...: configure (again) with exactly these options
setup_build ()
{
  local dir=$1; shift
  if [ -e "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
}

# run_meson_test DIR ARGS...: a fresh testlog.json, whatever happens
run_meson_test ()
{
  local dir=$1; shift
  rm -f "$dir/meson-logs/testlog.json"
  meson test -C "$dir" --no-rebuild --print-errorlogs "$@"
}

summary=()

if [ "$install_deps" = 1 ]; then
  section "Installing packages"
  step install-deps build-aux/install-deps.sh --tests
  summary+=(--label "packages" "$results/install-deps.tap")
fi

section "Build"
if step build setup_build "$build" -Dbuildtype=debugoptimized -Dtests=enabled \
     && step compile meson compile -C "$build"; then
  section "meson test"
  run_meson_test "$build"
else
  rm -f "$build/meson-logs/testlog.json"
fi
summary+=(--label "build" "$results/build.tap")
[ -e "$results/compile.tap" ] && summary+=(--label "compile" "$results/compile.tap")
summary+=(--label "meson test" "$build/meson-logs/testlog.json")

# lsan_works BUILD: whether LeakSanitizer can scan this program's threads.
# On Debian 12 its tracer crashes ("Tracer caught signal 11") on a thread
# with dynamic TLS (glibc 2.36 with GCC 12's or clang 14's sanitizer
# runtime; glib-networking's GnuTLS module is dlopen'd). Tried on the
# sanitized CLI doing TLS against the test server.
lsan_works ()
{
  local dir=$1 work status=0
  work=$(mktemp -d /tmp/spc-lsan.XXXXXX) || return 1
  exec {server_fd}> >(exec "$dir/tests/spc-test-server" --listen 127.0.0.1 \
                        --scenario implicit-tls-auth --scenario good-starttls-auth \
                        >"$work/ports" 2>/dev/null)
  # On after 10 s even without its ports, as before: runs that cannot
  # connect show no tracer crash
  wait_for_ports "$work/ports" 2
  local ports
  ports=$(awk '{ printf "%s%s", sep, $1; sep = "," }' "$work/ports")
  # The crash comes at random (more often on a loaded machine): one run in
  # several is enough to turn the checks off, for the tests run the CLI often
  for _ in 1 2 3 4 5 6; do
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=$LSAN_OPTIONS \
      timeout 120 "$dir/src/cli/smtp-port-check" --timeout 10 --resolve 127.0.0.1 \
        --ports "$ports" localhost >/dev/null 2>>"$work/err"
  done
  exec {server_fd}>&-
  grep -q 'LeakSanitizer has encountered a fatal error' "$work/err" && status=1
  rm -rf "$work"
  return $status
}

if [ "$quick" = 0 ]; then
  # Suites data, po and packaging check files and preload shims into system
  # tools that are not sanitized: they run in the plain build above only.
  # The window tests do run; fontconfig's caches are in build-aux/lsan.supp.
  section "Sanitizers: build with -Db_sanitize=address,undefined"
  export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:print_summary=1
  export LSAN_OPTIONS=suppressions=$top/build-aux/lsan.supp:print_suppressions=0
  # Mesa's EGL driver, which GTK loads at display open to prepare GL, keeps
  # an allocation LeakSanitizer cannot attribute (its module is unloaded by
  # then, so no suppression can name it); the windows draw without GL here
  export GDK_DEBUG=gl-disable
  detect_leaks=1
  if step asan-build setup_build "$asan_build" -Dbuildtype=debug -Dtests=enabled \
       -Db_sanitize=address,undefined -Db_lundef=false \
       -Dc_args=-fno-sanitize-recover=all \
     && step asan-compile meson compile -C "$asan_build"; then
    if ! lsan_works "$asan_build"; then
      detect_leaks=0
      echo "run-tests: LeakSanitizer's tracer crashes here (dynamic TLS, glibc 2.36): leak checks off under ASan; valgrind checks the CLI for leaks"
      echo "ok 1 - LeakSanitizer # SKIP its tracer crashes on threads with dynamic TLS here; valgrind checks leaks" >"$results/lsan.tap"
      summary+=(--label "LeakSanitizer" "$results/lsan.tap")
    fi
    export ASAN_OPTIONS=abort_on_error=1:halt_on_error=1:detect_leaks=$detect_leaks:print_summary=1
    section "meson test under ASan + UBSan (detect_leaks=$detect_leaks)"
    run_meson_test "$asan_build" --timeout-multiplier 3 \
      --no-suite data --no-suite po --no-suite packaging
  else
    rm -f "$asan_build/meson-logs/testlog.json"
  fi
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS GDK_DEBUG
  summary+=(--label "sanitizer build" "$results/asan-build.tap")
  [ -e "$results/asan-compile.tap" ] && summary+=(--label "sanitizer compile" "$results/asan-compile.tap")
  summary+=(--label "meson test (ASan+UBSan)" "$asan_build/meson-logs/testlog.json")

  section "Fuzzer (${fuzz_seconds} s)"
  if [ -x build-aux/run-fuzzer.sh ]; then
    step fuzzer build-aux/run-fuzzer.sh "$fuzz_seconds"
    summary+=(--label "fuzzer" "$results/fuzzer.tap")
  else
    echo "run-tests: build-aux/run-fuzzer.sh is missing" >&2
    echo "not ok 1 - fuzzer (build-aux/run-fuzzer.sh is missing)" >"$results/fuzzer.tap"
    summary+=(--label "fuzzer" "$results/fuzzer.tap")
  fi

  section "valgrind memcheck of the CLI"
  build-aux/valgrind-cli.sh "$build" | tee "$results/valgrind.tap"
  summary+=(--label "valgrind" "$results/valgrind.tap")
fi

# stage NAME LABEL COMMAND...: a TAP-speaking stage, its output in
# $results/NAME.tap (and on the terminal), counted as LABEL
stage ()
{
  local name=$1 label=$2
  shift 2
  "$@" | tee "$results/$name.tap"
  summary+=(--label "$label" "$results/$name.tap")
}

# meson test inside a stage: its testlog.json, if it ran, counted too
stage_testlog ()
{
  if [ -e "$2" ]; then
    cp "$2" "$results/$1-testlog.json"
    summary+=(--label "$1 meson test" "$results/$1-testlog.json")
  fi
}

if [ "$quick" = 0 ] && [ "$roots" = 1 ]; then
  roots_dir=$top/_build-roots
  if [ "$(id -u)" != 0 ]; then
    for name in newcomer trixie forky flatpak; do
      echo "ok 1 - $name # SKIP needs root (debootstrap, chroot, flatpak as root)" >"$results/$name.tap"
      summary+=(--label "$name" "$results/$name.tap")
    done
  else
    rm -rf "$roots_dir"
    mkdir -p "$roots_dir"

    section "Newcomer: the README's commands in a fresh Debian 12 root"
    stage newcomer "newcomer (Debian 12)" \
      env SPC_CHROOT_LOGS="$results/newcomer" build-aux/ci-chroot.sh newcomer "$roots_dir/bookworm"
    rm -rf "$roots_dir/bookworm"

    section "Debian 13 (trixie)"
    stage trixie "Debian 13" \
      env SPC_CHROOT_LOGS="$results/trixie" build-aux/ci-chroot.sh stack trixie "$roots_dir/trixie"
    stage_testlog trixie "$results/trixie/testlog.json"

    section "Debian testing (forky)"
    stage forky "Debian testing" \
      env SPC_CHROOT_LOGS="$results/forky" build-aux/ci-chroot.sh stack forky "$roots_dir/forky"
    stage_testlog forky "$results/forky/testlog.json"
    rm -rf "$roots_dir/forky"

    section "Flatpak: stand-in GNOME 50 runtime from trixie, the manifest, the app"
    if [ -x "$roots_dir/trixie/usr/bin/meson" ]; then
      stage flatpak "Flatpak" build-aux/flatpak-ci.sh "$roots_dir/trixie" "$roots_dir/flatpak"
      stage_testlog flatpak "$roots_dir/flatpak/testlog.json"
      mkdir -p "$results/flatpak"
      cp "$roots_dir/flatpak/"*.log "$roots_dir/flatpak/"*.json "$roots_dir/flatpak/window.png" \
        "$results/flatpak/" 2>/dev/null
    else
      echo "not ok 1 - Flatpak (no trixie root with meson: the trixie stage failed)" >"$results/flatpak.tap"
      summary+=(--label "Flatpak" "$results/flatpak.tap")
    fi
    rm -rf "$roots_dir"
  fi
fi

section ""
printf '\n=== Summary (%s)\nTime of each stage:\n' "$(date -u +%H:%M:%S)"
cat "$results/times"
python3 build-aux/test-summary.py "${summary[@]}"
