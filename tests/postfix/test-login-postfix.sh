#!/bin/bash
# The login check and the test message against a real server: Debian's
# Postfix with Cyrus SASL (sasldb) on loopback, checked by the built
# smtp-port-check.  TAP on stdout.
#
#   465   implicit TLS, AUTH SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN
#   587   STARTTLS required, the same mechanisms after TLS
#   mail for tester@example.test lands in a Maildir under the work directory
#
# Right password -> ok with the strongest mechanism (and each one asked
# for); wrong password -> rejected with 535 5.7.8 and its advice; a test
# message -> accepted, and it arrives with the headers the report names.
#
# Needs root (Postfix, ports below 1024); run under /work/root-tests.lock
# like tests/postfix/test-postfix.sh. Loopback only, torn down on exit.
#
# Arguments or environment: SPC_CLI  path to the built smtp-port-check
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

SPC_CLI=${SPC_CLI:-${1:-}}
USER_NAME=tester@example.test
PASSWORD='correct horse battery staple'

. "$(dirname "$0")/postfix-setup.sh"

postfix_require postconf postfix saslpasswd2 certtool python3
compgen -G '/usr/lib/*/sasl2/libscram.so*' >/dev/null \
  || { echo "1..0 # SKIP Cyrus SASL's SCRAM module is missing (libsasl2-modules)"; exit 0; }

work=$(mktemp -d /tmp/spc-login-postfix.XXXXXX) || bail "mktemp failed"
chmod 755 "$work"
conf=$work/etc
cleanup ()
{
  postfix_stop "$work" "$conf"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

postfix_make_pki "$work/pki" "Login Test CA"
# Cyrus SASL with sasldb: the mechanisms GNU SASL speaks
printf '%s' "$PASSWORD" | postfix_make_sasl "$conf" "SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN" tester example.test

# A private Postfix: a virtual mailbox for tester@example.test
{
  postfix_main_cf "$work" "$conf"
  postfix_virtual_mailbox "$work" "$USER_NAME"
  cat <<EOF
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
EOF
} >"$conf/main.cf"
{
  postfix_submission_services
  postfix_internal_services
} >"$conf/master.cf"
postfix_start "$work" "$conf" 465 587
diag "postfix $(postconf -c "$conf" -h mail_version) with Cyrus SASL on 465 and 587"

# run_cli NAME PASSWORD ARGS…: JSON in $work/NAME.json, exit status in $work/NAME.status
run_cli ()
{
  local name=$1 password=$2; shift 2
  local status=0
  printf '%s\n' "$password" | timeout 120 "$SPC_CLI" --json --timeout 5 --ca-file "$work/pki/ca.pem" \
    --user "$USER_NAME" --password-file - "$@" localhost >"$work/$name.json" 2>"$work/$name.err" || status=$?
  echo "$status" >"$work/$name.status"
}

# field NAME EXPRESSION: a value of the JSON report, "" when absent
field ()
{
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); v=eval(sys.argv[2], {"r": r}); print("" if v is None else v)' \
    "$work/$1.json" "$2" 2>/dev/null
}

run_cli strongest "$PASSWORD" --ports 587
check "587: right password, exit status 0" [ "$(cat "$work/strongest.status")" = 0 ]
check "587: login ok" [ "$(field strongest 'r["login"]["result"]')" = ok ]
check "587: the strongest mechanism offered, SCRAM-SHA-256" [ "$(field strongest 'r["login"]["mechanism"]')" = SCRAM-SHA-256 ]
check "587: the reply is 235" [ "$(field strongest 'r["login"]["reply"][:4]')" = "235 " ]
diag "$(field strongest 'r["login"]')"

for mechanism in SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN; do
  run_cli "mech-$mechanism" "$PASSWORD" --ports 465 --mechanism "$mechanism"
  check "465: $mechanism logs in" [ "$(field "mech-$mechanism" 'r["login"]["result"]')/$(field "mech-$mechanism" 'r["login"]["mechanism"]')" = "ok/$mechanism" ]
done

run_cli wrong 'not the password' --ports 587 --mechanism PLAIN
check "wrong password: exit status 1" [ "$(cat "$work/wrong.status")" = 1 ]
check "wrong password: rejected" [ "$(field wrong 'r["login"]["result"]')" = rejected ]
check "wrong password: 535 5.7.8" [ "$(field wrong 'r["login"]["reply"][:9]')" = "535 5.7.8" ]
check "wrong password: the advice says to check the user name and the password" \
  grep -q "Check the user name" <<<"$(field wrong 'r["login"]["advice"]')"
check "wrong password: it appears nowhere in the output" \
  bash -c "! grep -q 'not the password' '$work/wrong.json' '$work/wrong.err'"
diag "$(field wrong 'r["login"]')"

run_cli message "$PASSWORD" --ports 465 --send-test "$USER_NAME"
check "test message: exit status 0" [ "$(cat "$work/message.status")" = 0 ]
check "test message: accepted" [ "$(field message 'r["test_message"]["result"]')" = accepted ]
queue_id=$(field message 'r["test_message"]["queue_id"]')
message_id=$(field message 'r["test_message"]["message_id"]')
check "test message: a queue id ($queue_id)" [ -n "$queue_id" ]
diag "$(field message 'r["test_message"]')"

delivered=$(wait_for_message "$work/mail/tester" "Message-ID: $message_id")
check "test message: arrived in the test mailbox" [ -n "$delivered" ]
if [ -n "$delivered" ]; then
  diag "$(sed -n '1,/^$/p' "$delivered")"
  check "arrived: From" grep -q "^From: <$USER_NAME>" "$delivered"
  check "arrived: To" grep -q "^To: <$USER_NAME>" "$delivered"
  check "arrived: Subject names the app" grep -q "^Subject: SMTP Port Checker test message" "$delivered"
  check "arrived: Date" grep -qE "^Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} " "$delivered"
  check "arrived: the queue id Postfix gave" grep -q "$queue_id" "$work/postfix.log"
  check "arrived: the body names server, port and security" \
    bash -c "grep -q '^Server: localhost' '$delivered' && grep -q '^Port: 465' '$delivered' && grep -q '^Security: SSL/TLS' '$delivered'"
fi

echo "1..$tap_count"
[ "$tap_failed" = 0 ]
