#!/bin/bash
# flatpak-ci.sh — builds the real manifest (org.example.SmtpPort.json) with
# flatpak-builder against a stand-in GNOME runtime made from Debian, and
# runs what it installed. As root; .ci/run calls it through run-tests.sh.
#
#   build-aux/flatpak-ci.sh ROOT WORK
#
# ROOT is a debootstrapped Debian 13 (trixie) tree with the packages of
# `build-aux/install-deps.sh --meson-test` (the trixie stage of CI leaves
# one). From it:
#   org.gnome.Sdk//50       ROOT's /usr and /etc: compilers, meson, the -dev
#                           packages, the libraries, the tools tests use
#   org.gnome.Platform//50  the same without headers, pkg-config files,
#                           static libraries and compilers
# both exported with `flatpak build-export --runtime` into WORK/repo, added
# as a remote without GPG and installed into a private FLATPAK_USER_DIR
# (WORK/flatpak). Then:
#   1. flatpak-builder --install builds the manifest (its `meson test`
#      included, "run-tests": true)
#   2. `flatpak run --command=smtp-port-check` against the scripted test
#      server on loopback: JSON checked; --ca-file and --hosts-file from a
#      host path refused without --filesystem and read with
#      --filesystem=DIR:ro
#   3. `flatpak run org.example.SmtpPort` under Xvfb: alive after 10 s,
#      screenshot in WORK/window.png; the icon names the app uses checked
#      inside the sandbox (build-aux/check-icons.py on /app and /usr)
#
# What this proves and what not: README.md, "Flatpak".
# Output is TAP, the last line the plan. Logs in WORK/*.log.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=test-server-ports.sh
. "$top/build-aux/test-server-ports.sh"
app_id=org.example.SmtpPort
root=${1:?usage: flatpak-ci.sh ROOT WORK}
work=${2:?usage: flatpak-ci.sh ROOT WORK}
number=0
failed=0

ok ()     { number=$((number + 1)); echo "ok $number - $*"; }
not_ok () { number=$((number + 1)); failed=$((failed + 1)); echo "not ok $number - $*"; }
diag ()   { sed 's/^/# /'; }
finish () { echo "1..$number"; [ "$failed" = 0 ]; exit $?; }

# step NAME COMMAND...: one TAP line with the time; the tail of the output
# as diagnostics when it fails (all of it in $work/NAME.log)
step ()
{
  local name=$1 start=$SECONDS log
  shift
  log=$work/$(echo "$name" | tr -c 'A-Za-z0-9.\n-' '_' | cut -c1-60).log
  if "$@" >"$log" 2>&1; then
    ok "$name ($((SECONDS - start)) s)"
  else
    not_ok "$name ($((SECONDS - start)) s)"
    tail -n 40 "$log" | diag
    return 1
  fi
}

for tool in flatpak flatpak-builder bwrap ostree; do
  command -v "$tool" >/dev/null 2>&1 || {
    not_ok "$tool is installed (build-aux/install-deps.sh --flatpak)"; finish; }
done
[ -x "$root/usr/bin/meson" ] || { not_ok "a trixie tree with meson in $root"; finish; }

# SPC_FLATPAK_REUSE_RUNTIME=1 (for working on this script, never in CI):
# keep WORK's installed stand-in runtime, redo everything after it
reuse=${SPC_FLATPAK_REUSE_RUNTIME:-0}
if [ "$reuse" = 1 ] && [ -d "$work/flatpak/runtime/org.gnome.Sdk" ]; then
  rm -rf "$work/tree" "$work/build" "$work/builder-state" "$work/host-build"
