#!/usr/bin/python3
# screenshot-open-row.py — for build-aux/screenshots.sh: in the running app,
# opens the first port row once every port has its verdict, then scrolls
# until the label TEXT (a fact of the open row) is on screen, as a pointer
# user does; through the accessibility bus (pyatspi), in the shot's own X
# server and D-Bus session.
#
#   screenshot-open-row.py PORTS TEXT
#
# PORTS: how many port rows to wait for. Exits 0 once TEXT is on screen,
# 1 if it never is (within about a minute).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys
import time

import pyatspi

# A port row's name: "Port 465 (submissions): Works", "Port 40123: Checking…"
PORT_ROW = re.compile(r'Port \d+(?: \([^)]*\))?: ')
DECIDED = re.compile(r'Port \d+(?: \([^)]*\))?: (?!Checking)')
ports, text = int(sys.argv[1]), sys.argv[2]


def snapshot():
    """Every node of the app's tree, or none while it is not there (or is
    changing under the walk)"""
    try:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name in ('smtp-port-checker', 'SMTP Port Checker'):
                return pyatspi.findAllDescendants(app, lambda node: True)
    except Exception:
        pass
    return []


def extents(node):
    try:
        return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return None


def shown(node):
    box = extents(node)
    return box is not None and box.width > 0 and box.height > 0


def wait_for(find, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find(snapshot())
        if found:
            return found
        time.sleep(0.5)
    return None


def decided_rows(nodes):
    rows = [n for n in nodes if n.getRoleName() == 'list item' and PORT_ROW.match(n.name or '')]
    names = {n.name for n in rows}
    return rows if len(names) >= ports and all(DECIDED.match(name) for name in names) else None


def label_shown(nodes, name):
    found = [n for n in nodes if n.getRoleName() == 'label' and n.name == name and shown(n)]
    return found[0] if found else None


def open_first_row():
    """A click on the first row's header, once more if the page moved under it
    (the advice and the checklist arrive last); True once its details show"""
    for _ in range(3):
        rows = decided_rows(snapshot())
        if rows is None:
            return False
        # The header is the innermost node with the row's name; no window
        # manager under Xvfb, so window coordinates are the screen's
        header = [n for n in rows if n.name == rows[0].name][-1]
        box = extents(header)
        pyatspi.Registry.generateMouseEvent(box.x + box.width // 4, box.y + box.height // 2, 'b1c')
        # Only an open row shows its conversation
        if wait_for(lambda nodes: label_shown(nodes, 'Conversation'), 5):
            return True
    return False


if wait_for(decided_rows, 60) is None:
    sys.exit('screenshot-open-row: the ports never all got a verdict: %s' %
             sorted({n.name for n in snapshot() if n.getRoleName() == 'list item'}))
time.sleep(2)
if not open_first_row():
    sys.exit('screenshot-open-row: the first port row did not open')
# A fact shows once it has a value
label = wait_for(lambda nodes: label_shown(nodes, text), 20)
if label is None:
    sys.exit('screenshot-open-row: the open row shows no %r' % text)

# The wheel, over the row, until its header sits just below the entry (the
# row whole on screen) or the fact in the upper half of the window
def header_and_fact():
    nodes = snapshot()
    rows = decided_rows(nodes) or []
    headers = [n for n in rows if rows and n.name == rows[0].name]
    return (headers[-1] if headers else None), label_shown(nodes, text)


for _ in range(40):
    header, label = header_and_fact()
    if label is None or header is None:
        break
    if extents(header).y < 260 or extents(label).y < 500:
        break
    pyatspi.Registry.generateMouseEvent(360, 400, 'b5c')
    time.sleep(0.3)
time.sleep(1)
header, label = header_and_fact()
sys.exit(0 if label is not None and 0 < extents(label).y < 1000
         else 'screenshot-open-row: %r is off screen' % text)
