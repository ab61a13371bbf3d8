#!/bin/sh
# make-certs.sh OUTDIR — the test certificates, made fresh at build time
#
# Made at build time rather than committed so that none of them can expire
# in the tree (except the one meant to be expired). ECDSA keys: instant to
# generate. Needs certtool (Debian: gnutls-bin).
#
#   ca.pem                       the test CA the tests trust
#   localhost.pem / -key.pem     localhost, 127.0.0.1, ::1 — signed by the CA
#   expired.pem / -key.pem       valid 2020-01-01 … 2021-01-01
#   not-yet-valid.pem / -key.pem valid from 2099
#   wrong-host.pem / -key.pem    other.example only
#   self-signed.pem / -key.pem   localhost, signed by itself
#   long-chain.pem / -key.pem    leaf + 5 intermediates (CA → i1 → … → i5 → leaf)
#   dns-only.pem / -key.pem      localhost only, no IP entry — signed by the CA
#   ip-only.pem / -key.pem       127.0.0.1 and ::1 only, no host name (nor
#                                one in its CN) — signed by the CA
#   discovery.pem / -key.pem     the HTTPS names of the discovery tests (*.test)
#   weak-key.pem / -key.pem      localhost, a 1024-bit RSA key — signed by the CA
#   client-purpose.pem / -key.pem  localhost, extended key usage clientAuth only
#   key-usage.pem / -key.pem     localhost, RSA, key usage keyEncipherment only
#                                (no digitalSignature: it cannot sign a handshake)
#   expired-intermediate.pem / -key.pem  leaf + an intermediate (“SMTP Port
#                                Checker Expired Intermediate”) valid 2020 … 2021
#   missing-intermediate.pem / -key.pem  leaf only, signed by an intermediate
#                                the server does not send; the leaf names
#                                where its issuer is (caIssuers)
#   expiring-soon.pem / -key.pem localhost, expires in 7 days
#   ip-as-dns.pem / -key.pem     the text "127.0.0.1" as a DNS name, no IP entry
#   mixed-script.pem / -key.pem  paypal.example with a Cyrillic "а" (punycode
#                                xn--pypal-4ve.example), Latin otherwise
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

