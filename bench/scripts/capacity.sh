#!/usr/bin/env bash
# Capacity of one node (a load run, not a test): bench/scripts/tick-to-quote.sh at growing numbers
# of synthetic instruments, one line per run with the feed rate and tick-to-quote / frame-to-book
# percentiles, to find the knee where p99 tick-to-quote passes 1 ms.
#   bench/scripts/capacity.sh ["300 600 1000"] [seconds=60] [warm-up seconds=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=${1:-"300 600 1000"}
run=${2:-60}
warm=${3:-30}
printf '%-12s %-10s %-9s %-28s %-28s\n' instruments "msg/s" "per-instr" "tick->quote p50/p99 (us)" "frame->book p50/p99 (us)"
for n in $counts; do
  out=$(bench/scripts/tick-to-quote.sh "$n" "$run" "$warm" 2>&1 || true)
  echo "$out" > "target/capacity-$n.txt" 2>/dev/null || { mkdir -p target; echo "$out" > "target/capacity-$n.txt"; }
  echo "$out" | python3 -c '
import json, re, sys
n = int(sys.argv[1]); text = sys.stdin.read()
lat = next((json.loads(l) for l in text.splitlines() if l.startswith("{") and "tickToQuote" in l), None)
rate = re.search(r"msg/s ([\d.]+)", text)
if lat is None or rate is None:
    print(f"{n:<12} run failed (see target/capacity-{n}.txt)"); sys.exit()
t, f = lat["tickToQuote"], lat["frameToBook"]
r = float(rate.group(1))
t50, t99 = t.get("p50Micros", 0), t.get("p99Micros", 0)
f50, f99 = f.get("p50Micros", 0), f.get("p99Micros", 0)
print(f"{n:<12} {r:<10.0f} {r/n:<9.1f} {t50:>10.1f} / {t99:<15.1f} {f50:>10.1f} / {f99:<15.1f}")
' "$n"
done
