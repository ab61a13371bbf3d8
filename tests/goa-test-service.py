#!/usr/bin/env python3
# goa-test-service.py — a stand-in for the GNOME Online Accounts daemon on a
# private session bus: the object manager with one mail account per
# argument "ADDRESS:TOKEN[:SMTPHOST[:attention]]" (OAuth2Based; ADDRESS:- has
# no OAuth2, like an IMAP/SMTP password account; SMTPHOST is localhost when
# not given; "attention": AttentionNeeded, and GetAccessToken fails with
# GOA's NotAuthorized), and a disabled-mail account. Prints "ready" once the
# name is owned; every GetAccessToken call is counted on stderr.
#
#   goa-test-service.py ana@example.test:ya29.token bob@example.test:- \
#     carol@example.test:token:smtp.elsewhere.test
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys

from gi.repository import Gio, GLib

XML = '''
<node>
  <interface name="org.freedesktop.DBus.ObjectManager">
    <method name="GetManagedObjects">
      <arg type="a{oa{sa{sv}}}" direction="out"/>
    </method>
  </interface>
  <interface name="org.gnome.OnlineAccounts.Account">
    <property name="ProviderName" type="s" access="read"/>
    <property name="PresentationIdentity" type="s" access="read"/>
    <property name="MailDisabled" type="b" access="read"/>
    <property name="AttentionNeeded" type="b" access="read"/>
  </interface>
  <interface name="org.gnome.OnlineAccounts.Mail">
    <property name="EmailAddress" type="s" access="read"/>
    <property name="SmtpSupported" type="b" access="read"/>
    <property name="SmtpHost" type="s" access="read"/>
    <property name="SmtpUserName" type="s" access="read"/>
  </interface>
  <interface name="org.gnome.OnlineAccounts.OAuth2Based">
    <method name="GetAccessToken">
      <arg name="access_token" type="s" direction="out"/>
      <arg name="expires_in" type="i" direction="out"/>
    </method>
  </interface>
</node>
'''

node = Gio.DBusNodeInfo.new_for_xml(XML)
accounts = {}  # path -> (address, token or None, mail disabled, SMTP host, attention)
for i, spec in enumerate(sys.argv[1:]):
    fields = spec.split(':')
    address, token = fields[0], fields[1]
    host = fields[2] if len(fields) > 2 else 'localhost'
    attention = len(fields) > 3 and fields[3] == 'attention'
    accounts['/org/gnome/OnlineAccounts/Accounts/account_%d' % i] = (
        address, None if token == '-' else token, False, host, attention)
# Same address as the first, mail switched off: must never be chosen
if sys.argv[1:]:
    accounts['/org/gnome/OnlineAccounts/Accounts/account_off'] = (
        sys.argv[1].split(':', 1)[0], 'disabled-token', True, 'localhost', False)


def interfaces_of(path):
    address, token, disabled, host, attention = accounts[path]
    result = {
        'org.gnome.OnlineAccounts.Account': {
            'ProviderName': GLib.Variant('s', 'Test Provider'),
            'PresentationIdentity': GLib.Variant('s', address),
            'MailDisabled': GLib.Variant('b', disabled),
            'AttentionNeeded': GLib.Variant('b', attention),
        },
        'org.gnome.OnlineAccounts.Mail': {
            'EmailAddress': GLib.Variant('s', address),
            'SmtpSupported': GLib.Variant('b', True),
            'SmtpHost': GLib.Variant('s', host),
            'SmtpUserName': GLib.Variant('s', address),
        },
    }
    if token is not None:
        result['org.gnome.OnlineAccounts.OAuth2Based'] = {}
    return result


def on_call(connection, sender, path, interface, method, params, invocation):
    if method == 'GetManagedObjects':
        objects = {p: interfaces_of(p) for p in accounts}
        invocation.return_value(GLib.Variant('(a{oa{sa{sv}}})', (objects,)))
    elif method == 'GetAccessToken':
        token, attention = accounts[path][1], accounts[path][4]
        print('GetAccessToken', path, file=sys.stderr, flush=True)
        if attention:
            invocation.return_dbus_error('org.gnome.OnlineAccounts.Error.NotAuthorized',
                                         'Credentials not found in keyring')
        else:
            invocation.return_value(GLib.Variant('(si)', (token, 3600)))


def on_get_property(connection, sender, path, interface, name):
    return interfaces_of(path)[interface][name]


def on_bus(connection, name):
    manager = [i for i in node.interfaces if i.name == 'org.freedesktop.DBus.ObjectManager'][0]
    connection.register_object('/org/gnome/OnlineAccounts', manager, on_call, None, None)
    for path in accounts:
        for info in node.interfaces:
            if info.name in interfaces_of(path):
                connection.register_object(path, info, on_call, on_get_property, None)


def on_name(connection, name):
    print('ready', flush=True)


def on_lost(connection, name):
    sys.exit(1)


Gio.bus_own_name(Gio.BusType.SESSION, 'org.gnome.OnlineAccounts',
                 Gio.BusNameOwnerFlags.NONE, on_bus, on_name, on_lost)
GLib.MainLoop().run()
