package io.herald.signer.dispatchers;

import io.herald.contract.Provider;
import io.herald.contract.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** {@link DispatcherPresence.Lookup} from the broker: the dispatchers' group members and their lag on the signed topic. */
final class KafkaDispatcherLookup implements DispatcherPresence.Lookup, AutoCloseable {

    private final Admin admin;
    private final Topics topics;
    private final Duration timeout;

    KafkaDispatcherLookup(Admin admin, Topics topics, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        this.timeout = timeout;
    }

    @Override
    public Map<Provider, DispatcherPresence.Presence> presence(List<Provider> providers) throws Exception {
        Map<String, Provider> byGroup = providers.stream()
                .collect(Collectors.toMap(Topics::dispatcherGroup, provider -> provider));
        Map<String, KafkaFuture<ConsumerGroupDescription>> groups =
                admin.describeConsumerGroups(byGroup.keySet()).describedGroups();
        Map<Provider, DispatcherPresence.Presence> presence = new HashMap<>();
        for (Provider provider : providers) {
            ConsumerGroupDescription group = orNullIfNoGroup(groups.get(Topics.dispatcherGroup(provider)));
            int members = group == null ? 0 : group.members().size();
            presence.put(provider, new DispatcherPresence.Presence(members, waiting(provider)));
        }
        return presence;
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
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        // where a partition has no commit, its backlog starts at its first record: asked only then
        List<TopicPartition> uncommitted = partitions.stream().filter(p -> committed.get(p) == null).toList();
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

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions,
            OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
