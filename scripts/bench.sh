#!/bin/sh
# The performance benchmark (README, "Performance"). On generated
# captures of several sizes, in one run: the floor (libpcap reading every
# packet and touching every byte), sipscan (text and JSON Lines with the
# default threads, and text on one thread: --threads 1) and, when
# installed, tshark's SIP statistics and tshark -2 with and without the
# plugin; wall time, CPU time, SIP messages per second, peak RSS and the
# wall time's ratio to the floor's, then the targets of issue 6.
#
#   bench.sh [--sizes 1,4,16] [--messages 550000] [--seed 1]
#            [--concurrency 2000] [--runs 5] [--tshark-sizes 1] [--no-tshark]
#
# --sizes: multiples of --messages (the 1x capture); --tshark-sizes: the
# sizes tshark runs on (about 2 minutes per run at 1x). Builds a Release
# build in build-bench/; captures are kept in ${TMPDIR:-/tmp}/sipscan-bench
# and reused for the same seed, size and concurrency.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=1,4,16 messages=550000 seed=1 concurrency=2000 runs=5 tshark_sizes=1

usage() {
  sed -n '9,10p' "$0" | sed 's/^# //' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    --no-tshark) tshark_sizes=""; shift; continue ;;
    --sizes|--messages|--seed|--concurrency|--runs|--tshark-sizes)
      [ $# -ge 2 ] || usage ;;
    *) usage ;;
  esac
  case $1 in
    --sizes) sizes=$2 ;;
    --messages) messages=$2 ;;
    --seed) seed=$2 ;;
    --concurrency) concurrency=$2 ;;
    --runs) runs=$2 ;;
    --tshark-sizes) tshark_sizes=$2 ;;
  esac
  shift 2
done

scratch=${TMPDIR:-/tmp}/sipscan-bench
mkdir -p "$scratch/out"
chmod a+rx "$scratch"   # tshark's user reads the captures in place
results=$scratch/out/results.tsv
notes=$scratch/out/notes.txt
: >"$results"
: >"$notes"
: >"$scratch/out/stderr.log"
note() { echo "$*" | tee -a "$notes" >&2; }

# ---- Build ----------------------------------------------------------------
build=$root/build-bench
echo "Building a Release build in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIPSCAN_TESTS=ON \
  -DSIPSCAN_WERROR=OFF -DSIPSCAN_SANITIZE=OFF >"$scratch/build.log" 2>&1 \
  || { cat "$scratch/build.log" >&2; exit 1; }
targets="sipscan gen_large_capture floor measure"
if [ -d "$build/plugin/CMakeFiles/sipscan_plugin.dir" ]; then
  targets="$targets sipscan_plugin"
fi
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target $targets \
  >>"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; exit 1; }
sipscan=$build/src/sipscan
gen=$build/tests/bench/gen_large_capture
floor=$build/tests/bench/floor
measure=$build/tests/bench/measure
plugin_so=$(find "$build/plugin" -name sipscan.so 2>/dev/null | head -n 1)

# ---- Measuring ------------------------------------------------------------
# row SIZE MESSAGES PROGRAM STDOUT COMMAND...: one run, one line of
# results.tsv; the report keeps each program's fastest.
row() {
  row_size=$1 row_n=$2 program=$3 stdout=$4
  shift 4
  echo "  ${row_size}x $program (round $round of $runs)" >&2
  result=$("$measure" --stdout "$stdout" -- "$@" \
           2>>"$scratch/out/stderr.log") || true
  # wall W cpu C rss_kib K status S runs N
  set -- ${result:-wall - cpu - rss_kib - status error}
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$row_size" "$row_n" "$program" \
    "$2" "$4" "$6" "$8" >>"$results"
}

# capture SIZE: sets $file and $n, generating the capture unless it is
# already there.
capture() {
  n=$((messages * $1))
  file=$scratch/sip-seed$seed-m$n-c$concurrency.pcap
  if [ -s "$file" ] && [ -s "$file.expect" ] && [ "$file" -nt "$gen" ]; then
    note "${1}x: $(cat "$file.gen"), reused $file"
    return
  fi
  echo "Generating $file" >&2
  result=$("$measure" -- "$gen" --seed "$seed" --messages "$n" \
           --concurrency "$concurrency" --expect "$file.expect" \
           "$file.part" 2>"$file.gen") || { cat "$file.gen" >&2; exit 1; }
  mv "$file.part" "$file"
  note "${1}x: $(cat "$file.gen"), $(echo "$result" | awk -v b="$(wc -c <"$file")" \
    '{ printf "generated in %.1f s (%.0f MB/min)", $2, b / $2 * 60 / 1e6 }')"
}

