#!/usr/bin/env bash
# The tick-to-quote load run against a slow journal (a benchmark, not a test): Cassandra runs on
# its own, and every request the node sends it is delayed by a proxy on loopback, so each journal
# write takes that much longer. Then bench/scripts/tick-to-quote.sh runs against it and prints the
# node's latencies, including how many ticks waited behind a write (frameToBookBehindJournal,
# tickToQuoteBehindJournal) and how many were quoted beside one (ticksBesideJournal).
#   bench/scripts/slow-journal.sh [delay ms=20] [instruments=300] [seconds=60] [warm-up=30]
# EXTRA_JAVA_OPTS passes node settings on, e.g. -Dmarket-maker.entity.quote-beside-journal=off.
set -euo pipefail
cd "$(dirname "$0")/../.."
delay=${1:-20}
n=${2:-300}
run=${3:-60}
warm=${4:-30}
cql=19142
proxy=19143
work=$(mktemp -d)
cleanup() {
  kill "$proxy_pid" 2>/dev/null || true
  kill "$cassandra_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -f cluster/target/runtime-classpath.txt ] || bin/build
JAVA_OPTS="-Xmx1g -Dmarket-maker.cassandra.embedded.data-dir=$work/cassandra \
 -Dmarket-maker.cassandra.embedded.cql-port=$cql -Dmarket-maker.cassandra.embedded.storage-port=17100" \
  bin/cassandra > "$work/cassandra.log" 2>&1 &
cassandra_pid=$!
for _ in $(seq 1 240); do
  grep -q 'Cassandra is up' "$work/cassandra.log" && break
  kill -0 "$cassandra_pid" 2>/dev/null || { tail -30 "$work/cassandra.log"; exit 1; }
  sleep 1
done
python3 bench/scripts/delay-proxy.py "$proxy" "$cql" "$delay" > "$work/proxy.log" 2>&1 &
proxy_pid=$!
sleep 1
echo "Cassandra on :$cql, every request delayed ${delay} ms through :$proxy"
EXTRA_JAVA_OPTS="-Dmarket-maker.cassandra.contact-point=127.0.0.1:$proxy ${EXTRA_JAVA_OPTS:-}" \
  bench/scripts/tick-to-quote.sh "$n" "$run" "$warm"
