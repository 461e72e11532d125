#!/usr/bin/env bash
# Rolling restarts (a load script, not a test): RollingRestartIT with three node JVMs making markets
# on the venue simulator, each node in turn stopped with SIGTERM and started again, for the given
# number of rounds; reports the quoting gaps seen at the venue and checks that no order is left
# behind and every fill is booked once. Prints its report.
#   bench/scripts/rolling-restart.sh [rounds=3] [instruments=90]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
instruments=${2:-90}
mvn -B -ntp -q -pl cluster -am install -DskipTests -Dspotless.check.skip=true
mvn -B -ntp -q -pl cluster verify -Dspotless.check.skip=true -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RollingRestartIT \
  -Drolling.rounds="$rounds" -Drolling.instruments="$instruments"
cat cluster/target/it/rolling-restart-report.txt
