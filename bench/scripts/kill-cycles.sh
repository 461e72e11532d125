#!/usr/bin/env bash
# Kill cycles in a row (a load script, not a test): TradingFailoverIT with three node JVMs making
# markets on the venue simulator, SIGKILLing the busiest node, waiting for every instrument to
# quote again on the survivors, starting the node again, and repeating; at the end every
# instrument's working orders and fills are compared with the venue's (no fill lost or doubled, no
# orphan order). Prints its report, then each kill phase by phase (failover-phases.py).
#   bench/scripts/kill-cycles.sh [cycles=20] [instruments=300]
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-20}
instruments=${2:-300}
mvn -B -ntp -q -pl cluster -am install -DskipTests -Dspotless.check.skip=true
mvn -B -ntp -q -pl cluster verify -Dspotless.check.skip=true -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TradingFailoverIT \
  -Dfailover.cycles="$cycles" -Dfailover.instruments="$instruments"
cat cluster/target/it/trading-failover-report.txt
# Each kill phase by phase, from the report and the nodes' logs (they cover every cycle).
python3 bench/scripts/failover-phases.py cluster/target/it/trading-failover-report.txt cluster/target/it
