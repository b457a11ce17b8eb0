package io.herald.bench;

import io.herald.stack.StackBuilder;
import java.util.List;

/**
 * How big a stack a run starts: Kafka nodes ({@code --brokers}) and instances of each service ({@code --instances}).
 *
 * @param brokers Kafka nodes, each a broker and a KRaft controller
 * @param instances instances of each service
 */
public record StackShape(int brokers, int instances) {

    /** One broker, one instance of each service: the default. */
    public static final StackShape SINGLE = new StackShape(1, 1);

    public StackShape {
        RunReports.require(brokers >= 1 && brokers <= 9, "--brokers must be between 1 and 9, was " + brokers);
        RunReports.require(instances >= 1 && instances <= 9, "--instances must be between 1 and 9, was " + instances);
    }

    public StackBuilder applyTo(StackBuilder builder) {
        return builder.kafkaBrokers(brokers).serviceInstances(instances);
    }

    /** The options as the report's command line shows them (none at the defaults). */
    public void describe(List<String> commandLine) {
        if (brokers != 1) {
            commandLine.add("--brokers " + brokers);
        }
        if (instances != 1) {
            commandLine.add("--instances " + instances);
        }
    }
}
