#!/bin/bash
# Networks that block: a private network namespace (loopback only) whose
# nftables rules drop or reject some ports, probed by the built
# smtp-port-check against the scripted test server.  TAP on stdout.
#
#   2525  dropped                                  -> filtered, at the connect deadline
#   2526  listener, rejected with a TCP reset      -> refused
#   2527  listener, rejected ICMP admin-prohibited -> unreachable
#   25    dropped, 587 works                       -> 25 filtered, 587 recommended, "blocked"
#   465   listener on 127.0.0.1 only, IPv6 dropped -> green over IPv4
#   588   listener on ::1 only, IPv4 dropped       -> green over IPv6
#
# Needs root (network namespaces, nftables); skips with the reason otherwise.
# Nothing leaves the namespace, which is deleted on exit.
#
# Arguments or environment: SPC_CLI          the built smtp-port-check
#              SPC_TEST_SERVER  the built spc-test-server
#              SPC_TEST_CA      the CA its certificates chain to (ca.pem)
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

# meson passes the built programs as arguments; the environment may too
SPC_CLI=${SPC_CLI:-${1:-}}
SPC_TEST_SERVER=${SPC_TEST_SERVER:-${2:-}}
SPC_TEST_CA=${SPC_TEST_CA:-${3:-}}

# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

# The stage deadline given to the CLI, and how late "filtered" may come
deadline_s=3
late_margin_ms=500

if [ "$(id -u)" != 0 ]; then
  skip_all "needs root to create network namespaces and nftables rules"
fi
for tool in ip nft python3; do
  command -v "$tool" >/dev/null || skip_all "$tool is not installed (apt-get install iproute2 nftables python3)"
done
for var in SPC_CLI SPC_TEST_SERVER SPC_TEST_CA; do
  [ -n "${!var:-}" ] && [ -e "${!var}" ] || bail "$var does not name a file (${!var:-unset})"
done

ns=spc-test-$$
work=$(mktemp -d /tmp/spc-netns.XXXXXX) || bail "mktemp failed"
server_pids=()

