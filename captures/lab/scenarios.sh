# The lab's scenarios, one capture each; sourced by record.sh, whose
# helpers (in_ua, spawn, stop_pid, capture_start/stop, network_*) they use.
# Each scenario_NAME records captures/recorded/NAME.pcap.
# shellcheck shell=bash

lab_scenarios=(
  register_accepted wrong_password challenge_unanswered stale_nonce
  bruteforce extension_scan invite_407_call stuck_408 stuck_cancel
  stuck_capture_end mixed_transports fragmented load
)

sipp_dir=$lab/sipp
pbx=192.0.2.10:5060

# sipp_client SECONDS ADDRESS PORT SIPP-ARGS...: one SIPp client run in
# the phones' namespace, to its end.
sipp_client () {
  local limit=$1 address=$2 port=$3; shift 3
  run_in_ua "$limit" "$work/sipp.log" sipp -nostdin -i "$address" \
    -p "$port" -max_socket 64 "$@" || echo "  (sipp exited with status $?)"
}

# callee NAME: starts the scripted callee sipp/uas_NAME.xml; the kamailio
# configuration routes 2001 to answer, 2486 to busy, 2100 and 2101 to stall.
callee_start () {
  local name=$1 port=$2 transport=${3:-u1}
  spawn 600 ip netns exec "$ns_ua" sipp -nostdin -bind_local \
    -i 192.0.2.30 -p "$port" -t "$transport" -sf "$sipp_dir/uas_$name.xml" \
    >>"$work/sipp-callee.log" 2>&1
  callees+=("$last_pid")
}

callees_stop () {
  local pid
  for pid in "${callees[@]}"; do
    stop_pid "$pid"
  done
  callees=()
}
callees=()

# baresip_phone USER ADDRESS SECONDS [COMMAND]: a baresip phone
# registered as USER that auto-answers, quits (unregistering) after
# SECONDS, and runs COMMAND (e.g. "/dial 1002") once registered.
baresip_phone () {
  local user=$1 address=$2 seconds=$3 command=${4:-}
  local dir="$work/baresip-$user"
  mkdir -p "$dir"
  cat >"$dir/config" <<EOF
poll_method epoll
sip_listen $address:5080
module_path /usr/lib/baresip/modules
module g711.so
module ausine.so
module aufile.so
module_tmp account.so
module_app menu.so
audio_source ausine,440
ausrc_srate 48000
ausrc_channels 2
auplay_srate 48000
audio_player aufile,$dir/heard.wav
audio_alert aufile,$dir/alert.wav
rtp_ports 30000-30100
EOF
  echo "<sip:$user@192.0.2.10>;auth_pass=lab$user;answermode=auto;regint=600" \
    >"$dir/accounts"
  local args=(-f "$dir" -t "$seconds")
  [ -n "$command" ] && args+=(-e "$command")
  spawn $((seconds + 10)) ip netns exec "$ns_ua" baresip "${args[@]}" \
    >"$dir/log" 2>&1
}

scenario_register_accepted () {
  capture_start register_accepted
  baresip_phone 1001 192.0.2.20 3
  wait "$last_pid" || true
  capture_stop
  expect '"type":"auth_attempt"' '"outcome":"accepted"'
}

# sipsak registering with a wrong password: 1002 is challenged again, 1003
# gets 403 Forbidden.
scenario_wrong_password () {
  capture_start wrong_password
  local user
  for user in 1002 1003; do
    run_in_ua 20 "$work/sipsak.log" sipsak -U -C "sip:$user@192.0.2.20:5090" \
      -x 60 -s "sip:$user@192.0.2.10" --auth-username "$user" \
      -a wrong-password --local-ip 192.0.2.20 -H 192.0.2.20 -l 5090 || true
  done
  capture_stop
  expect '"type":"auth_attempt"' '"username":"1002"' '"outcome":"wrong_credentials"'
  expect '"type":"auth_attempt"' '"username":"1003"' '"outcome":"forbidden"'
}

