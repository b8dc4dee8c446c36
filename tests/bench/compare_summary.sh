#!/bin/sh
# Compares the summary of a sipscan JSON Lines report with the counters
# gen_large_capture --expect wrote: prints each difference, exits 1 when
# there is one.
#   compare_summary.sh EXPECT REPORT.jsonl
set -u
expect=$1 report=$2
summary=$(grep '"type":"summary"' "$report")
differences=0
while read -r name expected; do
  case $name in "#"*|"") continue ;; esac
  got=$(printf '%s\n' "$summary" | grep -o "\"$name\":[0-9]*" | cut -d: -f2)
  if [ "$got" != "$expected" ]; then
    echo "$name: sipscan ${got:-nothing}, generator $expected"
    differences=$((differences + 1))
  fi
done <"$expect"
[ "$differences" -eq 0 ]
