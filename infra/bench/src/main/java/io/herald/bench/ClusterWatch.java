package io.herald.bench;

import io.herald.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * What a run on a cluster shows beyond throughput: how each consumer group's partitions are split among the instances,
 * and, with {@code --kill-broker-after}, a Kafka node killed with SIGKILL mid-load: which partition leaders moved, and
 * the longest pause in deliveries after the kill (the stall). Its findings go to the report as Markdown lines.
 */
final class ClusterWatch {

    /** The node killed: not the first, whose port the report's bootstrap list starts with. */
    static final String VICTIM = "kafka-2";

    private static final int VICTIM_ID = 2;

    private final LocalStack stack;
    private final PrintStream progress;
    private final List<String> notes = new ArrayList<>();
    private final AtomicLong lastReceipt = new AtomicLong();
    private final AtomicLong longestGapAfterKill = new AtomicLong();
    private volatile long killedAt;
    private volatile Map<String, Integer> leadersBefore = Map.of();

    ClusterWatch(LocalStack stack, PrintStream progress) {
        this.stack = stack;
        this.progress = progress;
    }

    /** A delivery seen by the sandbox at {@code nanos}: measures the gaps after the kill. */
    void received(long nanos) {
        long previous = lastReceipt.getAndSet(nanos);
        if (killedAt != 0 && previous != 0 && nanos > killedAt) {
            long gap = nanos - Math.max(previous, killedAt);
            longestGapAfterKill.accumulateAndGet(gap, Math::max);
        }
    }

    /** Each consumer group's members and how many partitions each holds, e.g. {@code herald-ingest: 3 + 3}. */
    void recordSplit() throws Exception {
        try (Admin admin = admin()) {
            List<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId)
                    .sorted()
                    .toList();
            Map<String, ConsumerGroupDescription> described =
                    admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
            notes.add("Partitions per instance of each consumer group (after the warm-up):");
            new TreeMap<>(described).forEach((group, description) -> {
                List<String> split = description.members().stream()
                        .map(member -> member.assignment().topicPartitions().size())
                        .sorted()
                        .map(String::valueOf)
                        .toList();
                notes.add(String.format(
                        Locale.ROOT,
                        "- %s: %d member(s), partitions %s",
                        group,
                        description.members().size(),
                        String.join(" + ", split)));
            });
        }
        notes.forEach(progress::println);
    }

    /** After {@code after}, kills {@link #VICTIM} on a thread of its own. */
    void killBrokerAfter(Duration after) {
        Thread.ofPlatform().name("bench-broker-kill").daemon().start(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(after.toNanos());
                leadersBefore = leaders();
                long pid = stack.components().stream()
                        .filter(component -> component.name().equals(VICTIM))
                        .findFirst()
                        .flatMap(component -> component.pid().isPresent()
                                ? java.util.Optional.of(component.pid().getAsLong())
                                : java.util.Optional.empty())
                        .orElseThrow(() -> new IllegalStateException(VICTIM + " is not running"));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                killedAt = System.nanoTime();
                progress.println("kill -9 " + VICTIM + " (pid " + pid + ")");
            } catch (Exception e) {
                notes.add("The broker kill failed: " + e);
            }
        });
    }

    /** The findings so far, after the run: the kill's leader moves and stall included. */
    List<String> notes() throws Exception {
        List<String> all = new ArrayList<>(notes);
        if (killedAt != 0) {
            Map<String, Integer> after = leaders();
            long led = leadersBefore.values().stream()
                    .filter(id -> id == VICTIM_ID)
                    .count();
            long stillLed =
                    after.values().stream().filter(id -> id == VICTIM_ID).count();
            long leaderless = after.values().stream().filter(id -> id < 0).count();
            all.add(String.format(
                    Locale.ROOT,
                    "Killed %s (node %d) mid-load: it led %d of %d partitions; after the run it leads %d, %d have no"
                            + " leader; the longest pause between deliveries after the kill: %.1f s.",
                    VICTIM,
                    VICTIM_ID,
                    led,
                    leadersBefore.size(),
                    stillLed,
                    leaderless,
                    longestGapAfterKill.get() / 1e9));
            all.add("Leaders per node before: " + perNode(leadersBefore) + "; after: " + perNode(after) + ".");
        }
        return all;
    }

    private static Map<Integer, Long> perNode(Map<String, Integer> leaders) {
        Map<Integer, Long> count = new TreeMap<>();
        leaders.values().forEach(id -> count.merge(id, 1L, Long::sum));
        return count;
    }

    /** Every Herald topic partition's leader node id (-1: none). */
    private Map<String, Integer> leaders() throws Exception {
        try (Admin admin = admin()) {
            List<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith("herald."))
                    .toList();
            Collection<TopicDescription> described = admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values();
            Map<String, Integer> leaders = new TreeMap<>();
            described.forEach(topic -> topic.partitions()
                    .forEach(p -> leaders.put(
                            topic.name() + "-" + p.partition(),
                            p.leader() == null ? -1 : p.leader().id())));
            return leaders;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
    }
}