# A phone that never answers its 401 (SIPp; sipsak always answers, with
# the username as password when it has none).
scenario_challenge_unanswered () {
  capture_start challenge_unanswered
  sipp_client 20 192.0.2.20 5070 -sf "$sipp_dir/uac_register_unanswered.xml" \
    -key caller 1004 -m 1 "$pbx"
  capture_stop
  expect '"type":"auth_attempt"' '"outcome":"abandoned"'
}

# SIPp registers, waits past the 10 s nonce lifetime, refreshes with the
# old nonce (401 stale=true) and retries with the new one.
scenario_stale_nonce () {
  capture_start stale_nonce
  sipp_client 40 192.0.2.20 5070 -sf "$sipp_dir/uac_register_stale.xml" \
    -key caller 1004 -au 1004 -ap lab1004 -d 12000 -m 1 "$pbx"
  capture_stop
  expect '"type":"auth_attempt"' '"outcome":"stale_nonce"'
  expect '"type":"auth_attempt"' '"result_status":200'
}

# attacker_source on|off: the phones' namespace sends to the PBX from the
# attacker's address, 192.0.2.66 (SIPVicious binds to the wildcard).
attacker_source () {
  if [ "$1" = on ]; then
    in_ua ip route replace 192.0.2.10/32 dev ua0 src 192.0.2.66
  else
    in_ua ip route del 192.0.2.10/32 dev ua0 2>/dev/null || true
  fi
}

# svcrack guesses 1001's password from a word list; the right one is
# near the end.
scenario_bruteforce () {
  capture_start bruteforce
  attacker_source on
  run_in_ua 60 "$work/svcrack.log" env HOME="$work" svcrack -u 1001 \
    -d "$lab/passwords.txt" -x 192.0.2.66 -p 5060 192.0.2.10 || true
  attacker_source off
  capture_stop
  expect '"type":"auth_attempt"' '"outcome":"wrong_credentials"'
  expect '"type":"auth_attempt"' '"username":"1001"' '"outcome":"accepted"'
}

# svwar looks for registered extensions 1000-1010.
scenario_extension_scan () {
  capture_start extension_scan
  attacker_source on
  run_in_ua 60 "$work/svwar.log" env HOME="$work" svwar -e 1000-1010 \
    -m REGISTER -x 192.0.2.66 -p 5060 192.0.2.10 || true
  attacker_source off
  capture_stop
  expect '"type":"auth_attempt"' '"outcome":"abandoned"'
}

# baresip 1001 calls baresip 1002 (INVITE, 407, INVITE with credentials),
# which answers; the caller hangs up when it quits.
scenario_invite_407_call () {
  capture_start invite_407_call
  baresip_phone 1002 192.0.2.30 12
  local callee=$last_pid
  pause 2
  baresip_phone 1001 192.0.2.20 7 "/dial 1002"
  wait "$last_pid" || true
  wait "$callee" || true
  capture_stop
  expect '"type":"auth_attempt"' '"method":"INVITE"' '"challenge_status":407' '"outcome":"accepted"'
}

# A call to 2100, whose callee stalls after 100 Trying, lasts until
# kamailio's INVITE timer (34 s) gives 408 to the caller and CANCELs the
# callee.
scenario_stuck_408 () {
  capture_start stuck_408
  callee_start stall 5073
  sipp_client 60 192.0.2.20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1001 -key callee 2100 -key padding - -au 1001 -ap lab1001 \
    -m 1 "$pbx"
  callees_stop
  capture_stop
  expect '"type":"stuck_invite"' '"ended_by":"final"' '"end_status":408'
}

# The same stall on 2101 (kamailio waits 60 s), so the caller gives up
# first, after 35 s, and CANCELs.
scenario_stuck_cancel () {
  capture_start stuck_cancel
  callee_start stall 5073
  sipp_client 60 192.0.2.20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1001 -key callee 2101 -key padding - -au 1001 -ap lab1001 \
    -m 1 "$pbx"
  callees_stop
  capture_stop
  expect '"type":"stuck_invite"' '"ended_by":"cancel"'
}

