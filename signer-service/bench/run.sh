#!/usr/bin/env bash
# Signer benchmarks (results: docs/benchmarks/signer.md). From the repository root:
#   signer-service/bench/run.sh                 signatures/s per provider on one thread
#   signer-service/bench/run.sh throughput [records] [partitions] [listener-concurrency]
#                                               records/s accepted -> signed on a local broker (started and stopped here)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
./mvnw -B -q -o -pl signer-service test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="signer-service/target/test-classes:signer-service/target/classes:$(cat signer-service/target/bench.cp)"
if [ "${1:-}" = "throughput" ]; then
  shift
  ./mvnw -B -q -o -pl infra/local-stack dependency:build-classpath -Dmdep.outputFile=target/stack.cp -Dmdep.includeScope=test
  CP="$CP:infra/local-stack/target/classes:$(cat infra/local-stack/target/stack.cp)"
  exec "$JAVA_HOME/bin/java" -Dherald.home="$PWD" -cp "$CP" signer-service/bench/RunOnLocalBroker.java "$@"
fi
exec "$JAVA_HOME/bin/java" -cp "$CP" io.herald.signer.bench.SignatureBenchmark "$@"
