#!/usr/bin/env bash
# Scale-out benchmark: cache `get` from a client on another node of a Hazelcast-clustered event bus
# against the same client on the node that runs the cache (ClusterCacheBenchmark): two clustered Vert.x
# instances in one JVM over loopback, the cache on the Redis at 127.0.0.1:6379, alternating rounds, and
# the medians printed with the ratios remote / local. About 1.5 minutes with the defaults.
# Options are passed to ClusterCacheBenchmark, e.g. bench/cluster-bench.sh --seconds 15 --rounds 5
#   --redis URL (redis://127.0.0.1:6379)  --seconds per run (8)  --warmup seconds per side (5)
#   --rounds per side (3)  --concurrency (50)  --keys (10000)  --pool (8)  --batch (64)  --metrics (true)
# Environment: BENCH_JAVA_OPTS is added to the flags Hazelcast wants on Java 17 (as in the jar's manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
export LOG_LEVEL="${LOG_LEVEL:-WARN}"
hazelcast_opens="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
export BENCH_JAVA_OPTS="$hazelcast_opens -Dhazelcast.logging.type=slf4j ${BENCH_JAVA_OPTS:-}"
exec bench/run-java.sh com.exchangeanalytics.infra.bench.ClusterCacheBenchmark "$@"
