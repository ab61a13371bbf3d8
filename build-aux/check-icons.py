#!/usr/bin/env python3
# Checks that every icon name the app uses exists: in the icon theme GTK
# uses (Adwaita, the themes it inherits, hicolor) or in the app's own
# GResource (icons/… under the application's resource path, which
# GtkApplication adds to the theme's search path).
#
#   check-icons.py [--data-dirs DIR:DIR…] APP_SOURCE_DIR
#
# Icon names are taken from the .ui files (any property ending in
# "icon-name") and the .c files (string literals passed to a function whose
# name contains "icon_name", and any literal ending in "-symbolic"). A name
# missing shows as a "missing image" icon on that stack. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import configparser
import os
import re
import sys
import xml.etree.ElementTree as ET

THEME = 'Adwaita'
C_ICON_CALL = re.compile(r'\w*icon_name\w*\s*\([^;]*?"([A-Za-z0-9._-]+)"', re.S)
C_SYMBOLIC = re.compile(r'"([a-z0-9.-]+-symbolic)"')
EXTENSIONS = ('.svg', '.png', '.symbolic.png')


def names_in_sources(directory):
    used = {}
    for root, _dirs, files in os.walk(directory):
        for name in sorted(files):
            path = os.path.join(root, name)
            where = os.path.relpath(path, directory)
            if name.endswith('.ui'):
                for element in ET.parse(path).iter('property'):
                    if (element.get('name') or '').endswith('icon-name') and element.text:
                        used.setdefault(element.text.strip(), where)
            elif name.endswith('.c'):
                text = open(path, encoding='utf-8').read()
                for match in C_ICON_CALL.finditer(text):
                    used.setdefault(match.group(1), where)
                for match in C_SYMBOLIC.finditer(text):
                    used.setdefault(match.group(1), where)
    return used


def bundled_icons(directory):
    """Icon names under icons/ in the app's GResource files."""
    found = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if not name.endswith('.gresource.xml'):
                continue
            for element in ET.parse(os.path.join(root, name)).iter('file'):
                path = element.get('alias') or element.text or ''
                if path.startswith('icons/'):
                    base = os.path.basename(path)
                    for extension in EXTENSIONS:
                        if base.endswith(extension):
                            found[base[:-len(extension)]] = 'GResource ' + path
    return found


def theme_chain(data_dirs, theme):
    chain, queue = [], [theme]
    while queue:
        current = queue.pop(0)
        if current in chain:
            continue
        chain.append(current)
        for data_dir in data_dirs:
            index = os.path.join(data_dir, 'icons', current, 'index.theme')
            if os.path.isfile(index):
                parser = configparser.ConfigParser(interpolation=None, strict=False)
                parser.read(index, encoding='utf-8')
                inherits = parser.get('Icon Theme', 'Inherits', fallback='')
                queue += [t.strip() for t in inherits.split(',') if t.strip()]
                break
    if 'hicolor' not in chain:
        chain.append('hicolor')
    return chain


def theme_files(data_dirs, chain):
    """icon name -> the first file that provides it, in lookup order"""
    found = {}
    for theme in chain:
        for data_dir in data_dirs:
            top = os.path.join(data_dir, 'icons', theme)
            for root, _dirs, files in os.walk(top):
                for name in files:
                    for extension in EXTENSIONS:
                        if name.endswith(extension):
                            found.setdefault(name[:-len(extension)],
                                             os.path.join(root, name))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data-dirs', default=os.environ.get('XDG_DATA_DIRS') or
                        '/usr/local/share:/usr/share')
    parser.add_argument('--app-icons', default=None,
                        help='the app\'s own installed icons (data/icons)')
    parser.add_argument('directory')
    args = parser.parse_args()

    data_dirs = [d for d in args.data_dirs.split(':') if d]
    used = names_in_sources(args.directory)
    chain = theme_chain(data_dirs, THEME)
    available = theme_files(data_dirs, chain)
    bundled = bundled_icons(args.directory)
    own = {}
    if args.app_icons:
        for root, _dirs, files in os.walk(args.app_icons):
            for name in files:
                for extension in EXTENSIONS:
                    if name.endswith(extension):
                        own[name[:-len(extension)]] = 'data/icons ' + name

    print(f'# theme {THEME}, then ' + ', '.join(chain[1:]) + ' in ' + ':'.join(data_dirs))
    if not any(os.path.isdir(os.path.join(d, 'icons', THEME)) for d in data_dirs):
        print(f'not ok 1 the {THEME} icon theme is installed')
        print('1..1')
        return 1
    print(f'1..{len(used)}')
    failed = 0
    for number, name in enumerate(sorted(used), 1):
        where = bundled.get(name) or own.get(name) or available.get(name)
        if where:
            print(f'ok {number} {name} ({used[name]}): {where}')
        else:
            failed += 1
            print(f'not ok {number} {name} ({used[name]}) is in no theme of '
                  + ', '.join(chain) + ' nor in the GResource')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
