package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pipeline on a 3-node Kafka cluster (each node a broker and a KRaft controller): Herald's topics have 3 replicas
 * and {@code min.insync.replicas=2}; a notification is delivered, a node is killed with SIGKILL, the leaders it held
 * move to the others and the next notifications are delivered too, nothing lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final String ROBOT_TOKEN = "cluster-robot-token";
    private static final String ROBOT_SECRET = "SECcluster-robot-secret-0123456789";
    private static final String CATALOG = """
            herald:
              channels:
                cluster-robot:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:CLUSTER_ROBOT_TOKEN
                    secret: env:CLUSTER_ROBOT_SECRET
                  rate-per-minute: 600
            """;

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipelineOnThreeBrokers() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/cluster-it"))
                .freePorts()
                .kafkaBrokers(3)
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, ROBOT_SECRET))
                .env("CLUSTER_ROBOT_TOKEN", ROBOT_TOKEN)
                .env("CLUSTER_ROBOT_SECRET", ROBOT_SECRET)
                .everyServiceArgs("--herald.kafka.retry-tiers=1s,2s")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBrokerKilledLosesNothingAndTheNextNotificationIsDelivered() throws Exception {
        assertThat(stack.bootstrapServers().split(",")).hasSize(3);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
            assertThat(admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasSize(3);
            Collection<TopicDescription> topics = heraldTopics(admin);
            assertThat(topics)
                    .isNotEmpty()
                    .allSatisfy(topic -> assertThat(topic.partitions())
                            .allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                            .toList())
                    .all()
                    .get(15, TimeUnit.SECONDS);
            assertThat(configs.values())
                    .allSatisfy(config -> assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                                    .value())
                            .isEqualTo("2"));

            // given: one notification delivered through the whole cluster
            List<String> ids = new ArrayList<>();
            ids.add(client.post("cluster-robot", "before the broker dies"));
            client.awaitStatus(ids.getFirst(), "DELIVERED");

            // when: node 2 dies (SIGKILL: no controlled shutdown), and is not restarted
            long led = leadersOn(heraldTopics(admin), 2);
            ComponentState victim = stack.components().stream()
                    .filter(c -> c.name().equals("kafka-2"))
                    .findFirst()
                    .orElseThrow();
            ProcessHandle.of(victim.pid().orElseThrow()).orElseThrow().destroyForcibly();
            ids.add(client.post("cluster-robot", "right after the broker died"));
            ids.add(client.post("cluster-robot", "a little later"));

            // then: both delivered, the first one still there, node 2 leads nothing and no partition is leaderless
            for (String id : ids) {
                client.awaitStatus(id, Duration.ofSeconds(120), Set.of("DELIVERED"));
            }
            assertThat(stack.sandbox().received())
                    .hasSizeGreaterThanOrEqualTo(3); // a resend after the kill may come twice
            Collection<TopicDescription> after = heraldTopics(admin);
            System.out.println("node 2 led " + led + " partitions before the kill");
            assertThat(leadersOn(after, 2)).isZero();
            assertThat(after)
                    .allSatisfy(t -> assertThat(t.partitions())
                            .allSatisfy(p -> assertThat(p.leader()).isNotNull()));
        }
    }

    private static Collection<TopicDescription> heraldTopics(Admin admin) throws Exception {
        List<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith("herald."))
                .toList();
        return admin.describeTopics(names)
                .allTopicNames()
                .get(15, TimeUnit.SECONDS)
                .values();
    }

    private static long leadersOn(Collection<TopicDescription> topics, int node) {
        return topics.stream()
                .flatMap(t -> t.partitions().stream())
                .map(TopicPartitionInfo::leader)
                .filter(leader -> leader != null && leader.id() == node)
                .count();
    }
}
