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

tap_count=0
tap_failed=0
tap_ok ()     { tap_count=$((tap_count + 1)); echo "ok $tap_count - $*"; }
tap_not_ok () { tap_count=$((tap_count + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_count - $*"; }
check ()      { local text=$1; shift; if "$@"; then tap_ok "$text"; else tap_not_ok "$text"; fi; }
diag ()       { sed 's/^/# /' <<<"$*"; }
bail ()       { echo "Bail out! $*"; exit 1; }

if [ "$(id -u)" != 0 ]; then
  echo "1..0 # SKIP needs root to run Postfix on loopback"
  exit 0
fi
[ -n "${SPC_CLI:-}" ] && [ -x "$SPC_CLI" ] || bail "SPC_CLI does not name the built smtp-port-check"
if pgrep -x master >/dev/null 2>&1 || ss -Hltn 'sport = :465' | grep -q .; then
  echo "1..0 # SKIP a mail server already listens on this machine"
  exit 0
fi
for program in postconf postfix saslpasswd2 certtool python3; do
  command -v $program >/dev/null || { echo "1..0 # SKIP $program is not installed (build-aux/install-deps.sh --tests)"; exit 0; }
done
compgen -G '/usr/lib/*/sasl2/libscram.so*' >/dev/null \
  || { echo "1..0 # SKIP Cyrus SASL's SCRAM module is missing (libsasl2-modules)"; exit 0; }

work=$(mktemp -d /tmp/spc-login-postfix.XXXXXX) || bail "mktemp failed"
chmod 755 "$work"
conf=$work/etc
cleanup ()
{
  postfix -c "$conf" stop >/dev/null 2>&1
  for _ in $(seq 50); do
    [ -e "$work/queue/pid/master.pid" ] || break
    kill -0 "$(cat "$work/queue/pid/master.pid" 2>/dev/null)" 2>/dev/null || break
    sleep 0.1
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- a test CA and a certificate for localhost ---
mkdir -p "$work/pki"
printf 'cn = "Login Test CA"\nca\ncert_signing_key\nexpiration_days = 2\n' >"$work/pki/ca.tmpl"
printf 'cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >"$work/pki/server.tmpl"
(
  cd "$work/pki" &&
  certtool --generate-privkey --key-type=ecdsa --outfile ca.key &&
  certtool --generate-self-signed --load-privkey ca.key --template ca.tmpl --outfile ca.pem &&
  certtool --generate-privkey --key-type=ecdsa --outfile server.key &&
  certtool --generate-certificate --load-privkey server.key --load-ca-certificate ca.pem \
           --load-ca-privkey ca.key --template server.tmpl --outfile server.pem
) >"$work/pki/certtool.log" 2>&1 || bail "certtool failed"
chown root:postfix "$work/pki/server.key"
chmod 640 "$work/pki/server.key"

# --- Cyrus SASL with sasldb: the mechanisms GNU SASL speaks ---
mkdir -p "$conf/sasl"
cat >"$conf/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN
sasldb_path: $conf/sasl/sasldb2
EOF
printf '%s' "$PASSWORD" | saslpasswd2 -p -f "$conf/sasl/sasldb2" -c -u example.test tester \
  || bail "saslpasswd2 failed"
chown postfix:postfix "$conf/sasl/sasldb2"
chmod 640 "$conf/sasl/sasldb2"

# --- a private Postfix: a virtual mailbox for tester@example.test ---
mkdir -p "$work/queue" "$work/data" "$work/mail"
chown postfix "$work/data"
chown postfix:postfix "$work/mail"
uid=$(id -u postfix); gid=$(id -g postfix)
cat >"$conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
maillog_file = $work/postfix.log
maillog_file_prefixes = $work
myhostname = mail.localhost.localdomain
mydomain = localhost.localdomain
mydestination =
relayhost =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
local_transport = error:local delivery is disabled
alias_maps =
alias_database =
virtual_mailbox_domains = example.test
virtual_mailbox_base = $work/mail
virtual_mailbox_maps = inline:{ tester@example.test=tester/ }
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_chain_files = $work/pki/server.key, $work/pki/server.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $conf/sasl
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
smtpd_client_connection_rate_limit = 0
EOF
cat >"$conf/master.cf" <<'EOF'
465        inet  n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
587        inet  n - n - - smtpd
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup     unix  n - n 60 1 pickup
cleanup    unix  n - n - 0 cleanup
qmgr       unix  n - n 300 1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n - - trivial-rewrite
bounce     unix  - - n - 0 bounce
defer      unix  - - n - 0 bounce
trace      unix  - - n - 0 bounce
verify     unix  - - n - 1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n - - proxymap
proxywrite unix  - - n - 1 proxymap
smtp       unix  - - n - - smtp
relay      unix  - - n - - smtp
showq      unix  n - n - - showq
error      unix  - - n - - error
retry      unix  - - n - - error
discard    unix  - - n - - discard
virtual    unix  - n n - - virtual
anvil      unix  - - n - 1 anvil
scache     unix  - - n - 1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF

postfix -c "$conf" check >"$work/check.log" 2>&1 || { diag "$(cat "$work/check.log")"; bail "postfix check failed"; }
timeout 60 postfix -c "$conf" start >"$work/start.log" 2>&1 || { diag "$(cat "$work/start.log" "$work/postfix.log" 2>/dev/null)"; bail "postfix start failed"; }
for port in 465 587; do
  for _ in $(seq 100); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
  ss -Hltn "sport = :$port" | grep -q . || bail "postfix does not listen on $port"
done
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

# Delivery is asynchronous: wait (bounded) for the Maildir file
delivered=
for _ in $(seq 100); do
  delivered=$(grep -l -F "Message-ID: $message_id" "$work"/mail/tester/new/* 2>/dev/null | head -1)
  [ -n "$delivered" ] && break
  sleep 0.1
done
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
