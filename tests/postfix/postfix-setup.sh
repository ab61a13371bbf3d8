# postfix-setup.sh — the private Postfix the root suites share: sourced by
# test-postfix.sh, test-login-postfix.sh and test-formats-postfix.sh
#
# A test CA and a certificate for localhost, Cyrus SASL over a sasldb,
# the main.cf lines every instance has, the internal services of
# master.cf (none chrooted: the chroot would need copies of the
# certificates and the sasldb), start with a bounded wait for the
# listeners, stop with a bounded wait for master. The TAP helpers are
# ../tap.sh's.
#
# Nothing here runs on its own; the caller sets `set -u`, checks for root
# and calls the functions. Their locals are named instance*, not work or
# conf: bash's locals are dynamic, and an EXIT trap running inside one of
# these functions (a bail) must see the caller's $work and $conf.
#
# SPDX-License-Identifier: GPL-3.0-or-later

. "${BASH_SOURCE[0]%/*}/../tap.sh"
# Runs a command where the instance runs; test-postfix.sh redefines it for
# its network namespace
in_ns ()      { "$@"; }

# postfix_require PROGRAM…: the suite runs as root with SPC_CLI built, no
# mail server of this machine on 465, and each PROGRAM installed; else it
# skips (or bails) here
postfix_require ()
{
  local program

  if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root to run Postfix on loopback"
    exit 0
  fi
  [ -n "${SPC_CLI:-}" ] && [ -x "$SPC_CLI" ] || bail "SPC_CLI does not name the built smtp-port-check"
  if pgrep -x master >/dev/null 2>&1 || ss -Hltn 'sport = :465' | grep -q .; then
    echo "1..0 # SKIP a mail server already listens on this machine"
    exit 0
  fi
  for program in "$@"; do
    command -v "$program" >/dev/null \
      || { echo "1..0 # SKIP $program is not installed (build-aux/install-deps.sh --tests)"; exit 0; }
  done
}

# postfix_make_pki DIR CA-NAME: DIR/ca.pem (the test CA), DIR/server.pem and
# DIR/server.key (localhost, 127.0.0.1 and ::1), the key readable by postfix;
# valid 30 days: a certificate within 14 days of its end makes a port yellow
postfix_make_pki ()
{
  local dir=$1 ca_name=$2

  mkdir -p "$dir"
  printf 'cn = "%s"\nca\ncert_signing_key\nexpiration_days = 30\n' "$ca_name" >"$dir/ca.tmpl"
  cat >"$dir/server.tmpl" <<'EOF'
cn = "localhost"
dns_name = "localhost"
ip_address = "127.0.0.1"
ip_address = "::1"
tls_www_server
signing_key
encryption_key
expiration_days = 30
EOF
  (
    cd "$dir" &&
    certtool --generate-privkey --key-type=ecdsa --outfile ca.key &&
    certtool --generate-self-signed --load-privkey ca.key --template ca.tmpl --outfile ca.pem &&
    certtool --generate-privkey --key-type=ecdsa --outfile server.key &&
    certtool --generate-certificate --load-privkey server.key --load-ca-certificate ca.pem \
             --load-ca-privkey ca.key --template server.tmpl --outfile server.pem
  ) >"$dir/certtool.log" 2>&1 || { diag "$(cat "$dir/certtool.log")"; bail "certtool failed"; }
  chown root:postfix "$dir/server.key" 2>/dev/null
  chmod 640 "$dir/server.key"
}

# postfix_make_sasl CONF "MECHANISMS" USER REALM: Cyrus SASL for smtpd
# (Debian's smtpd reads CONF/sasl/smtpd.conf) over a sasldb holding
# USER@REALM; the password comes on standard input, never in argv
postfix_make_sasl ()
{
  local instance_conf=$1 mechanisms=$2 user=$3 realm=$4

  mkdir -p "$instance_conf/sasl"
  cat >"$instance_conf/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: $mechanisms
sasldb_path: $instance_conf/sasl/sasldb2
EOF
  saslpasswd2 -p -f "$instance_conf/sasl/sasldb2" -c -u "$realm" "$user" || bail "saslpasswd2 failed"
  chown postfix:postfix "$instance_conf/sasl/sasldb2"
  chmod 640 "$instance_conf/sasl/sasldb2"
}

# postfix_base_cf WORK HOSTNAME: what every instance's main.cf starts
# with: its own queue, data and log under WORK, loopback only, no local
# delivery
postfix_base_cf ()
{
  local instance=$1 hostname=$2

  mkdir -p "$instance/queue" "$instance/data"
  chown postfix "$instance/data"
  cat <<EOF
compatibility_level = 3.6
queue_directory = $instance/queue
data_directory = $instance/data
maillog_file = $instance/postfix.log
maillog_file_prefixes = $instance
myhostname = $hostname
mydomain = localhost.localdomain
mydestination =
inet_interfaces = loopback-only
local_transport = error:local delivery is disabled
alias_maps =
alias_database =
EOF
}

