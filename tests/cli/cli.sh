#!/bin/sh
# The command line's contract: standard input, exit statuses, one-line
# errors naming the file, a report of whatever was read, also from
# damaged, foreign and unusual files, and options that take effect.
#   cli.sh SIPSCAN CAPTURES_DIR GEN_HOSTILE SUMMARY_ASSERT FUZZ_CRASHES_DIR
set -u
sipscan=$1 captures=$2 gen=$3 summary_assert=$4 crashes=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0
check() { # NAME CONDITION...
  name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failures=$((failures + 1)); echo "FAIL $name"; fi
}
# Runs sipscan --format json [OPTION...] FILE: $tmp/out, $tmp/err and $rc.
scan() { "$sipscan" --format json "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# The last scan exited 1 with one line on stderr naming FILE and a reason.
failed_naming() { # FILE
  [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -q "^sipscan: $1: ." "$tmp/err"
}
# The last scan's summary: frames add up, and each assertion holds.
summary() { "$summary_assert" "$tmp/out" "$@" >"$tmp/checks" || { cat "$tmp/checks"; false; }; }
# The last scan exited 0, wrote nothing on stderr, and summary holds.
succeeded_with() { [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && summary "$@"; }
# The offset of record K (from 0) of a little-endian pcap file.
record_offset() { # FILE K
  offset=24 k=0
  while [ "$k" -lt "$2" ]; do
    caplen=$(od -An -tu4 -j $((offset + 8)) -N4 "$1" | tr -d ' ')
    offset=$((offset + 16 + caplen)) k=$((k + 1))
  done
  echo "$offset"
}

"$sipscan" --format json "$captures/stuck_invite.pcap" >"$tmp/file.jsonl"
"$sipscan" --format json - <"$captures/stuck_invite.pcap" >"$tmp/stdin.jsonl"
check "standard_input_gives_the_same_report" cmp -s "$tmp/file.jsonl" "$tmp/stdin.jsonl"

scan "$tmp/absent.pcap"
check "missing_file_exits_1_with_one_error_line_naming_it" \
  failed_naming "$tmp/absent.pcap"

"$sipscan" --format json "$tmp/absent.pcap" "$captures/stuck_invite.pcap" >"$tmp/out" 2>/dev/null; rc=$?
check "other_inputs_are_still_analysed" sh -c "[ $rc -eq 1 ] && grep -q '\"stuck_invites\":6' '$tmp/out'"

size=$(wc -c <"$captures/stuck_invite.pcap")
head -c $((size - 100)) "$captures/stuck_invite.pcap" >"$tmp/cut.pcap"
scan "$tmp/cut.pcap"
check "truncated_file_exits_1_with_one_error_line" failed_naming "$tmp/cut.pcap"
check "truncated_file_still_reports_what_was_read" summary frames=40

# Cut in the middle of record 10's header, then of its data: the report
# covers the 10 records before the damage.
offset=$(record_offset "$captures/stuck_invite.pcap" 10)
head -c $((offset + 8)) "$captures/stuck_invite.pcap" >"$tmp/cut_header.pcap"
scan "$tmp/cut_header.pcap"
check "file_cut_in_a_record_header_exits_1_naming_it" failed_naming "$tmp/cut_header.pcap"
check "file_cut_in_a_record_header_reports_the_records_before" summary frames=10
caplen=$(od -An -tu4 -j $((offset + 8)) -N4 "$captures/stuck_invite.pcap" | tr -d ' ')
head -c $((offset + 16 + caplen / 2)) "$captures/stuck_invite.pcap" >"$tmp/cut_data.pcap"
scan "$tmp/cut_data.pcap"
check "file_cut_in_a_record_data_exits_1_naming_it" failed_naming "$tmp/cut_data.pcap"
check "file_cut_in_a_record_data_reports_the_records_before" summary frames=10

head -c 1000 /dev/zero >"$tmp/zeros.pcap"
scan "$tmp/zeros.pcap"
check "not_a_capture_exits_1" failed_naming "$tmp/zeros.pcap"
: >"$tmp/empty.pcap"
scan "$tmp/empty.pcap"
check "empty_file_exits_1_naming_it" failed_naming "$tmp/empty.pcap"
check "empty_file_reports_no_frame" summary frames=0
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }' >"$tmp/random.pcap"
scan "$tmp/random.pcap"
check "random_bytes_exit_1_naming_the_file" failed_naming "$tmp/random.pcap"
{ printf 'SIP/'; tail -c +5 "$captures/stuck_invite.pcap"; } >"$tmp/magic.pcap"
scan "$tmp/magic.pcap"
check "wrong_magic_exits_1_naming_the_file" failed_naming "$tmp/magic.pcap"
check "wrong_magic_reports_no_frame" summary frames=0

# gzip-compressed captures (tcpdump -z gzip, Wireshark's compressed
# saves) read as what they decompress to, members one after another.
gzip -9 -n -c "$captures/stuck_invite.pcap" >"$tmp/stuck.pcap.gz"
"$sipscan" --format json "$captures/stuck_invite.pcap" >"$tmp/plain.jsonl"
scan "$tmp/stuck.pcap.gz"
check "gzip_capture_gives_the_report_of_the_capture" \
  eval '[ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain.jsonl"'
"$sipscan" --format json - <"$tmp/stuck.pcap.gz" >"$tmp/stdin.jsonl"
check "gzip_from_standard_input_gives_the_same_report" \
  cmp -s "$tmp/stdin.jsonl" "$tmp/plain.jsonl"
{ head -c 3000 "$captures/stuck_invite.pcap" | gzip -n -c
  tail -c +3001 "$captures/stuck_invite.pcap" | gzip -n -c; } >"$tmp/members.gz"
scan "$tmp/members.gz"
check "gzip_members_read_one_after_another" \
  eval '[ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/plain.jsonl"'
size=$(wc -c <"$tmp/stuck.pcap.gz")
head -c $((size / 2)) "$tmp/stuck.pcap.gz" >"$tmp/cut.pcap.gz"
scan "$tmp/cut.pcap.gz"
check "truncated_gzip_exits_1_naming_it" \
  eval 'failed_naming "$tmp/cut.pcap.gz" && grep -q "truncated gzip data" "$tmp/err"'
check "truncated_gzip_reports_the_frames_before" summary 'frames>0'
# the trailer's CRC and length replaced: every frame decompresses first
{ head -c $((size - 8)) "$tmp/stuck.pcap.gz"; printf 'XXXXXXXX'; } >"$tmp/bad.pcap.gz"
scan "$tmp/bad.pcap.gz"
check "corrupt_gzip_exits_1_naming_it" \
  eval 'failed_naming "$tmp/bad.pcap.gz" && grep -q "corrupt gzip data" "$tmp/err"'
check "corrupt_gzip_still_reports_what_was_read" summary frames=41

# pcapng: interfaces of three link types and unknown blocks. libpcap 1.10
# stops at the second interface ("an interface has a type 101 different
# from the type of the first interface"); sipscan reads pcapng itself.
"$gen" pcapng-interfaces 0 "$tmp/interfaces.pcapng" 2>/dev/null
scan "$tmp/interfaces.pcapng"
check "pcapng_interfaces_each_decoded_with_its_link_type" \
  succeeded_with frames=4 frames_sip=4 sip_requests=4
"$sipscan" --format json - <"$tmp/interfaces.pcapng" >"$tmp/stdin.jsonl" 2>/dev/null
check "pcapng_from_standard_input_gives_the_same_report" cmp -s "$tmp/out" "$tmp/stdin.jsonl"
size=$(wc -c <"$tmp/interfaces.pcapng")
head -c $((size - 26)) "$tmp/interfaces.pcapng" >"$tmp/cut.pcapng"
scan "$tmp/cut.pcapng"
check "pcapng_cut_in_a_block_exits_1_naming_it" failed_naming "$tmp/cut.pcapng"
check "pcapng_cut_in_a_block_reports_the_frames_before" summary frames=3 frames_sip=3

# The snaplen cut one INVITE inside its SIP message (truncated) and
# another only in a trailer after its IP packet (analysed).
"$gen" snaplen 100 "$tmp/snaplen.pcap" 2>/dev/null
scan "$tmp/snaplen.pcap"
check "snaplen_cutting_sip_counts_the_frame_truncated" \
  succeeded_with frames=2 frames_truncated=1 frames_sip=1 \
  "udp: payload cut by the snaplen=1"

far=$crashes/fuzz_capture_file/pcapng_time_in_seconds_beyond_int64_ns.pcapng
"$sipscan" "$far" >/dev/null 2>"$tmp/err"; rc=$?
check "frame_time_out_of_range_exits_1_naming_the_file" \
  sh -c "[ $rc -eq 1 ] && grep -q '^sipscan: $far: frame time out of range' '$tmp/err'"

"$sipscan" >/dev/null 2>&1; rc=$?
check "no_capture_is_a_usage_error" [ "$rc" -eq 2 ]
"$sipscan" --format xml "$captures/stuck_invite.pcap" >/dev/null 2>&1; rc=$?
check "unknown_format_is_a_usage_error" [ "$rc" -eq 2 ]
"$sipscan" --trying-timeout -1 "$captures/stuck_invite.pcap" >/dev/null 2>&1; rc=$?
check "negative_timeout_is_a_usage_error" [ "$rc" -eq 2 ]
"$sipscan" --state-timeout 1e12 "$captures/stuck_invite.pcap" >/dev/null 2>&1; rc=$?
check "timeout_beyond_nanosecond_range_is_a_usage_error" [ "$rc" -eq 2 ]
"$sipscan" --threads 3 "$captures/stuck_invite.pcap" >/dev/null 2>&1; rc=$?
check "threads_other_than_1_or_2_is_a_usage_error" [ "$rc" -eq 2 ]
"$sipscan" --version >"$tmp/out"; rc=$?
check "version_exits_0" sh -c "[ $rc -eq 0 ] && grep -q '^sipscan ' '$tmp/out'"

"$sipscan" --format json --trying-timeout 50 "$captures/stuck_invite.pcap" >"$tmp/out"
check "trying_timeout_option_changes_findings" grep -q '"stuck_invites":3,' "$tmp/out"

# Each cap of the command line bounds its table, and what it drops is
# counted; without the option nothing is.
totals_rows() { # CONDITION N: the report's auth_user and auth_source rows
  [ "$(grep -c '"type":"auth_\(user\|source\)"' "$tmp/out")" "$1" "$2" ]
}
scan "$captures/digest_auth.pcap"
check "digest_totals_uncapped_drop_nothing" \
  eval 'succeeded_with aggregate_keys_dropped=0 && totals_rows -gt 2'
scan --max-aggregate-keys 1 "$captures/digest_auth.pcap"
check "max_aggregate_keys_keeps_one_user_and_one_source" \
  eval "succeeded_with 'aggregate_keys_dropped>0' && totals_rows -eq 2"
scan "$captures/carriers.pcap"
check "tcp_streams_uncapped_evict_nothing" succeeded_with tcp_streams_evicted=0
scan --max-tcp-streams 1 "$captures/carriers.pcap"
check "max_tcp_streams_evicts_and_counts" succeeded_with 'tcp_streams_evicted>0'
"$gen" fragments-ipv4 20 "$tmp/fragments.pcap" 2>/dev/null
scan "$tmp/fragments.pcap"
check "ip_datagrams_uncapped_evict_nothing" succeeded_with ip_datagrams_evicted=0
scan --max-ip-datagrams 1 "$tmp/fragments.pcap"
check "max_ip_datagrams_evicts_all_but_the_last" \
  succeeded_with ip_datagrams_evicted=19
"$sipscan" --max-aggregate-keys 0 "$captures/stuck_invite.pcap" >/dev/null 2>&1; rc=$?
check "a_cap_of_0_is_a_usage_error" [ "$rc" -eq 2 ]

# Tracking and detection on a second thread change nothing in a report.
same_with_one_and_two_threads() {
  for capture in "$captures"/*.pcap; do
    for format in text json; do
      "$sipscan" --threads 1 --format $format "$capture" >"$tmp/one" 2>&1
      "$sipscan" --threads 2 --format $format "$capture" >"$tmp/two" 2>&1
      cmp -s "$tmp/one" "$tmp/two" || { echo "differs: $capture $format"; return 1; }
    done
  done
}
check "one_and_two_threads_give_the_same_reports" same_with_one_and_two_threads

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
