#!/usr/bin/env python3
# Runs `gtk4-builder-tool validate` on every .ui file under a directory.
#
# gtk4-builder-tool needs a display and only knows GTK's types, so this
# script re-runs itself under xvfb-run and dbus-run-session when there is no
# display, and preloads a module (spc-ui-validate-preload.c) that registers
# libadwaita's types and the app's own types a file refers to.
#
# Signal handlers of a template are static functions of the widget's .c
# file, which the tool cannot look up: the copy it validates has no <signal>
# elements (the compiler and the widget tests check those).
#
# Exit status: 0 all valid, 1 an invalid file, 77 (skip) no display possible.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
# Mesa's EGL complains on Xvfb (no DRI device) before GTK falls back: not
# about the file being checked
NOISE = re.compile(r'^libEGL warning: ')


def get_type_function(class_name):
    # SpcPortRow -> spc_port_row_get_type
    return re.sub(r'(?<!^)(?=[A-Z])', '_', class_name).lower() + '_get_type'


def without_signals(path, directory):
    tree = ET.parse(path)
    for parent in tree.iter():
        for signal in parent.findall('signal'):
            parent.remove(signal)
    copy = os.path.join(directory, os.path.basename(path))
    tree.write(copy, encoding='UTF-8', xml_declaration=True)
    return copy


def own_types(path):
    tree = ET.parse(path)
    template_classes = {t.get('class') for t in tree.iter('template')}
    used = {o.get('class') for o in tree.iter('object')}
    return sorted(c for c in used
                  if c and c.startswith('Spc') and c not in template_classes)


def required_libadwaita(path):
    # <requires lib="libadwaita" version="1.8"/>: (1, 8), or None
    for requires in ET.parse(path).iter('requires'):
        if requires.get('lib') == 'libadwaita':
            return tuple(int(n) for n in requires.get('version', '0').split('.')[:2])
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--preload', required=True)
    parser.add_argument('--generated', default=None,
                        help='a .ui of the same name here is the one compiled (configure-time variants)')
    parser.add_argument('--libadwaita-version', default=None,
                        help='the libadwaita built against: a .ui that requires a newer one is skipped')
    parser.add_argument('directory')
    args = parser.parse_args()

    tool = shutil.which('gtk4-builder-tool')
    if tool is None:
        print('1..0 # SKIP gtk4-builder-tool is not installed')
        return SKIP

    if not os.environ.get('SPC_UI_VALIDATE_INNER'):
        if not shutil.which('xvfb-run') or not shutil.which('dbus-run-session'):
            print('1..0 # SKIP needs xvfb-run and dbus-run-session for a display')
            return SKIP
        env = dict(os.environ, SPC_UI_VALIDATE_INNER='1')
        # The preload goes on the tool only: xvfb-run's own shell must not load GTK
        return subprocess.call(['xvfb-run', '-a', 'dbus-run-session', '--',
                                sys.executable, os.path.abspath(__file__)]
                               + sys.argv[1:], env=env)

    files = []
    for root, _dirs, names in os.walk(args.directory):
        files += [os.path.join(root, n) for n in names if n.endswith('.ui')]
    files.sort()
    if args.generated:
        files = [os.path.join(args.generated, os.path.relpath(f, args.directory))
                 if os.path.isfile(os.path.join(args.generated, os.path.relpath(f, args.directory)))
                 else f for f in files]

    print(f'1..{len(files)}')
    if not files:
        print('# no .ui file found in ' + args.directory)
        return 1

    failed = 0
    scratch = tempfile.mkdtemp(prefix='spc-validate-ui-')
    for number, path in enumerate(files, 1):
        name = os.path.relpath(path, args.directory)
        if name.startswith('..'):
            name = os.path.basename(path) + ' (made at configure time)'
        try:
            needed = required_libadwaita(path)
            if needed and args.libadwaita_version and \
               needed > tuple(int(n) for n in args.libadwaita_version.split('.')[:2]):
                print(f'ok {number} {name} # SKIP needs libadwaita {".".join(map(str, needed))}')
                continue
            ensure = ' '.join(get_type_function(c) for c in own_types(path))
            checked = without_signals(path, scratch)
        except ET.ParseError as error:
            print(f'not ok {number} {name} # {error}')
            failed += 1
            continue
        env = dict(os.environ,
                   LD_PRELOAD=args.preload,
                   SPC_UI_ENSURE_TYPES=ensure,
                   GSK_RENDERER='cairo',
                   GTK_A11Y='none',
                   # Checking does not depend on the language; a locale the
                   # C library lacks (a build sandbox) makes GTK warn
                   LC_ALL='C.UTF-8')
        try:
            run = subprocess.run([tool, 'validate', checked], env=env,
                                 capture_output=True, text=True, timeout=60)
            output = '\n'.join(line for line in (run.stdout + run.stderr).splitlines()
                               if not NOISE.match(line)).strip()
            ok = run.returncode == 0 and output == ''
        except subprocess.TimeoutExpired:
            output, ok = 'timed out after 60 s', False
        if ok:
            print(f'ok {number} {name}')
        else:
            failed += 1
            print(f'not ok {number} {name}')
            for line in output.splitlines():
                print('# ' + line)
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
