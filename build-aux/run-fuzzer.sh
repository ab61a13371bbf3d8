#!/bin/sh
# Builds the libFuzzer targets with clang and runs them, the time shared:
# the reply parser and line reader (fuzz-reply), the config-v1.1.xml
# parser of discovery (fuzz-autoconfig), the host-input parser (fuzz-host),
# the escaping of network text for display (fuzz-display-text) and the
# EHLO capability parsing of the probe (fuzz-ehlo), SECONDS/5 each.
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
mkdir -p "$work/corpus" "$work/corpus-autoconfig" "$work/corpus-host" \
  "$work/corpus-display-text" "$work/corpus-ehlo" "$work/include"

if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
  echo "run-fuzzer: clang not found; install clang" >&2
  exit 1
fi

# The engine sources include config.h; the fuzzer needs only this much of it
cat > "$work/include/config.h" <<'CONFIG'
#define GETTEXT_PACKAGE "smtp-port-checker"
CONFIG

# SpcResult needs the registered enums; the build makes them with
# gnome.mkenums_simple, here the same from every model/ and net/ header
for part in h c; do
  (cd "$top/src/engine" && glib-mkenums \
     --template "$top/tests/fuzz/spc-enums.$part.template" model/*.h net/*.h) \
    > "$work/include/spc-enums.$part"
done

# build NAME SOURCES…: one target with the flags every target shares
build () {
  name=$1; shift
  "${CLANG:-clang}" -std=gnu11 -g -O1 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra -Wno-unused-parameter \
    -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 \
    -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
    -I"$work/include" -I"$top/tests/fuzz" -I"$top/src/engine/smtp" -I"$top/src/engine/model" \
    -I"$top/src/engine/discovery" -I"$top/src/engine/net" \
    $(pkg-config --cflags glib-2.0 gio-2.0 gnutls) \
    "$@" \
    $(pkg-config --libs glib-2.0 gio-2.0 gnutls) \
    -o "$work/$name"
}

build fuzz-reply \
  "$top/tests/fuzz/fuzz-reply.c" \
  "$top/src/engine/model/spc-error.c" \
  "$top/src/engine/smtp/spc-reply.c" \
  "$top/src/engine/smtp/spc-line-reader.c"
build fuzz-autoconfig \
  "$top/tests/fuzz/fuzz-autoconfig.c" \
  "$top/src/engine/model/spc-error.c" \
  "$top/src/engine/discovery/spc-autoconfig.c"
build fuzz-host \
  "$top/tests/fuzz/fuzz-host.c" \
  "$top/src/engine/model/spc-error.c" \
  "$top/src/engine/model/spc-host.c"
build fuzz-display-text \
  "$top/tests/fuzz/fuzz-display-text.c" \
  "$top/src/engine/model/spc-display-text.c"
model="$top/src/engine/model"
build fuzz-ehlo \
  "$top/tests/fuzz/fuzz-ehlo.c" \
  "$top/src/engine/smtp/spc-reply.c" \
  "$work/include/spc-enums.c" \
  "$model/spc-capabilities.c" "$model/spc-certificate-facts.c" \
  "$model/spc-enum-nick.c" "$model/spc-error.c" "$model/spc-ports.c" \
  "$model/spc-reference.c" "$model/spc-result.c" \
  "$model/spc-result-getters.c" "$model/spc-status.c" \
  "$top/src/engine/net/spc-certificate-inspect.c"

# The budget is shared; each target gets at least one second
share=$(( seconds / 5 ))
[ "$share" -ge 1 ] || share=1

# run NAME MAX_LEN CORPUS: -rss_limit_mb bounds memory; -timeout catches
# any input that hangs
run () {
  echo "run-fuzzer: fuzzing $1 for ${share}s in $work"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=64 \
    "./$1" -max_total_time="$share" -max_len="$2" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      "$work/$3" "$top/tests/fuzz/$3"
}

cd "$work"
run fuzz-reply 16384 corpus
run fuzz-autoconfig 65536 corpus-autoconfig
run fuzz-host 1024 corpus-host
run fuzz-display-text 16384 corpus-display-text
run fuzz-ehlo 16384 corpus-ehlo
echo "run-fuzzer: no crash in ${seconds}s"
