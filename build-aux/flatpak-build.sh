#!/bin/sh
# Builds SMTP Port Checker as a Flatpak from this tree and installs it for
# the current user, with the GNOME runtime and SDK from Flathub.
#
#   build-aux/flatpak-build.sh            build, test and install
#   build-aux/flatpak-build.sh --bundle   also write smtp-port-checker.flatpak
#
# Needs flatpak and flatpak-builder (Debian/Ubuntu: apt install flatpak
# flatpak-builder) and a connection to Flathub.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

app_id=org.example.SmtpPort
top=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$top/_flatpak/build"
repo_dir="$top/_flatpak/repo"
flathub_url=https://dl.flathub.org/repo/flathub.flatpakrepo

fail () {
  echo "flatpak-build: $*" >&2
  exit 1
}

for tool in flatpak flatpak-builder; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool is not installed (Debian/Ubuntu: sudo apt install flatpak flatpak-builder)"
done

python3 "$top/build-aux/check-manifest.py" "$top/$app_id.json" "$top" >/dev/null ||
  fail "the manifest does not pass build-aux/check-manifest.py"

flatpak remote-add --user --if-not-exists flathub "$flathub_url" ||
  fail "cannot add the Flathub remote: is $flathub_url reachable from here?"

cd "$top"
flatpak-builder --user --install-deps-from=flathub --force-clean \
  --repo="$repo_dir" --install "$build_dir" "$app_id.json" ||
  fail "flatpak-builder failed (see above); the GNOME SDK comes from Flathub"

if [ "${1:-}" = "--bundle" ]; then
  flatpak build-bundle "$repo_dir" smtp-port-checker.flatpak "$app_id" ||
    fail "could not write the bundle"
  echo "flatpak-build: wrote $top/smtp-port-checker.flatpak"
fi

echo "flatpak-build: installed; run it with: flatpak run $app_id"