else
  reuse=0
  rm -rf "$work"
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
export FLATPAK_USER_DIR=$work/flatpak
# Nothing of this machine's own Flatpak setup leaks in
export FLATPAK_CONFIG_DIR=$work/flatpak-config
export XDG_DATA_HOME=$work/xdg-data XDG_CONFIG_HOME=$work/xdg-config XDG_CACHE_HOME=$work/xdg-cache
mkdir -p "$FLATPAK_USER_DIR" "$FLATPAK_CONFIG_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# runtime_tree NAME KIND: WORK/NAME with files/ (ROOT's /usr and /etc) and
# metadata; KIND sdk keeps everything, platform drops what only builds need
runtime_tree ()
{
  local name=$1 kind=$2 dir=$work/$1
  mkdir -p "$dir"
  # Hard links where possible: build-export only reads them, and pruning
  # the Platform only unlinks
  cp -al "$root/usr" "$dir/files" 2>/dev/null || { rm -rf "$dir/files"; cp -a "$root/usr" "$dir/files"; } || return 1
  # The runtime's /etc is its files/etc (certificates, fonts, ld.so.conf,
  # alternatives); what is this machine's is not copied
  cp -a "$root/etc" "$dir/files/etc" || return 1
  rm -f "$dir/files/etc/resolv.conf" "$dir/files/etc/hostname" "$dir/files/etc/hosts" \
        "$dir/files/etc/machine-id" "$dir/files/etc/passwd" "$dir/files/etc/group"
  if [ "$kind" = platform ]; then
    rm -rf "$dir/files/include" "$dir/files/lib/gcc" "$dir/files/libexec/gcc" \
           "$dir/files/share/pkgconfig" "$dir/files/lib/x86_64-linux-gnu/pkgconfig" \
           "$dir/files/share/gir-1.0"
    find "$dir/files/lib" -name '*.a' -delete
    rm -f "$dir/files/bin/"*gcc* "$dir/files/bin/cc" "$dir/files/bin/c++" "$dir/files/bin/cpp"* \
          "$dir/files/bin/meson" "$dir/files/bin/ninja"
  fi
  # GNU SASL is not in the GNOME runtime: the manifest builds it as a
  # module into /app, so the stand-in must not have it either
  gsasl_files | while read -r file; do rm -f "$dir/files/${file#/usr/}"; done
  # Real GNOME runtimes give the whole runtime's libraries to the loader
  # through ld.so.conf, /app/lib included; Debian's multiarch directory is
  # in it already
  echo /app/lib >>"$dir/files/etc/ld.so.conf"
  cat >"$dir/metadata" <<EOF
[Runtime]
name=$name
runtime=org.gnome.Platform/x86_64/50
sdk=org.gnome.Sdk/x86_64/50
EOF
}

make_runtimes ()
{
  local repo=$work/repo
  # Uncompressed objects: an archive repository (what build-export makes by
  # default) zlib-compresses the whole tree twice, many minutes here;
  # flatpak installs from a local bare repository just as well
  ostree init --mode=bare-user-only --repo="$repo" &&
  # flatpak-builder 1.2 composes the AppStream data with appstream-compose,
  # which the real Sdk has
  "$top/build-aux/ci-chroot.sh" run "$root" \
    "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends appstream-util" &&
  runtime_tree org.gnome.Sdk sdk &&
  runtime_tree org.gnome.Platform platform &&
  flatpak build-export --runtime --files=files --disable-sandbox "$repo" "$work/org.gnome.Sdk" 50 &&
  flatpak build-export --runtime --files=files --disable-sandbox "$repo" "$work/org.gnome.Platform" 50 &&
  flatpak build-update-repo "$repo" &&
  rm -rf "$work/org.gnome.Sdk" "$work/org.gnome.Platform" &&
  flatpak remote-add --user --no-gpg-verify spc-ci "file://$repo" &&
  flatpak install --user -y --noninteractive spc-ci org.gnome.Platform//50 org.gnome.Sdk//50 &&
  flatpak info --user org.gnome.Platform//50 && flatpak info --user org.gnome.Sdk//50
}

# The files of ROOT's GNU SASL packages (libgsasl*), one path a line
gsasl_files ()
{
  local package file
  dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Package}\n' 'libgsasl*' 2>/dev/null |
    while read -r package; do
      dpkg-query --admindir="$root/var/lib/dpkg" -L "$package"
    done | while read -r file; do
      if [ -f "$root$file" ] || [ -L "$root$file" ]; then echo "$file"; fi
    done
}

