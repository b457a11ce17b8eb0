package io.herald.bench;

import io.herald.stack.HeraldService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does.
 *
 * @param count        notifications in the measured run
 * @param rate         notifications per second offered, 0 for as fast as the producer takes them
 * @param warmup       notifications sent (same rate) and awaited before measuring
 * @param channels     channels the notifications round-robin over (keys, hence partitions)
 * @param partitions   partitions of every Herald topic
 * @param timeout      how long the warm-up and the measured run each may take to arrive
 * @param auditTimeout how long the audit store may take to show every notification finished
 * @param rawRecords   records ProducerPerformance sends
 * @param jfr          record every service with Java Flight Recorder
 * @param serviceArgs  extra {@code --key=value} arguments per service
 * @param jvmOptions   extra JVM options per service
 * @param outDir       where reports (and the stack's work directory and recordings) go
 * @param shape        brokers and instances of each service
 * @param killBrokerAfter when the measured run kills a Kafka node with SIGKILL (null: never)
 * @param ordering     whether the channels keep their order, and an outage that makes them wait
 */
record BenchSettings(
        int count,
        int rate,
        int warmup,
        int channels,
        int partitions,
        Duration timeout,
        Duration auditTimeout,
        long rawRecords,
        boolean jfr,
        Map<HeraldService, List<String>> serviceArgs,
        Map<HeraldService, List<String>> jvmOptions,
        Path outDir,
        StackShape shape,
        Duration killBrokerAfter,
        OrderingScenario ordering) {

    /**
     * Ordered channels under an outage ({@code --ordering}, {@code --outage-channels}, {@code --outage}).
     *
     * @param strict every channel is {@code ordering: strict}
     * @param outageChannels the first this many channels answer 503 from the start of the measured run
     * @param outage for this long
     */
    record OrderingScenario(boolean strict, int outageChannels, Duration outage) {
        static final OrderingScenario NONE = new OrderingScenario(false, 0, Duration.ZERO);
    }

    BenchSettings(
            int count,
            int rate,
            int warmup,
            int channels,
            int partitions,
            Duration timeout,
            Duration auditTimeout,
            long rawRecords,
            boolean jfr,
            Map<HeraldService, List<String>> serviceArgs,
            Map<HeraldService, List<String>> jvmOptions,
            Path outDir) {
        this(
                count,
                rate,
                warmup,
                channels,
                partitions,
                timeout,
                auditTimeout,
                rawRecords,
                jfr,
                serviceArgs,
                jvmOptions,
                outDir,
                StackShape.SINGLE,
                null,
                OrderingScenario.NONE);
    }
}
