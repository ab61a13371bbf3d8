#!/usr/bin/python3
# atspi-check.py — what a screen reader reads: the app's accessibility tree
#
#   xvfb-run -a dbus-run-session -- /usr/bin/python3 build-aux/atspi-check.py BUILD_DIR
#
# Starts the scripted test server and the app (checking localhost), waits for
# the check to end, expands a port row, opens Preferences and the ports
# guide, then walks the AT-SPI tree of every window on screen and prints it.
#
# Fails unless each port row is read with its port and verdict words
# ("Port 587: Works"), the recommendation is in the tree and Preferences
# name the --ca-file the app runs with; and fails on
# every node on screen whose name
#   - leaks a mnemonic underscore ("_Check"),
#   - repeats itself ("Check Check"),
#   - is a class name ("GtkImage", "GtkListBox"; GTK 4.8 reads the type of
#     an unnamed widget),
# and on every focusable node on screen without a name; what libadwaita
# builds inside its own widgets is left out (toolkit_internal says what).
# Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi

build_dir = os.path.abspath(sys.argv[1])
server_bin = os.path.join(build_dir, 'tests', 'spc-test-server')
app_bin = os.path.join(build_dir, 'src', 'app', 'smtp-port-checker')
ca_file = os.path.join(build_dir, 'tests', 'ca.pem')
APP_ID = 'org.example.SmtpPort'

# Roles whose name is their visible text: an underscore there is content
# (a configuration line, a cipher name), not a mnemonic
TEXT_ROLES = {'label', 'text', 'paragraph', 'static', 'heading', 'entry',
              'password text', 'document text'}
MNEMONIC = re.compile(r'(?:^|(?<=[\s\w]))_(?=\w)')
CLASS_NAME = re.compile(r'(?:Gtk|Adw|Spc|Gdk)[A-Z][A-Za-z]+')
# Keys with the prefix of a port row's header, as their names start
PORT_ROW = re.compile(r'Port \d+: ')

scenarios = ['implicit-tls-auth', 'good-starttls-auth', 'wrong-host-starttls']
server = subprocess.Popen([server_bin, '--listen', '127.0.0.1', '--cert-dir',
                           os.path.join(build_dir, 'tests')] +
                          [arg for s in scenarios for arg in ('--scenario', s)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ports = [int(server.stdout.readline().split()[0]) for _ in scenarios]
modes = ['tls', 'starttls', 'starttls']

config = tempfile.mkdtemp()
os.makedirs(os.path.join(config, 'glib-2.0', 'settings'))
with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as keyfile:
    keyfile.write("[org/example/SmtpPort]\nports='%s'\ntimeout=5\nwindow-height=1500\n" %
                  ','.join('%d/%s' % pm for pm in zip(ports, modes)))

env = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=config,
           GSETTINGS_SCHEMA_DIR=os.path.join(build_dir, 'data'))
env.pop('NO_AT_BRIDGE', None)
env.pop('GTK_A11Y', None)


def start_app():
    return subprocess.Popen([app_bin, '--ca-file', ca_file, 'localhost'], env=env,
                            stdout=sys.stderr)


app = start_app()


class Node:
    def __init__(self, accessible, depth):
        self.accessible = accessible
        self.depth = depth
        self.role = accessible.getRoleName()
        self.name = accessible.name or ''
        self.description = accessible.description or ''
        states = accessible.getState()
        self.focusable = states.contains(pyatspi.STATE_FOCUSABLE)
        try:
            extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            self.on_screen = extents.width > 0 and extents.height > 0
        except NotImplementedError:
            # Not a widget (a stack page): on screen when a child is
            self.on_screen = None
        self.children = []
        self.parent = None


def where(node):
    """The window and the nearest named ancestors, to find the node in the code"""
    path, parent = [], node.parent
    while parent is not None:
        if parent.name and not CLASS_NAME.fullmatch(parent.name) and (
                len(path) < 2 or parent.parent is None or parent.parent.parent is None):
            path.append('%s %r' % (parent.role, parent.name[:40]))
        parent = parent.parent
    return ' in ' + ' < '.join(path) if path else ''


def walk(accessible, depth=0, budget=None):
    """The tree under ACCESSIBLE, bounded: a broken tree must not hang the check"""
    budget = budget if budget is not None else [8000]
    if accessible is None or depth > 80 or budget[0] <= 0:
        return None
    budget[0] -= 1
    try:
        node = Node(accessible, depth)
        for i in range(accessible.childCount):
            child = walk(accessible.getChildAtIndex(i), depth + 1, budget)
            if child is not None:
                child.parent = node
                node.children.append(child)
    except Exception:
        return None
    if node.on_screen is None:
        node.on_screen = any(c.on_screen for c in node.children)
    return node


def flatten(node, out):
    out.append(node)
    for child in node.children:
        flatten(child, out)
    return out


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name in ('smtp-port-checker', 'SMTP Port Checker'):
            return child
    return None


def snapshot():
    root = find_app()
    tree = walk(root) if root is not None else None
    return flatten(tree, []) if tree is not None else []


def activate_app_action(name):
    subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                    '--object-path', '/' + APP_ID.replace('.', '/'),
                    '--method', 'org.gtk.Actions.Activate', name, '[]', '{}'],
                   check=True, stdout=subprocess.DEVNULL)


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while True:
        nodes = snapshot()
        if predicate(nodes) or time.monotonic() > deadline:
            return nodes
        time.sleep(0.5)


