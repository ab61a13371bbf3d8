#!/usr/bin/env python3
# Counts test results from meson's testlog.json files and TAP files, and
# prints "N passed, N failed, N skipped" as its last line.
#
#   test-summary.py [--label LABEL] FILE... [--label LABEL FILE...]
#
# FILE ending in .json: meson-logs/testlog.json (one JSON object per test).
# Any other FILE: TAP output of one extra run (fuzzer, valgrind, ...).
#
# A TAP test counts each of its subtests ("ok", "not ok", "# SKIP"); a test
# that failed without a failing subtest (a crash, a timeout, a bail out) adds
# one failure; a test without TAP output counts once by meson's result.
# Exits 1 when anything failed or nothing ran.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import re
import sys

TAP_LINE = re.compile(r'^(not ok|ok)\b(?:\s+\d+)?(.*)$')
TAP_PLAN = re.compile(r'^1\.\.(\d+)(.*)$')
DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)

PASSING = {'OK', 'EXPECTEDFAIL'}
SKIPPING = {'SKIP'}


def count_tap(text):
    """passed, failed, skipped, seen (whether any TAP line was found)"""
    passed = failed = skipped = 0
    seen = False
    for line in text.splitlines():
        match = TAP_LINE.match(line)
        if match:
            seen = True
            directive = DIRECTIVE.search(match.group(2))
            kind = directive.group(1).upper() if directive else None
            if kind == 'SKIP':
                skipped += 1
            elif kind == 'TODO':
                # an expected failure (or an unexpected pass) is not a failure
                passed += 1
            elif match.group(1) == 'ok':
                passed += 1
            else:
                failed += 1
            continue
        match = TAP_PLAN.match(line)
        if match:
            seen = True
            if match.group(1) == '0' and DIRECTIVE.search(match.group(2)):
                skipped += 1  # the whole program skipped, with its reason
        elif line.startswith('Bail out!'):
            seen = True
            failed += 1
    return passed, failed, skipped, seen


def count_meson_log(path):
    passed = failed = skipped = 0
    problems = []
    with open(path, encoding='utf-8', errors='replace') as log:
        for raw in log:
            raw = raw.strip()
            if not raw:
                continue
            test = json.loads(raw)
            result = test.get('result', 'ERROR')
            p, f, s, seen = count_tap(test.get('stdout') or '')
            if not seen:
                p = 1 if result in PASSING else 0
                s = 1 if result in SKIPPING else 0
                f = 0 if (p or s) else 1
            elif result not in PASSING | SKIPPING and f == 0:
                f = 1  # crashed, timed out or exited non-zero after its oks
            passed += p
            failed += f
            skipped += s
            if f:
                problems.append(f"{test.get('name')}: {result}")
    return passed, failed, skipped, problems


def count_tap_file(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as tap:
            p, f, s, seen = count_tap(tap.read())
    except OSError as error:
        return 0, 1, 0, [f'{path}: {error}']
    if not seen:
        return 0, 1, 0, [f'{path}: no TAP output']
    return p, f, s, [f'{path}: {f} failed'] if f else []


def main(argv):
    sections = []
    label = None
    args = iter(argv)
    for arg in args:
        if arg == '--label':
            label = next(args, None)
            continue
        sections.append((label or arg, arg))
        label = None
    if not sections:
        print(__doc__, file=sys.stderr)
        return 2

    total = [0, 0, 0]
    for name, path in sections:
        if path.endswith('.json'):
            try:
                p, f, s, problems = count_meson_log(path)
            except (OSError, ValueError) as error:
                p, f, s, problems = 0, 1, 0, [f'{path}: {error}']
        else:
            p, f, s, problems = count_tap_file(path)
        print(f'{name}: {p} passed, {f} failed, {s} skipped')
        for problem in problems:
            print(f'  failed: {problem}')
        total[0] += p
        total[1] += f
        total[2] += s
    print(f'{total[0]} passed, {total[1]} failed, {total[2]} skipped')
    return 1 if total[1] or not total[0] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
