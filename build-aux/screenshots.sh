#!/bin/sh
# screenshots.sh — the app against the scripted test server, light, dark,
# narrow (360 px) and in French, and a port's details (with Old TLS
# Versions, against a server that also accepts TLS 1.0 and 1.1), saved as PNG.
#
#   build-aux/screenshots.sh BUILD_DIR [OUT_DIR]
#
# Needs xvfb-run, dbus-run-session, ImageMagick's import and, for the
# details, python3-pyatspi (build-aux/screenshot-open-row.py opens the row
# as a pointer user would). As root it runs
# in a private network namespace, so the real port numbers (25, 465, 587,
# 2525, 80) are served on its own loopback and port 25 can be made to drop
# packets as many ISPs do; otherwise it uses high ports.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=$(cd "${1:?usage: screenshots.sh BUILD_DIR [OUT_DIR]}" && pwd)
out_dir=${2:-$build_dir/screenshots}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
script=$here/$(basename "$0")
# shellcheck source=test-server-ports.sh
. "$here/test-server-ports.sh"

if [ "$(id -u)" = 0 ] && [ -z "${SPC_SCREENSHOT_NETNS:-}" ] && unshare -n true 2>/dev/null; then
  exec env SPC_SCREENSHOT_NETNS=1 unshare -n sh -c 'ip link set lo up && exec sh "$@"' sh "$script" "$build_dir" "$out_dir"
fi

app=$build_dir/src/app/smtp-port-checker
server=$build_dir/tests/spc-test-server
ca=$build_dir/tests/ca.pem
for program in "$app" "$server"; do
  [ -x "$program" ] || { echo "missing $program: ninja -C $build_dir src/app/smtp-port-checker tests/spc-test-server" >&2; exit 1; }
done
[ -f "$ca" ] || { echo "missing $ca: build the test-certs target" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ -n "${SPC_SCREENSHOT_NETNS:-}" ]; then
  ports="25,465,587,2525,80"
  # Port 25 drops packets, as on many home networks
  nft -f - <<NFT 2>/dev/null || true
table inet screenshots {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 25 drop
  }
}
NFT
  set -- --scenario silence:25 --scenario implicit-tls-auth:465 \
         --scenario good-starttls-auth:587 --scenario wrong-host-starttls:2525 \
         --scenario http:80
else
  ports=
  set -- --scenario silence --scenario implicit-tls-auth \
         --scenario good-starttls-auth --scenario wrong-host-starttls \
         --scenario http
fi

# start_server COUNT SCENARIO-ARGS...: the scripted server in the background,
# its ports in $work/ports (one line each)
start_server () {
  count=$1
  shift
  : > "$work/ports"
  "$server" --listen 127.0.0.1 --cert-dir "$build_dir/tests" "$@" > "$work/ports" 2>"$work/server.log" </dev/null &
  server_pid=$!
  if ! wait_for_ports "$work/ports" "$count"; then
    cat "$work/server.log" >&2
    exit 1
  fi
}

stop_server () {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

start_server 5 "$@"
if [ -z "$ports" ]; then
  ports=$(awk 'NR==1{p=$1"/starttls"} NR==2{p=p","$1"/tls"} NR>2{p=p","$1"/starttls"} END{print p}' "$work/ports")
fi

# shoot NAME WIDTH HEIGHT SCHEME [LANGUAGE [FACT]]: one run of the app in its
# own X server; with FACT, the first port row opened and scrolled to that
# fact (through the accessibility bus, on for that run only)
shoot () {
  name=$1 width=$2 height=$3 scheme=$4 language=${5:-en} fact=${6:-}
  config=$work/config-$name
  mkdir -p "$config/glib-2.0/settings"
  cat > "$config/glib-2.0/settings/keyfile" <<KEYFILE
[org/example/SmtpPort]
ports='$ports'
timeout=3
window-width=$width
window-height=$height
KEYFILE
  if [ -n "$fact" ]; then
    wait_for_app="sleep 2; /usr/bin/python3 '$here/screenshot-open-row.py' $(echo "$ports" | tr ',' '\n' | wc -l) '$fact'"
    a11y=
  else
    wait_for_app="sleep 16"
    a11y="GTK_A11Y=none NO_AT_BRIDGE=1"
  fi
  cat > "$work/inner.sh" <<INNER
"$app" --ca-file "$ca" localhost &
app_pid=\$!
$wait_for_app || echo "$name: the row did not open" >&2
import -window root "$out_dir/$name.png"
kill \$app_pid
wait \$app_pid 2>/dev/null || true
INNER
  # The build's translations, through the shim the French tests use
  env -u GTK_A11Y -u NO_AT_BRIDGE GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$config" \
      GSETTINGS_SCHEMA_DIR="$build_dir/data" \
      ADW_DEBUG_COLOR_SCHEME="$scheme" $a11y \
      LANGUAGE="$language" LC_ALL=C.UTF-8 \
      LD_PRELOAD="$build_dir/tests/libspc-localedir-shim.so" SPC_TEST_LOCALEDIR="$build_dir/po" \
      xvfb-run -a -n $(( $$ % 800 + 100 )) -s "-screen 0 ${width}x${height}x24" \
      dbus-run-session -- sh "$work/inner.sh"
  echo "$out_dir/$name.png"
}

shoot light 720 760 default
shoot dark 720 1280 prefer-dark
shoot narrow 360 1280 default
shoot french 720 900 default fr

# A server that also accepts TLS 1.0 and 1.1, as old ones do: the open row
# says so under Connection, in the warning style
stop_server
if [ -n "${SPC_SCREENSHOT_NETNS:-}" ]; then
  ports="465/tls,587/starttls"
  set -- --scenario implicit-tls-auth:465 --scenario good-starttls-auth:587
else
  set -- --scenario implicit-tls-auth --scenario good-starttls-auth
fi
export G_TLS_GNUTLS_PRIORITY="NORMAL:+VERS-TLS1.1:+VERS-TLS1.0"
start_server 2 "$@"
unset G_TLS_GNUTLS_PRIORITY
if [ -z "${SPC_SCREENSHOT_NETNS:-}" ]; then
  ports=$(awk 'NR==1{p=$1"/tls"} NR==2{p=p","$1"/starttls"} END{print p}' "$work/ports")
fi
shoot details 720 1000 default en "Old TLS Versions"
