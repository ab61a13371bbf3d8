# tap.sh — what the shell suites share: TAP output, the Python checks'
# results as TAP, a process stopped within a bound, a network namespace.
# Sourced by the scripts under netns/, postfix/ (through postfix-setup.sh)
# and discovery/; nothing here runs on its own.
#
# Locals are never named work, conf or ns: bash's locals are dynamic, and
# an EXIT trap running inside one of these functions (a bail) must see the
# caller's.
#
# SPDX-License-Identifier: GPL-3.0-or-later

tap_count=0
tap_failed=0
tap_ok ()     { tap_count=$((tap_count + 1)); echo "ok $tap_count - $*"; }
tap_not_ok () { tap_count=$((tap_count + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_count - $*"; }
tap_skip ()   { tap_count=$((tap_count + 1)); echo "ok $tap_count - $1 # SKIP $2"; }
check ()      { local text=$1; shift; if "$@"; then tap_ok "$text"; else tap_not_ok "$text"; fi; }
diag ()       { sed 's/^/# /' <<<"$*"; }
bail ()       { echo "Bail out! $*"; exit 1; }
skip_all ()   { echo "1..0 # SKIP $*"; exit 0; }

# tap_results RESULTS ERRORS: the lines KIND|TEXT|REASON a Python check
# wrote to RESULTS (PASS, FAIL or SKIP) as TAP, what it wrote to ERRORS as
# a diagnostic; no result at all is a failure
tap_results ()
{
  local kind text reason

  [ -s "$2" ] && diag "$(cat "$2")"
  while IFS='|' read -r kind text reason; do
    case $kind in
      PASS) tap_ok "$text" ;;
      FAIL) tap_not_ok "$text${reason:+ ($reason)}" ;;
      SKIP) tap_skip "$text" "$reason" ;;
    esac
  done <"$1"
  [ "$tap_count" -gt 0 ] || tap_not_ok "the assertions ran"
}

# stop_process PID: TERM, up to 5 s to end, then KILL
stop_process ()
{
  kill "$1" 2>/dev/null
  for _ in $(seq 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$1" 2>/dev/null
}

# netns_add NAME: a network namespace with lo up; skips all when this
# machine cannot make one
netns_add ()
{
  local error

  if ! error=$(ip netns add "$1" 2>&1); then
    skip_all "cannot create a network namespace here: $(head -n 1 <<<"$error")"
  fi
  ip -n "$1" link set lo up || bail "cannot bring up lo in $1"
}

# netns_delete NAME: the namespace and its /etc/netns files
netns_delete ()
{
  ip netns delete "$1" 2>/dev/null
  rm -rf "/etc/netns/$1"
}
