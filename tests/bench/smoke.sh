#!/bin/sh
# bench/smoke: a short run of the benchmark's generator. The same seed
# and size give the same bytes, and sipscan reports on the capture every
# counter the generator predicts (--expect), each kind of the mix found.
# No timing.
#   smoke.sh GEN_LARGE_CAPTURE SIPSCAN
set -u
gen=$1 sipscan=$2
here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sipscan-bench-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { failures=$((failures + 1)); echo "FAIL $*"; }

"$gen" --seed 7 --messages 5000 --concurrency 100 --expect "$tmp/expect" \
  "$tmp/a.pcap" 2>"$tmp/a.err" || fail "generator exited $?"
"$gen" --seed 7 --messages 5000 --concurrency 100 "$tmp/b.pcap" \
  2>/dev/null || fail "generator exited $?"
cmp -s "$tmp/a.pcap" "$tmp/b.pcap" || fail "two runs with one seed differ"
grep -q "^messages 5000 frames [0-9]* bytes $(wc -c <"$tmp/a.pcap")\$" \
  "$tmp/a.err" || fail "generator's line: $(cat "$tmp/a.err")"

"$sipscan" --format json "$tmp/a.pcap" >"$tmp/report.jsonl" \
  || fail "sipscan exited $?"
sh "$here/compare_summary.sh" "$tmp/expect" "$tmp/report.jsonl" \
  || fail "sipscan's summary differs from the generator's counters"
# every kind of the mix is in the capture
for name in stuck_invites auth_accepted auth_wrong_credentials \
            auth_forbidden auth_stale_nonce sip_retransmissions \
            tcp_streams sip_stream_messages ip_datagrams_reassembled; do
  value=$(grep "^$name " "$tmp/expect" | cut -d' ' -f2)
  [ "${value:-0}" -gt 0 ] || fail "no $name in the mix"
done

[ "$failures" -eq 0 ] && echo "ok   the generator is deterministic and sipscan finds its mix"
[ "$failures" -eq 0 ]
