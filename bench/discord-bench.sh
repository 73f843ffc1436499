#!/usr/bin/env bash
# Sends N alerts (default 50) through the notify service to one webhook of the Discord stand-in that
# allows 5 requests per 2 seconds, and prints the time taken against the minimum the limit allows, the
# 429s received and the number delivered. Usage: bench/discord-bench.sh [N] [limit] [windowMs]
set -euo pipefail
export LOG_LEVEL="${LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/run-java.sh" com.exchangeanalytics.infra.bench.DiscordRateBenchmark "$@"
