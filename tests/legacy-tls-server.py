#!/usr/bin/env python3
# legacy-tls-server.py — a small SMTP server over OpenSSL (Python's ssl) for
# test-legacy-tls: one implicit-TLS port and one STARTTLS port on 127.0.0.1
#
#   legacy-tls-server.py --cert-dir DIR --min-version TLSv1|TLSv1_2 [--no-tls1-1]
#
# --min-version TLSv1 accepts TLS 1.0 up to 1.3 at OpenSSL security level 0
# (what TLS 1.0's SHA-1 handshake signatures need); TLSv1_2 refuses 1.0 and
# 1.1, as a modern server does. --no-tls1-1 leaves a hole: 1.0 and 1.2+ only.
# Prints "PORT implicit" and "PORT starttls", then serves until stdin closes.
# Only loopback. Every read is bounded in bytes and time.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import os
import socket
import ssl
import sys
import threading
import warnings

MAX_LINE = 1024
TIMEOUT_S = 10


def make_context(cert_dir, min_version, no_tls1_1):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(cert_dir, 'localhost.pem'),
                            os.path.join(cert_dir, 'localhost-key.pem'))
    # Old versions are deprecated in Python too: that is the point here
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        if min_version == 'TLSv1':
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.set_ciphers('DEFAULT:@SECLEVEL=0')
        else:
            context.minimum_version = ssl.TLSVersion.TLSv1_2
        if no_tls1_1:
            context.options |= ssl.OP_NO_TLSv1_1
    return context


def read_line(conn):
    line = b''
    while not line.endswith(b'\n'):
        byte = conn.recv(1)
        if not byte or len(line) >= MAX_LINE:
            return None
        line += byte
    return line.strip().upper()


def converse(conn, context, implicit):
    tls = implicit
    conn.sendall(b'220 localhost ESMTP legacy TLS test server\r\n')
    while True:
        line = read_line(conn)
        if line is None:
            return
        if line.startswith(b'EHLO'):
            if tls:
                conn.sendall(b'250-localhost\r\n250 AUTH PLAIN LOGIN\r\n')
            else:
                conn.sendall(b'250-localhost\r\n250 STARTTLS\r\n')
        elif line == b'STARTTLS' and not tls:
            conn.sendall(b'220 2.0.0 Ready to start TLS\r\n')
            conn = context.wrap_socket(conn, server_side=True)
            tls = True
        elif line == b'QUIT':
            conn.sendall(b'221 2.0.0 Bye\r\n')
            return
        else:
            conn.sendall(b'502 5.5.2 Error: command not recognized\r\n')


def serve_connection(raw, context, implicit):
    raw.settimeout(TIMEOUT_S)
    try:
        conn = context.wrap_socket(raw, server_side=True) if implicit else raw
        converse(conn, context, implicit)
    except (OSError, ssl.SSLError):
        pass
    finally:
        raw.close()


def accept_loop(listener, context, implicit):
    while True:
        try:
            raw, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=serve_connection, args=(raw, context, implicit), daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--cert-dir', required=True)
    parser.add_argument('--min-version', choices=['TLSv1', 'TLSv1_2'], required=True)
    parser.add_argument('--no-tls1-1', action='store_true')
    args = parser.parse_args()

    context = make_context(args.cert_dir, args.min_version, args.no_tls1_1)
    for name, implicit in (('implicit', True), ('starttls', False)):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(('127.0.0.1', 0))
        listener.listen(16)
        threading.Thread(target=accept_loop, args=(listener, context, implicit), daemon=True).start()
        print(listener.getsockname()[1], name, flush=True)

    # Whoever started us is gone when stdin closes
    sys.stdin.read()


if __name__ == '__main__':
    main()
