#!/bin/bash
# Interop with a real mail server: Debian's Postfix on loopback, set up like a
# provider, probed by the built smtp-port-check.  TAP on stdout.
#
#   25    STARTTLS, no AUTH (relay port)           -> yellow no-auth
#   465   implicit TLS (wrappermode), AUTH         -> green
#   587   STARTTLS required, AUTH after TLS        -> green
#   2525  STARTTLS, no AUTH                        -> yellow no-auth
#   80    closed                                   -> red refused
# Without the test CA nothing is green and "unknown-ca" is reported.
#
# Needs root: it installs Postfix when missing and binds ports below 1024.
# Everything listens on loopback only and is torn down on exit. The private
# instance runs in a network namespace of its own, so a mail server already
# on this machine's port 25 is no obstacle; only where no namespace can be
# made does it run on this machine's loopback (and skip if 25 is taken).
#
# Arguments or environment: SPC_CLI  path to the built smtp-port-check (required)
#              SPC_POSTFIX_KEEP=1  leave Postfix running (debugging)
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

# meson passes the built programs as arguments; the environment may too
SPC_CLI=${SPC_CLI:-${1:-}}

. "$(dirname "$0")/postfix-setup.sh"

if [ "$(id -u)" != 0 ]; then
  echo "1..0 # SKIP needs root to install and run Postfix on loopback"
  exit 0
fi
if [ -z "${SPC_CLI:-}" ] || [ ! -x "$SPC_CLI" ]; then
  bail "SPC_CLI does not name the built smtp-port-check (${SPC_CLI:-unset})"
fi

# A namespace of our own: its loopback ports are ours whatever runs here
ns=spc-postfix-$$
if ip netns add "$ns" 2>/dev/null; then
  in_ns () { ip netns exec "$ns" "$@"; }
  in_ns ip link set lo up || { ip netns delete "$ns"; bail "cannot bring up lo in $ns"; }
  # "localhost" is both loopback addresses there (ip netns exec bind-mounts it)
  mkdir -p "/etc/netns/$ns"
  printf '127.0.0.1 localhost\n::1 localhost\n' >"/etc/netns/$ns/hosts"
else
  ns=
  in_ns () { "$@"; }
  # A mail server already running (a developer's own) owns port 25: do not fight it
  if pgrep -x master >/dev/null 2>&1 || ss -Hltn 'sport = :25' | grep -q .; then
    echo "1..0 # SKIP no network namespace here, and a mail server already listens on port 25"
    exit 0
  fi
fi
remove_ns ()
{
  [ -n "$ns" ] || return 0
  netns_delete "$ns"
}

have_postfix ()
{
  command -v postconf >/dev/null && command -v saslpasswd2 >/dev/null \
    && command -v certtool >/dev/null \
    && compgen -G '/usr/lib/*/sasl2/libsasldb.so*' >/dev/null \
    && compgen -G '/usr/lib/*/sasl2/libplain.so*' >/dev/null
}

install_postfix ()
{
  local packages="postfix sasl2-bin libsasl2-modules libsasl2-modules-db gnutls-bin"
  have_postfix && return 0
  diag "installing $packages with apt-get"
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  timeout 600 apt-get install -y --no-install-recommends $packages >/dev/null 2>&1 \
    || { timeout 300 apt-get update >/dev/null 2>&1 \
         && timeout 600 apt-get install -y --no-install-recommends $packages >/dev/null 2>&1; }
  have_postfix
}
install_postfix || { remove_ns; bail "could not install postfix with apt-get"; }
command -v postconf >/dev/null || { remove_ns; bail "postconf missing after installing postfix"; }

work=$(mktemp -d /tmp/spc-postfix.XXXXXX) || { remove_ns; bail "mktemp failed"; }
chmod 755 "$work"
conf=$work/etc

