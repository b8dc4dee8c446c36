#!/bin/bash
# Records the captures in captures/recorded/ from real SIP software:
# kamailio (registrar and proxy with Digest), SIPp, sipsak, SIPVicious and
# baresip, each scenario captured by tcpdump. Needs root (network
# namespaces) and the lab's packages (scripts/install-deps.sh --lab).
#
#   captures/lab/record.sh [SCENARIO...]   default: every scenario
#   captures/lab/record.sh --list
#
# Everything runs in two network namespaces this script creates and
# removes, joined by a veth pair (documentation addresses only):
#   sipscan-lab-pbx  pbx0  192.0.2.10  2001:db8::10   kamailio
#   sipscan-lab-ua   ua0   192.0.2.20  2001:db8::20   phones (SIPp, sipsak,
#                          192.0.2.30  2001:db8::30   baresip), callees
#                          192.0.2.40                 a trusted trunk
#                          192.0.2.66                 an attacker
# tcpdump listens on ua0. Every process is started by this script, stopped
# by its PID, and bounded by `timeout`; an interrupted run cleans up too.
# LAB_KEEP=1 keeps the work folder (logs of every tool) in /tmp.
set -euo pipefail

lab=$(cd "$(dirname "$0")" && pwd)
out_dir=$(cd "$lab/.." && pwd)/recorded
ns_pbx=sipscan-lab-pbx
ns_ua=sipscan-lab-ua
work=
pids=()

# shellcheck source=captures/lab/scenarios.sh
. "$lab/scenarios.sh"

die () { echo "record.sh: $*" >&2; exit 1; }

in_pbx () { ip netns exec "$ns_pbx" "$@"; }
in_ua () { ip netns exec "$ns_ua" "$@"; }

# Starts a command in the background (bounded by `timeout`) and remembers
# its PID for cleanup.
spawn () {
  local limit=$1; shift
  timeout --signal=TERM --kill-after=5 "$limit" "$@" &
  pids+=("$!")
  last_pid=$!
}

# run_in_ua SECONDS LOG COMMAND...: runs COMMAND in the phones' namespace
# to its end, output to LOG. Waiting with `wait` (not in the foreground)
# lets an interrupt stop the lab at once.
run_in_ua () {
  local limit=$1 log=$2; shift 2
  spawn "$limit" ip netns exec "$ns_ua" "$@" >>"$log" 2>&1
  wait "$last_pid"
}

# pause SECONDS: an interruptible sleep.
pause () {
  sleep "$1" &
  pids+=("$!")
  wait "$!"
}

stop_pid () {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup () {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  ip netns del "$ns_ua" 2>/dev/null || true
  ip netns del "$ns_pbx" 2>/dev/null || true
  if [ -n "$work" ] && [ -z "${LAB_KEEP:-}" ]; then
    rm -rf "$work"
  fi
}

network_up () {
  ip netns del "$ns_ua" 2>/dev/null || true
  ip netns del "$ns_pbx" 2>/dev/null || true
  ip netns add "$ns_pbx"
  ip netns add "$ns_ua"
  ip link add ua0 netns "$ns_ua" type veth peer name pbx0 netns "$ns_pbx"
  in_pbx ip link set lo up
  in_ua ip link set lo up
  in_pbx ip addr add 192.0.2.10/24 dev pbx0
  in_pbx ip -6 addr add 2001:db8::10/64 dev pbx0 nodad
  local addr
  for addr in 192.0.2.20 192.0.2.30 192.0.2.40 192.0.2.66; do
    in_ua ip addr add "$addr/24" dev ua0
  done
  in_ua ip -6 addr add 2001:db8::20/64 dev ua0 nodad
  in_ua ip -6 addr add 2001:db8::30/64 dev ua0 nodad
  in_pbx ip link set pbx0 up
  in_ua ip link set ua0 up
}

# A small path MTU and a slow link (a token bucket: netem is not always in
# the kernel), so that big UDP messages leave as IP fragments and TCP
# carries SIP in small segments, several messages in one segment when the
# sender is ahead of the link. IPv6 needs a link MTU of at least 1280;
# IPv4 gets 576 through its host routes.
# Each side of the link and the peer it reaches: namespace:device:address.
lab_hops=("$ns_ua:ua0:192.0.2.10" "$ns_pbx:pbx0:192.0.2.20"
          "$ns_pbx:pbx0:192.0.2.30")

network_narrow () {
  local hop ns dev peer
  for hop in "${lab_hops[@]}"; do
    IFS=: read -r ns dev peer <<<"$hop"
    ip netns exec "$ns" ip link set "$dev" mtu 1280
    ip netns exec "$ns" ip route replace "$peer/32" dev "$dev" mtu lock 576
    ip netns exec "$ns" tc qdisc replace dev "$dev" root tbf rate 256kbit \
      burst 1600 latency 400ms
  done
}

network_wide () {
  local hop ns dev peer
  for hop in "${lab_hops[@]}"; do
    IFS=: read -r ns dev peer <<<"$hop"
    ip netns exec "$ns" ip route del "$peer/32" dev "$dev" 2>/dev/null || true
    ip netns exec "$ns" tc qdisc del dev "$dev" root 2>/dev/null || true
    ip netns exec "$ns" ip link set "$dev" mtu 1500
  done
}

kamailio_start () {
  rm -rf "$work/kamailio"
  mkdir -p "$work/kamailio"
  spawn 3600 ip netns exec "$ns_pbx" kamailio -f "$lab/kamailio.cfg" -DD -E \
    -m 64 -M 8 -Y "$work/kamailio" -P "$work/kamailio/pid" \
    >>"$work/kamailio.log" 2>&1
  kamailio_pid=$last_pid
  wait_for "kamailio to listen" 10 \
    in_pbx sh -c 'ss -lun | grep -q "192.0.2.10:5060"'
}

# wait_for WHAT SECONDS COMMAND...: polls COMMAND every 0.1 s.
wait_for () {
  local what=$1 seconds=$2 tries; shift 2
  for ((tries = seconds * 10; tries > 0; tries--)); do
    "$@" && return 0
    sleep 0.1
  done
  die "timed out waiting for $what"
}

# capture_start NAME [FILTER]: starts a fresh kamailio (no transaction of
# an earlier scenario leaks into this one) and tcpdump, which keeps only
# what also matches FILTER when one is given.
capture_start () {
  capture_name=$1
  local only=${2:-}
  kamailio_start
  capture_file="$work/$capture_name.pcap"
  # Non-first IP fragments carry no UDP or TCP header: keep them.
  spawn 600 ip netns exec "$ns_ua" tcpdump -i ua0 -s 0 -U -n -Z root --immediate-mode \
    -w "$capture_file" \
    "((port 5060 or portrange 5070-5090)
      or (ip and ip[6:2] & 0x1fff != 0) or (ip6 and ip6[6] == 44))
     ${only:+and ($only)}" \
    2>"$work/$capture_name.tcpdump.log"
  capture_pid=$last_pid
  wait_for "tcpdump to listen" 10 \
    grep -q "listening on" "$work/$capture_name.tcpdump.log"
}

