#!/bin/bash
# Whose firewall, end to end: the CLI inside the namespace of
# tests/discovery/test-discovery-netns.sh (its dnsmasq serves ref.test: the
# server smtp.ref.test at 127.0.0.2, the MX host mx.ref.test at 127.0.0.3,
# the reference host quiz.ref.test at 127.0.0.4), with nftables rules that
# drop port 25 for every destination (the network) or for the server's
# address only. TAP on stdout.
#
#   test-reference.sh SPC_CLI SPC_TEST_SERVER CA_FILE
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

cli=$1 server=$2 ca=$3

# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

[ -n "${SPC_DISCOVERY_NETNS:-}" ] || skip_all "runs only inside test-discovery-netns.sh's namespace"
command -v nft >/dev/null || skip_all "nft is not installed (apt-get install nftables)"

work=$(mktemp -d /tmp/spc-reference.XXXXXX)
# Every address serves 25 and 2525: only the rules make a port silent
coproc SERVER { exec "$server" --cert-dir "$(dirname "$ca")" \
  --listen 127.0.0.2 --listen 127.0.0.3 --listen 127.0.0.4 \
  --scenario good-starttls-auth:25 --scenario good-starttls-auth:2525; }
trap 'kill "$SERVER_PID" 2>/dev/null; nft delete table inet spc_reference 2>/dev/null; rm -rf "$work"' EXIT
read -r _ <&"${SERVER[0]}" && read -r _ <&"${SERVER[0]}" || bail "the test server did not start"

# rules RULE…: the namespace's only filter, one statement a line (nft 1.0.6)
rules () {
  nft delete table inet spc_reference 2>/dev/null
  { echo "table inet spc_reference {"
    echo "  chain input {"
    echo "    type filter hook input priority filter; policy accept;"
    printf '    %s\n' "$@"
    echo "  }"
    echo "}"; } | nft -f - || echo "Bail out! nft refused the rules"
}

# run NAME ARGS…: the CLI's JSON in $work/NAME.out
run () {
  local name=$1; shift
  "$cli" --json --timeout 2 "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? > "$work/$name.status"
}

# json NAME PYTHON-EXPRESSION: p is the ports by number, j the report
json () {
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); p={x['port']: x for x in j['ports']}; sys.exit(0 if ($2) else 1)" \
    "$work/$1.out" 2>>"$work/$1.err"
}

# Port 25 dropped for every destination: the MX is silent too
rules "tcp dport 25 drop"
run network --ports 25 smtp.ref.test
check "network: port 25 filtered" json network 'p[25]["status"] == "filtered"'
check "network: the MX host was asked and is silent too" \
  json network 'p[25]["reference"] == dict(p[25]["reference"], host="mx.ref.test", source="mx", address="127.0.0.3", status="filtered") and p[25]["reference"]["ms"] >= 1900'
check "network: the network object names 25 as blocked, with the evidence" \
  json network 'j["network"]["blocks"] == [25] and j["network"]["lets_through"] == [] and j["network"]["evidence"][0]["host"] == "mx.ref.test"'
check "network: the summary says the network blocks it" \
  json network 'p[25]["summary"] == "Your network blocks port 25" and "mx.ref.test does not answer on this port either" in p[25]["summary_details"]'
check "network: the checklist answers yes" json network 'j["checklist"][0]["answer"] == "yes" and j["checklist"][0]["headline"].startswith("Nothing answered on port 25")'

# Port 25 dropped for the server's address only: the MX answers
rules "ip daddr 127.0.0.2 tcp dport 25 drop"
run server --ports 25 smtp.ref.test
check "server: port 25 filtered" json server 'p[25]["status"] == "filtered"'
check "server: the MX host answered" \
  json server 'p[25]["reference"]["host"] == "mx.ref.test" and p[25]["reference"]["status"] == "answered"'
check "server: the network lets 25 through" \
  json server 'j["network"]["blocks"] == [] and j["network"]["lets_through"] == [25]'
check "server: the summary blames the server" \
  json server 'p[25]["summary"].startswith("The server does not answer on port 25; your network lets it through")'
check "server: the checklist answers no" json server 'j["checklist"][0]["answer"] == "no" and j["checklist"][0]["headline"].startswith("The server does not answer on port 25")'
check "server: every port silent while the reference answers: wrong or down" \
  json server '"likely wrong or down" in j["next_steps"]'

# Everything to the server dropped: 25 asks the MX, 2525 the reference host
rules "ip daddr 127.0.0.2 drop"
runs=()
run down --ports 25,2525 --reference quiz.ref.test smtp.ref.test & runs+=($!)
run off --ports 25 --no-reference smtp.ref.test & runs+=($!)
run unresolved --ports 2525 --reference nowhere.ref.test smtp.ref.test & runs+=($!)
# not a bare wait: the server is a child too
wait "${runs[@]}"
check "down: 2525 asked the reference host" \
  json down 'p[2525]["reference"] == dict(p[2525]["reference"], host="quiz.ref.test", source="host", address="127.0.0.4", status="answered")'
check "down: 25 asked the MX host" json down 'p[25]["reference"]["source"] == "mx" and p[25]["reference"]["status"] == "answered"'
check "down: the server or its address is likely wrong or down" \
  json down 'j["next_steps"].startswith("The server or its address is likely wrong or down") and j["network"]["lets_through"] == [25, 2525]'
check "--no-reference: no reference, blocked somewhere" \
  json off 'p[25]["reference"] is None and p[25]["summary"].startswith("Blocked somewhere between you and the server") and j["network"]["undecided"] == [25]'
check "an unresolvable reference host: dns-error, blocked somewhere" \
  json unresolved 'p[2525]["reference"]["status"] == "dns-error" and p[2525]["reference"]["address"] is None and "could not be found" in p[2525]["summary_details"]'

if [ "$tap_failed" -gt 0 ]; then
  for name in network server down off unresolved; do
    sed 's/^/# /' "$work/$name.err"
    head -c 3000 "$work/$name.out" | sed 's/^/# /'
  done
fi
echo "1..$tap_count"
