#!/usr/bin/env python3
# Turns a .ui written for AdwPreferencesDialog (libadwaita >= 1.5) into one
# for AdwPreferencesWindow, for libadwaita 1.2 to 1.4 (Debian 12), so the
# dialogs exist once in the tree.
#
#   ui-preferences-window.py INPUT OUTPUT
#
# SPDX-License-Identifier: GPL-3.0-or-later
import sys
import xml.etree.ElementTree as ET

# AdwDialog property -> the GtkWindow property that does the same
PROPERTIES = {
    'content-width': 'default-width',
    'content-height': 'default-height',
}


def main(source, output):
    tree = ET.parse(source)
    templates = list(tree.getroot().iter('template'))
    if not templates or templates[0].get('parent') != 'AdwPreferencesDialog':
        sys.exit(f'{source}: no template with parent AdwPreferencesDialog')
    template = templates[0]
    template.set('parent', 'AdwPreferencesWindow')
    for prop in template.findall('property'):
        if prop.get('name') in PROPERTIES:
            prop.set('name', PROPERTIES[prop.get('name')])
    tree.write(output, encoding='UTF-8', xml_declaration=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
