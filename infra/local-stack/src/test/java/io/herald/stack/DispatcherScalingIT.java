package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scaling beyond one process on real parts, on a 3-node Kafka cluster (issue 19): the stack's dispatcher plus a second
 * instance for {@code dingtalk} split {@code herald.signed.dingtalk}'s partitions (shown by {@code GET
 * /v1/assignments}); killing one with SIGKILL mid-stream loses nothing (every notification ends DELIVERED or
 * DEAD_LETTERED; a duplicate send after the crash is allowed). Then a Kafka node is killed: its leaders move, nothing
 * is lost. One stack for both: a stack of its own for the cluster would cost CI ~2 minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DispatcherScalingIT {

    private static final int CHANNELS = 8;
    private static final int PER_CHANNEL = 6;
    private static final String RETRY_TIERS = "--herald.kafka.retry-tiers=1s,2s";

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startTheStackWithTwoDingTalkDispatchers() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        StringBuilder catalog = new StringBuilder("herald:\n  channels:\n");
        StackBuilder builder = LocalStack.builder();
        for (int i = 0; i < CHANNELS; i++) {
            catalog.append("    robot-")
                    .append(i)
                    .append(":\n")
                    .append("      provider: dingtalk\n")
                    .append("      endpoint: {{sandbox}}/dingtalk/robot/send\n")
                    .append("      rate-per-minute: 600\n")
                    .append("      credentials:\n")
                    .append("        access-token: env:SCALE_TOKEN_")
                    .append(i)
                    .append('\n')
                    .append("        secret: env:SCALE_SECRET_")
                    .append(i)
                    .append('\n');
            builder.sandboxSetup(robot("scale-token-" + i, "SECscale-secret-" + i))
                    .env("SCALE_TOKEN_" + i, "scale-token-" + i)
                    .env("SCALE_SECRET_" + i, "SECscale-secret-" + i);
        }
        var home = LocalStack.heraldHome();
        stack = builder.home(home)
                .workDir(home.resolve("infra/local-stack/target/dispatcher-scaling-it"))
                .freePorts()
                .kafkaBrokers(3)
                .channelCatalogContent(catalog.toString())
                .everyServiceArgs(RETRY_TIERS)
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.instance-id=dispatcher-a")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
        stack.startDispatcherInstance("dispatcher-b", List.of("dingtalk"));
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void twoInstancesSplitThePartitionsAndKillingOneMidStreamLosesNothing() throws Exception {
        String a = stack.httpUrl("dispatcher");
        String b = stack.dispatcherInstances().get("dispatcher-b");

        // given: the group has settled, each instance owning a disjoint, non-empty share of the 6 partitions
        Map<String, List<Integer>> owned = new TreeMap<>();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    owned.put("dispatcher-a", partitions(a));
                    owned.put("dispatcher-b", partitions(b));
                    assertThat(owned.get("dispatcher-a")).isNotEmpty();
                    assertThat(owned.get("dispatcher-b"))
                            .isNotEmpty()
                            .doesNotContainAnyElementsOf(owned.get("dispatcher-a"));
                    Set<Integer> all = new HashSet<>(owned.get("dispatcher-a"));
                    all.addAll(owned.get("dispatcher-b"));
                    assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
                });
        System.out.println("partition ownership before the kill: " + owned);

        // when: a stream of notifications to every channel, and dispatcher-b dies (SIGKILL) in the middle of it
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < PER_CHANNEL; round++) {
            for (int channel = 0; channel < CHANNELS; channel++) {
                ids.add(client.post("robot-" + channel, "scaling message " + round + " for robot-" + channel));
            }
            if (round == PER_CHANNEL / 2) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> stack.sandbox().received().size() >= CHANNELS);
                stack.killDispatcherInstance("dispatcher-b");
            }
        }

        // then: every notification ends delivered or dead-lettered; dispatcher-a took over b's partitions
        Map<String, String> finalStatus = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        if (!finalStatus.containsKey(id)) {
                            String status = client.status(id);
                            if (status.equals("DELIVERED") || status.equals("DEAD_LETTERED")) {
                                finalStatus.put(id, status);
                            }
                        }
                    }
                    assertThat(finalStatus.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                });
        assertThat(partitions(a)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(finalStatus.values()).allMatch("DELIVERED"::equals);
        long sends = stack.sandbox().received().stream()
                .filter(r -> r.body().contains("scaling message"))
                .count();
        System.out.println(ids.size() + " notifications, " + sends + " sends (duplicates after the kill: "
                + (sends - ids.size()) + ")");
        assertThat(sends).isGreaterThanOrEqualTo(ids.size());
    }

    @Test
    @Order(2)
    void onThreeBrokersTopicsKeepTwoInSyncReplicasAndAKilledBrokerLosesNothing() throws Exception {
        KafkaClusterView cluster = new KafkaClusterView(stack.bootstrapServers());
        try (cluster) {
            assertThat(cluster.nodes()).isEqualTo(3);
            assertThat(cluster.replicasPerPartition()).containsOnly(3);
            assertThat(cluster.minInsyncReplicas()).containsOnly("2");

            // given: one notification delivered through the cluster
            List<String> ids = new ArrayList<>();
            ids.add(client.post("robot-0", "before the broker dies"));
            client.awaitStatus(ids.getFirst(), "DELIVERED");

            // when: node 2 dies (SIGKILL: no controlled shutdown) and stays down; more notifications come
            long led = cluster.leadersOn(2);
            ComponentState victim = stack.components().stream()
                    .filter(c -> c.name().equals("kafka-2"))
                    .findFirst()
                    .orElseThrow();
            ProcessHandle.of(victim.pid().orElseThrow()).orElseThrow().destroyForcibly();
            for (int channel = 0; channel < CHANNELS; channel++) {
                ids.add(client.post("robot-" + channel, "after the broker died, robot-" + channel));
            }

            // then: every one delivered; node 2's leaders moved to the others, no partition without one
            for (String id : ids) {
                client.awaitStatus(id, Duration.ofSeconds(120), Set.of("DELIVERED"));
            }
            System.out.println("kafka-2 led " + led + " partitions before the kill");
            assertThat(led).isPositive();
            assertThat(cluster.leadersOn(2)).isZero();
            assertThat(cluster.leaderless()).isZero();
        }
    }

    private List<Integer> partitions(String dispatcherUrl) throws Exception {
        return client.assignedPartitions(dispatcherUrl, "dingtalk");
    }

    private static java.util.function.Consumer<io.herald.sandbox.ProviderSandbox> robot(String token, String secret) {
        return sandbox -> sandbox.verifier(DingTalkRobotVerifier.class).addRobot(token, secret);
    }
}
