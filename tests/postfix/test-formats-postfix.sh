#!/bin/bash
# Every configuration `smtp-port-check --config FORMAT` prints, proven by the
# program it is for: each sends a message through a private Postfix with
# Cyrus SASL and TLS (the test CA), and the message must arrive in the test
# mailbox, authenticated and over TLS.  TAP on stdout.
#
#   465   implicit TLS, AUTH after TLS only, mail only when authenticated
#   587   STARTTLS required, the same
#   for each port: msmtp (passwordeval secret-tool, the password in a
#   private gnome-keyring session), curl, swaks, Python's smtplib,
#   git send-email, NeoMutt and a second Postfix as relay client
#
# The configuration is used as printed; the test changes only what the
# user would: the recipient placeholder, the message, a mailbox for the
# programs that need one. Passwords never travel in argv: typed on a
# terminal (type-password.py), in the keyring, in Postfix's sasl_passwd
# file, or read from a file by NeoMutt (which cannot prompt in batch
# mode); a watcher reads every process's argv meanwhile and must not find
# the password (a decoy in argv proves the watcher sees).
#
# Needs root (Postfix, ports below 1024); run under /work/root-tests.lock.
# Loopback only, torn down on exit.
#
# Arguments or environment: SPC_CLI  path to the built smtp-port-check
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

SPC_CLI=${SPC_CLI:-${1:-}}
here=$(cd "$(dirname "$0")" && pwd)
USER_NAME=tester@example.test
PASSWORD='correct horse battery staple'

. "$here/postfix-setup.sh"

postfix_require postconf postfix postmap saslpasswd2 certtool python3

