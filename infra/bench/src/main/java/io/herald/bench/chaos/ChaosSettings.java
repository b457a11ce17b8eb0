package io.herald.bench.chaos;

import io.herald.bench.StackShape;
import io.herald.stack.HeraldService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one {@code herald chaos} run does; {@link ChaosCommand} makes it from the options and checks every value.
 *
 * @param faults       the scenarios, run one after another in this order
 * @param rate         notifications per second published to {@code herald.requests} during each scenario
 * @param httpRate     notifications per second posted to ingest's HTTP API (0: none)
 * @param channels     Standard Webhooks channels on the sandbox the notifications round-robin over
 * @param partitions   partitions of every Herald topic
 * @param lead         load before the fault is injected
 * @param tail         load after the fault ended
 * @param grace        longest wait, after the load stopped, for every notification to be final
 * @param holds        how long each held fault lasts (kills are not held: the restart ends them)
 * @param slowDelay    how long the sandbox holds each answer in {@code provider-slow}
 * @param restartWait  longest wait for a killed component to be back up
 * @param serviceArgs  extra {@code --key=value} arguments per service
 * @param outDir       where the report and the stack's files go
 * @param quick        whether the {@code --quick} profile chose the default durations
 * @param shape        brokers and instances of each service
 */
record ChaosSettings(
        List<FaultKind> faults,
        int rate,
        int httpRate,
        int channels,
        int partitions,
        Duration lead,
        Duration tail,
        Duration grace,
        Map<FaultKind, Duration> holds,
        Duration slowDelay,
        Duration restartWait,
        Map<HeraldService, List<String>> serviceArgs,
        Path outDir,
        boolean quick,
        StackShape shape) {

    ChaosSettings(
            List<FaultKind> faults,
            int rate,
            int httpRate,
            int channels,
            int partitions,
            Duration lead,
            Duration tail,
            Duration grace,
            Map<FaultKind, Duration> holds,
            Duration slowDelay,
            Duration restartWait,
            Map<HeraldService, List<String>> serviceArgs,
            Path outDir,
            boolean quick) {
        this(
                faults,
                rate,
                httpRate,
                channels,
                partitions,
                lead,
                tail,
                grace,
                holds,
                slowDelay,
                restartWait,
                serviceArgs,
                outDir,
                quick,
                StackShape.SINGLE);
    }

    ChaosSettings {
        faults = List.copyOf(faults);
        holds = Map.copyOf(holds);
        serviceArgs = Map.copyOf(serviceArgs);
    }

    Duration hold(FaultKind kind) {
        return holds.getOrDefault(kind, Duration.ZERO);
    }
}
