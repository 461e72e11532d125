#!/usr/bin/env bash
# Tick-to-quote load run (a benchmark, not a test): one local node with its embedded Cassandra
# (journaling on) and the embedded venue simulator, making markets on N synthetic Binance spot
# instruments. After a warm-up it resets the node's latency histograms, lets the node trade for the
# given time, and prints GET /feeds/latency (frame received -> diff applied in the entity's book, and
# frame received -> order requests handed to the gateway) with the feed and trading counters.
# The account's limits at the simulator are lifted (and the node's copy of them); each instrument
# places at most 4 orders and 8 cancels per 10 s, as in bin/cluster.
#   bench/scripts/tick-to-quote.sh [instruments=300] [seconds=60] [warm-up seconds=30]
# EXTRA_JAVA_OPTS adds node settings, e.g. -Dmarket-maker.entity.quote-beside-journal=off;
# KEEP_NODE_LOG=<file> keeps the node's log there.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-300}
run=${2:-60}
warm=${3:-30}
port=18080
token="mm_tickToQuoteAdminToken0000000000000000000000"
auth="Authorization: Bearer $token"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  [ -n "${KEEP_NODE_LOG:-}" ] && cp "$work/node.log" "$KEEP_NODE_LOG"; rm -rf "$work"' EXIT
[ -f cluster/target/runtime-classpath.txt ] || bin/build
JAVA_OPTS="-Dmarket-maker.auth.admin-token=$token -Dmarket-maker.simulator.state-dir=off \
 -Dmarket-maker.simulator.account-limits.spot-orders-per-10s=1000000 \
 -Dmarket-maker.simulator.account-limits.spot-weight-per-minute=10000000 \
 -Dmarket-maker.venues.binance.order-rate-limits.10s=1000000 \
 -Dmarket-maker.venues.binance.order-rate-limits.1d=100000000 \
 -Dmarket-maker.venues.binance.request-weight-limit=10000000 \
 -Dmarket-maker.orders.orders-per-window=4 -Dmarket-maker.orders.cancels-per-window=8 \
 -Dmarket-maker.orders.min-order-age=1s -Dmarket-maker.orders.price-tolerance-ticks=2 \
 -Dmarket-maker.entity.book-snapshot-depth=100 \
 -Dmarket-maker.simulator.synthetic.spot=$n -Dmarket-maker.simulator.synthetic.usdm=0 \
 -Dmarket-maker.simulator.spot-port=0 -Dmarket-maker.simulator.usdm-port=0 \
 -Dmarket-maker.simulator.kraken-port=0 -Dmarket-maker.simulator.coinbase-port=0 \
 -Dmarket-maker.feeds.venues.0=BINANCE -Dmarket-maker.http.port=$port \
 -Dmarket-maker.cassandra.embedded.data-dir=$work/cassandra \
 -Dmarket-maker.cassandra.embedded.cql-port=19042 -Dmarket-maker.cassandra.embedded.storage-port=17000 \
 -Dpekko.remote.artery.canonical.port=25599 -Dpekko.management.http.port=18558 \
 -Dpekko.discovery.config.services.market-maker.endpoints.0.host=127.0.0.1 \
 -Dpekko.discovery.config.services.market-maker.endpoints.0.port=18558 ${EXTRA_JAVA_OPTS:-}" \
  bin/node > "$work/node.log" 2>&1 &
pid=$!
api="http://127.0.0.1:$port"
echo "node starting (log $work/node.log)"
for _ in $(seq 1 600); do
  active=$(curl -sf -H "$auth" "$api/maker/active" 2>/dev/null | grep -o 'BINANCE:SYNS' | wc -l || true)
  [ "${active:-0}" -ge "$n" ] && break
  kill -0 "$pid" 2>/dev/null || { tail -50 "$work/node.log"; exit 1; }
  sleep 1
done
echo "$active instruments making; warming up ${warm}s"
sleep "$warm"
curl -sf -H "$auth" -X POST "$api/feeds/latency/reset" > /dev/null
sleep "$run"
echo "latency over ${run}s (microseconds):"
curl -sf -H "$auth" "$api/feeds/latency"; echo
curl -sf -H "$auth" "$api/feeds/metrics" | python3 -c '
import json,sys
for v in json.load(sys.stdin):
    i=v["instruments"]
    print(v["venue"], "instruments", len(i), "msg/s", round(v["messagesPerSecond"],1),
          "gaps", v["gaps"], "resyncs", v["resyncs"], "drops", sum(x["drops"] for x in i.values()))'
echo "orders and fills in the journal window: see $work/node.log"
