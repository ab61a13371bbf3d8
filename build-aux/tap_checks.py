# tap_checks.py — a list of checks printed as TAP, for the check-*.py
# scripts here (they run with this directory first on sys.path)
#
# SPDX-License-Identifier: GPL-3.0-or-later


def print_checks(checks):
    """Prints the plan, then for each (title, problems) of CHECKS an ok
    line, or a not ok line with each problem as a diagnostic; returns
    whether every check passed."""
    print(f'1..{len(checks)}')
    passed = True
    for number, (title, problems) in enumerate(checks, 1):
        if problems:
            passed = False
            print(f'not ok {number} {title}')
            for problem in problems:
                print(f'# {problem}')
        else:
            print(f'ok {number} {title}')
    return passed
