#!/usr/bin/env bash
# Builds the benchmarks (JDK 17, --release 17) and runs the whole comparison; see bench/README.md.
#   bench/run.sh            full run (about 25 minutes on 2 cores) -> bench/RESULTS.md + bench/w1-memory.svg
#   bench/run.sh --quick    smoke-sized run (a few minutes) -> bench/results/RESULTS-quick.md
# Other options are passed to bench/driver.py (--rounds N, --only W1,W3, --out FILE).
# JDKs: JDK17_HOME (default: java-17-openjdk or JAVA_HOME), JDK25_HOME (default: temurin-25).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests -Dmaven.javadoc.skip=true
fi
exec python3 bench/driver.py --command "bench/run.sh $*" "$@"
