#!/usr/bin/env python3
# Fails when a file under src/ has translatable strings but is not listed in
# po/POTFILES.in (its strings would silently stay English), or when
# POTFILES.in lists a file that does not exist (xgettext would fail), or
# when a translatable string is cut short by a format macro such as
# G_GSIZE_FORMAT (xgettext sees only "%", and no translation can match).
#
#   check-potfiles.py SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

from tap_checks import print_checks

MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\('
                     r'|(?<![A-Za-z0-9_])NP_\s*\(\s*"'
                     r'|translatable="yes"')
EXTENSIONS = ('.c', '.h', '.ui')
# A string literal ending in "%" right before a G_*_FORMAT macro, inside a
# translation call's first arguments
MACRO_IN_MESSAGE = re.compile(r'(?:\b_|N_|C_|NC_|g_dngettext|ngettext)\s*\((?:[^;]*?,\s*)?[^;]*?"[^"\n]*%"\s*G_G[A-Z0-9]*_FORMAT')


def listed(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as file:
        for line in file:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(line)
    return entries


def translatable_sources(root):
    found = []
    for directory, _dirs, names in os.walk(os.path.join(root, 'src')):
        for name in names:
            if not name.endswith(EXTENSIONS):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding='utf-8', errors='replace') as file:
                if MARKERS.search(file.read()):
                    found.append(os.path.relpath(path, root))
    return sorted(found)


def macros_in_messages(root):
    found = []
    for directory, _dirs, names in os.walk(os.path.join(root, 'src')):
        for name in sorted(names):
            if not name.endswith('.c'):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding='utf-8', errors='replace') as file:
                text = file.read()
            for match in MACRO_IN_MESSAGE.finditer(text):
                line = text.count('\n', 0, match.end()) + 1
                found.append(f'{os.path.relpath(path, root)}:{line}')
    return found


def main(root):
    entries = listed(root)
    sources = translatable_sources(root)
    missing = [s for s in sources if s not in entries]
    absent = [e for e in entries if not os.path.exists(os.path.join(root, e))]
    repeated = sorted({e for e in entries if entries.count(e) > 1})

    macros = macros_in_messages(root)

    passed = print_checks([
        ('no sources with translatable strings missing from po/POTFILES.in', missing),
        ('no entries of po/POTFILES.in that do not exist', absent),
        ('no entries listed twice in po/POTFILES.in', repeated),
        ('no translatable strings with a G_*_FORMAT macro inside', macros),
    ])
    print(f'# {len(sources)} translatable sources under src/, {len(entries)} entries')
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else '.'))
