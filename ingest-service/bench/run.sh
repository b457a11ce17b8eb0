#!/usr/bin/env bash
# Ingest throughput benchmark (results: docs/benchmarks/ingest.md). From the repository root, under the e2e lock:
#   flock /tmp/herald-e2e.lock ingest-service/bench/run.sh [records] [partitions] [listener-concurrency] [keys=true] [malformed-per-valid=0]
# records/s herald.requests -> herald.accepted on a local broker + PostgreSQL (started and stopped here)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q -o -pl ingest-service test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
./mvnw -B -q -o -pl infra/local-stack dependency:build-classpath -Dmdep.outputFile=target/stack.cp -Dmdep.includeScope=test
CP="ingest-service/target/test-classes:ingest-service/target/classes:$(cat ingest-service/target/bench.cp)"
CP="$CP:infra/local-stack/target/classes:$(cat infra/local-stack/target/stack.cp)"
exec "$JAVA_HOME/bin/java" -Dherald.home="$PWD" -cp "$CP" ingest-service/bench/RunOnLocalBroker.java "$@"
