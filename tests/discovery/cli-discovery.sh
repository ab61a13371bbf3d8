#!/bin/bash
# The CLI with email addresses, end to end, inside the namespace of
# test-discovery-netns.sh (its dnsmasq names cli.test's and clibad.test's
# SRV targets: localhost on the scripted server's ports). TAP on stdout.
#
#   cli-discovery.sh SPC_CLI SPC_TEST_SERVER CA_FILE
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

cli=$1 server=$2 ca=$3

# shellcheck source=../tap.sh
. "$(dirname "$0")/../tap.sh"

[ -n "${SPC_DISCOVERY_NETNS:-}" ] || skip_all "runs only inside test-discovery-netns.sh's namespace"

work=$(mktemp -d /tmp/spc-cli-discovery.XXXXXX)
coproc SERVER { exec "$server" --cert-dir "$(dirname "$ca")" \
  --scenario implicit-tls-auth:4651 --scenario good-starttls-auth:5871; }
trap 'kill "$SERVER_PID" 2>/dev/null; rm -rf "$work"' EXIT
read -r _ <&"${SERVER[0]}" && read -r _ <&"${SERVER[0]}" || bail "the test server did not start"

# run NAME ARGS…: the CLI's stdout in $work/NAME.out, status in $work/NAME.status
run () {
  local name=$1; shift
  "$cli" --ca-file "$ca" --timeout 2 --no-online-lookups "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? > "$work/$name.status"
}

# json NAME PYTHON-EXPRESSION: true when the expression holds for the JSON in
# j; provider() is the checklist's answer to the provider question
# (answer, headline), as a list
json () {
  python3 -c "import json,sys; j=json.load(open(sys.argv[1]))
provider = lambda: [(c['answer'], c['headline']) for c in j['checklist'] if c['question'] == 'Which port does my provider recommend?']
sys.exit(0 if ($2) else 1)" "$work/$1.out" \
    2>>"$work/$1.err"
}

run cli --json ana@cli.test
check "an address: exit 0" [ "$(cat "$work/cli.status")" = 0 ]
check "an address: address and domain" json cli 'j["address"] == "ana@cli.test" and j["discovery"]["domain"] == "cli.test"'
check "an address: offline, no HTTP source" \
  json cli 'not [s for s in j["discovery"]["sources"] if s["source"] in ("autoconfig", "well-known", "ispdb")]'
check "an address: the SRV sources with facts" \
  json cli '[(s["location"], s["result"], s["secure"]) for s in j["discovery"]["sources"] if s["source"] == "srv"] == [("_submissions._tcp.cli.test", "found", False), ("_submission._tcp.cli.test", "found", False)] and all(isinstance(s["ms"], int) for s in j["discovery"]["sources"])'
check "an address: candidates ranked, with their sources" \
  json cli '[(c["host"], c["port"], c["mode"], c["sources"]) for c in j["discovery"]["candidates"]] == [("localhost", 4651, "tls", ["srv"]), ("localhost", 5871, "starttls", ["srv"])]'
check "an address: a report per host probed" \
  json cli 'sorted(p["port"] for h in j["hosts"] for p in h["ports"]) == [4651, 5871] and all(h["host"] == "localhost" for h in j["hosts"])'
check "an address: the recommendation names host and source" \
  json cli 'j["recommendation"]["host"] == "localhost" and j["recommendation"]["port"] == 4651 and j["recommendation"]["source"] == ["srv"] and j["recommendation"]["mode"] == "tls"'
check "an address: the provider question answered from the source" \
  json cli 'provider() == [("answered", "Your provider says port 4651 with SSL/TLS on localhost, and it works from here.")]'

run clibad --json ana@clibad.test
check "provider's port does not work: exit 0 with the other" [ "$(cat "$work/clibad.status")" = 0 ]
check "provider's port does not work: the working one is recommended" \
  json clibad 'j["recommendation"]["port"] == 5871'
check "provider's port does not work: the checklist says so" \
  json clibad 'provider() == [("answered", "Your provider says port 4652 with SSL/TLS on localhost; from here that does not work, but port 5871 with STARTTLS on localhost does.")]'

run nothing --json ana@nothing.test
check "nothing found: exit 1" [ "$(cat "$work/nothing.status")" = 1 ]
check "nothing found: the guess was tried, no recommendation" \
  json nothing 'j["recommendation"] is None and j["discovery"]["candidates"] == [] and "guess" in [s["source"] for s in j["discovery"]["sources"]]'

run mixed --json ana@cli.test localhost:5871
check "address and host mixed: exit 0" [ "$(cat "$work/mixed.status")" = 0 ]
check "address and host mixed: addresses and hosts" \
  json mixed 'len(j["addresses"]) == 1 and j["addresses"][0]["address"] == "ana@cli.test" and [h["host"] for h in j["hosts"]] == ["localhost"]'

run text ana@cli.test
check "text: the recommendation for the address" grep -q "For ana@cli.test use localhost, port 4651 with SSL/TLS." "$work/text.out"
check "text: where the servers were looked for" grep -q "_submissions._tcp.cli.test" "$work/text.out"

for name in cli clibad nothing mixed text; do
  sed 's/^/# /' "$work/$name.err"
done
echo "1..$tap_count"