cleanup ()
{
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${server_pids[@]}"; do
    stop_process "$pid"
  done
  netns_delete "$ns"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add "$ns"

in_ns () { ip netns exec "$ns" "$@"; }

# "localhost" means both families inside the namespace, whatever this
# machine's /etc/hosts says: ip netns exec bind-mounts /etc/netns/NAME/hosts
mkdir -p "/etc/netns/$ns"
printf '127.0.0.1 localhost\n::1 localhost\n' >"/etc/netns/$ns/hosts"

have_ipv6=0
in_ns ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128' && have_ipv6=1

if ! in_ns nft -f - 2>"$work/err" <<'EOF'
table inet spc_test {
  chain input {
    type filter hook input priority filter; policy accept;
    tcp dport 2525 drop
    tcp dport 2526 reject with tcp reset
    tcp dport 2527 reject with icmpx type admin-prohibited
    tcp dport 25 drop
    meta nfproto ipv6 tcp dport 465 drop
    meta nfproto ipv4 tcp dport 588 drop
  }
}
EOF
then
  skip_all "nftables does not work in a namespace here: $(head -n 1 "$work/err")"
fi

# start_server NAME LISTEN... -- SCENARIO:PORT...: a test server inside the
# namespace; waits (bounded) for its "PORT SCENARIO" lines
start_server ()
{
  local name=$1; shift
  local args=() expected=0
  while [ "$1" != -- ]; do args+=(--listen "$1"); shift; done
  shift
  for scenario in "$@"; do args+=(--scenario "$scenario"); expected=$((expected + 1)); done
  # Its stdin is a pipe held open by this script: if the script dies, even
  # by SIGKILL, the server reads end of file and ends too. exec, so that $!
  # is the server itself (ip netns exec execs it in turn).
  exec {server_fd}> >(exec ip netns exec "$ns" "$SPC_TEST_SERVER" "${args[@]}" \
                        >"$work/$name.out" 2>"$work/$name.err")
  server_pids+=($!)
  for _ in $(seq 100); do
    [ "$(wc -l <"$work/$name.out")" -ge "$expected" ] && return 0
    kill -0 "$!" 2>/dev/null || break
    sleep 0.1
  done
  diag "$name: $(cat "$work/$name.err")"
  bail "the test server $name did not start"
}

both=(127.0.0.1)
[ "$have_ipv6" = 1 ] && both+=(::1)
start_server dual "${both[@]}" -- good-starttls-auth:587 good-starttls-auth:2526 good-starttls-auth:2527
start_server v4only 127.0.0.1 -- implicit-tls-auth:465
[ "$have_ipv6" = 1 ] && start_server v6only ::1 -- good-starttls-auth:588

# run_cli NAME ARGS...: the CLI inside the namespace; records its exit
# status and its wall-clock time in ms
run_cli ()
{
  local name=$1; shift
  local start end status=0
  start=$(date +%s%N)
  in_ns timeout 60 "$SPC_CLI" --timeout "$deadline_s" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  end=$(date +%s%N)
  echo "$status $(( (end - start) / 1000000 ))" >"$work/$name.status"
}

# The independent runs go in parallel: each waits for a deadline at most
# (wait for these, not for the servers, which are children too)
cli_pids=()
run_cli_bg () { run_cli "$@" & cli_pids+=($!); }
# The rules drop those ports for every address of the namespace: the
# reference host 127.0.0.2 is silent there too (the network blocks them)
run_cli_bg blocked --json --reference 127.0.0.2 --ports 2525,2526,2527 127.0.0.1
run_cli_bg port25 --json --reference 127.0.0.2 --ca-file "$SPC_TEST_CA" --ports 25,587 localhost
run_cli_bg port25-text --reference 127.0.0.2 --ca-file "$SPC_TEST_CA" --ports 25,587 localhost
run_cli_bg v4only --json --ca-file "$SPC_TEST_CA" --ports 465 localhost
run_cli_bg v4only-6 --json -6 --ca-file "$SPC_TEST_CA" --ports 465 localhost
if [ "$have_ipv6" = 1 ]; then
  run_cli_bg v6only --json --ca-file "$SPC_TEST_CA" --ports 588/starttls localhost
  run_cli_bg v6only-4 --json -4 --ca-file "$SPC_TEST_CA" --ports 588/starttls localhost
  run_cli_bg blocked6 --json --ports 2526,2527 ::1
fi
wait "${cli_pids[@]}"

python3 - "$work" "$deadline_s" "$late_margin_ms" "$have_ipv6" >"$work/results" 2>"$work/python.err" <<'EOF'
import json, os, re, sys

work, deadline_s, late_margin_ms, have_ipv6 = sys.argv[1:5]
deadline_ms = int(deadline_s) * 1000
late_margin_ms = int(late_margin_ms)

def out(kind, text, reason=""):
    print(f"{kind}|{text}|{reason}".replace("\n", " "))

def check(cond, text):
    out("PASS" if cond else "FAIL", text)

def status_of(name):
    with open(os.path.join(work, name + ".status")) as f:
        code, wall = f.read().split()
    return int(code), int(wall)

def load(name):
    try:
        with open(os.path.join(work, name + ".out")) as f:
            report = json.load(f)
        return {p.get("port"): p for p in report.get("ports", [])}, report
    except Exception as e:
        out("FAIL", f"{name}: the CLI printed a JSON report", repr(e))
        return None, None

def brief(p):
    return f"{p.get('verdict')} {p.get('status')} at {p.get('address')}: {p.get('summary')}"

# Dropped, reset, ICMP admin-prohibited
ports, report = load("blocked")
if ports is not None:
    p = ports.get(2525, {})
    check(p.get("status") == "filtered" and p.get("verdict") == "red",
          f"a dropped port is red filtered (got {brief(p)})")
    total = (p.get("timings_ms") or {}).get("total")
    check(isinstance(total, int) and deadline_ms - 100 <= total <= deadline_ms + late_margin_ms,
          f"filtered after the {deadline_ms} ms connect deadline, not earlier, "
          f"at most {late_margin_ms} ms later (took {total} ms)")
    code, wall = status_of("blocked")
    # the process also starts up and loads GnuTLS: a generous margin under load
    check(wall <= deadline_ms + late_margin_ms + 2500,
          f"the CLI ended soon after the deadline (wall clock {wall} ms)")
    check(code == 1, f"exit status 1 when nothing is green (got {code})")
    ref = ports.get(2525, {}).get("reference") or {}
    check(ref.get("host") == "127.0.0.2" and ref.get("status") == "filtered",
          f"the dropped port is silent on the reference host too (got {ref})")
    check((report.get("network") or {}).get("blocks") == [2525],
          f"the network object names 2525 as blocked (got {report.get('network')})")
    p = ports.get(2526, {})
    check(p.get("status") == "refused" and p.get("verdict") == "red",
          f"a port rejected with a TCP reset is red refused (got {brief(p)})")
    refused_summary = p.get("summary")
    p = ports.get(2527, {})
    check(p.get("status") == "unreachable" and p.get("verdict") == "red"
          and "firewall" in str(p.get("summary")),
          f"a port rejected with ICMP admin-prohibited is red unreachable, naming a firewall (got {brief(p)})")
    check(len({refused_summary, p.get("summary"), ports.get(2525, {}).get("summary")}) == 3,
          "filtered, refused and unreachable each have their own summary")
    for port in (2526, 2527):
        t = (ports.get(port, {}).get("timings_ms") or {}).get("total")
        check(isinstance(t, int) and t < deadline_ms,
              f"a rejected port ({port}) fails at once, without waiting for the deadline (took {t} ms)")

# Port 25 dropped while 587 works
ports, report = load("port25")
if ports is not None:
    p25, p587 = ports.get(25, {}), ports.get(587, {})
    check(p25.get("status") == "filtered", f"port 25 is filtered (got {brief(p25)})")
    check(p587.get("verdict") == "green" and p587.get("status") == "ok",
          f"port 587 is green ok next to a blocked port 25 (got {brief(p587)})")
    rec = report.get("recommendation") or {}
    check(rec.get("port") == 587, f"587 is recommended (got {rec.get('port')})")
    code, _ = status_of("port25")
    check(code == 0, f"exit status 0 when a port is green (got {code})")
    # The checklist's first question is "Is port 25 blocked on my network?"
    checklist = report.get("checklist") or [{}]
    answer = (checklist[0].get("answer"), str(checklist[0].get("headline")))
    check(answer[0] == "yes" and answer[1].startswith("Nothing answered on port 25"),
          f"the checklist answers that port 25 is blocked (got {answer!r})")
try:
    text = open(os.path.join(work, "port25-text.out"), errors="replace").read()
except OSError:
    text = ""
blocked = re.search(r"\b25\b[^\n]*\bblock(s|ed)\b|\bblock(s|ed)\b[^\n]*\b25\b", text, re.I)
check(bool(blocked), "the text report says port 25 is blocked on this network"
      + ("" if blocked else " (text: " + text[-600:] + ")"))

# One family only: the host NAME listens on PORT at ADDRESS (IPv VERSION)
# and the OTHER family is dropped; run NAME-OTHER asked for that family only
def check_one_family(name, port, address, version, other):
    ports, report = load(name)
    if ports is not None:
        p = ports.get(port, {})
        check(p.get("verdict") == "green" and address in str(p.get("address")),
              f"IPv{version}-only host (IPv{other} dropped): green, answered over IPv{version} (got {brief(p)})")
    ports, report = load(f"{name}-{other}")
    if ports is not None:
        p = ports.get(port, {})
        check(p.get("verdict") == "red", f"the IPv{version}-only host with -{other} is red (got {brief(p)})")

check_one_family("v4only", 465, "127.0.0.1", 4, 6)
if have_ipv6 == "1":
    check_one_family("v6only", 588, "::1", 6, 4)
    ports, report = load("blocked6")
    if ports is not None:
        p = ports.get(2526, {})
        check(p.get("status") == "refused",
              f"over IPv6, a TCP reset is refused (got {brief(p)})")
        p = ports.get(2527, {})
        check(p.get("status") == "unreachable" and "firewall" in str(p.get("summary")),
              f"over IPv6, ICMPv6 admin-prohibited is unreachable and names a firewall (got {brief(p)})")
else:
    out("SKIP", "IPv6-only host", "no ::1 in the namespace (IPv6 disabled)")
EOF
tap_results "$work/results" "$work/python.err"

if [ "$tap_failed" -gt 0 ]; then
  for f in "$work"/*.err; do
    [ -s "$f" ] && diag "$(basename "$f"): $(head -c 1500 "$f")"
  done
fi
echo "1..$tap_count"
[ "$tap_failed" -eq 0 ]