# The manifest's gsasl module downloads GNU's release tarball, which this
# network cannot reach (and Debian's mirror serves no sources): the copy
# built here takes the same library as Debian built it (trixie's
# libgsasl), installed into /app where the module would put it.
# Everything else in the manifest is built as written.
use_debian_gsasl ()
{
  local tree=$1 stage=$1/gsasl-debian file
  mkdir -p "$stage/lib/pkgconfig" "$stage/include"
  gsasl_files | while read -r file; do
    case "$file" in
      */pkgconfig/*.pc)
        sed -e 's|^prefix=.*|prefix=/app|' -e 's|^libdir=.*|libdir=${prefix}/lib|' \
            -e 's|^includedir=.*|includedir=${prefix}/include|' "$root$file" \
            >"$stage/lib/pkgconfig/${file##*/}" ;;
      */lib/*/libgsasl.so*) cp -a "$root$file" "$stage/lib/" ;;
      /usr/include/*) cp -a "$root$file" "$stage/include/" ;;
    esac
  done
  [ -e "$stage/lib/pkgconfig/libgsasl.pc" ] || { echo "no libgsasl in $root" >&2; return 1; }
  python3 - "$tree/$app_id.json" <<'EOF'
import json, sys
path = sys.argv[1]
manifest = json.load(open(path))
for module in manifest['modules']:
    if isinstance(module, dict) and module.get('name') == 'gsasl':
        module.pop('config-opts', None)
        module['buildsystem'] = 'simple'
        module['build-commands'] = ['cp -a lib include /app/']
        module['sources'] = [{'type': 'dir', 'path': 'gsasl-debian'}]
        break
else:
    sys.exit('the manifest has no gsasl module')
json.dump(manifest, open(path, 'w'), indent=2)
EOF
}

build_manifest ()
{
  # A copy: flatpak-builder writes .flatpak-builder next to the manifest
  local tree=$work/tree
  mkdir -p "$tree"
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - -cf - --ignore-failed-read) | tar -C "$tree" -xf -
  use_debian_gsasl "$tree" &&
  cd "$tree" &&
  flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
    --disable-updates --keep-build-dirs --state-dir="$work/builder-state" \
    "$work/build" "$app_id.json"
}

# The scripted test server on loopback, its ports in $work/ports
start_server ()
{
  local server=$1
  "$server" --listen 127.0.0.1 --scenario implicit-tls-auth --scenario good-starttls-auth \
    >"$work/ports" 2>"$work/server.log" &
  server_pid=$!
  wait_for_ports "$work/ports" 2
}

# cli_checks: the sandboxed CLI against the test server
cli_checks ()
{
  local build=$work/host-build ports certs=$work/certs
  # The test server and its certificates come from a host build of the tree
  if ! step "host build of the test server" sh -c "cd '$work/tree' &&
        meson setup '$build' -Dapp=false -Dtests=enabled -Dpostfix_tests=disabled &&
        meson compile -C '$build' tests/spc-test-server:executable"; then
    return
  fi
  mkdir -p "$certs"
  cp "$build/tests/ca.pem" "$certs/ca.pem"
  if ! start_server "$build/tests/spc-test-server"; then
    not_ok "the test server starts"
    return
  fi
  ports=$(awk '{ printf "%s%s%s", sep, $1, ($2 ~ /^implicit/ ? "/tls" : ""); sep = "," }' "$work/ports")
  echo localhost >"$certs/hosts"

  local cli=(flatpak run --user --command=smtp-port-check)
  local args=(--json --timeout 10 --resolve 127.0.0.1 --ports "$ports")
  "${cli[@]}" "$app_id" "${args[@]}" --ca-file "$certs/ca.pem" localhost \
    >"$work/cli-denied.json" 2>"$work/cli-denied.err"
  local status=$?
  if [ "$status" = 2 ] && grep -q -- '--ca-file' "$work/cli-denied.err"; then
    ok "without --filesystem the sandbox cannot read a host --ca-file (exit 2, says so)"
  else
    not_ok "without --filesystem the sandbox cannot read a host --ca-file (exit $status)"
    diag <"$work/cli-denied.err"
  fi

  "${cli[@]}" --filesystem="$certs:ro" "$app_id" "${args[@]}" --ca-file "$certs/ca.pem" localhost \
    >"$work/cli.json" 2>"$work/cli.err"
  status=$?
  if [ "$status" = 0 ] && python3 - "$work/cli.json" "$work/ports" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
ports = [int(line.split()[0]) for line in open(sys.argv[2]) if line.strip()]
results = {p['port']: p for p in report['ports']}
assert sorted(results) == sorted(ports), (sorted(results), ports)
assert all(p['verdict'] == 'green' for p in results.values()), results
assert report['recommendation']['port'] in ports, report['recommendation']
print('ok')
EOF
  then
    ok "flatpak run --command=smtp-port-check --filesystem=DIR:ro --ca-file: JSON with every port green"
  else
    not_ok "flatpak run --command=smtp-port-check --filesystem=DIR:ro --ca-file (exit $status)"
    { cat "$work/cli.err"; head -c 3000 "$work/cli.json"; } | diag
  fi

  "${cli[@]}" --filesystem="$certs:ro" "$app_id" "${args[@]}" --ca-file "$certs/ca.pem" \
    --hosts-file "$certs/hosts" >"$work/cli-hosts.json" 2>"$work/cli-hosts.err"
  status=$?
  if [ "$status" = 0 ] && grep -q '"localhost"' "$work/cli-hosts.json"; then
    ok "flatpak run --command=smtp-port-check --filesystem=DIR:ro --hosts-file"
  else
    not_ok "flatpak run --command=smtp-port-check --filesystem=DIR:ro --hosts-file (exit $status)"
    { cat "$work/cli-hosts.err"; head -c 2000 "$work/cli-hosts.json"; } | diag
  fi
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
}

# window_checks: the window in the sandbox under a private Xvfb
window_checks ()
{
  local display
  for display in $(seq 150 199); do
    [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ] || break
  done
  Xvfb ":$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  local xvfb_pid=$!
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$display" ] && break
    sleep 0.1
  done
  DISPLAY=:$display dbus-run-session -- flatpak run --user "$app_id" \
    >"$work/window.log" 2>&1 &
  local run_pid=$! up=0
  for _ in $(seq 60); do
    if DISPLAY=:$display xwininfo -name 'SMTP Port Checker' 2>/dev/null | grep -q IsViewable; then
      up=1
      break
    fi
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 1
  done
  [ "$up" = 1 ] && sleep 10
  if [ "$up" = 1 ] && kill -0 "$run_pid" 2>/dev/null &&
     DISPLAY=:$display xwininfo -name 'SMTP Port Checker' 2>/dev/null | grep -q IsViewable; then
    ok "flatpak run $app_id: the window is up and still up 10 s later"
    DISPLAY=:$display import -window root "$work/window.png" 2>/dev/null &&
      echo "# screenshot: $work/window.png"
  else
    not_ok "flatpak run $app_id: the window is up and still up 10 s later"
    tail -n 30 "$work/window.log" | diag
  fi
  if grep -qiE 'critical|not present in theme|Failed to load' "$work/window.log"; then
    not_ok "the window logs no critical or icon warning"
    grep -iE 'critical|not present in theme|Failed to load' "$work/window.log" | head -n 20 | diag
  else
    ok "the window logs no critical or icon warning"
  fi
  pkill -TERM -P "$run_pid" 2>/dev/null
  kill "$run_pid" 2>/dev/null
  wait "$run_pid" 2>/dev/null
  flatpak kill "$app_id" 2>/dev/null
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null

  # What the sandbox sees: the app's GResource (in /app) and the runtime's theme
  step "every icon the app uses is in the sandbox (check-icons.py in flatpak run)" \
    flatpak run --user --command=python3 --filesystem="$work/tree:ro" "$app_id" \
      "$work/tree/build-aux/check-icons.py" --data-dirs /app/share:/usr/share \
      --app-icons "$work/tree/data/icons" "$work/tree/src/app"
}

if [ "$reuse" = 1 ]; then
  echo "# reusing the stand-in runtime installed in $FLATPAK_USER_DIR"
else
  step "stand-in org.gnome.Platform//50 and org.gnome.Sdk//50 from $root" make_runtimes || finish
fi
step "flatpak-builder --install $app_id.json (with its meson test)" build_manifest || {
  grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|ERROR|TIMEOUT)' "$work"/flatpak-builder*.log 2>/dev/null | diag
  finish; }
# meson test's results inside the build, counted by test-summary.py
find "$work/builder-state/build" -path '*/meson-logs/testlog.json' -exec cp {} "$work/testlog.json" \; 2>/dev/null
cli_checks
window_checks
finish
