#!/bin/sh
# The command line's contract: standard input, exit statuses, one-line
# errors naming the file, and a report of whatever was read.
#   cli.sh SIPSCAN CAPTURES_DIR FUZZ_CRASHES_DIR
set -u
sipscan=$1 captures=$2 crashes=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 passed=0
check() { # NAME CONDITION...
  name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failures=$((failures + 1)); echo "FAIL $name"; fi
}

"$sipscan" --format json "$captures/stuck_invite.pcap" >"$tmp/file.jsonl"
"$sipscan" --format json - <"$captures/stuck_invite.pcap" >"$tmp/stdin.jsonl"
check "standard_input_gives_the_same_report" cmp -s "$tmp/file.jsonl" "$tmp/stdin.jsonl"

"$sipscan" "$tmp/absent.pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing_file_exits_1" [ "$rc" -eq 1 ]
check "missing_file_error_is_one_line_naming_it" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q '^sipscan: $tmp/absent.pcap: ' '$tmp/err'"

"$sipscan" --format json "$tmp/absent.pcap" "$captures/stuck_invite.pcap" >"$tmp/out" 2>/dev/null; rc=$?
check "other_inputs_are_still_analysed" sh -c "[ $rc -eq 1 ] && grep -q '\"stuck_invites\":6' '$tmp/out'"

size=$(wc -c <"$captures/stuck_invite.pcap")
head -c $((size - 100)) "$captures/stuck_invite.pcap" >"$tmp/cut.pcap"
"$sipscan" --format json "$tmp/cut.pcap" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated_file_exits_1_with_one_error_line" \
  sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q '^sipscan: $tmp/cut.pcap: ' '$tmp/err'"
check "truncated_file_still_reports_what_was_read" grep -q '"frames":40,' "$tmp/out"

head -c 1000 /dev/zero >"$tmp/zeros.pcap"
"$sipscan" "$tmp/zeros.pcap" >/dev/null 2>"$tmp/err"; rc=$?
check "not_a_capture_exits_1" sh -c "[ $rc -eq 1 ] && grep -q '^sipscan: $tmp/zeros.pcap: ' '$tmp/err'"

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
"$sipscan" --version >"$tmp/out"; rc=$?
check "version_exits_0" sh -c "[ $rc -eq 0 ] && grep -q '^sipscan ' '$tmp/out'"

"$sipscan" --format json --trying-timeout 50 "$captures/stuck_invite.pcap" >"$tmp/out"
check "trying_timeout_option_changes_findings" grep -q '"stuck_invites":3,' "$tmp/out"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