out=${1:?usage: make-certs.sh OUTDIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key () {
  certtool --generate-privkey --key-type=ecdsa --curve=secp256r1 \
    --outfile "$1" >/dev/null 2>&1
}

# A key that must be refused: RSA under 2048 bits
weak_key () {
  certtool --generate-privkey --key-type=rsa --bits=1024 \
    --outfile "$1" >/dev/null 2>&1
}

# template NAME CN [lines…]: a certtool template file
template () {
  name=$1; cn=$2; shift 2
  {
    echo "cn = \"$cn\""
    echo "organization = \"SMTP Port Checker tests\""
    for line in "$@"; do echo "$line"; done
  } > "$work/$name.tmpl"
}

leaf_lines='tls_www_server
signing_key'

# The CA
key "$work/ca-key.pem"
template ca "SMTP Port Checker Test CA" ca cert_signing_key crl_signing_key \
  "expiration_days = 3650"
certtool --generate-self-signed --load-privkey "$work/ca-key.pem" \
  --template "$work/ca.tmpl" --outfile "$out/ca.pem" >/dev/null 2>&1

# sign NAME ISSUER_CERT ISSUER_KEY: a certificate for NAME's template
# (with a key of its own unless one is there already)
sign () {
  [ -f "$work/$1-key.pem" ] || key "$work/$1-key.pem"
  certtool --generate-certificate --load-privkey "$work/$1-key.pem" \
    --load-ca-certificate "$2" --load-ca-privkey "$3" \
    --template "$work/$1.tmpl" --outfile "$work/$1.pem" >/dev/null 2>&1
}

localhost_names='dns_name = "localhost"
ip_address = "127.0.0.1"
ip_address = "::1"'

template localhost localhost "$localhost_names" "$leaf_lines" "expiration_days = 3650"
sign localhost "$out/ca.pem" "$work/ca-key.pem"

template expired localhost "$localhost_names" "$leaf_lines" \
  'activation_date = "2020-01-01 00:00:00 UTC"' \
  'expiration_date = "2021-01-01 00:00:00 UTC"'
sign expired "$out/ca.pem" "$work/ca-key.pem"

template not-yet-valid localhost "$localhost_names" "$leaf_lines" \
  'activation_date = "2099-01-01 00:00:00 UTC"' \
  'expiration_date = "2100-01-01 00:00:00 UTC"'
sign not-yet-valid "$out/ca.pem" "$work/ca-key.pem"

template wrong-host other.example 'dns_name = "other.example"' "$leaf_lines" \
  "expiration_days = 3650"
sign wrong-host "$out/ca.pem" "$work/ca-key.pem"

template mixed-script xn--pypal-4ve.example 'dns_name = "xn--pypal-4ve.example"' "$leaf_lines" \
  "expiration_days = 3650"
sign mixed-script "$out/ca.pem" "$work/ca-key.pem"

# Which name is checked: the typed one, not the address connected to
template dns-only localhost 'dns_name = "localhost"' "$leaf_lines" "expiration_days = 3650"
sign dns-only "$out/ca.pem" "$work/ca-key.pem"

template ip-only "SMTP Port Checker addresses only" 'ip_address = "127.0.0.1"' \
  'ip_address = "::1"' "$leaf_lines" "expiration_days = 3650"
sign ip-only "$out/ca.pem" "$work/ca-key.pem"

# The discovery tests' autoconfig, well-known and ISPDB servers
discovery_names=''
for name in autoconfig.auto.test wk.test ispdb.test autoconfig.conflict.test \
            autoconfig.slow.test autoconfig.malformed.test autoconfig.huge.test \
            autoconfig.huge-chunked.test autoconfig.empty.test; do
  discovery_names="$discovery_names
dns_name = \"$name\""
done
template discovery autoconfig.auto.test "$discovery_names" "$leaf_lines" "expiration_days = 3650"
sign discovery "$out/ca.pem" "$work/ca-key.pem"

key "$work/self-signed-key.pem"
template self-signed localhost "$localhost_names" "$leaf_lines" "expiration_days = 3650"
certtool --generate-self-signed --load-privkey "$work/self-signed-key.pem" \
  --template "$work/self-signed.tmpl" --outfile "$work/self-signed.pem" >/dev/null 2>&1

# The long chain: CA → i1 → i2 → i3 → i4 → i5 → leaf; the server sends
# the leaf then every intermediate, never the root.
issuer_cert="$out/ca.pem"
issuer_key="$work/ca-key.pem"
chain=""
for i in 1 2 3 4 5; do
  template "i$i" "SMTP Port Checker Test Intermediate $i" ca cert_signing_key \
    "expiration_days = 3650"
  sign "i$i" "$issuer_cert" "$issuer_key"
  issuer_cert="$work/i$i.pem"
  issuer_key="$work/i$i-key.pem"
  chain="$work/i$i.pem $chain"
done
template long-chain localhost "$localhost_names" "$leaf_lines" "expiration_days = 3650"
sign long-chain "$issuer_cert" "$issuer_key"
# shellcheck disable=SC2086
cat "$work/long-chain.pem" $chain > "$work/long-chain-full.pem"
mv "$work/long-chain-full.pem" "$work/long-chain.pem"

# What glib-networking 2.74 lets through and the probe must catch itself
weak_key "$work/weak-key-key.pem"
template weak-key localhost "$localhost_names" "$leaf_lines" encryption_key "expiration_days = 3650"
sign weak-key "$out/ca.pem" "$work/ca-key.pem"

template client-purpose localhost "$localhost_names" tls_www_client signing_key \
  "expiration_days = 3650"
sign client-purpose "$out/ca.pem" "$work/ca-key.pem"

# certtool gives an EC key digitalSignature whatever the template says: an
# RSA key can have keyEncipherment alone
certtool --generate-privkey --key-type=rsa --bits=2048 \
  --outfile "$work/key-usage-key.pem" >/dev/null 2>&1
template key-usage localhost "$localhost_names" tls_www_server encryption_key \
  "expiration_days = 3650"
sign key-usage "$out/ca.pem" "$work/ca-key.pem"

template expiring-soon localhost "$localhost_names" "$leaf_lines" "expiration_days = 7"
sign expiring-soon "$out/ca.pem" "$work/ca-key.pem"

template ip-as-dns "SMTP Port Checker address as a name" 'dns_name = "127.0.0.1"' \
  "$leaf_lines" "expiration_days = 3650"
sign ip-as-dns "$out/ca.pem" "$work/ca-key.pem"

# Chain faults: an intermediate long expired, sent with the leaf; and an
# intermediate the server leaves out
template xi "SMTP Port Checker Expired Intermediate" ca cert_signing_key \
  'activation_date = "2020-01-01 00:00:00 UTC"' \
  'expiration_date = "2021-01-01 00:00:00 UTC"'
sign xi "$out/ca.pem" "$work/ca-key.pem"
template expired-intermediate localhost "$localhost_names" "$leaf_lines" "expiration_days = 3650"
sign expired-intermediate "$work/xi.pem" "$work/xi-key.pem"
cat "$work/expired-intermediate.pem" "$work/xi.pem" > "$work/expired-intermediate-full.pem"
mv "$work/expired-intermediate-full.pem" "$work/expired-intermediate.pem"

template mi "SMTP Port Checker Unsent Intermediate" ca cert_signing_key "expiration_days = 3650"
sign mi "$out/ca.pem" "$work/ca-key.pem"
template missing-intermediate localhost "$localhost_names" "$leaf_lines" \
  'ca_issuers_uri = "http://ca.invalid/unsent-intermediate.crt"' "expiration_days = 3650"
sign missing-intermediate "$work/mi.pem" "$work/mi-key.pem"

for name in localhost expired not-yet-valid wrong-host self-signed long-chain dns-only ip-only \
            discovery weak-key client-purpose key-usage expiring-soon ip-as-dns \
            expired-intermediate missing-intermediate mixed-script; do
  # certtool writes a text dump before the PEM block: keep only the PEM
  sed -n '/-----BEGIN/,/-----END/p' "$work/$name.pem" > "$out/$name.pem"
  sed -n '/-----BEGIN/,/-----END/p' "$work/$name-key.pem" > "$out/$name-key.pem"
done
sed -n '/-----BEGIN/,/-----END/p' "$out/ca.pem" > "$work/ca-clean.pem"
mv "$work/ca-clean.pem" "$out/ca.pem"