# The same stall on 2101, and the capture stops 34 s after the INVITE,
# before anyone gives up.
scenario_stuck_capture_end () {
  capture_start stuck_capture_end
  callee_start stall 5073
  spawn 60 ip netns exec "$ns_ua" sipp -nostdin -i 192.0.2.20 -p 5070 \
    -sf "$sipp_dir/uac_call.xml" -key caller 1001 -key callee 2101 \
    -key padding - -au 1001 -ap lab1001 -m 1 "$pbx" >>"$work/sipp.log" 2>&1
  local caller=$last_pid
  pause 34
  capture_stop
  expect '"type":"stuck_invite"' '"ended_by":"capture_end"'
  stop_pid "$caller"
  callees_stop
}

# A registration and a call over TCP, a call over IPv6, and a refused
# call over UDP.
scenario_mixed_transports () {
  capture_start mixed_transports
  callee_start answer 5071
  callee_start busy 5072
  sipp_client 30 192.0.2.20 5070 -t t1 -sf "$sipp_dir/uac_register_stale.xml" \
    -key caller 1002 -au 1002 -ap lab1002 -d 1 -m 1 "$pbx"
  sipp_client 30 192.0.2.20 5070 -t t1 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1002 -key callee 2001 -key padding - -au 1002 -ap lab1002 \
    -d 1000 -m 1 "$pbx"
  sipp_client 30 2001:db8::20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1004 -key callee 2001 -key padding - -au 1004 -ap lab1004 \
    -d 1000 -m 1 "[2001:db8::10]:5060"
  sipp_client 30 192.0.2.20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1001 -key callee 2486 -key padding - -au 1001 -ap lab1001 \
    -m 1 "$pbx"
  callees_stop
  capture_stop
  expect '"type":"auth_attempt"' '"method":"REGISTER"' '"outcome":"accepted"'
  expect '"type":"auth_attempt"' '"method":"INVITE"' '"outcome":"accepted"'
}

# Big INVITEs on a 576-byte MTU: over UDP they leave as IP fragments
# (IPv4 and IPv6), over TCP as several segments, with several messages in
# one segment when calls overlap.
scenario_fragmented () {
  local padding
  padding=$(printf 'x%.0s' $(seq 1 1200))
  network_narrow
  capture_start fragmented
  callee_start answer 5071
  sipp_client 30 192.0.2.20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1001 -key callee 2001 -key padding "$padding" \
    -au 1001 -ap lab1001 -d 500 -m 1 "$pbx"
  sipp_client 30 2001:db8::20 5070 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1004 -key callee 2001 -key padding "$padding" \
    -au 1004 -ap lab1004 -d 500 -m 1 "[2001:db8::10]:5060"
  sipp_client 60 192.0.2.20 5075 -t t1 -sf "$sipp_dir/uac_call.xml" \
    -key caller 1002 -key callee 2001 -key padding "$padding" \
    -au 1002 -ap lab1002 -d 500 -r 20 -l 10 -m 10 "$pbx"
  callees_stop
  capture_stop
  expect '"type":"auth_attempt"' '"method":"INVITE"' '"outcome":"accepted"'
  network_wide
}

# SIPp load from the trusted trunk: 1000 calls, 200 at once, to 2001
# (answered), 2486 (busy) and 2999 (unknown, 404), in the proportions of
# load_numbers.csv. Captured on the trunk's side only, to stay small.
scenario_load () {
  capture_start load "host 192.0.2.40"
  callee_start answer 5071
  callee_start busy 5072
  sipp_client 120 192.0.2.40 5070 -sf "$sipp_dir/uac_trunk.xml" \
    -inf "$lab/load_numbers.csv" -d 2000 -r 100 -l 400 -m 1000 "$pbx"
  callees_stop
  capture_stop
}