cleanup ()
{
  if [ "${SPC_POSTFIX_KEEP:-0}" = 1 ]; then
    diag "kept running${ns:+ in network namespace $ns}: postfix -c $conf stop; rm -rf $work${ns:+; ip netns delete $ns}"
    return
  fi
  postfix_stop "$work" "$conf"
  rm -rf "$work"
  remove_ns
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

postfix_make_pki "$work/pki" "SMTP Port Checker Postfix Test CA"
# SASL: AUTH PLAIN LOGIN, offered only after TLS
echo "test-password" | postfix_make_sasl "$conf" "PLAIN LOGIN" tester localhost

# --- a private Postfix instance: own config, queue and data directories ---
ipv6=ipv4
in_ns ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128' && ipv6=all

{
  postfix_main_cf "$work" "$conf"
  cat <<EOF
myorigin = \$myhostname
inet_protocols = $ipv6
mynetworks = 127.0.0.0/8 [::1]/128
smtpd_banner = \$myhostname ESMTP test instance
smtpd_tls_loglevel = 1
smtp_tls_security_level = none
smtpd_client_connection_count_limit = 0
EOF
} >"$conf/main.cf"

{
  echo "smtp       inet  n - n - - smtpd"
  postfix_submission_services authenticated-only
  echo "2525       inet  n - n - - smtpd"
  postfix_internal_services
} >"$conf/master.cf"
postfix_start "$work" "$conf" 25 465 587 2525
diag "postfix $(postconf -c "$conf" -h mail_version) listening on 25 465 587 2525 (inet_protocols=$ipv6)${ns:+ in network namespace $ns}"

port80_closed=1
if in_ns ss -Hltn 'sport = :80' | grep -q .; then
  port80_closed=0
fi

run_cli ()
{
  local out=$1; shift
  local status=0
  in_ns timeout 120 "$SPC_CLI" --json --timeout 5 "$@" localhost >"$out" 2>"$out.err" || status=$?
  echo "$status"
}

cli_status=$(run_cli "$work/with-ca.json" --ca-file "$work/pki/ca.pem")
nocli_status=$(run_cli "$work/without-ca.json")

# Assertions on the JSON reports; python3 prints "PASS|FAIL|SKIP description[|reason]"
python3 - "$work/with-ca.json" "$work/without-ca.json" "$port80_closed" \
          "$cli_status" "$nocli_status" >"$work/results" 2>"$work/python.err" <<'EOF'
import json, sys

with_ca_path, without_ca_path, port80_closed, status_ca, status_no_ca = sys.argv[1:6]

def out(kind, text, reason=""):
    print(f"{kind}|{text}|{reason}")

def check(cond, text):
    out("PASS" if cond else "FAIL", text)

def load(path, label):
    try:
        with open(path) as f:
            return json.load(f)
    except Exception as e:
        out("FAIL", f"{label}: the CLI printed valid JSON", str(e))
        return None

def ports(report):
    return {p.get("port"): p for p in report.get("ports", [])}

report = load(with_ca_path, "with the test CA")
if report is not None:
    check(True, "with the test CA: the CLI printed valid JSON")
    by_port = ports(report)
    check(sorted(by_port) == [25, 80, 465, 587, 2525],
          f"with the test CA: the default ports were probed (got {sorted(by_port)})")
    expect = {465: ("green", "ok"), 587: ("green", "ok"),
              25: ("yellow", "no-auth"), 2525: ("yellow", "no-auth")}
    for port, (verdict, status) in expect.items():
        p = by_port.get(port, {})
        check(p.get("verdict") == verdict and p.get("status") == status,
              f"port {port} is {verdict} {status} (got {p.get('verdict')} {p.get('status')}: {p.get('summary')})")
    for port in (465, 587):
        p = by_port.get(port, {})
        auth = (p.get("capabilities") or {}).get("auth") or []
        check("PLAIN" in auth and "LOGIN" in auth,
              f"port {port} offers AUTH PLAIN LOGIN after TLS (got {auth})")
        tls = p.get("tls") or {}
        check(tls.get("errors") == [] and str(tls.get("version", "")).startswith("TLS 1."),
              f"port {port} has TLS without certificate errors (got {tls.get('version')} {tls.get('errors')})")
    check(by_port.get(465, {}).get("mode") == "tls", "port 465 was probed with implicit TLS")
    check(by_port.get(587, {}).get("mode") == "starttls", "port 587 was probed with STARTTLS")
    p80 = by_port.get(80, {})
    if port80_closed == "1":
        check(p80.get("verdict") == "red" and p80.get("status") == "refused",
              f"port 80 is red refused (got {p80.get('verdict')} {p80.get('status')})")
    else:
        out("SKIP", "port 80 is red refused", "something else listens on port 80 here")
    rec = report.get("recommendation") or {}
    check(rec.get("port") == 465 and rec.get("security") == "SSL/TLS",
          f"the recommendation is 465 SSL/TLS (got {rec.get('port')} {rec.get('security')})")
    check(status_ca == "0", f"exit status 0 when a port is green (got {status_ca})")

report = load(without_ca_path, "without the test CA")
if report is not None:
    check(True, "without the test CA: the CLI printed valid JSON")
    by_port = ports(report)
    greens = [p for p, r in by_port.items() if r.get("verdict") == "green"]
    check(greens == [], f"without the test CA nothing is green (green: {greens})")
    for port in (25, 465, 587, 2525):
        p = by_port.get(port, {})
        errors = (p.get("tls") or {}).get("errors") or []
        check(p.get("status") == "certificate-invalid" and p.get("verdict") == "red"
              and "unknown-ca" in errors,
              f"port {port} without the CA is red certificate-invalid with unknown-ca "
              f"(got {p.get('verdict')} {p.get('status')} {errors})")
    check(report.get("recommendation") is None, "without the test CA there is no recommendation")
    check(status_no_ca == "1", f"exit status 1 when no port is green (got {status_no_ca})")
EOF
tap_results "$work/results" "$work/python.err"

if [ "$tap_failed" -gt 0 ]; then
  for f in with-ca.json.err without-ca.json.err; do
    [ -s "$work/$f" ] && diag "$f: $(head -c 2000 "$work/$f")"
  done
  diag "with the CA: $(head -c 6000 "$work/with-ca.json")"
  diag "postfix log: $(tail -n 40 "$work/postfix.log" 2>/dev/null)"
fi
echo "1..$tap_count"
[ "$tap_failed" -eq 0 ]
