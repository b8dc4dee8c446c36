#!/bin/sh
# Compares, for every capture of ../shared/corpus, the number of SIP
# messages sipscan analyses with the number tshark decodes (MANIFEST.tsv's
# sip_messages). Where they differ, count_differences.tsv must have a row
# with both counts, the side that is right and why; a row whose counts no
# longer hold fails too, so the table stays true.
#   manifest_counts.sh SIPSCAN SHARED_DIR
set -u
sipscan=$1 shared=$2
here=$(cd "$(dirname "$0")" && pwd)
corpus="$shared/corpus"
table="$here/count_differences.tsv"
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
  echo "SKIP: $corpus/MANIFEST.tsv is absent (../shared is not next to the repository)"
  exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
same=0 explained=0 failures=0
rows=$(awk -F'\t' 'NR > 1 && $7 !~ /^n\/a/ { print $1 "\t" $8 }' \
         "$corpus/MANIFEST.tsv")
# Reads "file<TAB>tshark count" lines from $rows.
while IFS="$(printf '\t')" read -r file tshark; do
  tshark=${tshark%% *}   # "0 (6 in HEP payload)": the count comes first
  "$sipscan" --format json "$corpus/$file" >"$out" 2>/dev/null
  ours=$(sed -n 's/^{"type":"summary".*"sip_messages":\([0-9]*\).*/\1/p' "$out")
  row=$(awk -F'\t' -v f="$file" '$1 == f' "$table")
  if [ "$ours" = "$tshark" ]; then
    if [ -n "$row" ]; then
      echo "FAIL $file: counts agree ($ours) but count_differences.tsv explains a difference"
      failures=$((failures + 1))
    else
      same=$((same + 1))
    fi
  elif [ -z "$row" ]; then
    echo "FAIL $file: sipscan $ours, tshark $tshark, and no row in count_differences.tsv"
    failures=$((failures + 1))
  elif ! echo "$row" | awk -F'\t' -v o="$ours" -v t="$tshark" \
         '$2 == o && $3 == t { ok = 1 } END { exit !ok }'; then
    echo "FAIL $file: sipscan $ours, tshark $tshark; the table says: $row"
    failures=$((failures + 1))
  else
    explained=$((explained + 1))
    echo "differs $file: sipscan $ours, tshark $tshark ($(echo "$row" | cut -f4) is right)"
  fi
done <<ROWS
$rows
ROWS
echo "$same equal, $explained differ as count_differences.tsv explains, $failures failed"
[ "$failures" -eq 0 ]
