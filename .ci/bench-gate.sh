#!/usr/bin/env bash
# The quick benchmark gate for CI, run up to twice. On this shared 2-core machine a preempted or GC-hit run
# fails a few figures at random (two CI runs of one commit failed on disjoint figures: the 1,000-strategy replay
# CPU figure in one, three latency p50s in the other), while a real regression fails the same figure every time.
# So a figure fails CI only when it regresses in both runs.
set -uo pipefail
cd "$(dirname "$0")/.."
failed() { sed -n 's/^FAIL \(.*\) regressed .*/\1/p' "$1" | sort -u; }
# The test suite leaves the 1-minute load average at 3-4 on 2 cores for a minute after it ends, and the
# cache-bound replay figures read that as a regression. So a pass waits (at most 3 minutes) for the load to
# fall below the core count; a machine that stays busy is gated anyway, as bench/README.md describes.
settle() {
  local cores waited=0
  cores=$(nproc)
  while [ "$waited" -lt 180 ] && ! awk -v c="$cores" '{ exit !($1 < c) }' /proc/loadavg; do
    sleep 10
    waited=$((waited + 10))
  done
  echo "bench gate: 1-minute load $(cut -d' ' -f1 /proc/loadavg) on $cores cores after waiting ${waited} s"
}
run() { settle; npm run bench:check 2>&1 | tee "$1"; return "${PIPESTATUS[0]}"; }
first=$(mktemp); second=$(mktemp)
run "$first" && exit 0
if [ -z "$(failed "$first")" ]; then echo "bench gate failed for a reason other than a regressed figure"; exit 1; fi
echo "bench gate: $(failed "$first" | wc -l) figure(s) regressed once; running it again (a figure fails CI only if it regresses in both runs)"
run "$second" && exit 0
if [ -z "$(failed "$second")" ]; then echo "bench gate failed for a reason other than a regressed figure"; exit 1; fi
both=$(comm -12 <(failed "$first") <(failed "$second"))
if [ -n "$both" ]; then
  echo "bench gate: regressed in both runs:"
  echo "$both"
  exit 1
fi
echo "bench gate: no figure regressed in both runs ($(failed "$first" | tr '\n' ';') then $(failed "$second" | tr '\n' ';')): noise, not a regression"
exit 0
