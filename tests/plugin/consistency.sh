#!/bin/sh
# The plugin and the CLI must find the same things in the same capture:
# for each capture, the finding records of `tshark -2 -q -z sipscan,json`
# (stuck_invite, unanswered_invite, auth_attempt, auth_user, auth_source)
# equal those of `sipscan --format json`, as sets of lines. The summary is
# not compared: Wireshark hands the plugin SIP messages, not frames, so its
# frame counters describe what Wireshark decoded.
#
# Where Wireshark decodes a capture differently (a port it does not try, a
# message it marks malformed, a link type), the capture is listed in
# DIFFERENCES as capture<TAB>tshark options<TAB>reason. With tshark's
# defaults the findings must then differ (or the entry is stale and the
# test fails); when the options column is not "-", they must agree again
# under those options (e.g. a decode-as rule), so that only the listed
# cause can be behind the difference.
#
#   consistency.sh PLUGIN_SO SIPSCAN DIFFERENCES --captures REPO_CAPTURES_DIR
#   consistency.sh PLUGIN_SO SIPSCAN DIFFERENCES --corpus SHARED_DIR
set -u
plugin_so=$1 sipscan=$2 differences=$3 mode=$4 dir=$5
case $mode in
  --corpus)
    if [ ! -f "$dir/corpus/MANIFEST.tsv" ]; then
      echo "SKIPPED: $dir/corpus/MANIFEST.tsv is absent (../shared is not next to the repository)"
      exit 77
    fi ;;
  --captures) ;;
  *) echo "usage: $0 PLUGIN_SO SIPSCAN DIFFERENCES --captures DIR | --corpus SHARED" >&2; exit 2 ;;
esac
. "$(dirname "$0")/tshark_env.sh" "$plugin_so"

# label<TAB>path of every capture to compare
list="$work/list"
if [ "$mode" = --corpus ]; then
  awk -F'\t' 'NR > 1 && $7 !~ /^n\/a/ { print "corpus/" $1 "\t" c "/" $1 }' \
    c="$dir/corpus" "$dir/corpus/MANIFEST.tsv" >"$list"
else
  for f in "$dir"/*.pcap "$dir"/*.pcapng "$dir"/recorded/*.pcap; do
    [ -f "$f" ] || continue
    printf 'captures/%s\t%s\n' "${f#"$dir"/}" "$f"
  done >"$list"
fi

findings() { grep -v '"type":"summary"' "$1" | LC_ALL=C sort; }
# entry CAPTURE FIELD: a field of the capture's line in DIFFERENCES
entry() { awk -F'\t' -v c="$1" -v f="$2" '$1 == c { print $f }' "$differences"; }
# compare PATH [TSHARK OPTION...]: sets $problem when the findings differ
compare() {
  p=$1; shift
  run_tshark "$@" -2 -q -z sipscan,json -r "$p" >"$work/plugin.json" 2>"$work/tshark.err"
  findings "$work/plugin.json" >"$work/plugin.f"
  problem=""
  if ! grep -q '"type":"summary"' "$work/plugin.json"; then
    problem="tshark gave no report: $(head -c 200 "$work/tshark.err")"
  elif ! cmp -s "$work/cli.f" "$work/plugin.f"; then
    problem="findings differ (CLI $(wc -l <"$work/cli.f"), plugin $(wc -l <"$work/plugin.f")): $(diff "$work/cli.f" "$work/plugin.f" | grep '^[<>]' | head -4 | cut -c1-300)"
  fi
}

total=0 failures=0 explained=0
tab=$(printf '\t')
while IFS="$tab" read -r label path; do
  total=$((total + 1))
  staged=$(stage "$path") || { echo "FAIL $label: cannot copy"; failures=$((failures + 1)); continue; }
  "$sipscan" --format json "$path" >"$work/cli.json" 2>/dev/null
  findings "$work/cli.json" >"$work/cli.f"
  compare "$staged"
  reason=$(entry "$label" 3) options=$(entry "$label" 2)
  if [ -n "$problem" ] && [ -n "$reason" ] && [ "$options" != "-" ]; then
    # shellcheck disable=SC2086 # options are words for tshark
    compare "$staged" $options
    if [ -n "$problem" ]; then
      failures=$((failures + 1))
      echo "FAIL $label: differs even with $options ($reason): $problem"
    else
      explained=$((explained + 1))
      echo "known $label: agrees only with $options: $reason"
    fi
  elif [ -n "$problem" ] && [ -n "$reason" ]; then
    explained=$((explained + 1))
    echo "known $label: $reason"
  elif [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $label: $problem"
  elif [ -n "$reason" ]; then
    failures=$((failures + 1))
    echo "FAIL $label: listed in $(basename "$differences") ($reason) but the plugin and the CLI now agree: remove the entry"
  else
    echo "ok   $label ($(wc -l <"$work/cli.f") findings)"
  fi
  rm -f "$staged"
done <"$list"
echo "$((total - failures - explained)) agree, $explained differ as listed, $failures failed"
[ "$failures" -eq 0 ]
