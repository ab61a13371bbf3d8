#!/usr/bin/python3
# atspi-check.py — what a screen reader reads: the app's accessibility tree
#
#   xvfb-run -a dbus-run-session -- /usr/bin/python3 build-aux/atspi-check.py BUILD_DIR
#
# Starts the scripted test server and the app (checking localhost), waits for
# the check to end, then walks the AT-SPI tree and prints every named node.
# Fails unless each port row is read with its port and verdict words
# ("Port 587 (submission): Works") and the recommendation is in the tree.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys
import tempfile
import time

import pyatspi

build_dir = os.path.abspath(sys.argv[1])
server_bin = os.path.join(build_dir, 'tests', 'spc-test-server')
app_bin = os.path.join(build_dir, 'src', 'app', 'smtp-port-checker')
ca_file = os.path.join(build_dir, 'tests', 'ca.pem')

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
    keyfile.write("[org/example/SmtpPort]\nports='%s'\ntimeout=5\n" %
                  ','.join('%d/%s' % pm for pm in zip(ports, modes)))

env = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=config,
           GSETTINGS_SCHEMA_DIR=os.path.join(build_dir, 'data'))
env.pop('NO_AT_BRIDGE', None)
env.pop('GTK_A11Y', None)
app = subprocess.Popen([app_bin, '--ca-file', ca_file, 'localhost'], env=env)

nodes = []


def walk(node, depth, budget=[5000]):
    # Bounded: a broken tree must not hang the check
    if node is None or depth > 60 or budget[0] <= 0:
        return
    budget[0] -= 1
    try:
        name = node.name or ''
        description = node.description or ''
        role = node.getRoleName()
    except Exception:
        return
    if name or description:
        nodes.append((role, name, description))
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), depth + 1)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name in ('smtp-port-checker', 'SMTP Port Checker'):
            return child
    return None


failures = []
try:
    deadline = time.monotonic() + 60
    expected = ['Port %d: Works' % ports[0], 'Port %d: Works' % ports[1],
                'Port %d: Works with a warning' % ports[2]]
    while True:
        nodes.clear()
        root = find_app()
        walk(root, 0)
        names = [n for _, n, _ in nodes]
        if all(any(e == n for n in names) for e in expected) or time.monotonic() > deadline:
            break
        time.sleep(1)

    for role, name, description in nodes:
        print('%-14s %s%s' % (role, name, ('  — ' + description) if description else ''))

    for e in expected:
        if e not in names:
            failures.append('no node named %r' % e)
    if not any(n.startswith('Use port %d with' % ports[0]) for n in names):
        failures.append('the recommendation is not in the tree')
finally:
    app.terminate()
    app.wait(timeout=10)
    server.stdin.close()
    server.terminate()
    server.wait(timeout=10)

if failures:
    print('\n'.join('FAIL: ' + f for f in failures), file=sys.stderr)
    sys.exit(1)
print('OK: the rows read their port and verdict in words')
