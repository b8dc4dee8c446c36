#!/bin/sh
# Installs what sipscan needs on Debian 12, if missing. Runs apt-get as
# root (through sudo when not root).
#   install-deps.sh          to build sipscan
#   install-deps.sh --test   also what the whole test suite uses (tshark
#                            and python3 read the recorded captures;
#                            wireshark-dev builds the Wireshark plugin,
#                            which the plugin tests load into tshark;
#                            clang and its sanitizer runtimes build the
#                            sanitizer build)
#   install-deps.sh --lab    also the SIP software captures/lab/record.sh
#                            runs to record captures/recorded/
#   install-deps.sh --fuzz   also clang and its libFuzzer and sanitizer
#                            runtimes, for scripts/fuzz.sh
set -eu
packages="build-essential cmake pkg-config libpcap-dev libglib2.0-dev libjson-glib-dev zlib1g-dev"
test_packages="tshark python3 wireshark-dev clang libclang-rt-14-dev"
lab_packages="kamailio sip-tester sipsak sipvicious baresip-core tcpdump iproute2"
fuzz_packages="clang libclang-rt-14-dev"
case ${1:-} in
  "") ;;
  --test) packages="$packages $test_packages" ;;
  --lab) packages="$packages $test_packages $lab_packages" ;;
  --fuzz) packages="$packages $fuzz_packages" ;;
  *) echo "usage: $0 [--test|--lab|--fuzz]" >&2; exit 2 ;;
esac
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
