#!/bin/sh
# The plugin's display-filter fields, expert info, preference and reports
# in tshark, on the generated captures whose truth is known
# (captures/README.md).
#   fields.sh PLUGIN_SO SIPSCAN CAPTURES_DIR
set -u
plugin_so=$1 sipscan=$2 captures=$3
sipscan=$(cd "$(dirname "$sipscan")" && pwd)/$(basename "$sipscan")
. "$(dirname "$0")/tshark_env.sh" "$plugin_so"
stuck=$(stage "$captures/stuck_invite.pcap")
digest=$(stage "$captures/digest_auth.pcap")
brute=$(stage "$captures/bruteforce.pcap")
failures=0
# tshark prints expert groups and severities as numbers (epan/proto.h):
# 33554432 PI_SEQUENCE, 167772160 PI_SECURITY; 6291456 PI_WARN, 4194304
# PI_NOTE.

# expect NAME EXPECTED_FILE COMMAND...: the command's output is EXPECTED
expect() {
  name=$1 expected=$2; shift 2
  "$@" >"$work/actual" 2>"$work/stderr"
  if diff -u "$expected" "$work/actual" >"$work/diff"; then
    echo "ok   $name"
  else
    failures=$((failures + 1))
    echo "FAIL $name"
    cat "$work/diff"
    head -5 "$work/stderr"
  fi
}

cat >"$work/expected" <<'OUT'
4	invite	40.000000000	final	4	5	28
5	trying	40.000000000	final	4	5	28
6	invite	35.000000000	provisional	6	7	25
7	trying	35.000000000	provisional	6	7	25
10	invite	45.000000000	cancel	10	11	32
11	trying	45.000000000	cancel	10	11	32
14	invite	62.011000000	capture_end	14	15	
15	trying	62.011000000	capture_end	14	15	
16	invite	60.027000000	final	16	17	40
17	trying	60.027000000	final	16	17	40
18	invite	60.000000000	final	18	19	38
19	trying	60.000000000	final	18	19	38
25	end	35.000000000	provisional	6	7	25
28	end	40.000000000	final	4	5	28
32	end	45.000000000	cancel	10	11	32
38	end	60.000000000	final	18	19	38
40	end	60.027000000	final	16	17	40
OUT
expect "stuck INVITEs: the INVITE, its 100 and the end, with -2" "$work/expected" \
  run_tshark -r "$stuck" -2 -Y sipscan.stuck -T fields -e frame.number \
    -e sipscan.stuck.role -e sipscan.stuck.duration -e sipscan.stuck.ended_by \
    -e sipscan.stuck.invite_frame -e sipscan.stuck.trying_frame \
    -e sipscan.stuck.end_frame

# One pass: a verdict shows only from the frame that decides it on.
cat >"$work/expected" <<'OUT'
25	end
28	end
32	end
38	end
40	end
OUT
expect "stuck INVITEs in one pass: only the frames that end a stall" \
  "$work/expected" \
  run_tshark -r "$stuck" -Y sipscan.stuck -T fields -e frame.number \
    -e sipscan.stuck.role

# expert_info CAPTURE FILTER: frame, group, severity and message of the
# last expert info of each frame that FILTER keeps
expert_info() {
  run_tshark -r "$1" -2 -Y "$2" -T fields -e frame.number -e _ws.expert.group \
    -e _ws.expert.severity -e _ws.expert.message -E occurrence=l
}

cat >"$work/expected" <<'OUT'
4	33554432	6291456	INVITE stuck after 100 Trying for 40.000 s (ended by final 408)
6	33554432	6291456	INVITE stuck after 100 Trying for 35.000 s (ended by provisional 180)
10	33554432	6291456	INVITE stuck after 100 Trying for 45.000 s (ended by cancel)
14	33554432	6291456	INVITE stuck after 100 Trying for 62.011 s (ended by capture_end)
16	33554432	6291456	INVITE stuck after 100 Trying for 60.027 s (ended by final 480)
18	33554432	6291456	INVITE stuck after 100 Trying for 60.000 s (ended by final 480)
30	33554432	4194304	INVITE got no response for 22.035 s (ended by capture_end)
OUT
expect "stuck and unanswered INVITEs: expert info" "$work/expected" \
  expert_info "$stuck" 'sipscan.expert.stuck_invite || sipscan.expert.unanswered_invite'

# The preference: with a 1 s timeout, the call answered after 5 s is stuck.
printf '4\n6\n10\n12\n14\n16\n18\n' >"$work/expected"
expect "-o sipscan.trying_timeout:1" "$work/expected" \
  run_tshark -r "$stuck" -o sipscan.trying_timeout:1 -2 \
    -Y 'sipscan.stuck.role == "invite"' -T fields -e frame.number

cat >"$work/expected" <<'OUT'
7	wrong_credentials	6	7	8	bob	example.com
8	wrong_credentials	6	7	8	bob	example.com
9	forbidden	8	9	10	bob	example.com
10	forbidden	8	9	10	bob	example.com
OUT
expect "failed Digest attempts: sipscan.auth.failed" "$work/expected" \
  run_tshark -r "$digest" -2 -Y sipscan.auth.failed -T fields \
    -e frame.number -e sipscan.auth.outcome -e sipscan.auth.challenge_frame \
    -e sipscan.auth.retry_frame -e sipscan.auth.result_frame \
    -e sipscan.auth.username -e sipscan.auth.realm

cat >"$work/expected" <<'OUT'
3	accepted
4	accepted
7	wrong_credentials
8	wrong_credentials
9	forbidden
10	forbidden
11	stale_nonce
12	stale_nonce
13	accepted
14	accepted
18	accepted
22	abandoned
25	no_response
27	accepted
32	accepted
33	accepted
36	accepted
37	accepted
38	accepted
39	accepted
OUT
expect "every Digest outcome: sipscan.auth.outcome" "$work/expected" \
  run_tshark -r "$digest" -2 -Y sipscan.auth.outcome -T fields \
    -e frame.number -e sipscan.auth.outcome

cat >"$work/expected" <<'OUT'
7	167772160	6291456	Digest authentication failed (wrong_credentials): user bob, realm example.com
9	167772160	6291456	Digest authentication failed (forbidden): user bob, realm example.com
22	167772160	4194304	Digest challenge never answered (realm example.com)
OUT
expect "failed and abandoned Digest: expert info" "$work/expected" \
  expert_info "$digest" 'sipscan.expert.auth_failed || sipscan.expert.auth_abandoned'

printf '68\t203.0.113.66\tSIPVicious\t167772160\t6291456\n' >"$work/expected"
expect "brute-force source: field and expert info" "$work/expected" \
  run_tshark -r "$brute" -2 -Y sipscan.expert.brute_force -T fields \
    -e frame.number -e sipscan.auth.brute_force.source \
    -e sipscan.auth.brute_force.scanner -e _ws.expert.group \
    -e _ws.expert.severity -E occurrence=l

# -z sipscan is the CLI's report: the same text, the same JSON Lines
# (every frame of these captures is SIP over UDP, so even the counters
# agree).
for capture in stuck_invite.pcap digest_auth.pcap; do
  (cd "$captures" && "$sipscan" "$capture") >"$work/expected"
  expect "-z sipscan on $capture is sipscan's text report" "$work/expected" \
    run_tshark -r "$work/captures/$capture" -2 -q -z sipscan
  "$sipscan" --format json "$captures/$capture" >"$work/expected"
  expect "-z sipscan,json on $capture is sipscan --format json" \
    "$work/expected" \
    run_tshark -r "$work/captures/$capture" -2 -q -z sipscan,json
done

[ "$failures" -eq 0 ]
