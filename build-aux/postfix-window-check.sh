#!/bin/sh
# postfix-window-check.sh — the issue's acceptance check, as a new user would
# do it: the window, `smtp-port-checker --ca-file CA localhost`, against a
# real Postfix on loopback (25, 465, 587, 2525), with a screenshot and what
# the screen reader reads.
#
#   sudo build-aux/postfix-window-check.sh BUILD_DIR [OUT_DIR]
#
# Postfix is set up, checked and torn down by tests/postfix/test-postfix.sh
# (its own private configuration directory), run in a private network
# namespace so nothing else on the machine is disturbed. That script calls
# $SPC_CLI; the wrapper below also opens the window the first time it is
# given the test CA, then hands over to the real command-line tool.
#
# Writes OUT_DIR/postfix-window.png and OUT_DIR/postfix-atspi.txt; fails
# unless ports 465 and 587 read "Works" and the recommendation is 465.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=$(cd "${1:?usage: postfix-window-check.sh BUILD_DIR [OUT_DIR]}" && pwd)
out_dir=${2:-$build_dir/postfix-window}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)

[ "$(id -u)" = 0 ] || { echo "needs root (Postfix on ports below 1024, a network namespace)" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cat > "$work/atspi-dump.py" <<'PY'
import sys
import pyatspi

def walk(node, depth, out):
    if node is None or depth > 60 or len(out) > 3000:
        return
    try:
        role, name = node.getRoleName(), node.name or ''
        if role == 'list item' and name:
            out.append(name.strip() + ' — ' + (node.description or ''))
        elif role == 'label' and name.startswith('Use Port'):
            out.append('Recommendation: ' + name)
    except Exception:
        return
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), depth + 1, out)

desktop = pyatspi.Registry.getDesktop(0)
for i in range(desktop.childCount):
    app = desktop.getChildAtIndex(i)
    if app is not None and app.name in ('smtp-port-checker', 'SMTP Port Checker'):
        out = []
        walk(app, 0, out)
        print('\n'.join(dict.fromkeys(out)))
PY

cat > "$work/inner.sh" <<EOF2
"$build_dir/src/app/smtp-port-checker" --ca-file "\$1" localhost &
app=\$!
sleep 10
import -window root "$out_dir/postfix-window.png"
/usr/bin/python3 "$work/atspi-dump.py" > "$out_dir/postfix-atspi.txt"
kill \$app
EOF2

cat > "$work/cli-wrapper.sh" <<EOF2
#!/bin/sh
prev= ca=
for arg in "\$@"; do [ "\$prev" = --ca-file ] && ca=\$arg; prev=\$arg; done
if [ -n "\$ca" ] && [ ! -e "$work/window-done" ]; then
  touch "$work/window-done"
  GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build_dir/data" \\
    timeout 90 xvfb-run -a -s "-screen 0 720x1280x24" \\
    dbus-run-session -- sh "$work/inner.sh" "\$ca" >"$work/window.log" 2>&1 || true
fi
exec "$build_dir/src/cli/smtp-port-check" "\$@"
EOF2
chmod +x "$work/cli-wrapper.sh"

unshare -n sh -c 'ip link set lo up && exec env SPC_CLI="$1" bash "$2"' \
  sh "$work/cli-wrapper.sh" "$source_dir/tests/postfix/test-postfix.sh" >"$out_dir/postfix-tap.txt" 2>&1 || true

cat "$out_dir/postfix-atspi.txt" 2>/dev/null || { cat "$out_dir/postfix-tap.txt" "$work/window.log" >&2; exit 1; }
grep -q '^Port 465 (submissions): Works — ' "$out_dir/postfix-atspi.txt"
grep -q '^Port 587 (submission): Works — ' "$out_dir/postfix-atspi.txt"
grep -q '^Recommendation: Use Port 465 with SSL/TLS' "$out_dir/postfix-atspi.txt"
echo "OK: 465 and 587 work, 465 recommended; $out_dir/postfix-window.png"
