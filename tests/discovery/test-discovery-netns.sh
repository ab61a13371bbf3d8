#!/bin/bash
# Discovery against real servers in a private network namespace (loopback
# only): dnsmasq answers A/AAAA, MX and SRV records for *.test names, and
# the test program (test-discovery) serves autoconfig, well-known and
# ISPDB documents over HTTPS (certificates from the test CA) and HTTP on
# 127.0.0.1-4:443/80 inside the namespace. TAP on stdout (the test
# program's).
#
# Needs root (network namespaces, port 53/80/443 inside it) and dnsmasq;
# skips with the reason otherwise. Nothing leaves the namespace: it has no
# interface but lo, and dnsmasq forwards nothing.
#
#   test-discovery-netns.sh PROGRAM [ARGUMENT…]   runs PROGRAM inside
#
# PROGRAM is test-discovery (the engine), cli-discovery.sh (the CLI end to
# end, against the scripted SMTP server) or ../netns/test-reference.sh (the
# reference check: ref.test's MX and reference hosts).
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

[ $# -ge 1 ] || { echo "usage: test-discovery-netns.sh PROGRAM [ARGUMENT…]" >&2; exit 2; }

# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

if [ "$(id -u)" != 0 ]; then
  skip_all "needs root to create a network namespace with its own DNS server"
fi
dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
[ -x "$dnsmasq" ] || skip_all "dnsmasq is not installed (apt-get install dnsmasq-base)"
command -v ip >/dev/null || skip_all "ip is not installed (apt-get install iproute2)"

ns=spc-discovery-$$
work=$(mktemp -d /tmp/spc-discovery.XXXXXX) || bail "mktemp failed"
dnsmasq_pid=

cleanup ()
{
  [ -n "$dnsmasq_pid" ] && stop_process "$dnsmasq_pid"
  netns_delete "$ns"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

netns_add "$ns"
# glibc's AI_ADDRCONFIG (GIO asks for IPv4 and IPv6 apart) finds no address
# of a family unless a non-loopback interface has one: a veth pair with both
# ends inside gives it documentation addresses (RFC 5737, RFC 3849). No
# route leads anywhere; every test name resolves to loopback.
ip -n "$ns" link add v0 type veth peer name v1 &&
  ip -n "$ns" addr add 192.0.2.1/24 dev v0 &&
  ip -n "$ns" addr add 2001:db8::1/64 dev v0 nodad &&
  ip -n "$ns" link set v0 up && ip -n "$ns" link set v1 up ||
  bail "cannot add the veth pair in $ns"

# `ip netns exec` mounts this over /etc/resolv.conf inside the namespace
mkdir -p "/etc/netns/$ns"
echo "nameserver 127.0.0.1" > "/etc/netns/$ns/resolv.conf"

# The zone: authoritative for .test (NXDOMAIN for any other name there),
# nothing forwarded anywhere. 127.0.0.1: good certificate (HTTPS) and HTTP;
# 127.0.0.3: HTTP only; 127.0.0.4: HTTPS with a certificate for another name.
cat > "$work/dnsmasq.conf" <<'CONF'
port=53
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-negcache
local=/test/
host-record=autoconfig.auto.test,127.0.0.1,::1
host-record=wk.test,127.0.0.1
host-record=ispdb.test,127.0.0.1
host-record=autoconfig.conflict.test,127.0.0.1
host-record=autoconfig.slow.test,127.0.0.1
host-record=autoconfig.malformed.test,127.0.0.1
host-record=autoconfig.huge.test,127.0.0.1
host-record=autoconfig.huge-chunked.test,127.0.0.1
host-record=autoconfig.empty.test,127.0.0.1
host-record=autoconfig.plain.test,127.0.0.3
host-record=autoconfig.badcert.test,127.0.0.4
host-record=smtp.none.test,127.0.0.1
host-record=none.test,127.0.0.1,::1
srv-host=_submissions._tcp.srv.test,mail.srv.test,465,0,10
srv-host=_submissions._tcp.srv.test,backup.srv.test,465,10,10
srv-host=_submission._tcp.srv.test
srv-host=_submissions._tcp.conflict.test,smtp.conflict.test,465,0,0
srv-host=_submission._tcp.conflict.test,smtp.conflict.test,587,0,0
srv-host=_submissions._tcp.slow.test,smtp.slow.test,465,0,0
srv-host=_submissions._tcp.dot.test
srv-host=_submission._tcp.dot.test
host-record=dot.test,127.0.0.1
mx-host=mx.test,mx2.elsewhere.test,20
mx-host=mx.test,alt1.aspmx.l.google.com,10
mx-host=mxispdb.test,mx1.hosted.test,10
host-record=smtp.ref.test,127.0.0.2
mx-host=ref.test,mx.ref.test,10
host-record=mx.ref.test,127.0.0.3
host-record=quiz.ref.test,127.0.0.4
srv-host=_submissions._tcp.cli.test,localhost,4651,0,0
srv-host=_submission._tcp.cli.test,localhost,5871,0,0
srv-host=_submissions._tcp.clibad.test,localhost,4652,0,0
srv-host=_submission._tcp.clibad.test,localhost,5871,0,0
CONF

in_ns () { ip netns exec "$ns" "$@"; }

in_ns "$dnsmasq" --keep-in-foreground --conf-file="$work/dnsmasq.conf" \
  --pid-file="$work/dnsmasq.pid" --log-facility="$work/dnsmasq.log" &
dnsmasq_pid=$!
for _ in $(seq 50); do
  in_ns getent ahosts wk.test >/dev/null 2>&1 && break
  kill -0 "$dnsmasq_pid" 2>/dev/null || bail "dnsmasq did not start: $(tail -n 3 "$work/dnsmasq.log" 2>/dev/null)"
  sleep 0.1
done
in_ns getent ahosts wk.test >/dev/null 2>&1 || bail "dnsmasq does not answer in $ns"

# Under ASan on Debian 12, LeakSanitizer's own tracer sometimes crashes at
# exit on a thread with dynamic TLS (see lsan_works in build-aux/run-tests.sh):
# a crash of the tool, not of the test, so a run that failed only that way,
# every test ok, is run once more, and only the second run counts
run_tests ()
{
  local status=0
  in_ns env SPC_DISCOVERY_NETNS=1 "$@" >"$work/tests.out" 2>"$work/tests.err" || status=$?
  if [ "$status" != 0 ] && grep -q 'LeakSanitizer has encountered a fatal error' "$work/tests.err" \
     && ! grep -q '^not ok' "$work/tests.out"; then
    echo "test-discovery-netns: LeakSanitizer's tracer crashed (every test ok): running once more" >&2
    status=0
    in_ns env SPC_DISCOVERY_NETNS=1 "$@" >"$work/tests.out" 2>"$work/tests.err" || status=$?
  fi
  cat "$work/tests.out"
  cat "$work/tests.err" >&2
  return "$status"
}
run_tests "$@"
