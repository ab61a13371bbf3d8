#!/bin/sh
# Builds the reply/line-reader libFuzzer target with clang and runs it.
#
#   build-aux/run-fuzzer.sh [SECONDS]     (default 60)
#
# Exits non-zero on any crash, sanitizer report, leak or timeout. New
# inputs go to a scratch corpus; the seed corpus in the tree is only read.
# Needs clang (Debian: clang) and GLib/GIO development files.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

top="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/spc-fuzz.XXXXXX")}"
mkdir -p "$work/corpus" "$work/include"

if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
  echo "run-fuzzer: clang not found; install clang" >&2
  exit 1
fi

# The engine sources include config.h; the fuzzer needs only this much of it
cat > "$work/include/config.h" <<'CONFIG'
#define GETTEXT_PACKAGE "smtp-port-checker"
CONFIG

"${CLANG:-clang}" -std=gnu11 -g -O1 \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Wall -Wextra -Wno-unused-parameter \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 \
  -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$work/include" -I"$top/src/engine/smtp" -I"$top/src/engine/model" \
  $(pkg-config --cflags glib-2.0 gio-2.0) \
  "$top/tests/fuzz/fuzz-reply.c" \
  "$top/src/engine/model/spc-error.c" \
  "$top/src/engine/smtp/spc-reply.c" \
  "$top/src/engine/smtp/spc-line-reader.c" \
  $(pkg-config --libs glib-2.0 gio-2.0) \
  -o "$work/fuzz-reply"

echo "run-fuzzer: fuzzing for ${seconds}s in $work"
cd "$work"
# -rss_limit_mb bounds memory; -timeout catches any input that hangs
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=64 \
  ./fuzz-reply -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    "$work/corpus" "$top/tests/fuzz/corpus"
echo "run-fuzzer: no crash in ${seconds}s"
