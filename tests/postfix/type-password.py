#!/usr/bin/env python3
# type-password.py — run a program on a terminal of its own and type the
# password when it asks, as its user would (curl, swaks, git send-email,
# getpass): the password is read from a file, never passed in argv.
#
#   type-password.py PASSWORD-FILE PROMPT-REGEX TIMEOUT -- PROGRAM ARGS…
#
# Standard input (when it is not a terminal) is copied to the program
# after the password, then end-of-file is sent. The program's output goes
# to standard output with the password masked; the exit status is the
# program's, 124 after TIMEOUT seconds.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import pty
import re
import select
import signal
import sys
import time


def main():
    password_file, prompt, timeout = sys.argv[1:4]
    if sys.argv[4] != "--":
        sys.exit("usage: type-password.py PASSWORD-FILE PROMPT-REGEX TIMEOUT -- PROGRAM ARGS…")
    argv = sys.argv[5:]
    with open(password_file, "rb") as f:
        password = f.read().split(b"\n")[0]
    data = b"" if sys.stdin.isatty() else sys.stdin.buffer.read()
    prompt_re = re.compile(prompt.encode(), re.IGNORECASE)

    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)

    deadline = time.monotonic() + float(timeout)
    output = b""
    seen = 0
    typed = 0
    status = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            status = 124
            break
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.2))
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
            if prompt_re.search(output[seen:]):
                seen = len(output)
                typed += 1
                os.write(fd, password + b"\n")
                if typed == 1 and data:
                    os.write(fd, data)
                    os.write(fd, b"\x04")
    if status is None:
        _, raw = os.waitpid(pid, 0)
        status = os.waitstatus_to_exitcode(raw)
    sys.stdout.buffer.write(output.replace(password, b"****"))
    sys.stdout.write(f"\n[typed the password {typed} time(s), exit {status}]\n")
    sys.exit(status if 0 <= status < 256 else 1)


main()
