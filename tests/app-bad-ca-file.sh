#!/bin/sh
# smtp-port-checker --ca-file with an unreadable file: exit 1 with one line
# on stderr naming the file, no window kept waiting, nothing remembered.
# TAP; skips without xvfb-run.
app="$1"
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "1..0 # SKIP xvfb-run is not installed (package xvfb)"
  exit 0
fi
echo "1..2"
err=$(mktemp)
trap 'rm -f "$err"' EXIT
timeout 60 xvfb-run -a "$app" --ca-file /nonexistent/extra-ca.pem localhost 2>"$err" >/dev/null
rc=$?
if [ "$rc" -eq 1 ]; then
  echo "ok 1 - exit status 1 for an unreadable --ca-file"
else
  echo "not ok 1 - exit status 1 for an unreadable --ca-file (got $rc)"
fi
if grep -q -- '--ca-file: .*/nonexistent/extra-ca.pem' "$err"; then
  echo "ok 2 - the error names the option and the file"
else
  echo "not ok 2 - the error names the option and the file (stderr: $(head -c 400 "$err"))"
fi
