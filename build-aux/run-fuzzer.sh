#!/bin/sh
# Builds the libFuzzer targets with clang and runs them, the time shared:
# the reply parser and line reader (fuzz-reply), the config-v1.1.xml
# parser of discovery (fuzz-autoconfig), the host-input parser (fuzz-host),
# the escaping of network text for display (fuzz-display-text), the EHLO
# capability parsing of the probe (fuzz-ehlo), the whole probe over an
# in-memory stream (fuzz-probe: greeting, EHLO, STARTTLS, a handshake on
# garbage; two shares of the time) and a certificate's inspection and its
# text (fuzz-certificate: DER or PEM through GnuTLS).
#
#   build-aux/run-fuzzer.sh [SECONDS [TARGET…]]   (default 60, every target)
#
# With TARGETs, only those run, SECONDS each. Exits non-zero on any crash,
# sanitizer report, leak or timeout. New inputs go to a scratch corpus;
# the seed corpus in the tree is only read. Needs clang (Debian: clang)
# and GLib/GIO and GnuTLS development files.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS [TARGET…]]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift
only="$*"

top="$(cd "$(dirname "$0")/.." && pwd)"
work="${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/spc-fuzz.XXXXXX")}"
mkdir -p "$work/include" "$work/obj"

if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
  echo "run-fuzzer: clang not found; install clang" >&2
  exit 1
fi

# The engine sources include config.h; the fuzzer needs only this much of it
cat > "$work/include/config.h" <<'CONFIG'
#define GETTEXT_PACKAGE "smtp-port-checker"
CONFIG

# SpcResult and the checklist need the registered enums; the build makes
# them with gnome.mkenums_simple from the engine_enum_headers of model/,
# net/ and advice/ (their meson.build), here those of the sources below
for part in h c; do
  (cd "$top/src/engine" && glib-mkenums \
     --template "$top/tests/fuzz/spc-enums.$part.template" \
     model/spc-detail.h model/spc-legacy-tls.h model/spc-ports.h model/spc-reference.h model/spc-result.h \
     model/spc-status.h net/spc-certificate-inspect.h advice/spc-checklist.h) \
    > "$work/include/spc-enums.$part"
done

engine="$top/src/engine"
cflags="-std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
  -Wall -Wextra -Wno-unused-parameter
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
  -I$work/include -I$top/tests/fuzz -I$engine/smtp -I$engine/model -I$engine/net
  -I$engine/discovery -I$engine/probe -I$engine/advice
  $(pkg-config --cflags glib-2.0 gio-2.0 gnutls json-glib-1.0)"
libs="$(pkg-config --libs glib-2.0 gio-2.0 gnutls json-glib-1.0)"

# object_of SOURCE: where SOURCE's object goes (one for every target)
object_of () {
  echo "$work/obj/$(echo "${1#"$top"/}" | tr / _).o"
}

# The engine's files the targets draw on, as an archive: a target links
# only the objects it needs, whatever file a function moves to. Not the
# files that need json-glib, libsoup, GNU SASL or libsecret (the report,
# discovery's lookups, the login), which no target reaches.
engine_sources=$(ls "$engine"/smtp/*.c "$engine"/net/*.c "$engine"/model/*.c \
  "$engine"/probe/*.c "$engine"/advice/*.c "$engine"/discovery/spc-autoconfig.c |
  grep -v -e '/spc-report' -e '/spc-network-report' -e '/spc-discovery-' \
    -e '/spc-config-format' -e '/spc-login-text')
engine_archive="$work/libspc-engine-fuzz.a"

# build NAME SOURCES…: a target of the fuzz SOURCES and the engine archive
build () {
  name=$1; shift
  case " ${only:-$name} " in *" $name "*) ;; *) return 0 ;; esac
  printf '%s\n' "$@" >> "$work/sources"
  objects=
  for source in "$@"; do
    objects="$objects $(object_of "$source")"
  done
  echo "$name$objects" >> "$work/targets"
}
: > "$work/sources"
: > "$work/targets"

fuzz="$top/tests/fuzz"
build fuzz-reply "$fuzz/fuzz-reply.c"
build fuzz-autoconfig "$fuzz/fuzz-autoconfig.c"
build fuzz-host "$fuzz/fuzz-host.c"
build fuzz-display-text "$fuzz/fuzz-display-text.c"
build fuzz-ehlo "$fuzz/fuzz-ehlo.c"
build fuzz-probe "$fuzz/fuzz-probe.c" "$fuzz/fuzz-input-stream.c" "$fuzz/fuzz-output-stream.c"
build fuzz-certificate "$fuzz/fuzz-certificate.c"
printf '%s\n' "$work/include/spc-enums.c" $engine_sources >> "$work/sources"

# Every source once (again when it changed, in a FUZZ_WORKDIR kept), as
# many at a time as there are processors; clang 14 does not see that
# g_autoptr(GMutexLocker) is used by its cleanup
export cflags
sort -u "$work/sources" | while read -r source; do
  obj=$(object_of "$source")
  [ "$obj" -nt "$source" ] || printf '%s %s\n' "$source" "$obj"
done | xargs -r -n 2 -P "$(nproc)" sh -c \
  '"${CLANG:-clang}" $cflags -Wno-unused-variable -c "$0" -o "$1" >&2'
rm -f "$engine_archive"
# shellcheck disable=SC2046
ar rcs "$engine_archive" $(for source in "$work/include/spc-enums.c" $engine_sources; do
                             object_of "$source"; done)
while read -r name objects; do
  # shellcheck disable=SC2086
  "${CLANG:-clang}" -fsanitize=fuzzer,address,undefined $objects "$engine_archive" $libs -o "$work/$name"
done < "$work/targets"

# The budget is shared: fuzz-probe two shares, every other target one,
# each at least one second; with TARGETs, SECONDS each
share=$(( seconds / 8 ))
[ -z "$only" ] || share=$seconds
[ "$share" -ge 1 ] || share=1

# run NAME MAX_LEN CORPUS [SHARES]: -rss_limit_mb bounds memory; -timeout
# catches any input that hangs
run () {
  case " ${only:-$1} " in *" $1 "*) ;; *) return 0 ;; esac
  mkdir -p "$work/$3"
  time=$(( share * ${4:-1} ))
  [ -z "$only" ] || time=$share
  echo "run-fuzzer: fuzzing $1 for ${time}s in $work"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=64 \
    "./$1" -max_total_time="$time" -max_len="$2" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      "$work/$3" "$top/tests/fuzz/$3"
}

cd "$work"
run fuzz-reply 16384 corpus
run fuzz-autoconfig 65536 corpus-autoconfig
run fuzz-host 1024 corpus-host
run fuzz-display-text 16384 corpus-display-text
run fuzz-ehlo 16384 corpus-ehlo
run fuzz-probe 16384 corpus-probe 2
run fuzz-certificate 16384 corpus-certificate
echo "run-fuzzer: no crash in ${seconds}s"
