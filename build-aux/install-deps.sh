#!/bin/sh
# Installs what SMTP Port Checker needs on Debian 12 (bookworm) with apt-get.
#
#   build-aux/install-deps.sh --app     build and run the app and the CLI
#   build-aux/install-deps.sh --tests   also everything `meson test`, the
#                                       sanitizer, fuzzer and valgrind runs
#                                       and the helper scripts use
#   build-aux/install-deps.sh --meson-test  the app and what `meson test`
#                                       needs, nothing for the extra runs
#                                       (the newer-Debian stages of CI)
#   build-aux/install-deps.sh --flatpak flatpak, flatpak-builder, bubblewrap,
#                                       debootstrap (the CI's Flatpak stage)
#   build-aux/install-deps.sh --print   print the package list, install nothing
#
# Runs apt-get through sudo when not root. Non-interactive: Postfix is
# preseeded to "No configuration" (the Postfix test configures a private
# instance of its own, on loopback).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

# ---- the package lists (keep them honest: every entry names its user) ----

# meson + compiler; GLib/GIO, glib-networking (TLS backend) and
# ca-certificates (its system trust: without them no certificate validates,
# and a minimal Debian has none), json-glib;
# libsoup 3 (discovery: the provider's autoconfig and the ISPDB over HTTPS);
# gettext (msgfmt for translations, i18n.merge_file); glib-compile-schemas
# and glib-compile-resources; desktop/metainfo validation (data/meson.build)
# The login check (src/engine/account): GNU SASL, the library msmtp uses
# (SCRAM-SHA-256/1, CRAM-MD5, PLAIN, LOGIN; also the login tests' server
# side), and libsecret for the password in the Secret Service
ACCOUNT_BUILD_PACKAGES="libgsasl-dev libsecret-1-dev"
# The certificate checks glib-networking leaves out (src/engine/net/
# spc-certificate-inspect.c): GnuTLS's x509 API
TLS_BUILD_PACKAGES="libgnutls28-dev"

BUILD_PACKAGES="
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin glib-networking ca-certificates libjson-glib-dev libsoup-3.0-dev
  gettext desktop-file-utils appstream
  $ACCOUNT_BUILD_PACKAGES $TLS_BUILD_PACKAGES
"

# The window: GTK 4 and libadwaita, gtk4-builder-tool (data: validate-ui),
# the icons it shows and the SVG loader for them
APP_PACKAGES="
  libgtk-4-dev libadwaita-1-dev libgtk-4-bin
  adwaita-icon-theme hicolor-icon-theme librsvg2-common
"

# meson test: certtool (tests/make-certs.sh, Postfix test CA); python3
# (packaging checks, test assertions); locales (localedef and fr_FR for the
# French tests: glibc 2.41 ignores LANGUAGE under C.UTF-8); xvfb-run + xauth + dbus-run-session
# (window tests); iproute2 + nftables (tests/netns); Postfix with Cyrus SASL
# (tests/postfix, which installs them itself when missing; pgrep from procps);
# dnsmasq-base, the DNS server of tests/discovery's namespace (the binary
# alone: the dnsmasq package would also start a system-wide daemon);
# python3-gi (the stand-in GNOME Online Accounts daemon of tests/test-goa),
# gnome-keyring + libsecret-tools (a real Secret Service and secret-tool for
# tests/test-keyring, as in the formats' tests below)
# tests/postfix/test-formats-postfix.sh: the programs each --config format
# is for, run against the test Postfix (msmtp with secret-tool in a private
# gnome-keyring; git send-email's Perl modules for TLS, AUTH and addresses)
FORMAT_TEST_PACKAGES="
  msmtp libsecret-tools gnome-keyring curl swaks libnet-ssleay-perl
  git git-email libauthen-sasl-perl libio-socket-ssl-perl libmailtools-perl
  neomutt
"

TEST_PACKAGES="
  $FORMAT_TEST_PACKAGES
  gnutls-bin python3 locales
  xvfb xauth dbus dbus-daemon
  iproute2 nftables procps dnsmasq-base
  postfix sasl2-bin libsasl2-modules libsasl2-modules-db
  python3-gi gnome-keyring libsecret-tools
"

# .ci/run's extra runs: valgrind memcheck of the CLI; clang and its runtime
# (libFuzzer, ASan) for build-aux/run-fuzzer.sh. GCC's ASan/UBSan runtimes
# (libasan8, libubsan1) come with gcc.
CI_PACKAGES="
  valgrind clang libclang-rt-14-dev
"

# build-aux/atspi-check.py (what a screen reader reads) and
# build-aux/screenshots.sh (ImageMagick's import; pyatspi opens a port row
# for the details); xwininfo (x11-utils) and
# debootstrap for build-aux/ci-chroot.sh
TOOL_PACKAGES="
  python3-pyatspi at-spi2-core imagemagick x11-utils debootstrap
"

# The Flatpak stage (build-aux/flatpak-ci.sh): a stand-in GNOME runtime made
# from a debootstrapped Debian (ostree makes its local repository), the
# manifest built against it, the app run; flatpak-builder splits the debug
# information with eu-strip (elfutils, a Recommends we do not install)
FLATPAK_PACKAGES="
  flatpak flatpak-builder bubblewrap debootstrap ostree elfutils
"

# ---- packages other engineers asked for go here ----
EXTRA_PACKAGES="
"

usage ()
{
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
}

mode=
for arg in "$@"; do
  case "$arg" in
    --app|--tests|--meson-test|--flatpak|--print) mode=${mode:+$mode }$arg ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$mode" ] || mode=--tests

packages="$BUILD_PACKAGES $APP_PACKAGES"
case " $mode " in
  *" --tests "*) with=tests ;;
  *" --meson-test "*) with=meson-test ;;
  *" --app "*) with=app ;;
  *" --flatpak "*) with=flatpak ;;
  *) with=tests ;;  # --print alone lists everything
esac
case "$with" in
  tests) packages="$packages $TEST_PACKAGES $CI_PACKAGES $TOOL_PACKAGES $FLATPAK_PACKAGES $EXTRA_PACKAGES" ;;
  meson-test) packages="$packages $TEST_PACKAGES $EXTRA_PACKAGES" ;;
  flatpak) packages=$FLATPAK_PACKAGES ;;
esac
# One line, one space between names
packages=$(echo $packages)

case " $mode " in
  *" --print "*) echo "$packages"; exit 0 ;;
esac

if [ ! -r /etc/debian_version ]; then
  echo "install-deps.sh: this script is for Debian 12; install these with your package manager:" >&2
  echo "  $packages" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  as_root=
elif command -v sudo >/dev/null 2>&1; then
  as_root=sudo
else
  echo "install-deps.sh: run as root or install sudo" >&2
  exit 1
fi

# Postfix asks which setup it should write; the tests bring their own
echo "postfix postfix/main_mailer_type select No configuration" |
  $as_root debconf-set-selections

$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  --no-install-recommends $packages
