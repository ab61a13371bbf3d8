#!/usr/bin/env python3
# Configures this tree with prefix /app (as Flatpak does), installs it with
# `meson install --destdir`, checks that it lays out what Flatpak expects,
# and runs both installed binaries in English and in French.
#
#   check-install.py SOURCE_ROOT LOCALEDIR_SHIM
#   check-install.py --built SOURCE_ROOT LOCALEDIR_SHIM LOCALEDIR BINARY...
#       only the language check, on binaries of the build tree
#
# The French run preloads tests/spc-localedir-shim.c so the binaries, built
# for /app, read their translations from the destdir.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'org.example.SmtpPort'
DOMAIN = 'smtp-port-checker'
EXPECTED = [
    'bin/smtp-port-checker',
    'bin/smtp-port-check',
    f'share/applications/{APP_ID}.desktop',
    f'share/metainfo/{APP_ID}.metainfo.xml',
    f'share/icons/hicolor/scalable/apps/{APP_ID}.svg',
    f'share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg',
    f'share/glib-2.0/schemas/{APP_ID}.gschema.xml',
    f'share/locale/fr/LC_MESSAGES/{DOMAIN}.mo',
]

number = 0
failures = 0


def report(ok, what, details=''):
    global number, failures
    number += 1
    failures += not ok
    print(('ok' if ok else 'not ok') + f' {number} {what}')
    for line in details.strip().splitlines()[-30:]:
        print('# ' + line)


def skip(what, why):
    global number
    number += 1
    print(f'ok {number} {what} # SKIP {why}')


def french_messages(po_path):
    """Translated, non-fuzzy single-line msgid → msgstr pairs of a .po file."""
    pairs = {}
    text = open(po_path, encoding='utf-8').read()
    for entry in text.split('\n\n'):
        if '#, fuzzy' in entry or 'msgid_plural' in entry:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', entry, re.M)
        if not match:
            continue

        def join(block):
            text = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
            escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}
            return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), text)
        msgid, msgstr = join(match.group(1)), join(match.group(2))
        if msgid and msgstr and msgid != msgstr and '\n' not in msgid:
            pairs[msgid] = msgstr
    return pairs


def check_languages(path, source_root, english_env, french_env, why=None):
    binary = os.path.basename(path)
    messages = french_messages(os.path.join(source_root, 'po', 'fr.po'))
    code, english = run([path, '--help'], english_env)
    report(code == 0 and binary in english, f'{binary} --help runs in English', english)
    if french_env is None:
        skip(f'{binary} --help speaks French', why)
        return
    code, french = run([path, '--help'], french_env)
    # Every French string whose English original shows in the help must show
    # (long enough not to be a word of some other sentence)
    shown = [m for m in messages if len(m) >= 16 and m in english]
    shown = [m for m in shown if not any(m != other and m in other for other in shown)]
    translated = [m for m in shown if messages[m] in french]
    details = '\n'.join(f'not translated: {m!r} -> {messages[m]!r}'
                        for m in shown if m not in translated)
    report(code == 0 and len(shown) >= 2 and translated == shown,
           f'{binary} --help speaks French with LANGUAGE=fr '
           f'({len(translated)} of {len(shown)} translated strings seen)',
           details or french)


def french_locale(scratch):
    """LC_ALL (and LOCPATH) for French messages, or a reason why there is none.

    glibc 2.41 ignores LANGUAGE when the locale is C or C.UTF-8 (2.36 does
    not), so a real locale is needed: an installed fr_FR, else one made with
    localedef (Debian: the locales package) into SCRATCH."""
    locales = subprocess.run(['locale', '-a'], capture_output=True, text=True).stdout.split()
    for name in ('fr_FR.utf8', 'fr_FR.UTF-8'):
        if name in locales:
            return {'LC_ALL': name}, None
    if shutil.which('localedef'):
        made = subprocess.run(['localedef', '--no-archive', '-i', 'fr_FR', '-f', 'UTF-8',
                               os.path.join(scratch, 'fr_FR.UTF-8')],
                              capture_output=True, text=True)
        if os.path.isfile(os.path.join(scratch, 'fr_FR.UTF-8', 'LC_MESSAGES', 'SYS_LC_MESSAGES')):
            return {'LC_ALL': 'fr_FR.UTF-8', 'LOCPATH': scratch}, None
        why = 'localedef -i fr_FR failed: ' + (made.stdout + made.stderr).strip()
    else:
        why = 'no fr_FR locale and no localedef'
    libc = os.confstr('CS_GNU_LIBC_VERSION') or ''
    version = tuple(int(n) for n in re.findall(r'\d+', libc)[:2])
    if version and version < (2, 41):
        return {'LC_ALL': 'C.UTF-8'}, None  # this glibc honours LANGUAGE there
    return None, why + f' ({libc} ignores LANGUAGE under C.UTF-8; install locales)'


