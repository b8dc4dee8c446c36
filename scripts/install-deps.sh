#!/bin/sh
# Installs what sipscan needs to build and test on Debian 12, if missing.
# Runs apt-get as root (through sudo when not root).
set -eu
packages="build-essential cmake pkg-config libpcap-dev libglib2.0-dev libjson-glib-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
echo "Installing:$missing"
$as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing
