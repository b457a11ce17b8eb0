package io.herald.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The raw broker's produce rate for the benchmark's record size, measured with Kafka's own
 * {@code org.apache.kafka.tools.ProducerPerformance} in a child JVM (this JVM's classpath holds kafka-tools), on a
 * scratch topic with as many partitions as Herald's topics, with the producer settings Herald's services use
 * ({@code acks=all}, idempotence). Its records/s is the yardstick the pipeline's throughput is divided by, which
 * carries across machines better than the absolute number.
 */
final class RawProducerRate {

    static final String TOPIC = "bench.raw-produce";

    // "50000 records sent, 95238.1 records/sec (45.41 MB/sec), 120.51 ms avg latency, 350.00 ms max latency, 113 ms
    // 50th, 300 ms 95th, 340 ms 99th, 349 ms 99.9th." — the final summary; the periodic lines lack the percentiles
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency.*?"
                    + "(\\d+) ms 99th");

    private RawProducerRate() {}

    /** What ProducerPerformance reported. */
    record Result(
            long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs, long p99LatencyMs) {}

    static Result measure(String bootstrapServers, int partitions, int recordBytes, long records, Path log)
            throws IOException, InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("creating " + TOPIC + " timed out", e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-Duser.language=en"); // its printf decimals
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.apache.kafka.tools.ProducerPerformance");
        command.addAll(List.of(
                "--topic",
                TOPIC,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordBytes),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrapServers,
                "acks=all",
                "enable.idempotence=true",
                "client.id=herald-bench-raw"));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new IOException("ProducerPerformance did not finish within 10 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return parse(output)
                .orElseThrow(() -> new IOException(
                        "ProducerPerformance (exit " + process.exitValue() + ") printed no summary; see " + log));
    }

    /** The final summary line of ProducerPerformance's output. */
    static Optional<Result> parse(String output) {
        Result last = null;
        for (String line : output.split("\n")) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                last = new Result(
                        Long.parseLong(m.group(1)),
                        Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)),
                        Long.parseLong(m.group(5)));
            }
        }
        return Optional.ofNullable(last);
    }
}
