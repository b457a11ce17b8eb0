package io.herald.audit.consume;

import static io.herald.audit.Fixtures.accepted;
import static io.herald.audit.Fixtures.attempt;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static io.herald.audit.Fixtures.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.AuditItSupport;
import io.herald.audit.store.AuditStore;
import io.herald.audit.store.EventKind;
import io.herald.audit.store.EventRecord;
import io.herald.audit.store.NotificationStatus;
import io.herald.contract.kafka.Topics;
import io.herald.schema.Outcome;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The four listeners as the application wires them, without a broker: each subscribes to its topic in group
 * herald-audit with audit's error handling, and a record handed to its container's listener lands in the store.
 */
class ListenerWiringIT extends AuditItSupport {

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Autowired
    Topics topics;

    @Autowired
    CommonErrorHandler auditErrorHandler;

    @Autowired
    ConsumerFactory<?, ?> consumerFactory;

    @Autowired
    AuditStore store;

    @Test
    void eachListenerReadsItsTopicInTheAuditGroup() {
        assertSubscription("audit-accepted", topics.accepted());
        assertSubscription("audit-rejected", topics.rejected());
        assertSubscription("audit-attempts", topics.attempts());
        assertSubscription("audit-dead-letters", topics.deadLetters());
    }

    @Test
    void recordsHandedToTheListenersAreStored() {
        String id = newId();
        String rejectedId = newId();

        deliver("audit-attempts", topics.attempts(), id, attempt(id, 1, Outcome.PERMANENT));
        deliver("audit-accepted", topics.accepted(), "ops-alerts", accepted(id));
        deliver("audit-dead-letters", topics.deadLetters(), id, deadLetter(id, Outcome.PERMANENT));
        deliver("audit-rejected", topics.rejected(), rejectedId, rejected(rejectedId));

        assertThat(store.events(id))
                .extracting(EventRecord::kind)
                .containsExactly(EventKind.ACCEPTED, EventKind.ATTEMPT, EventKind.DEAD_LETTER);
        assertThat(store.findNotification(id).orElseThrow().status()).isEqualTo(NotificationStatus.DEAD_LETTERED);
        assertThat(store.findNotification(rejectedId).orElseThrow().status()).isEqualTo(NotificationStatus.REJECTED);
    }

    private void assertSubscription(String listenerId, String topic) {
        MessageListenerContainer container = registry.getListenerContainer(listenerId);
        assertThat(container).as(listenerId).isNotNull();
        assertThat(container.getContainerProperties().getTopics()).containsExactly(topic);
        assertThat(container.getGroupId()).isEqualTo("herald-audit");
        assertThat(container.isRunning()).as("listeners are off in these tests").isFalse();
        assertThat(container).extracting("commonErrorHandler").isSameAs(auditErrorHandler);
        assertThat(container.getContainerProperties().getIdleBetweenPolls())
                .as("no wait after a poll: a backlog is read at once")
                .isZero();
    }

    @Test
    void theBrokerGathersUpTo100msOfRecordsForAPoll() {
        assertThat(consumerFactory.getConfigurationProperties())
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65_536)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    }

    @Test
    void listenersReceiveWholePollsAndSkipUndecodableRecords() {
        String id = newId();
        String other = newId();

        // a null value is how the error-handling deserializer hands over a record it could not decode
        deliver(
                "audit-accepted",
                List.of(
                        new ConsumerRecord<>(topics.accepted(), 0, 0L, "ops-alerts", accepted(id)),
                        new ConsumerRecord<>(topics.accepted(), 0, 1L, "ops-alerts", null),
                        new ConsumerRecord<>(topics.accepted(), 0, 2L, "ops-alerts", accepted(other)),
                        new ConsumerRecord<>(topics.accepted(), 0, 3L, "ops-alerts", accepted(id))));

        assertThat(store.events(id)).hasSize(1);
        assertThat(store.findNotification(other)).isPresent();
    }

    private void deliver(String listenerId, String topic, String key, Object value) {
        deliver(listenerId, List.of(new ConsumerRecord<>(topic, 0, 0L, key, value)));
    }

    @SuppressWarnings("unchecked")
    private void deliver(String listenerId, List<ConsumerRecord<String, Object>> records) {
        var listener =
                (GenericMessageListener<List<ConsumerRecord<String, Object>>>) registry.getListenerContainer(listenerId)
                        .getContainerProperties()
                        .getMessageListener();
        listener.onMessage(records, null, null);
    }
}