tshark_rows() { # SIZE MESSAGES FILE
  if ! command -v tshark >/dev/null 2>&1; then
    note "tshark is not installed: no tshark rows"
    return
  fi
  # as the plugin tests run it: as nobody when root, with its own HOME
  size=$1 n=$2 file=$3
  # (dash passes no arguments to a sourced file: they go through "$@")
  if ( set -- "$plugin_so"
       . "$root/tests/plugin/tshark_env.sh" >"$scratch/out/tshark_env.log"
       if $as_user test -r "$file"; then capture=$file; else capture=$(stage "$file"); fi
       if "$work/tshark-without-plugin" -G plugins 2>&1 | grep -q '^sipscan\.so'; then
         note "sipscan.so is in Wireshark's global plugin folder: the rows without the plugin load it too"
       fi
       in_rounds tshark_with_plugin_rows ); then
    return
  fi
  note "tshark with the plugin: $(cat "$scratch/out/tshark_env.log")"
  in_rounds tshark_only_rows
}

# in_rounds COMMAND: runs COMMAND $runs times, with $round set.
in_rounds() {
  round=1
  while [ "$round" -le "$runs" ]; do
    "$@"
    round=$((round + 1))
  done
}

# One round of each: tshark_rows sets $size, $n, $file, and for the
# first $work and $capture.
tshark_with_plugin_rows() {
  row "$size" "$n" "tshark -z sip,stat" "$scratch/out/sip_stat.txt" \
    "$work/tshark-without-plugin" -q -z sip,stat -r "$capture"
  row "$size" "$n" "tshark -2 -z io,stat,0" /dev/null \
    "$work/tshark-without-plugin" -2 -q -z io,stat,0 -r "$capture"
  row "$size" "$n" "tshark -2 -z sipscan (plugin)" "$scratch/out/plugin.txt" \
    "$work/tshark" -2 -q -z sipscan -r "$capture"
}

tshark_only_rows() {
  row "$size" "$n" "tshark -z sip,stat" "$scratch/out/sip_stat.txt" \
    env LC_ALL=C tshark -q -z sip,stat -r "$file"
  row "$size" "$n" "tshark -2 -z io,stat,0" /dev/null \
    env LC_ALL=C tshark -2 -q -z io,stat,0 -r "$file"
}

sipscan_rows() {
  row "$size" "$n" floor /dev/null "$floor" "$file"
  row "$size" "$n" sipscan "$scratch/out/report.txt" "$sipscan" "$file"
  row "$size" "$n" "sipscan --threads 1" "$scratch/out/report1.txt" \
    "$sipscan" --threads 1 "$file"
  row "$size" "$n" "sipscan --format json" "$scratch/out/report.jsonl" \
    "$sipscan" --format json "$file"
}

# The programs run in rounds, each once per round, so that a slow spell
# of a shared machine falls on all of them alike rather than on one.
for size in $(echo "$sizes" | tr ',' ' '); do
  capture "$size"
  cat "$file" >/dev/null   # into the page cache before the first run
  in_rounds sipscan_rows
  if ! differences=$(sh "$root/tests/bench/compare_summary.sh" \
                       "$file.expect" "$scratch/out/report.jsonl"); then
    note "${size}x: sipscan's summary differs from the generator's counters:"
    note "$differences"
  fi
  case ",$tshark_sizes," in
    *",$size,"*)
      tshark_rows "$size" "$n" "$file"
      counted=$(sed -n 's/^Number of SIP messages: //p' \
                  "$scratch/out/sip_stat.txt" 2>/dev/null)
      [ "${counted:-$n}" = "$n" ] \
        || note "${size}x: tshark counted $counted SIP messages, the generator wrote $n" ;;
  esac
done

# ---- Report ---------------------------------------------------------------
echo
echo "sipscan benchmark: seed $seed, $messages SIP messages at 1x," \
     "$concurrency sessions at once; $(nproc 2>/dev/null || echo '?') CPUs"
cat "$notes"
echo "The programs ran in $runs interleaved rounds; each figure is from" \
     "a program's fastest run (its wall time, CPU time and peak RSS);" \
     "msgs/s = SIP messages / wall time."
