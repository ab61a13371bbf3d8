#!/usr/bin/env python3
# Fails when a C function under src/ is longer than the house limit (about
# 120 lines from its name to its closing brace), or when an engine source
# file is longer than about 700 lines. Functions are found as the GNU style
# writes them: the name at the start of a line, the body's braces in the
# first column.
#
#   check-function-length.py SOURCE_ROOT [--list N]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

from tap_checks import print_checks

MAX_FUNCTION_LINES = 120
MAX_ENGINE_FILE_LINES = 700

# The name at the start of a line (GNU style), or after its return type on
# the same line (static void read_more (…))
NAME = re.compile(r'^(?:[A-Za-z_][A-Za-z0-9_ \t*]*[ \t*])?([A-Za-z_][A-Za-z0-9_]*)\s*\(')


def functions(path):
    """(name, first line, number of lines) of each function in @path"""
    with open(path, encoding='utf-8') as file:
        lines = file.read().split('\n')
    name, start = None, None
    for number, line in enumerate(lines, 1):
        match = NAME.match(line)
        if match and not line.rstrip().endswith(';') and not line.startswith('typedef'):
            name, start = match.group(1), number
        elif line.startswith('{') and name is not None:
            pass
        elif line.startswith('}') and name is not None:
            yield name, start, number - start + 1
            name, start = None, None
        elif line.startswith('#define') or (line[:1].isalpha() and line.rstrip().endswith(';')):
            if name is not None and not _in_body(lines, start, number):
                name, start = None, None


def _in_body(lines, start, number):
    return any(lines[i].startswith('{') for i in range(start, number - 1))


def sources(root):
    for folder, _, names in os.walk(os.path.join(root, 'src')):
        for name in sorted(names):
            if name.endswith('.c'):
                yield os.path.join(folder, name)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    listed = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == '--list' else 0
    found = []
    too_long_files = []
    for path in sources(root):
        relative = os.path.relpath(path, root)
        for name, start, length in functions(path):
            found.append((length, f'{relative}:{start} {name}'))
        if relative.startswith(os.path.join('src', 'engine')):
            with open(path, encoding='utf-8') as file:
                count = sum(1 for _ in file)
            if count > MAX_ENGINE_FILE_LINES:
                too_long_files.append(f'{relative}: {count} lines')
    found.sort(reverse=True)
    for length, where in found[:listed]:
        print(f'# {length:4d} {where}')
    too_long = [f'{where}: {length} lines' for length, where in found
                if length > MAX_FUNCTION_LINES]
    checks = [
        (f'no function over {MAX_FUNCTION_LINES} lines', too_long),
        (f'no engine source file over {MAX_ENGINE_FILE_LINES} lines', too_long_files),
    ]
    passed = print_checks(checks)
    print(f'# {len(found)} functions under src/')
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main())