def expand_first_port_row(nodes):
    """Opens the details of the first port row. The header is the innermost node with
    the row's name (an expander row holds its header row)."""
    rows = [n for n in nodes if n.role == 'list item' and PORT_ROW.match(n.name)]
    if not rows:
        return None
    header = [n for n in rows if n.name == rows[0].name][-1]
    # GTK 4.8 implements no GrabFocus: a click, as a pointer user opens it.
    # No window manager under Xvfb: window coordinates are the screen's.
    extents = header.accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + extents.width // 4,
                                        extents.y + extents.height // 2, 'b1c')
    return header.name


def details_on_screen(nodes):
    """Only an open port row shows its conversation"""
    return any(n.on_screen and n.role == 'label' and n.name == 'Conversation' for n in nodes)


# What libadwaita 1.2 and GTK 4.8 build inside their own widgets, which an
# app cannot name, and no screen reader stops on:
# - fillers and scroll bars are never spoken;
# - GTK 4.8 marks every scrolled window focusable, but the keyboard focus
#   goes to its content;
# - the insides of an entry row, a combo row and a view switcher (the edit
#   icon, the drop-down list, the page icons) are read through the row or
#   the tab that holds them;
# - the stack pages inside a preferences window (its pages, its search).
SILENT_ROLES = {'filler', 'scroll bar'}
COMPOSITE_ROLES = {'text', 'combo box', 'page tab', 'page tab list'}


def toolkit_internal(node):
    if node.role in SILENT_ROLES or node.name == 'AdwViewSwitcher':
        return True
    if node.role == 'scroll pane' and not node.name:
        return True
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.role in COMPOSITE_ROLES:
            return True
        if ancestor.role == 'frame':
            return node.name == 'GtkStackPage' and ancestor.name != 'SMTP Port Checker'
        ancestor = ancestor.parent
    return False


def findings(node):
    """What is wrong with how NODE is read"""
    if toolkit_internal(node):
        return []
    name = node.name
    spoken = name.replace('_', '')
    words = spoken.split()
    found = []
    if node.role not in TEXT_ROLES and MNEMONIC.search(name):
        found.append('a mnemonic underscore in the name')
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        found.append('a name that repeats itself')
    if CLASS_NAME.fullmatch(name):
        found.append('a class name as the name')
    if node.focusable and not name.strip():
        found.append('focusable without a name')
    return found


failures = []
try:
    expected = ['Port %d: Works' % ports[0], 'Port %d: Works' % ports[1],
                'Port %d: Does not work' % ports[2]]  # an untrusted certificate is red
    # A loaded machine's X server sometimes refuses the first client: once more
    time.sleep(2)
    if app.poll() is not None:
        print('# the app ended at once (status %d): starting it again' % app.returncode)
        app = start_app()
    nodes = wait_for(lambda ns: all(any(e == n.name for n in ns) for e in expected), 60)

    if details_on_screen(nodes):
        failures.append('a port row is open before anyone opened it')
    expanded = expand_first_port_row(nodes)
    if expanded is None:
        failures.append('no port row to open')
    nodes = wait_for(details_on_screen, 10)
    if not details_on_screen(nodes):
        failures.append('the port row %r did not open on a click' % expanded)

    # Preferences and the guide, each as the app's menu opens it
    activate_app_action('preferences')
    nodes = wait_for(lambda ns: any(n.name == 'Preferences' and n.on_screen for n in ns), 10)
    activate_app_action('ports-guide')
    nodes = wait_for(lambda ns: any(n.name == 'SMTP Ports Guide' for n in ns), 10)
    time.sleep(1)
    nodes = snapshot()

    for node in nodes:
        if node.on_screen and (node.name or node.description or node.focusable):
            print('# %s%-12s %s%s' % ('  ' * min(node.depth, 20), node.role,
                                      node.name.replace('\n', ' ')[:100],
                                      ('  — ' + node.description.replace('\n', ' ')[:60])
                                      if node.description else ''))

    names = [n.name for n in nodes]
    for e in expected:
        if e not in names:
            failures.append('no node named %r' % e)
    if not any(n.startswith('Use Port %d with' % ports[0]) for n in names):
        failures.append('the recommendation is not in the tree')
    # The app runs with --ca-file: Preferences say that file is in use
    if not any(n.on_screen and ca_file in n.name for n in nodes):
        failures.append('Preferences do not name the --ca-file in use (%s)' % ca_file)
    for title in ('SMTP Port Checker', 'Preferences', 'SMTP Ports Guide'):
        if not any(n.name == title and n.on_screen for n in nodes):
            failures.append('no window or dialog %r on screen' % title)

    for node in nodes:
        if not node.on_screen:
            continue
        for finding in findings(node):
            failures.append('%s %r: %s%s' % (node.role, node.name, finding, where(node)))
finally:
    app.terminate()
    app.wait(timeout=10)
    server.stdin.close()
    server.terminate()
    server.wait(timeout=10)

print('1..%d' % (len(failures) or 1))
for number, failure in enumerate(failures, 1):
    print('not ok %d %s' % (number, failure))
if failures:
    sys.exit(1)
print('ok 1 every node on screen is read with a name in words')
