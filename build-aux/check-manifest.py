#!/usr/bin/env python3
# Checks the Flatpak manifest: valid JSON, the keys Flathub needs, and no
# permission broader than what the app uses (network, a display, the GPU).
#
#   check-manifest.py MANIFEST [SOURCE_ROOT]   check a manifest
#   check-manifest.py --self-test MANIFEST     also prove that broken
#                                               variants of it are refused
#
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import os
import sys

APP_ID = 'org.example.SmtpPort'
ALLOWED_FINISH_ARGS = [
    '--share=network',      # the app's whole point: connect to mail servers
    '--share=ipc',          # X11 shared memory, needed with fallback-x11
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',         # GPU rendering of GTK 4
    # Check Login's OAuth2 token from the user's GNOME Online Accounts
    # account; the Secret Service is not granted: libsecret in the sandbox
    # keeps the password through the Secret portal (README, "Install with
    # Flatpak")
    '--talk-name=org.gnome.OnlineAccounts',
]


def problems(manifest, source_root=None):
    found = []

    def need(key, expected=None):
        if key not in manifest:
            found.append(f'missing key "{key}"')
        elif expected is not None and manifest[key] != expected:
            found.append(f'"{key}" is {manifest[key]!r}, expected {expected!r}')

    need('id', APP_ID)
    need('runtime', 'org.gnome.Platform')
    need('sdk', 'org.gnome.Sdk')
    need('command', 'smtp-port-checker')
    need('runtime-version', '50')

    finish_args = manifest.get('finish-args')
    if not isinstance(finish_args, list):
        found.append('missing list "finish-args"')
        finish_args = []
    for arg in finish_args:
        if arg not in ALLOWED_FINISH_ARGS:
            found.append(f'finish-arg {arg} is broader than the app needs')
        if arg.startswith('--filesystem'):
            found.append(f'{arg}: files go through the portals, never direct access')
    for arg in ALLOWED_FINISH_ARGS:
        if arg not in finish_args:
            found.append(f'finish-arg {arg} is missing: the app needs it')
    if len(set(finish_args)) != len(finish_args):
        found.append('a finish-arg is repeated')

    cleanup = manifest.get('cleanup')
    if not isinstance(cleanup, list) or not cleanup:
        found.append('missing non-empty list "cleanup"')

    modules = manifest.get('modules')
    if not isinstance(modules, list) or not modules:
        found.append('missing list "modules"')
        return found

    app = modules[-1]
    if not isinstance(app, dict):
        found.append('the last module must be this app, not a file name')
        return found
    if app.get('buildsystem') != 'meson':
        found.append('the app module must use "buildsystem": "meson"')
    if app.get('run-tests') is not True:
        found.append('the app module must run its tests ("run-tests": true)')
    if not isinstance(app.get('config-opts', []), list):
        found.append('"config-opts" must be a list')
    if not any(isinstance(source, dict) and source.get('type') == 'dir'
               and source.get('path') == '.' for source in app.get('sources', [])):
        found.append('the app module must build this tree: sources [{"type": "dir", "path": "."}]')
    for module in modules:
        if isinstance(module, dict) and 'build-options' in module:
            for arg in module['build-options'].get('build-args', []):
                if arg.startswith('--filesystem') or arg == '--share=network':
                    found.append(f'build-arg {arg}: builds must not need the network or files')

    if source_root is not None:
        for path in (f'data/{APP_ID}.desktop.in', f'data/{APP_ID}.metainfo.xml.in',
                     f'data/{APP_ID}.gschema.xml'):
            if not os.path.exists(os.path.join(source_root, path)):
                found.append(f'{path} is missing: the id and the data files must agree')

    return found


def self_test(manifest):
    def broken(change):
        variant = copy.deepcopy(manifest)
        change(variant)
        return variant

    def mutate_finish_args(arg):
        return lambda m: m['finish-args'].append(arg)

    variants = {
        'home directory access': broken(mutate_finish_args('--filesystem=home')),
        'session bus access': broken(mutate_finish_args('--socket=session-bus')),
        'plain X11': broken(mutate_finish_args('--socket=x11')),
        'the whole Secret Service': broken(mutate_finish_args('--talk-name=org.freedesktop.secrets')),
        'any GNOME name': broken(mutate_finish_args('--talk-name=org.gnome.*')),
        'no network': broken(lambda m: m['finish-args'].remove('--share=network')),
        'no cleanup': broken(lambda m: m.pop('cleanup')),
        'tests off': broken(lambda m: m['modules'][-1].update({'run-tests': False})),
        'another id': broken(lambda m: m.update({'id': 'org.example.Other'})),
        'numeric runtime-version': broken(lambda m: m.update({'runtime-version': 50})),
        'other runtime-version': broken(lambda m: m.update({'runtime-version': '49'})),
        'a remote source': broken(lambda m: m['modules'][-1].update(
            {'sources': [{'type': 'git', 'url': 'https://example.org/x.git'}]})),
    }
    failures = 0
    print(f'1..{len(variants) + 1}')
    base = problems(manifest)
    print(('ok' if not base else 'not ok') + ' 1 the manifest itself passes')
    failures += bool(base)
    for number, (name, variant) in enumerate(variants.items(), 2):
        refused = problems(variant)
        print(('ok' if refused else 'not ok') + f' {number} refuses {name}')
        failures += not refused
    return failures


def main(argv):
    testing = '--self-test' in argv
    args = [a for a in argv[1:] if a != '--self-test']
    if not args:
        print(__doc__ or 'usage: check-manifest.py [--self-test] MANIFEST [SOURCE_ROOT]')
        return 2
    try:
        with open(args[0], encoding='utf-8') as file:
            manifest = json.load(file)
    except (OSError, json.JSONDecodeError) as error:
        print(f'not ok 1 {args[0]} is not valid JSON: {error}')
        return 1

    if testing:
        return 1 if self_test(manifest) else 0

    found = problems(manifest, args[1] if len(args) > 1 else None)
    print('1..1')
    if found:
        print(f'not ok 1 {args[0]}')
        for problem in found:
            print('# ' + problem)
        return 1
    print(f'ok 1 {args[0]}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