# Stops tcpdump, then writes the capture and its truth (what tshark reads
# in it) into captures/recorded/.
capture_stop () {
  pause 0.5
  stop_pid "$capture_pid"
  cp "$capture_file" "$out_dir/$capture_name.pcap"
  echo "recorded $capture_name.pcap:" \
    "$(grep -o '[0-9]* packets captured' \
       "$work/$capture_name.tcpdump.log" || echo '? packets')"
  sh "$lab/../../tests/oracle/oracle_check.sh" --write \
    "$out_dir/$capture_name.pcap" "$out_dir/$capture_name.truth.jsonl" \
    2>/dev/null
  stop_pid "$kamailio_pid"
}

# expect TEXT...: the truth of the capture just recorded has a record
# holding every TEXT. A scenario states what it is for this way, so that a
# tool that behaves differently on another machine is noticed.
expect () {
  local truth="$out_dir/$capture_name.truth.jsonl" text found
  found=$(grep -F -- "$1" "$truth" || true)
  for text in "${@:2}"; do
    found=$(grep -F -- "$text" <<<"$found" || true)
  done
  if [ -z "$found" ]; then
    echo "record.sh: $capture_name.pcap: no record with $*" >&2
    lab_failures=$((lab_failures + 1))
  fi
}
lab_failures=0

main () {
  if [ "${1:-}" = --list ]; then
    printf '%s\n' "${lab_scenarios[@]}"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces)"
  local tool
  for tool in kamailio sipp sipsak svcrack svwar baresip tcpdump tc; do
    command -v "$tool" >/dev/null \
      || die "$tool is missing: run scripts/install-deps.sh --lab"
  done
  local scenarios=("$@")
  [ ${#scenarios[@]} -gt 0 ] || scenarios=("${lab_scenarios[@]}")
  local name
  for name in "${scenarios[@]}"; do
    declare -F "scenario_$name" >/dev/null || die "no scenario $name"
  done

  work=$(mktemp -d /tmp/sipscan-lab.XXXXXX)
  chmod 755 "$work"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$out_dir"
  network_up
  for name in "${scenarios[@]}"; do
    "scenario_$name"
  done
  write_versions "${scenarios[@]}"
  [ "$lab_failures" -eq 0 ] || die "$lab_failures expectations not met"
}

# Provenance: the packages that made the captures of the last run.
write_versions () {
  {
    echo "# Recorded by captures/lab/record.sh on $(date -u +%Y-%m-%d)" \
      "($(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r))"
    echo "# scenarios: $*"
    dpkg-query -W -f '${Package} ${Version}\n' kamailio sip-tester sipsak \
      sipvicious baresip-core tcpdump tshark
  } >"$out_dir/VERSIONS"
}

main "$@"
