package io.herald.contract.dispatchers;

import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@link DispatcherLookup} from the broker through an admin client: the dispatchers' group members and their lag on
 * the signed topic ({@link #presence}), or the members alone ({@link #members}, one request for all providers). Every
 * broker call waits at most {@value #TIMEOUT_SECONDS} s; a call that fails throws, so a broker that cannot be asked is
 * never mistaken for a provider without dispatchers.
 */
public final class KafkaDispatcherLookup implements DispatcherLookup, AutoCloseable {

    static final int TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final Topics topics;
    private final Duration timeout;

    KafkaDispatcherLookup(Admin admin, Topics topics, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        this.timeout = timeout;
    }

    /**
     * A lookup with its own admin client.
     *
     * @param adminConfig the service's admin client settings (bootstrap servers, security), e.g. Spring's
     *     {@code KafkaAdmin.getConfigurationProperties()}
     * @param clientId the admin client's {@code client.id}, naming the service and purpose in the broker's logs
     */
    public static KafkaDispatcherLookup create(Map<String, Object> adminConfig, String clientId, Topics topics) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1_000);
        // Kafka 4.1's admin client "rebootstraps" in a loop while no broker is reachable, even between calls: about
        // 1,000 INFO lines a second (measured against a closed port); without it, one reconnect attempt a second
        config.put(AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        return new KafkaDispatcherLookup(Admin.create(config), topics, Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    @Override
    public Map<Provider, Presence> presence(List<Provider> providers) throws Exception {
        Map<Provider, Integer> members = members(providers);
        Map<Provider, Presence> presence = new HashMap<>();
        for (Provider provider : providers) {
            presence.put(provider, new Presence(members.get(provider), waiting(provider)));
        }
        return presence;
    }

    /**
     * How many consumers each provider's dispatcher group has (0: none runs, or the group never existed), without the
     * backlog: one broker request.
     *
     * @throws Exception when the broker could not be asked
     */
    public Map<Provider, Integer> members(Collection<Provider> providers) throws Exception {
        Map<String, KafkaFuture<ConsumerGroupDescription>> groups = admin.describeConsumerGroups(
                        providers.stream().map(Topics::dispatcherGroup).collect(Collectors.toSet()))
                .describedGroups();
        Map<Provider, Integer> members = new HashMap<>();
        for (Provider provider : providers) {
            ConsumerGroupDescription group = orNullIfNoGroup(groups.get(Topics.dispatcherGroup(provider)));
            members.put(provider, group == null ? 0 : group.members().size());
        }
        return members;
    }

    /** The future's value; null when the group has never existed (Kafka 4 answers GroupIdNotFound for it). */
    private <T> T orNullIfNoGroup(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** End offsets of the provider's signed topic less what its dispatchers committed (the start, if nothing). */
    private long waiting(Provider provider) throws Exception {
        String topic = topics.signed(provider);
        Map<TopicPartition, OffsetAndMetadata> found = orNullIfNoGroup(
                admin.listConsumerGroupOffsets(Topics.dispatcherGroup(provider)).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetAndMetadata> committed = found == null ? Map.of() : found;
        var partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        // where a partition has no commit, its backlog starts at its first record: asked only then
        List<TopicPartition> uncommitted =
                partitions.stream().filter(p -> committed.get(p) == null).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());
        long waiting = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            waiting += Math.max(0, ends.get(partition).offset() - from);
        }
        return waiting;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
