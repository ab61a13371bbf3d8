#!/bin/sh
# screenshots.sh — the app against the scripted test server, light, dark,
# narrow (360 px) and in French, saved as PNG.
#
#   build-aux/screenshots.sh BUILD_DIR [OUT_DIR]
#
# Needs xvfb-run, dbus-run-session and ImageMagick's import. As root it runs
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
script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

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

: > "$work/ports"
"$server" --listen 127.0.0.1 --cert-dir "$build_dir/tests" "$@" > "$work/ports" 2>"$work/server.log" </dev/null &
server_pid=$!
for _ in $(seq 50); do
  [ "$(wc -l < "$work/ports")" -ge 5 ] && break
  sleep 0.2
done
if [ "$(wc -l < "$work/ports")" -lt 5 ]; then
  cat "$work/server.log" >&2
  exit 1
fi
if [ -z "$ports" ]; then
  ports=$(awk 'NR==1{p=$1"/starttls"} NR==2{p=p","$1"/tls"} NR>2{p=p","$1"/starttls"} END{print p}' "$work/ports")
fi

# shoot NAME WIDTH HEIGHT SCHEME [LANGUAGE]: one run of the app in its own X server
shoot () {
  name=$1 width=$2 height=$3 scheme=$4 language=${5:-en}
  config=$work/config-$name
  mkdir -p "$config/glib-2.0/settings"
  cat > "$config/glib-2.0/settings/keyfile" <<KEYFILE
[org/example/SmtpPort]
ports='$ports'
timeout=3
window-width=$width
window-height=$height
KEYFILE
  cat > "$work/inner.sh" <<INNER
"$app" --ca-file "$ca" localhost &
app_pid=\$!
sleep 16
import -window root "$out_dir/$name.png"
kill \$app_pid
wait \$app_pid 2>/dev/null || true
INNER
  # The build's translations, through the shim the French tests use
  env GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$config" \
      GSETTINGS_SCHEMA_DIR="$build_dir/data" \
      ADW_DEBUG_COLOR_SCHEME="$scheme" GTK_A11Y=none NO_AT_BRIDGE=1 \
      LANGUAGE="$language" LC_ALL=C.UTF-8 \
      LD_PRELOAD="$build_dir/tests/libspc-localedir-shim.so" SPC_TEST_LOCALEDIR="$build_dir/po" \
      xvfb-run -a -n $(( $$ % 800 + 100 )) -s "-screen 0 ${width}x${height}x24" \
      dbus-run-session -- sh "$work/inner.sh"
  echo "$out_dir/$name.png"
}

shoot light 720 760 default
shoot dark 720 1280 prefer-dark
shoot narrow 360 900 default
shoot french 720 900 default fr
