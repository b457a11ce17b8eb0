package io.herald.bench;

import io.herald.stack.HeraldService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code herald bench} and {@code herald chaos} share (a picocli mixin): topics, the stack's shape, service
 * arguments, output.
 */
public final class StackRunOptions {

    @Option(
            names = "--partitions",
            defaultValue = "6",
            paramLabel = "N",
            description = "Partitions of every Herald topic (default: ${DEFAULT-VALUE}, the services' default).")
    int partitions;

    @Option(
            names = "--service-arg",
            paramLabel = "SERVICE=--key=value",
            description = "An extra argument for one service (or all=… for every service), e.g. "
                    + "dispatcher=--spring.kafka.listener.concurrency=6 (repeatable).")
    List<String> serviceArgs = new ArrayList<>();

    @Option(
            names = "--brokers",
            defaultValue = "1",
            paramLabel = "N",
            description = "Kafka nodes (default: ${DEFAULT-VALUE}); from 3 on, topics get 3 replicas and "
                    + "min.insync.replicas=2 (a 3-node KRaft cluster, each node a broker and a controller).")
    int brokers;

    @Option(
            names = "--instances",
            defaultValue = "1",
            paramLabel = "N",
            description = "Instances of each service (default: ${DEFAULT-VALUE}); they split each consumer group's "
                    + "partitions.")
    int instances;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where reports (and recordings) and the stack's files go (default: <repo>/target/bench, "
                    + "<repo>/target/chaos).")
    Path out;

    public int partitions() {
        RunReports.require(partitions > 0, "--partitions must be positive, was " + partitions);
        return partitions;
    }

    /** {@code --brokers} and {@code --instances}. */
    public StackShape shape() {
        return new StackShape(brokers, instances);
    }

    /** {@code --service-arg} by service. */
    public Map<HeraldService, List<String>> serviceArgs() {
        return RunReports.perService("--service-arg", serviceArgs, "--", "dispatcher=--key=value");
    }

    /** {@code --out}, else {@code <home>/target/<command>}. */
    public Path outDir(Path home, String command) {
        return (out != null ? out : home.resolve("target").resolve(command))
                .toAbsolutePath()
                .normalize();
    }

    /** The given {@code --service-arg}s, as the report's command line shows them. */
    public void describeServiceArgs(List<String> commandLine) {
        new StackShape(brokers, instances).describe(commandLine);
        serviceArgs.forEach(arg -> commandLine.add("--service-arg " + arg));
    }
}
