#!/usr/bin/env python3
"""Converts a snapshot of Thunderbird's ISPDB into the bundled provider table.

    build-aux/ispdb-convert.py ISPDB_DIR > src/engine/discovery/providers.txt

ISPDB_DIR holds config-v1.1.xml files (the ispdb/ folder of
https://github.com/thunderbird/autoconfig). The output keeps, per provider,
what SMTP Port Checker uses: its id, display name, mail domains and outgoing
SMTP servers, one fact a line, tab-separated:

    P <id> <display name>
    D <domain>
    S <hostname> <port> <tls|starttls|plain> <username template or empty>

It applies the same rules as src/engine/discovery/spc-autoconfig.c: the first
<emailProvider> only, domains in lower case, servers without a sane hostname,
port or socketType skipped, at most 16 servers and 1000 domains. Output is
sorted by file name, so the same snapshot always gives the same bytes; the test
"ispdb-table" checks that the committed table is what this script makes.

The data is licensed under the Mozilla Public License 2.0.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

MAX_SERVERS = 16
MAX_DOMAINS = 1000
MODES = {"ssl": "tls", "starttls": "starttls", "plain": "plain"}
HOSTNAME_TEMPLATE = re.compile(r"^[A-Za-z0-9._%-]{1,300}$")

HEADER = """\
# The bundled provider table of SMTP Port Checker: the outgoing servers of
# the providers in Thunderbird's ISPDB (https://github.com/thunderbird/autoconfig),
# made by build-aux/ispdb-convert.py; do not edit by hand.
# Data licensed under the Mozilla Public License 2.0 (https://mozilla.org/MPL/2.0/).
# P id name / D domain / S hostname port mode username
"""


def text(element):
    """The element's own text, stripped, whitespace runs made one space."""
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def convert_file(path):
    root = ET.parse(path).getroot()
    if root.tag != "clientConfig":
        raise ValueError(f"{path}: not a clientConfig")
    provider = root.find("emailProvider")
    if provider is None:
        raise ValueError(f"{path}: no emailProvider")

    lines = []
    name = ""
    for child in provider.findall("displayName"):
        if text(child):
            name = text(child)
            break
    lines.append(f"P\t{provider.get('id', '')}\t{name}")

    domains = [text(d).lower() for d in provider.findall("domain") if text(d)]
    for domain in domains[:MAX_DOMAINS]:
        lines.append(f"D\t{domain}")

    servers = 0
    for server in provider.findall("outgoingServer"):
        if server.get("type", "").lower() != "smtp" or servers >= MAX_SERVERS:
            continue
        # The last of each field counts, as in the C parser
        fields = {}
        for child in server:
            fields[child.tag] = text(child)
        hostname = fields.get("hostname", "")
        port = fields.get("port", "")
        mode = MODES.get(fields.get("socketType", "").lower())
        if (not HOSTNAME_TEMPLATE.match(hostname) or mode is None
                or not re.fullmatch(r"[0-9]{1,5}", port) or not 1 <= int(port) <= 65535):
            continue
        lines.append(f"S\t{hostname}\t{int(port)}\t{mode}\t{fields.get('username', '')}")
        servers += 1
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    directory = argv[1]
    names = sorted(n for n in os.listdir(directory) if n.endswith(".xml"))
    if not names:
        print(f"ispdb-convert: no .xml file in {directory}", file=sys.stderr)
        return 1
    out = [HEADER.rstrip("\n")]
    for name in names:
        out.extend(convert_file(os.path.join(directory, name)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