def language_envs(shim, localedir, scratch):
    """The English environment, and the French one or None and the reason."""
    english_env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='en')
    english_env.pop('DISPLAY', None)
    english_env.pop('WAYLAND_DISPLAY', None)
    locale_env, why = french_locale(scratch)
    if locale_env is None:
        return english_env, None, why
    french_env = dict(english_env, LANGUAGE='fr', LD_PRELOAD=shim,
                      SPC_TEST_LOCALEDIR=localedir, **locale_env)
    return english_env, french_env, None


def run(argv, env):
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def main(source_root, shim):
    work = tempfile.mkdtemp(prefix='spc-install-')
    try:
        build, dest = os.path.join(work, 'build'), os.path.join(work, 'dest')
        env = dict(os.environ)
        # The outer `meson test` must not leak into the inner build
        for name in list(env):
            if name.startswith('MESON'):
                del env[name]
        code, output = run(['meson', 'setup', '--prefix=/app', '-Dpostfix_tests=disabled',
                            build, source_root], env)
        report(code == 0, 'meson setup --prefix=/app', output if code else '')
        if code:
            return 1
        result = subprocess.run(['meson', 'install', '-C', build, '--destdir', dest, '--quiet'],
                                env=env, capture_output=True, text=True, timeout=900)
        report(result.returncode == 0, 'meson install --destdir',
               result.stdout + result.stderr if result.returncode else '')
        if result.returncode:
            return 1

        outside = [p for p in os.listdir(dest) if p != 'app']
        report(not outside, 'everything is installed under /app', '\n'.join(outside))

        app = os.path.join(dest, 'app')
        missing = [p for p in EXPECTED if not os.path.isfile(os.path.join(app, p))]
        report(not missing, 'the layout Flatpak expects', '\n'.join('missing: ' + p for p in missing))
        # Nothing else: no static library, header or test program in the Flatpak
        installed = sorted(os.path.relpath(os.path.join(root, name), app)
                           for root, _dirs, names in os.walk(app) for name in names)
        extra = [p for p in installed if p not in EXPECTED and
                 not re.fullmatch(rf'share/locale/[^/]+/LC_MESSAGES/{DOMAIN}\.mo', p)]
        report(not extra, 'nothing else is installed', '\n'.join('extra: ' + p for p in extra))
        for binary in EXPECTED[:2]:
            report(os.access(os.path.join(app, binary), os.X_OK), f'{binary} is executable')

        english_env, french_env, why = language_envs(shim, os.path.join(app, 'share', 'locale'),
                                                     work)
        for binary in ('smtp-port-check', 'smtp-port-checker'):
            check_languages(os.path.join(app, 'bin', binary), source_root,
                            english_env, french_env, why)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f'1..{number}')
    return 1 if failures else 0


def main_built(source_root, shim, localedir, binaries):
    scratch = tempfile.mkdtemp(prefix='spc-locale-')
    try:
        english_env, french_env, why = language_envs(shim, localedir, scratch)
        for path in binaries:
            check_languages(path, source_root, english_env, french_env, why)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f'1..{number}')
    return 1 if failures else 0


if __name__ == '__main__':
    if sys.argv[1] == '--built':
        # check-install.py --built SOURCE_ROOT SHIM LOCALEDIR BINARY...
        sys.exit(main_built(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
    if shutil.which('meson') is None:
        print('1..0 # SKIP meson is not on PATH')
        sys.exit(77)
    sys.exit(main(sys.argv[1], sys.argv[2]))