# postfix_main_cf WORK CONF: the main.cf of a server instance: the base,
# no relay host, SASL and TLS for smtpd from CONF and WORK/pki; the caller
# appends its own lines
postfix_main_cf ()
{
  local instance=$1 instance_conf=$2

  mkdir -p "$instance_conf"
  postfix_base_cf "$instance" mail.localhost.localdomain
  cat <<EOF
relayhost =
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_chain_files = $instance/pki/server.key, $instance/pki/server.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $instance_conf/sasl
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
smtpd_client_connection_rate_limit = 0
EOF
}

# postfix_virtual_mailbox WORK ADDRESS: main.cf lines that deliver ADDRESS
# into the Maildir WORK/mail/NAME/ (NAME: the address's local part)
postfix_virtual_mailbox ()
{
  local instance=$1 address=$2

  mkdir -p "$instance/mail"
  chown postfix:postfix "$instance/mail"
  cat <<EOF
virtual_mailbox_domains = ${address#*@}
virtual_mailbox_base = $instance/mail
virtual_mailbox_maps = inline:{ $address=${address%@*}/ }
virtual_uid_maps = static:$(id -u postfix)
virtual_gid_maps = static:$(id -g postfix)
EOF
}

# postfix_submission_services [authenticated-only]: master.cf's 465
# (implicit TLS) and 587 (STARTTLS required), AUTH after TLS; with an
# argument, mail only from clients that logged in
postfix_submission_services ()
{
  local restrict=

  [ $# -gt 0 ] && restrict="  -o smtpd_client_restrictions=permit_sasl_authenticated,reject"
  printf '%s\n' "465        inet  n - n - - smtpd" "  -o smtpd_tls_wrappermode=yes" \
    "  -o smtpd_sasl_auth_enable=yes" ${restrict:+"$restrict"}
  printf '%s\n' "587        inet  n - n - - smtpd" "  -o smtpd_tls_security_level=encrypt" \
    "  -o smtpd_sasl_auth_enable=yes" ${restrict:+"$restrict"}
}

# The services of master.cf Postfix needs internally
postfix_internal_services ()
{
  cat <<'EOF'
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
local      unix  - n n - - local
virtual    unix  - n n - - virtual
anvil      unix  - - n - 1 anvil
scache     unix  - - n - 1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF
}

# postfix_start WORK CONF PORT…: check and start the instance (through
# in_ns), wait a bounded while until each PORT listens
postfix_start ()
{
  local instance=$1 instance_conf=$2 port
  shift 2

  if ! postfix -c "$instance_conf" check >"$instance/check.log" 2>&1; then
    diag "$(cat "$instance/check.log" "$instance/postfix.log" 2>/dev/null)"
    bail "postfix check failed"
  fi
  if ! in_ns timeout 60 postfix -c "$instance_conf" start >"$instance/start.log" 2>&1; then
    diag "$(cat "$instance/start.log" "$instance/postfix.log" 2>/dev/null)"
    bail "postfix start failed"
  fi
  for port in "$@"; do
    for _ in $(seq 100); do
      in_ns ss -Hltn "sport = :$port" | grep -q . && break
      sleep 0.1
    done
    in_ns ss -Hltn "sport = :$port" | grep -q . \
      || { diag "$(cat "$instance/postfix.log" 2>/dev/null)"; bail "postfix does not listen on $port"; }
  done
}

# postfix_stop WORK CONF: postfix stop returns before master has gone;
# wait a bounded while
postfix_stop ()
{
  local instance=$1 instance_conf=$2

  in_ns postfix -c "$instance_conf" stop >/dev/null 2>&1
  for _ in $(seq 50); do
    [ -e "$instance/queue/pid/master.pid" ] || break
    kill -0 "$(cat "$instance/queue/pid/master.pid" 2>/dev/null)" 2>/dev/null || break
    sleep 0.1
  done
}

# wait_for_message MAILDIR STRING: the first file of MAILDIR/new holding
# STRING (delivery is asynchronous: a bounded wait), "" after 15 s
wait_for_message ()
{
  local maildir=$1 string=$2 found=

  for _ in $(seq 150); do
    found=$(grep -l -F -- "$string" "$maildir"/new/* 2>/dev/null | head -1)
    [ -n "$found" ] && break
    sleep 0.1
  done
  echo "$found"
}
