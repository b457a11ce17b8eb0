package io.herald.contract.dispatchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.contract.dispatchers.DispatcherLookup.Presence;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The lookup against a real broker: a provider whose dispatcher group has no consumer has no members and its whole
 * signed topic waits; a running consumer of the group is counted and only what it has not committed waits; a broker
 * that cannot be reached is an error, never "no members".
 */
@EmbeddedKafka(
        partitions = 2,
        topics = {"herald.signed.webhook", "herald.signed.dingtalk"})
class KafkaDispatcherLookupIT {

    private static final Topics TOPICS = new Topics("", List.of(Duration.ofSeconds(10)));

    @Test
    void aProviderNobodyConsumesHasNoMembersAndItsWholeSignedTopicWaits(EmbeddedKafkaBroker broker) throws Exception {
        send(broker, "herald.signed.webhook", 3);

        try (KafkaDispatcherLookup lookup = lookup(broker)) {
            assertThat(lookup.presence(List.of(Provider.of("webhook"))))
                    .isEqualTo(Map.of(Provider.of("webhook"), new Presence(0, 3)));
            assertThat(lookup.members(List.of(Provider.of("webhook")))).isEqualTo(Map.of(Provider.of("webhook"), 0));
        }
    }

    @Test
    void aRunningDispatcherIsCountedAndOnlyWhatItHasNotCommittedWaits(EmbeddedKafkaBroker broker) throws Exception {
        send(broker, "herald.signed.dingtalk", 5);
        try (KafkaConsumer<String, String> dispatcher = dispatcher(broker, Provider.of("dingtalk"));
                KafkaDispatcherLookup lookup = lookup(broker)) {
            dispatcher.subscribe(List.of("herald.signed.dingtalk"));
            AtomicInteger read = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> read.addAndGet(
                                    dispatcher.poll(Duration.ofMillis(200)).count())
                            >= 5);
            dispatcher.commitSync();
            send(broker, "herald.signed.dingtalk", 2);

            assertThat(lookup.presence(List.of(Provider.of("dingtalk"), Provider.of("webhook"))))
                    .containsEntry(Provider.of("dingtalk"), new Presence(1, 2));
            // slack's group never existed (nor its topic, here): no members, not an error
            assertThat(lookup.members(List.of(Provider.of("dingtalk"), Provider.of("slack"))))
                    .isEqualTo(Map.of(Provider.of("dingtalk"), 1, Provider.of("slack"), 0));
        }
    }

    @Test
    void aBrokerThatCannotBeReachedIsAnErrorNotAProviderWithoutDispatchers() {
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000));
        try (KafkaDispatcherLookup lookup = new KafkaDispatcherLookup(admin, TOPICS, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> lookup.members(List.of(Provider.of("webhook"))))
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> lookup.presence(List.of(Provider.of("webhook"))))
                    .isInstanceOf(Exception.class);
        }
    }

    private static KafkaDispatcherLookup lookup(EmbeddedKafkaBroker broker) {
        return KafkaDispatcherLookup.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), "lookup-it", TOPICS);
    }

    private static void send(EmbeddedKafkaBroker broker, String topic, int count) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "signed " + i))
                        .get();
            }
        }
    }

    private static KafkaConsumer<String, String> dispatcher(EmbeddedKafkaBroker broker, Provider provider) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG,
                Topics.dispatcherGroup(provider),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
    }
}
