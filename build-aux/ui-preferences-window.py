#!/usr/bin/env python3
# Turns a .ui written for libadwaita >= 1.5 dialogs into one for
# libadwaita 1.2 to 1.4 (Debian 12), so the dialogs exist once in the tree:
#   - a template on AdwPreferencesDialog becomes an AdwPreferencesWindow;
#   - a template on AdwDialog becomes an AdwWindow;
#   - an AdwToolbarView (1.4) becomes a vertical GtkBox of its top bars and
#     its content, and breakpoints (1.4) are left out: the layout is the
#     wide one at every width.
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
PARENTS = {
    'AdwPreferencesDialog': 'AdwPreferencesWindow',
    'AdwDialog': 'AdwWindow',
    'AdwApplicationWindow': 'AdwApplicationWindow',
}


def toolbar_view_to_box(view):
    """AdwToolbarView -> GtkBox: top bars, the content (expanding), bottom bars"""
    view.set('class', 'GtkBox')
    top, content, bottom, other = [], [], [], []
    for element in list(view):
        view.remove(element)
        if element.tag == 'child' and element.get('type') == 'top':
            del element.attrib['type']
            top.append(element)
        elif element.tag == 'child' and element.get('type') == 'bottom':
            del element.attrib['type']
            bottom.append(element)
        elif element.tag == 'property' and element.get('name') == 'content':
            child = ET.Element('child')
            for inner in list(element):
                if not any(p.get('name') == 'vexpand' for p in inner.findall('property')):
                    expand = ET.Element('property', name='vexpand')
                    expand.text = 'True'
                    inner.insert(0, expand)
                child.append(inner)
            content.append(child)
        else:
            other.append(element)
    orientation = ET.Element('property', name='orientation')
    orientation.text = 'vertical'
    for element in [orientation] + other + top + content + bottom:
        view.append(element)


def main(source, output):
    tree = ET.parse(source)
    templates = list(tree.getroot().iter('template'))
    if not templates or templates[0].get('parent') not in PARENTS:
        sys.exit(f'{source}: no template with parent ' + ' or '.join(PARENTS))
    template = templates[0]
    template.set('parent', PARENTS[template.get('parent')])
    for prop in template.findall('property'):
        if prop.get('name') in PROPERTIES:
            prop.set('name', PROPERTIES[prop.get('name')])
        elif prop.get('name') == 'child' and template.get('parent') == 'AdwWindow':
            prop.set('name', 'content')
    for view in tree.getroot().iter('object'):
        if view.get('class') == 'AdwToolbarView':
            toolbar_view_to_box(view)
    for child in template.findall('child'):
        if any(o.get('class') == 'AdwBreakpoint' for o in child.findall('object')):
            template.remove(child)
    tree.write(output, encoding='UTF-8', xml_declaration=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
