package io.herald.stack;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** What a test checks of the stack's Kafka cluster through an AdminClient: nodes, Herald's topics, their leaders. */
final class KafkaClusterView implements AutoCloseable {

    private final Admin admin;

    KafkaClusterView(String bootstrapServers) {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    int nodes() throws Exception {
        return admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
    }

    /** Each partition's replica count, over every Herald topic. */
    List<Integer> replicasPerPartition() throws Exception {
        return topics().stream()
                .flatMap(t -> t.partitions().stream())
                .map(p -> p.replicas().size())
                .toList();
    }

    /** Each Herald topic's {@code min.insync.replicas}. */
    List<String> minInsyncReplicas() throws Exception {
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics().stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                        .toList())
                .all()
                .get(15, TimeUnit.SECONDS);
        return configs.values().stream()
                .map(config ->
                        config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())
                .toList();
    }

    /** Partitions of Herald's topics node {@code nodeId} leads. */
    long leadersOn(int nodeId) throws Exception {
        return topics().stream()
                .flatMap(t -> t.partitions().stream())
                .filter(p -> p.leader() != null && p.leader().id() == nodeId)
                .count();
    }

    /** Partitions of Herald's topics without a leader. */
    long leaderless() throws Exception {
        return topics().stream()
                .flatMap(t -> t.partitions().stream())
                .filter(p -> p.leader() == null || p.leader().isEmpty())
                .count();
    }

    private Collection<TopicDescription> topics() throws Exception {
        List<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith("herald."))
                .toList();
        return admin.describeTopics(names)
                .allTopicNames()
                .get(15, TimeUnit.SECONDS)
                .values();
    }

    @Override
    public void close() {
        admin.close();
    }
}
