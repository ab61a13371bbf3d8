#!/bin/bash
# valgrind-cli.sh — the built smtp-port-check under valgrind memcheck against
# the scripted test server (loopback only), good and hostile scenarios at once.
# TAP on stdout: one test per run; fails on any invalid access, use of
# uninitialised memory or definite leak.
#
#   build-aux/valgrind-cli.sh BUILD_DIR
#
# Needs valgrind and a build dir with src/cli/smtp-port-check and
# tests/spc-test-server built.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u
# shellcheck source=test-server-ports.sh
. "$(dirname "$0")/test-server-ports.sh"

build_dir=$(cd "${1:?usage: valgrind-cli.sh BUILD_DIR}" && pwd) || exit 2
cli=$build_dir/src/cli/smtp-port-check
server=$build_dir/tests/spc-test-server
ca=$build_dir/tests/ca.pem

count=0
failed=0
ok ()     { count=$((count + 1)); echo "ok $count - $*"; }
not_ok () { count=$((count + 1)); failed=$((failed + 1)); echo "not ok $count - $*"; }
diag ()   { sed 's/^/# /' <<<"$*"; }

for f in "$cli" "$server" "$ca"; do
  [ -e "$f" ] || { echo "Bail out! missing $f (ninja -C $build_dir src/cli/smtp-port-check tests/spc-test-server)"; exit 1; }
done
command -v valgrind >/dev/null || { echo "Bail out! valgrind is not installed (apt-get install valgrind)"; exit 1; }

work=$(mktemp -d /tmp/spc-valgrind.XXXXXX) || exit 1
server_pid=
cleanup ()
{
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  [ -n "${SPC_KEEP:-}" ] && echo "# kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# What each run probes: the scenario, and the mode to probe it with
scenarios=(
  good-starttls-auth:starttls
  implicit-tls-auth:tls
  good-starttls-no-auth:starttls
  expired-tls:tls
  wrong-host-starttls:starttls
  self-signed-starttls:starttls
  starttls-injection:starttls
  starttls-454:starttls
  no-starttls:starttls
  greeting-554:starttls
  greeting-mismatched:starttls
  silence:starttls
  endless-line:starttls
  continuation-200k:starttls
  binary-garbage:starttls
  http:starttls
  plaintext-on-tls-port:tls
  tls-on-starttls-port:starttls
  close-during-handshake-tls:tls
  close-mid-line:starttls
)
args=()
for entry in "${scenarios[@]}"; do
  args+=(--scenario "${entry%%:*}")
done

# stdin a pipe held open by us: the server also ends if this script dies
exec 3> >(exec "$server" --listen 127.0.0.1 "${args[@]}" >"$work/ports" 2>"$work/server.err")
server_pid=$!
if ! wait_for_ports "$work/ports" "${#scenarios[@]}"; then
  echo "Bail out! the test server did not start: $(head -c 500 "$work/server.err")"
  exit 1
fi

ports=
few_ports=
i=0
while read -r port scenario; do
  ports=${ports:+$ports,}$port/${scenarios[$i]##*:}
  [ "$i" -lt 8 ] && few_ports=$ports
  i=$((i + 1))
done <"$work/ports"
diag "ports: $ports"

suppressions=()
for supp in /usr/share/glib-2.0/valgrind/glib.supp; do
  [ -r "$supp" ] && suppressions+=(--suppressions="$supp")
done

# run NAME EXPECTED-STATUSES CLI-ARGS...: one memcheck run; 99 is
# valgrind's exit status, never the CLI's
run ()
{
  local name=$1 expected=$2; shift 2
  local status=0
  G_SLICE=always-malloc G_DEBUG=gc-friendly NO_COLOR=1 GIO_USE_PROXY_RESOLVER=dummy \
  timeout 600 valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --track-origins=yes --num-callers=30 \
    "${suppressions[@]}" --error-exitcode=99 --log-file="$work/$name.valgrind" \
    "$cli" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  local summary
  summary=$(grep -E 'ERROR SUMMARY|definitely lost' "$work/$name.valgrind" | sed 's/^==[0-9]*== //' | tr '\n' ' ')
  if [[ " $expected " == *" $status "* ]]; then
    if grep -q 'ERROR SUMMARY: 0 errors' "$work/$name.valgrind"; then
      ok "memcheck: $name, no invalid access, no definite leak (exit $status; $summary)"
      return
    fi
  fi
  not_ok "memcheck: $name (exit $status; $summary)"
  diag "$(grep -v '^==[0-9]*== *$' "$work/$name.valgrind" | head -n 150)"
  diag "stderr: $(head -c 1000 "$work/$name.err")"
}

# The CLI exits 0 (a port is green), 1 (none is) or 2 (usage error)
# Valgrind makes everything ~30 times slower: deadlines to match
run json 0 --json --timeout 20 --ca-file "$ca" --ports "$ports" localhost
run text 0 --timeout 20 --ca-file "$ca" --ports "$few_ports" localhost
run usage-error 2 --ports 70000 localhost

echo "1..$count"
[ "$failed" -eq 0 ]
