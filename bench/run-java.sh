#!/usr/bin/env bash
# Runs a benchmark harness class from src/test/java (classes named *Benchmark are never run by the
# test suite). Usage: bench/run-java.sh <fully.qualified.ClassName> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp test-compile -DskipTests >/dev/null
cp_file=target/bench-classpath.txt
if [ ! -s "$cp_file" ] || [ pom.xml -nt "$cp_file" ]; then
  mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
fi
exec java ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat "$cp_file")" "$@"
