#!/usr/bin/env bash
# Soak run (a load script, not a test): one local node the way bin/run starts it (embedded
# Cassandra journaling every event, the embedded venue simulator keeping its account on disk) making
# markets on N synthetic Binance spot instruments for the given minutes. Every minute it prints
# the heap in use after the last collection, the collections and their pause time so far, the
# journal's size on disk and the fills; at the end it summarises the GC log (pauses: count, p50,
# p99, max; heap after collection in the first and the last fifth of the run) and then stops the
# node with SIGTERM, starts it again on the same journal and venue, and reports how long until
# every instrument quotes again (journal and snapshot recovery, reconciliation, first quotes).
# Every `histogram-every` minutes (and at the start and the end of the soak) it takes a class
# histogram of the live heap (a full collection: the exact live set), and at the end it lists the
# classes whose live bytes grew the most over the last interval of the soak: after the
# stores bounded by design have filled (each ledger's last closed orders, the dashboard's hour of
# samples), a leak is what still grows.
#   bench/scripts/soak.sh [instruments=300] [minutes=30] [heap=1g] [histogram-every=15]
# Throughout the soak it samples the portfolio's last risk evaluation every 2 s and its last
# cointegration scan every 10 s, and at the end reports when each started (paced by
# market-maker.portfolio.model-cpu-share and scan-cpu-share; the limits are checked every second
# whatever that pace). Then a limit drill: a gross exposure limit
# at half the book's gross is set, and the script times the breach and every instrument's quotes
# pulled, then lifts the limit and clears the breach.
# FILL_RETENTION (e.g. 10m) sets how long the embedded venue keeps its fills (default: the shipped
# market-maker.simulator.fill-retention).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-300}
minutes=${2:-30}
heap=${3:-1g}
histo_every=${4:-15}
fill_retention=${FILL_RETENTION:+-Dmarket-maker.simulator.fill-retention=$FILL_RETENTION}
port=18080
token="mm_soakRunAdminToken00000000000000000000000000"
auth="Authorization: Bearer $token"
work=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; echo "logs in $work"' EXIT
[ -f cluster/target/runtime-classpath.txt ] || bin/build

start_node() {
  JAVA_OPTS="-Xms$heap -Xmx$heap -Xlog:gc:file=$work/gc$1.log:uptime \
 -Dmarket-maker.auth.admin-token=$token \
 -Dmarket-maker.simulator.account-limits.spot-orders-per-10s=1000000 \
 -Dmarket-maker.simulator.account-limits.spot-weight-per-minute=10000000 \
 -Dmarket-maker.venues.binance.order-rate-limits.10s=1000000 \
 -Dmarket-maker.venues.binance.order-rate-limits.1d=100000000 \
 -Dmarket-maker.venues.binance.request-weight-limit=10000000 \
 -Dmarket-maker.orders.orders-per-window=4 -Dmarket-maker.orders.cancels-per-window=8 \
 -Dmarket-maker.orders.min-order-age=1s -Dmarket-maker.orders.price-tolerance-ticks=2 \
 -Dmarket-maker.entity.book-snapshot-depth=100 \
 -Dmarket-maker.auth.rate-limit.per-second=2000 -Dmarket-maker.auth.rate-limit.burst=4000 \
 -Dmarket-maker.simulator.synthetic.spot=$n -Dmarket-maker.simulator.synthetic.usdm=0 \
 -Dmarket-maker.simulator.state-dir=$work/venue $fill_retention \
 -Dmarket-maker.simulator.spot-port=0 -Dmarket-maker.simulator.usdm-port=0 \
 -Dmarket-maker.simulator.kraken-port=0 -Dmarket-maker.simulator.coinbase-port=0 \
 -Dmarket-maker.feeds.venues.0=BINANCE -Dmarket-maker.http.port=$port \
 -Dmarket-maker.cassandra.embedded.data-dir=$work/cassandra \
 -Dmarket-maker.cassandra.embedded.cql-port=19042 -Dmarket-maker.cassandra.embedded.storage-port=17000 \
 -Dpekko.remote.artery.canonical.port=25599 -Dpekko.management.http.port=18558 \
 -Dpekko.discovery.config.services.market-maker.endpoints.0.host=127.0.0.1 \
 -Dpekko.discovery.config.services.market-maker.endpoints.0.port=18558" \
    bin/node > "$work/node$1.log" 2>&1 &
  pid=$!
}

