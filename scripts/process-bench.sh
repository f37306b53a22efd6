#!/usr/bin/env bash
# Whole-process timings of vpctrace, as a user or a CI job runs it: cold
# starts with an empty cache and temporary folder, and the big generated
# worlds of the benchmarks. Public tools only: hyperfine when it is
# installed (https://github.com/sharkdp/hyperfine), /usr/bin/time (GNU
# time, for the peak memory) otherwise.
#
#   scripts/process-bench.sh [RUNS]     # RUNS per small command, default 10
#
# It builds vpctrace and vpctrace-draw into a temporary folder, writes the
# generated worlds there (scripts/genworld) and prints, per command, the
# median wall time and the largest peak resident memory of its runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
big_runs=3

if ! [ -x /usr/bin/time ]; then
  echo "process-bench: needs GNU time at /usr/bin/time (package 'time')" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/" ./cmd/vpctrace ./cmd/vpctrace-draw
go run ./scripts/genworld -vpcs 500 -o "$work/world500.yaml"
go run ./scripts/genworld -vpcs 50 -o "$work/world50.yaml"
vt=$work/bin/vpctrace

# fresh prints a command that runs vpctrace with an empty home, cache and
# temporary folder, as in a new CI container (nothing compiled or cached).
fresh() {
  local n=$1; shift
  mkdir -p "$work/home$n" "$work/tmp$n"
  echo env -i PATH=/usr/bin:/bin HOME="$work/home$n" TMPDIR="$work/tmp$n" "$@"
}

# measure NAME RUNS COLD COMMAND...: the median seconds and the largest
# peak memory of RUNS runs; COLD=cold gives each run its own empty folders.
fresh_count=0
measure() {
  local name=$1 n=$2 cold=$3; shift 3
  local times=() peak=0 i cmd
  for ((i = 0; i < n; i++)); do
    cmd="$*"
    if [ "$cold" = cold ]; then fresh_count=$((fresh_count + 1)); cmd=$(fresh "$fresh_count" "$@"); fi
    # Exit status 1 (a workload would not start) is an answer, not a failure.
    /usr/bin/time -f '%e %M' -o "$work/time" $cmd >/dev/null 2>"$work/stderr" || [ $? -eq 1 ] ||
      { echo "process-bench: $name failed:" >&2; cat "$work/stderr" >&2; exit 1; }
    read -r s kb <"$work/time"
    times+=("$s")
    ((kb > peak)) && peak=$kb
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  printf '%-44s %3d runs  median %6.3f s  peak %7.1f MB\n' "$name" "$n" "$median" "$(awk -v k="$peak" 'BEGIN{print k/1024}')"
}

echo "$($vt version) on $(uname -sm), $(nproc) CPUs"
measure "version (cold)" "$runs" cold "$vt" version
measure "trace, the seed (cold)" "$runs" cold "$vt" trace
measure "trace, the seed (warm)" "$runs" warm "$vt" trace
measure "diagram svg, the seed (cold: compiles Graphviz)" "$big_runs" cold "$vt" diagram -o "$work/seed.svg"
measure "diagram svg, the seed (warm)" "$runs" warm "$vt" diagram -o "$work/seed.svg"
measure "trace, 500 VPCs, text" "$big_runs" warm "$vt" trace "$work/world500.yaml"
measure "trace, 500 VPCs, json" "$big_runs" warm "$vt" trace --format json "$work/world500.yaml"
measure "diagram png, 50 VPCs" "$big_runs" warm "$vt" diagram -o "$work/world50.png" "$work/world50.yaml"

if command -v hyperfine >/dev/null; then
  echo
  echo "hyperfine, cold starts (each run with empty folders):"
  hyperfine -N --warmup 0 --runs "$runs" \
    --prepare "rm -rf $work/hf && mkdir -p $work/hf/home $work/hf/tmp" \
    "env -i PATH=/usr/bin:/bin HOME=$work/hf/home TMPDIR=$work/hf/tmp $vt trace" \
    "env -i PATH=/usr/bin:/bin HOME=$work/hf/home TMPDIR=$work/hf/tmp $vt version"
fi
