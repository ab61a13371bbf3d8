#!/usr/bin/env python3
# bench-smtp-server.py — an independent TLS SMTP server for build-aux/bench
#
# Python's standard library only (asyncio + ssl, OpenSSL underneath), so a
# limit of the project's own GIO test server cannot hide or fake one of the
# client: one thread, every handshake non-blocking in the event loop.
#
#   bench-smtp-server.py --cert CERT --key KEY [--addresses N] [--delay-ms MS]
#
# Listens on 127.0.0.1 … 127.0.0.N, on the same five ports on each address
# (four STARTTLS, the last implicit TLS), prints "PORT MODE" per port on
# stdout, then serves until its stdin closes. Every reply is delayed by MS.
# Loopback only: the addresses are 127.0.0.1 … 127.0.0.254.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import asyncio
import socket
import ssl
import sys

MODES = ('starttls', 'starttls', 'starttls', 'starttls', 'tls')
MAX_LINE = 1024
# Long: a client under valgrind (callgrind profiles) is 50 times slower
HANDSHAKE_TIMEOUT_S = 600


class Session:
    def __init__(self, reader, writer, context, implicit, delay):
        self.reader = reader
        self.writer = writer
        self.context = context
        self.tls = implicit
        self.delay = delay

    async def reply(self, text):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.writer.write(text.encode('ascii'))
        await self.writer.drain()

    async def run(self):
        await self.reply('220 bench.invalid ESMTP\r\n')
        while True:
            line = await self.reader.readline()
            if not line or len(line) > MAX_LINE:
                return
            verb = line.split(b' ', 1)[0].strip().upper()
            if verb in (b'EHLO', b'HELO'):
                if self.tls:
                    await self.reply('250-bench.invalid\r\n250-PIPELINING\r\n'
                                     '250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n')
                else:
                    await self.reply('250-bench.invalid\r\n250-PIPELINING\r\n'
                                     '250 STARTTLS\r\n')
            elif verb == b'STARTTLS' and not self.tls:
                await self.reply('220 2.0.0 Ready to start TLS\r\n')
                await self.writer.start_tls(self.context, ssl_handshake_timeout=HANDSHAKE_TIMEOUT_S)
                self.tls = True
            elif verb == b'QUIT':
                await self.reply('221 2.0.0 Bye\r\n')
                return
            else:
                await self.reply('502 5.5.2 Not implemented\r\n')


def handler(context, implicit, delay):
    async def serve(reader, writer):
        try:
            await Session(reader, writer, context, implicit, delay).run()
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
    return serve


def free_ports(count):
    """Ports free on 127.0.0.1 (the others are checked by binding them)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


async def main():
    parser = argparse.ArgumentParser(description="an independent TLS SMTP server for build-aux/bench")
    parser.add_argument('--cert', required=True)
    parser.add_argument('--key', required=True)
    parser.add_argument('--addresses', type=int, default=1)
    parser.add_argument('--delay-ms', type=int, default=0)
    args = parser.parse_args()
    if not 1 <= args.addresses <= 254:
        parser.error('--addresses: 1 to 254')

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    delay = args.delay_ms / 1000
    loop = asyncio.get_running_loop()
    ports = free_ports(len(MODES))
    servers = []
    for n in range(1, args.addresses + 1):
        for port, mode in zip(ports, MODES):
            implicit = mode == 'tls'
            tls = {'ssl': context, 'ssl_handshake_timeout': HANDSHAKE_TIMEOUT_S} if implicit else {}
            servers.append(await asyncio.start_server(
                handler(context, implicit, delay), '127.0.0.%d' % n, port,
                backlog=1024, **tls))
    for port, mode in zip(ports, MODES):
        print(port, mode, flush=True)

    # Until our parent closes our stdin
    stdin_closed = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(),
                    lambda: sys.stdin.buffer.read1(4096) or stdin_closed.set())
    await stdin_closed.wait()
    for server in servers:
        server.close()


if __name__ == '__main__':
    asyncio.run(main())