echo
awk -F'\t' -v sizes="$sizes" -v tshark_sizes="$tshark_sizes" '
function ok(pass) { return pass ? "PASS" : "MISS" }
function ratio(a, b) { return (b > 0 && a != "-") ? a / b : 0 }
{
  key = $1 SUBSEP $3
  n[$1] = $2
  if (!(key in status)) {
    order[++rows] = key
    status[key] = "0"
  }
  if ($7 != "0")
    status[key] = $7
  else if (!(key in wall) || $4 < wall[key]) {
    wall[key] = $4; cpu[key] = $5; rss[key] = $6
  }
}
END {
  fmt = "%-5s %-30s %8s %8s %11s %9s %7s\n"
  printf fmt, "size", "program", "wall s", "CPU s", "msgs/s", "RSS MB", "/floor"
  for (i = 1; i <= rows; i++) {
    split(order[i], k, SUBSEP)
    s = k[1]; p = k[2]; key = order[i]
    if (status[key] != "0") {
      printf "%-5s %-30s failed (exit %s; see stderr.log)\n", s "x", p, status[key]
      continue
    }
    printf fmt, s "x", p, sprintf("%.3f", wall[key]), sprintf("%.3f", cpu[key]),
      sprintf("%.0f", n[s] / wall[key]), sprintf("%.1f", rss[key] / 1024),
      sprintf("%.2f", ratio(wall[key], wall[s SUBSEP "floor"]))
  }

  print ""
  print "Targets (issue 6):"
  ns = split(sizes, size, ",")
  split("sipscan,sipscan --format json", prog, ",")
  # wall within 2x the floor; 1.5 M SIP messages/s
  pass_floor = pass_rate = 1; floor_text = rate_text = ""
  for (i = 1; i <= ns; i++)
    for (j = 1; j <= 2; j++) {
      key = size[i] SUBSEP prog[j]
      r = ratio(wall[key], wall[size[i] SUBSEP "floor"])
      rate = ratio(n[size[i]], wall[key])
      pass_floor = pass_floor && status[key] == "0" && r <= 2
      pass_rate = pass_rate && status[key] == "0" && rate >= 1500000
      tag = size[i] "x" (j == 2 ? " json" : "")
      floor_text = floor_text sprintf("%s %s %.2fx (CPU %.2fx)", sep, tag, r,
        ratio(cpu[key], cpu[size[i] SUBSEP "floor"]))
      rate_text = rate_text sprintf("%s %s %.2f M", sep, tag, rate / 1e6)
      sep = ";"
    }
  printf "%s  sipscan wall <= 2x the floor:%s\n", ok(pass_floor), floor_text
  printf "%s  sipscan >= 1.5 M SIP msgs/s:%s\n", ok(pass_rate), rate_text
  # the same rate on one core: tracking and detection on the reading thread
  pass_one = 1; sep = ""; one_text = ""
  for (i = 1; i <= ns; i++) {
    key = size[i] SUBSEP "sipscan --threads 1"
    rate = ratio(n[size[i]], wall[key])
    pass_one = pass_one && status[key] == "0" && rate >= 1500000
    one_text = one_text sprintf("%s %sx %.2f M", sep, size[i], rate / 1e6)
    sep = ";"
  }
  printf "%s  sipscan --threads 1 >= 1.5 M SIP msgs/s (one core):%s\n",
    ok(pass_one), one_text
  # peak RSS at 1x, and flat across sizes
  if (("1" SUBSEP "sipscan") in rss) {
    a = rss["1" SUBSEP prog[1]] / 1024; b = rss["1" SUBSEP prog[2]] / 1024
    printf "%s  sipscan peak RSS <= 64 MB at 1x: %.1f MB, json %.1f MB\n",
      ok(a <= 64 && b <= 64), a, b
  } else
    print "n/a   sipscan peak RSS <= 64 MB at 1x: size 1 not run"
  if (ns < 2)
    print "n/a   peak RSS flat across sizes: one size run"
  pass = 1; text = ""
  for (j = 1; j <= 2 && ns >= 2; j++) {
    lo = hi = 0
    for (i = 1; i <= ns; i++) {
      v = rss[size[i] SUBSEP prog[j]]
      if (i == 1 || v < lo) lo = v
      if (i == 1 || v > hi) hi = v
    }
    pass = pass && lo > 0 && hi / lo <= 1.10
    text = text sprintf("%s %s max/min %.2f", j == 2 ? ";" : "",
                        j == 2 ? "json" : "text", lo > 0 ? hi / lo : 0)
  }
  if (ns >= 2)
    printf "%s  sipscan peak RSS within 10%% across sizes:%s\n", ok(pass), text
  # Linear: time = fixed + per message * n, so the cost of each further
  # message (the slope between two sizes) must not grow with the size.
  if (ns < 3)
    print "n/a   time linear across sizes: needs three sizes"
  pass = 1; text = ""
  for (j = 1; j <= 2 && ns >= 3; j++) {
    text = text (j == 2 ? "; json" : " text") " us/msg"
    for (i = 2; i <= ns; i++) {
      a = size[i - 1] SUBSEP prog[j]; b = size[i] SUBSEP prog[j]
      slope[i] = ratio(wall[b] - wall[a], n[size[i]] - n[size[i - 1]])
      text = text sprintf(" %s", i == 2 ? sprintf("%.3f", slope[i] * 1e6) \
                                        : sprintf("then %.3f", slope[i] * 1e6))
      if (i > 2)
        pass = pass && slope[2] > 0 && slope[i] <= 1.10 * slope[2]
    }
  }
  if (ns >= 3)
    printf "%s  sipscan time linear (each further message costs no more at larger sizes, within 10%%):%s\n",
      ok(pass), text
  nt = split(tshark_sizes, tsize, ",")
  for (i = 1; i <= nt; i++) {
    with = tsize[i] SUBSEP "tshark -2 -z sipscan (plugin)"
    without = tsize[i] SUBSEP "tshark -2 -z io,stat,0"
    if (!(with in wall) || status[with] != "0" || status[without] != "0") {
      printf "n/a   plugin <= 1.3x tshark -2 at %sx: not measured\n", tsize[i]
      continue
    }
    r = ratio(wall[with], wall[without])
    printf "%s  plugin <= 1.3x tshark -2 at %sx: %.2fx wall, %.2fx CPU\n",
      ok(r <= 1.3), tsize[i], r, ratio(cpu[with], cpu[without])
  }
}' "$results"
echo
echo "Outputs of the last runs, and the raw figures (results.tsv): $scratch/out"
