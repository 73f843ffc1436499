#!/usr/bin/env bash
# Mails per second to a local GreenMail (started by the harness): the pooled keep-alive SMTP sender
# against one connection per mail and a fresh client per mail.
# Usage: bench/email-bench.sh [mails=500] [poolSize=5] [concurrency=poolSize]
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/run-java.sh com.exchangeanalytics.infra.bench.EmailBenchmark "$@"