work=$(mktemp -d /tmp/spc-formats-postfix.XXXXXX) || bail "mktemp failed"
chmod 755 "$work"
conf=$work/etc
relay=$work/relay
cleanup ()
{
  touch "$work/stop-watch"
  [ -n "${watcher:-}" ] && wait "$watcher" 2>/dev/null
  postfix_stop "$relay" "$relay/etc"
  postfix_stop "$work" "$conf"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The password in a file of its own (no newline), never in argv
umask 077
printf '%s' "$PASSWORD" >"$work/password"
umask 022

postfix_make_pki "$work/pki" "Formats Test CA"
postfix_make_sasl "$conf" "SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN" tester example.test <"$work/password"
{
  postfix_main_cf "$work" "$conf"
  postfix_virtual_mailbox "$work" "$USER_NAME"
  cat <<EOF
inet_protocols = ipv4
mynetworks =
smtpd_sasl_authenticated_header = yes
smtpd_tls_received_header = yes
EOF
} >"$conf/main.cf"
{
  postfix_submission_services authenticated-only
  postfix_internal_services
} >"$conf/master.cf"
postfix_start "$work" "$conf" 465 587
diag "postfix $(postconf -c "$conf" -h mail_version) with Cyrus SASL on 465 and 587"

# --- argv watcher: the password must never be a process's argument ---
decoy="argv-watcher-decoy-$$"
printf '%s\n%s\n' "$PASSWORD" "$decoy" >"$work/argv-patterns"
chmod 600 "$work/argv-patterns"
: >"$work/argv-seen"
(
  while [ ! -e "$work/stop-watch" ]; do
    grep -h -o -a -F -f "$work/argv-patterns" /proc/[0-9]*/cmdline 2>/dev/null >>"$work/argv-seen"
    sleep 0.02
  done
) &
watcher=$!
bash -c 'sleep 0.3; :' "$decoy"
for _ in $(seq 50); do grep -q -F "$decoy" "$work/argv-seen" && break; sleep 0.1; done
check "the argv watcher sees an argument (decoy)" grep -q -F "$decoy" "$work/argv-seen"

# config FORMAT PORT: the configuration the CLI prints, in $work/FORMAT-PORT.conf
config ()
{
  local format=$1 port=$2 status=0
  timeout 60 "$SPC_CLI" --timeout 5 --ports "$port" --ca-file "$work/pki/ca.pem" --user "$USER_NAME" \
    --config "$format" localhost </dev/null >"$work/$format-$port.conf" 2>"$work/$format-$port.err" || status=$?
  if [ "$status" != 0 ] || [ ! -s "$work/$format-$port.conf" ]; then
    tap_not_ok "$format $port: the CLI prints the configuration (exit $status: $(head -c 300 "$work/$format-$port.err"))"
    return 1
  fi
  return 0
}

# arrived LABEL TOKEN: the message holding TOKEN is in the mailbox, from
# the user, after a login as the user, over TLS
arrived ()
{
  local label=$1 token=$2 file
  file=$(wait_for_message "$work/mail/tester" "$token")
  if [ -z "$file" ]; then
    tap_not_ok "$label: the message arrived"
    diag "$(tail -n 15 "$work/postfix.log" 2>/dev/null)"
    return 1
  fi
  tap_ok "$label: the message arrived"
  check "$label: From is the user" grep -q -i "^From:.*$USER_NAME" "$file"
  check "$label: it came after a login as the user" grep -q "(Authenticated sender: $USER_NAME)" "$file"
  check "$label: it came over TLS" grep -q -E "\(using TLSv1\.[23] with cipher" "$file"
  return 0
}

# shell_command FILE: the printed command on one line, the recipient
# placeholder replaced (the comments dropped)
shell_command ()
{
  sed -e '/^#/d' -e 's/someone@example\.com/'"$USER_NAME"'/g' "$1" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta'
}

# typed LOG PROGRAM ARGS…: PROGRAM on a terminal, the password typed at its prompt
typed ()
{
  local log=$1; shift
  python3 "$here/type-password.py" "$work/password" 'password' 60 -- "$@" >"$log" 2>&1
}

message_file ()
{
  local token=$1
  printf 'From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s@example.test>\n\nSent by the formats suite.\n' \
    "$USER_NAME" "$USER_NAME" "$token" "$token"
}

# --- msmtp: passwordeval secret-tool, the entry in a private keyring ---
prove_msmtp ()
{
  local port=$1 token=formats-msmtp-$1 home=$work/msmtp-home-$1 status=0
  config msmtp "$port" || return
  check "msmtp $port: the password comes from secret-tool" \
    grep -q '^passwordeval   "secret-tool lookup host localhost service smtp user tester@example.test"$' "$work/msmtp-$port.conf"
  mkdir -p "$home/run" && chmod 700 "$home/run"
  install -m 600 "$work/msmtp-$port.conf" "$home/.msmtprc"
  message_file "$token" >"$home/message"
  HOME=$home XDG_DATA_HOME=$home/data XDG_RUNTIME_DIR=$home/run PASSWORD_FILE=$work/password \
    timeout 90 dbus-run-session -- bash -c '
      printf keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 3
      secret-tool store --label=msmtp host localhost service smtp user tester@example.test <"$PASSWORD_FILE" || exit 4
      msmtp -t <"$HOME/message"' >"$work/msmtp-$port.log" 2>&1 || status=$?
  check "msmtp $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(grep -v 'fd limit' "$work/msmtp-$port.log" | tail -n 15)"
  arrived "msmtp $port" "$token"
}

# --- curl: the command as printed, the password typed at its prompt ---
prove_curl ()
{
  local port=$1 token=formats-curl-$1 dir=$work/curl-$1 status=0
  config curl "$port" || return
  mkdir -p "$dir"
  message_file "$token" >"$dir/message.txt"
  (cd "$dir" && typed "$work/curl-$port.log" bash -c "$(shell_command "$work/curl-$port.conf")") || status=$?
  check "curl $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(shell_command "$work/curl-$port.conf")"$'\n'"$(tail -n 15 "$work/curl-$port.log")"
  arrived "curl $port" "$token"
}

# --- swaks: the command as printed plus a Subject to find the message by ---
prove_swaks ()
{
  local port=$1 token=formats-swaks-$1 status=0
  config swaks "$port" || return
  typed "$work/swaks-$port.log" bash -c "$(shell_command "$work/swaks-$port.conf") --header 'Subject: $token'" || status=$?
  check "swaks $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(tail -n 25 "$work/swaks-$port.log")"
  arrived "swaks $port" "$token"
}

# --- Python: the script as printed, getpass answered on its terminal ---
prove_python ()
{
  local port=$1 token=formats-python-$1 status=0
  config python "$port" || return
  sed -e 's/someone@example\.com/'"$USER_NAME"'/' -e 's/^message\["Subject"\] = "Test"$/message["Subject"] = "'"$token"'"/' \
    "$work/python-$port.conf" >"$work/python-$port.py"
  check "python $port: the script has a Subject to replace" grep -q "$token" "$work/python-$port.py"
  typed "$work/python-$port.log" python3 "$work/python-$port.py" || status=$?
  check "python $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(tail -n 15 "$work/python-$port.log")"
  arrived "python $port" "$token"
}

# --- git send-email: the git config lines as printed, in a HOME of its own ---
prove_git ()
{
  local port=$1 token=formats-git-$1 home=$work/git-home-$1 status=0
  config git-send-email "$port" || return
  mkdir -p "$home/repo"
  (
    export HOME=$home GIT_CONFIG_NOSYSTEM=1
    bash -e "$work/git-send-email-$port.conf" &&
    cd "$home/repo" && git init -q && git config user.name Tester && git config user.email "$USER_NAME" &&
    echo "$token" >file && git add file && git commit -q -m "$token" &&
    git format-patch -q -1 -o "$home/patches" &&
    typed "$work/git-$port.log" git send-email --confirm=never --to "$USER_NAME" "$home"/patches/*.patch
  ) || status=$?
  check "git send-email $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(tail -n 25 "$work/git-$port.log" 2>/dev/null)"
  arrived "git send-email $port" "$token"
}

# --- NeoMutt: the lines as printed, a sender, the password from a file ---
prove_neomutt ()
{
  local port=$1 token=formats-neomutt-$1 home=$work/neomutt-home-$1 status=0
  config neomutt "$port" || return
  mkdir -p "$home"
  {
    cat "$work/neomutt-$port.conf"
    # What the test adds: who sends, where NeoMutt keeps its files, and
    # the password (batch mode cannot prompt): cat reads it from a file
    printf 'set from = "%s"\nset use_from = yes\n' "$USER_NAME"
    printf 'set certificate_file = "%s/certificates"\nset record = ""\nset folder = "%s"\n' "$home" "$home"
    printf 'set smtp_pass = "`cat %s`"\n' "$work/password"
  } >"$home/neomuttrc"
  echo "Sent by the formats suite." >"$home/body"
  HOME=$home timeout 60 neomutt -n -F "$home/neomuttrc" -s "$token" -- "$USER_NAME" \
    <"$home/body" >"$work/neomutt-$port.log" 2>&1 || status=$?
  check "neomutt $port: sent (exit $status)" [ "$status" = 0 ]
  [ "$status" = 0 ] || diag "$(tail -n 15 "$work/neomutt-$port.log")"
  arrived "neomutt $port" "$token"
}

# --- Postfix as relay client: main.cf and sasl_passwd as printed ---
prove_postfix_relay ()
{
  local port=$1 token=formats-postfix-$1 etc=$relay/etc status=0 line main=1
  config postfix "$port" || return
  postfix_stop "$relay" "$etc"
  rm -rf "$relay"
  mkdir -p "$etc"
  # A client instance: no listener, its own queue; then the printed lines
  {
    postfix_base_cf "$relay" relay.localhost.localdomain
    cat <<EOF
inet_protocols = ipv4
# "localhost" is in /etc/hosts, not in DNS (a real relay host is)
smtp_host_lookup = native
EOF
  } >"$etc/main.cf"
  : >"$etc/sasl_passwd"
  chmod 600 "$etc/sasl_passwd"
  while IFS= read -r line; do
    case $line in
      "# /etc/postfix/sasl_passwd"*) main=0; continue ;;
      "#"*|"") continue ;;
    esac
    line=${line//\/etc\/postfix\/sasl_passwd/$etc/sasl_passwd}
    if [ "$main" = 1 ]; then
      printf '%s\n' "$line" >>"$etc/main.cf"
    else
      # the one line the user edits: the password in place of YOUR-PASSWORD
      printf '%s\n' "${line/YOUR-PASSWORD/$PASSWORD}" >>"$etc/sasl_passwd"
    fi
  done <"$work/postfix-$port.conf"
  check "postfix $port: the sasl_passwd line names the relayhost and the user" \
    grep -q "^\[localhost\]:$port $USER_NAME:" "$etc/sasl_passwd"
  postfix_internal_services >"$etc/master.cf"
  postmap -c "$etc" "hash:$etc/sasl_passwd" || status=$?
  postfix_start "$relay" "$etc"
  message_file "$token" | timeout 30 sendmail -C "$etc" -f "$USER_NAME" -t || status=$?
  check "postfix $port: the relay client took the message (exit $status)" [ "$status" = 0 ]
  arrived "postfix $port (relay client)" "$token" \
    || diag "relay log: $(tail -n 15 "$relay/postfix.log" 2>/dev/null)"
  postfix_stop "$relay" "$etc"
}

# a program this machine lacks skips with the reason
needs ()
{
  local label=$1; shift
  for program in "$@"; do
    if ! command -v "$program" >/dev/null; then
      tap_skip "$label" "$program is not installed (build-aux/install-deps.sh --tests)"
      return 1
    fi
  done
}

# a program that is there without the part we drive skips too
needs_part ()
{
  local label=$1 reason=$2; shift 2
  if ! "$@"; then
    tap_skip "$label" "$reason (build-aux/install-deps.sh --tests)"
    return 1
  fi
}

swaks_speaks_tls ()
{
  swaks --support 2>&1 | grep -q '^=== TLS supported'
}

git_has_send_email ()
{
  [ -x "$(git --exec-path)/git-send-email" ]
}

for port in 465 587; do
  needs "msmtp $port" msmtp secret-tool gnome-keyring-daemon dbus-run-session && prove_msmtp "$port"
  needs "curl $port" curl && prove_curl "$port"
  needs "swaks $port" swaks \
    && needs_part "swaks $port" "swaks cannot speak TLS here: no Net::SSLeay" swaks_speaks_tls \
    && prove_swaks "$port"
  prove_python "$port"
  needs "git send-email $port" git \
    && needs_part "git send-email $port" "git send-email is not installed" git_has_send_email \
    && prove_git "$port"
  needs "neomutt $port" neomutt && prove_neomutt "$port"
  prove_postfix_relay "$port"
done
tap_skip "plain" "the mail client's words are for Thunderbird and Evolution, which have no batch mode to run here"

touch "$work/stop-watch"
wait "$watcher"
watcher=
check "no process had the password in its argv" bash -c "! grep -q -x -F -f '$work/password' '$work/argv-seen'"
for format in msmtp curl swaks python git-send-email neomutt postfix; do
  check "$format: no configuration holds the password" bash -c "! grep -q -F -f '$work/password' '$work/$format'-*.conf"
done

echo "1..$tap_count"
[ "$tap_failed" = 0 ]