api="http://127.0.0.1:$port"
# "<seen> <fills>": instruments seen QUOTING with a quote of ours since seen-file was reset (a
# lone quote is filled now and then: "every instrument quoting" is each one seen so, not all at
# one instant).
seen="$work/seen"
quoting() {
  curl -sf -H "$auth" "$api/dashboard/overview" 2>/dev/null | python3 -c '
import json, os, sys
path = sys.argv[1]
seen = set(open(path).read().split()) if os.path.exists(path) else set()
d = json.load(sys.stdin)
for r in d["instruments"]:
    if r.get("quoting") == "QUOTING" and (r.get("ourBidPrice") is not None or r.get("ourAskPrice") is not None):
        seen.add(r["instrument"])
open(path, "w").write("\n".join(sorted(seen)))
print(len(seen), d["totals"]["fills"])' "$seen" 2>/dev/null || echo "0 0"
}
await_quoting() {
  local since=$1
  rm -f "$seen"
  for _ in $(seq 1 1200); do
    read -r q f < <(quoting)
    [ "${q:-0}" -ge "$n" ] && { echo "$(( $(date +%s) - since ))"; return 0; }
    kill -0 "$pid" 2>/dev/null || { tail -50 "$work/node$2.log" >&2; exit 1; }
    sleep 1
  done
  echo "never"
}
journal_bytes() { # data files and commit log of the embedded Cassandra
  du -scb "$work/cassandra/data" "$work/cassandra/commitlog" 2>/dev/null | tail -1 | cut -f1
}
histogram() { # the live heap by class, a full collection first; prints the live total in MB
  jcmd "$(pgrep -f "java.*$work/gc1.log" | head -1)" GC.class_histogram > "$work/histo-$1.txt" 2>/dev/null
  awk '/^Total/ { printf "%.0f", $3 / 1048576 }' "$work/histo-$1.txt"
}
heap_line() {
  local j
  j=$(jcmd "$(pgrep -f "java.*$work/gc$1.log" | head -1)" GC.heap_info 2>/dev/null | head -2 | tr -s ' ' | tr '\n' ' ')
  echo "$j"
}

started=$(date +%s)
start_node 1
echo "node starting with $n instruments (log $work/node1.log)"
took=$(await_quoting "$started" 1)
echo "all $n quoting ${took}s after the start; soaking ${minutes} min"
j0=$(journal_bytes)
t0=$(date +%s)
# The portfolio's risk evaluations and scans: "<sample epoch s> <evaluatedAtMillis>" every 2 s,
# "<sample epoch s> <scannedAtMillis> <bars> <pairs tested>" every 10 s.
( i=0
  while kill -0 "$pid" 2>/dev/null; do
    e=$(curl -sf -H "$auth" "$api/portfolio/risk" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("evaluatedAtMillis", 0))' 2>/dev/null || true)
    [ -n "$e" ] && echo "$(date +%s) $e" >> "$work/evaluations"
    if [ $((i % 5)) -eq 0 ]; then
      c=$(curl -sf -H "$auth" "$api/portfolio/cointegration" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin); s = d.get("scan") or {}
print(d.get("scannedAtMillis", 0), s.get("bars", 0), s.get("pairsTested", 0))' 2>/dev/null || true)
      [ -n "$c" ] && echo "$(date +%s) $c" >> "$work/scans"
    fi
    i=$((i + 1))
    sleep 2
  done ) &
sampler=$!
echo "live heap at the start of the soak: $(histogram 0) MB"
for m in $(seq 1 "$minutes"); do
  sleep 60
  kill -0 "$pid" 2>/dev/null || { echo "node exited"; tail -50 "$work/node1.log"; exit 1; }
  rm -f "$seen"; read -r q f < <(quoting)
  printf 'min %3d: quoting %s, fills %s, journal %s MB, %s\n' "$m" "$q" "$f" \
    "$(( $(journal_bytes) / 1048576 ))" "$(heap_line 1)"
  if [ $((m % histo_every)) -eq 0 ] || [ "$m" -eq "$minutes" ]; then
    echo "min $m: live heap $(histogram "$m") MB (class histogram after a full collection)"
  fi
done
kill "$sampler" 2>/dev/null || true
python3 - "$work/evaluations" "$work/scans" "$t0" <<'EOF'
import sys
t0 = int(sys.argv[3])
def distinct(path, parse):
    out = []
    try:
        lines = open(path).read().split("\n")
    except OSError:
        return out
    for line in lines:
        f = line.split()
        if len(f) < 2 or not f[1].isdigit() or int(f[1]) == 0:
            continue
        v = parse(f)
        if not out or v[0] != out[-1][0]:
            out.append(v)
    return out
