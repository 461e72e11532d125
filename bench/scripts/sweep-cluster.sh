#!/usr/bin/env bash
# Cluster sweep wall time (a benchmark, not a test): runs SweepClusterIT with the given number of
# node JVMs and points over the recorded spot BTC and ETH captures, optionally SIGKILLing the sweep
# coordinator's node a tenth of the way in, and prints its report (wall time from submission to the
# last result, results per node, points run again).
#   bench/scripts/sweep-cluster.sh [nodes=3] [points=100] [kill=true]
set -euo pipefail
cd "$(dirname "$0")/../.."
nodes=${1:-3}
points=${2:-100}
kill=${3:-true}
mvn -B -ntp -q -pl cluster -am install -DskipTests -Dspotless.check.skip=true
mvn -B -ntp -q -pl cluster verify -Dspotless.check.skip=true -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SweepClusterIT \
  -Dsweep.nodes="$nodes" -Dsweep.points="$points" -Dsweep.kill="$kill"
cat cluster/target/it/sweep-report.txt
