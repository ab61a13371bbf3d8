#!/usr/bin/env python3
# The keyboard shortcuts shown stay one list: gtk/help-overlay.ui (the
# GtkShortcutsWindow, libadwaita < 1.8) and shortcuts-dialog.ui (the
# AdwShortcutsDialog, >= 1.8) list the same sections and the same titled
# accelerators, and every accelerator spc-application.c installs is listed.
# Only one of the two files is built on a given stack: this reads both.
#
#   check-shortcuts.py SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import xml.etree.ElementTree as ET

from tap_checks import print_checks


def listed(path, section_class, item_class):
    """[(section title, item title, accelerator)] in the file's order"""
    shortcuts = []
    for section in ET.parse(path).iter('object'):
        if section.get('class') != section_class:
            continue
        title = section.findtext("property[@name='title']")
        for item in section.iter('object'):
            if item.get('class') == item_class:
                shortcuts.append((title, item.findtext("property[@name='title']"),
                                  item.findtext("property[@name='accelerator']")))
    return shortcuts


def main():
    app = os.path.join(sys.argv[1], 'src', 'app')
    window = listed(os.path.join(app, 'gtk', 'help-overlay.ui'), 'GtkShortcutsGroup', 'GtkShortcutsShortcut')
    dialog = listed(os.path.join(app, 'shortcuts-dialog.ui'), 'AdwShortcutsSection', 'AdwShortcutsItem')
    with open(os.path.join(app, 'spc-application.c'), encoding='utf-8') as file:
        installed = re.findall(r'\{ "[a-z.-]+", \{ "([^"]+)", NULL \} \}', file.read())

    shown = {accel for _section, _title, accels in window for accel in accels.split()}
    checks = [
        ('the shortcuts window lists shortcuts', [] if window else ['none found']),
        ('the shortcuts dialog lists what the shortcuts window does',
         [f'window: {w} / dialog: {d}' for w, d in zip(window, dialog) if w != d]
         + ([f'{len(window)} in the window, {len(dialog)} in the dialog'] if len(window) != len(dialog) else [])),
        ('every accelerator of spc-application.c is listed',
         ([] if installed else ['no accelerator found in spc-application.c'])
         + [f'{accel} is not listed' for accel in installed if accel not in shown]),
    ]
    return 0 if print_checks(checks) else 1


if __name__ == '__main__':
    sys.exit(main())