def report(name, seen, detail):
    print(f"portfolio {name}: {len(seen)} seen in the soak")
    if len(seen) > 20:  # by fifth of the runs: how far apart they started
        gaps = [((a[0] / 1000 - t0) / 60, (b[0] - a[0]) / 1000) for a, b in zip(seen, seen[1:])]
        k = -(-len(gaps) // 5)
        for i in range(0, len(gaps), k):
            g = sorted(x[1] for x in gaps[i:i + k])
            print(f"  from min {gaps[i][0]:5.1f}: {len(g)} started, the next after a median "
                  f"{g[len(g) // 2]:.1f} s, at most {g[-1]:.1f} s")
        return
    for a, b in zip(seen, seen[1:]):
        print(f"  started at min {(a[0] / 1000 - t0) / 60:5.1f}{detail(a)}; the next "
              f"{(b[0] - a[0]) / 1000:.1f} s later")
    if seen:
        print(f"  started at min {(seen[-1][0] / 1000 - t0) / 60:5.1f}{detail(seen[-1])} (the last)")
report("risk evaluations", distinct(sys.argv[1], lambda f: (int(f[1]),)), lambda v: "")
report("cointegration scans", distinct(sys.argv[2], lambda f: (int(f[1]), f[2], f[3])),
       lambda v: f", {v[2]} pairs over {v[1]} bars")
EOF
# The limit drill: a gross exposure limit at half the book's gross (ratio 2: PULL).
gross=$(curl -sf -H "$auth" "$api/portfolio" | python3 -c 'import json,sys; print(json.load(sys.stdin)["exposures"]["grossNotionalUsd"])')
limit=$(python3 -c "print($gross / 2)")
with_quotes() { # instruments with a quote of ours at the venue, as the dashboard shows them
  curl -sf -H "$auth" "$api/dashboard/overview" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(1 for r in d["instruments"] if r.get("ourBidPrice") is not None or r.get("ourAskPrice") is not None))' 2>/dev/null || echo "?"
}
breached() {
  curl -sf -H "$auth" "$api/portfolio/risk" 2>/dev/null | python3 -c '
import json, sys
print(any(b["kind"] == "GROSS_EXPOSURE" for b in json.load(sys.stdin)["breaches"]))' 2>/dev/null || echo False
}
echo "limit drill: gross exposure $gross USD, $(with_quotes) instruments with quotes; limit set at $limit USD"
d0=$(date +%s%N)
curl -sf -H "$auth" -H 'Content-Type: application/json' -X POST "$api/portfolio/limits" \
  -d "{\"grossExposureMaxUsd\": $limit}" > /dev/null
breach_ms=never; pulled_ms=never
for _ in $(seq 1 600); do
  now=$(date +%s%N)
  [ "$breach_ms" = never ] && [ "$(breached)" = True ] && breach_ms=$(( (now - d0) / 1000000 ))
  [ "$pulled_ms" = never ] && [ "$(with_quotes)" = 0 ] && pulled_ms=$(( (now - d0) / 1000000 ))
  [ "$breach_ms" != never ] && [ "$pulled_ms" != never ] && break
  sleep 0.2
done
echo "limit drill: breach shown after $breach_ms ms, no instrument with a quote of ours after $pulled_ms ms"
curl -sf -H "$auth" -H 'Content-Type: application/json' -X POST "$api/portfolio/limits" -d '{}' > /dev/null
curl -sf -H "$auth" -X POST "$api/portfolio/risk/clear" > /dev/null
python3 - "$work" "$minutes" "$histo_every" <<'EOF'
import sys
work, minutes, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(m):
    out = {}
    for line in open(f"{work}/histo-{m}.txt"):
        f = line.split()
        if len(f) >= 4 and f[0].endswith(":"):
            out[f[3]] = (int(f[1]), int(f[2]))
    return out
marks = [0] + [m for m in range(every, minutes + 1, every)] + ([minutes] if minutes % every else [])
mid = marks[-2]
a, b = load(mid), load(minutes)
growth = sorted(((b.get(k, (0, 0))[1] - a.get(k, (0, 0))[1], k) for k in set(a) | set(b)), reverse=True)
print(f"live bytes by class, minute {mid} -> minute {minutes} (largest growth first):")
for d, k in growth[:12]:
    print(f"  {d / 1048576:+8.2f} MB  {a.get(k, (0, 0))[0]:>9} -> {b.get(k, (0, 0))[0]:>9} instances  {k}")
EOF
j1=$(journal_bytes)
echo "journal on disk: $((j0 / 1048576)) MB after the start, $((j1 / 1048576)) MB after ${minutes} min" \
  "($(( (j1 - j0) / 1024 / minutes )) KB per minute)"
python3 - "$work/gc1.log" "$t0" "$started" <<'EOF'
import re, sys
pauses, after = [], []
for line in open(sys.argv[1]):
    m = re.search(r'\[([\d.]+)s\].*Pause.*?(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms', line)
    if m:
        up, before_mb, after_mb, total, ms = m.groups()
        pauses.append(float(ms)); after.append((float(up), int(after_mb)))
if not pauses:
    print("no GC pauses logged"); sys.exit()
p = sorted(pauses)
q = lambda x: p[min(len(p) - 1, int(x * len(p)))]
print(f"GC pauses: {len(p)}, p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, max {p[-1]:.1f} ms, total {sum(p)/1000:.1f} s")
soak_start = int(sys.argv[2]) - int(sys.argv[3])
soaked = [a for a in after if a[0] >= soak_start]
k = max(1, len(soaked) // 5)
if soaked:
    first = sum(a[1] for a in soaked[:k]) / k
    last = sum(a[1] for a in soaked[-k:]) / k
    print(f"heap after collection: {first:.0f} MB in the first fifth of the soak, {last:.0f} MB in the last")
EOF
echo "stopping the node (SIGTERM) and starting it again on the same journal and venue"
kill "$pid"; wait "$pid" 2>/dev/null || true
restarted=$(date +%s)
start_node 2
took=$(await_quoting "$restarted" 2)
echo "after the restart all $n quoting again ${took}s after the start (recovery from journal and snapshots, reconciliation, first quotes)"
