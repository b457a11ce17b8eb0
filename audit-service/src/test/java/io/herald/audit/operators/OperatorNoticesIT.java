package io.herald.audit.operators;

import static io.herald.audit.Fixtures.T0;
import static io.herald.audit.Fixtures.deadLetter;
import static io.herald.audit.Fixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.herald.audit.AuditItSupport;
import io.herald.audit.consume.AuditEvents;
import io.herald.audit.replay.AcceptedPublisher;
import io.herald.audit.store.AuditStore;
import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChatMessage;
import io.herald.schema.DeadLetter;
import io.herald.schema.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Operator notices on real PostgreSQL: told once per quiet period across audit instances, told again after a notice
 * Kafka did not take, held until a threshold. Kafka is a mock here; the local stack's OperatorNoticesStackIT delivers a
 * notice through the whole pipeline.
 */
class OperatorNoticesIT extends AuditItSupport {

    private static final URI PAGE = URI.create("http://audit.example/");

    @Autowired
    OperatorEventStore store;

    @Autowired
    AuditStore audit;

    private final ChannelDirectory channels = mock(ChannelDirectory.class);
    private final AcceptedPublisher publisher = mock(AcceptedPublisher.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(60));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String channel;

    @BeforeEach
    void opsChannel() {
        channel = "broken-" + newId().substring(2, 10);
        Channel hooks = new Channel(
                "webhook",
                java.net.URI.create("https://hooks.example.com/ops"),
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null);
        when(channels.entry("ops-room"))
                .thenReturn(Optional.of(
                        new ChannelEntry("ops-room", "ops", io.herald.schema.ChannelState.ACTIVE, hooks, Map.of(), 1)));
    }

    @Test
    void aDeadLetterIsToldOnceAndAgainOnlyAfterTheQuietPeriod() throws Exception {
        OperatorNotices notices = notices(1, "ops-room");

        notices.judge(deadLetterSignal());
        notices.judge(deadLetterSignal());
        now.set(now.get().plus(Duration.ofMinutes(16)));
        notices.judge(deadLetterSignal());

        ArgumentCaptor<AcceptedNotification> sent = ArgumentCaptor.forClass(AcceptedNotification.class);
        verify(publisher, times(2)).publish(sent.capture());
        AcceptedNotification first = sent.getAllValues().getFirst();
        assertThat(first.getChannel()).isEqualTo("ops-room");
        assertThat(first.getProvider()).isEqualTo("webhook");
        assertThat(first.getTenant()).isEqualTo("ops");
        assertThat(first.getAttributes()).containsEntry(OperatorNotices.ATTRIBUTE, "dead_letters");
        assertThat(((ChatMessage) first.getContent()).getText())
                .startsWith("Herald: channel " + channel + " dead-lettered notifications\n")
                .contains("Latest: robot access token unknown (errcode 300001)\n1 occurrence since ")
                .contains("Audit: http://audit.example/#channel=" + channel + "&status=DEAD_LETTERED");
        // the one counted in the quiet period and the one that ended it
        assertThat(((ChatMessage) sent.getAllValues().getLast().getContent()).getText())
                .contains("2 occurrences since ");
        assertThat(meters.counter("herald.audit.operator.events", "kind", "dead_letters", "result", "quiet")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void twoAuditInstancesTellOperatorsOnce() throws Exception {
        OperatorNotices one = notices(1, "ops-room");
        OperatorNotices other = notices(1, "ops-room");
        Signal signal = deadLetterSignal();

        CompletableFuture.allOf(
                        CompletableFuture.runAsync(() -> one.judge(signal)),
                        CompletableFuture.runAsync(() -> other.judge(signal)))
                .get();

        verify(publisher, times(1)).publish(any());
    }

    @Test
    void aNoticeKafkaDidNotTakeIsToldAtTheNextOccurrence() throws Exception {
        OperatorNotices notices = notices(1, "ops-room");
        doThrow(new IllegalStateException("broker away"))
                .doNothing()
                .when(publisher)
                .publish(any());

        notices.judge(deadLetterSignal());
        notices.judge(deadLetterSignal());

        verify(publisher, times(2)).publish(any());
        assertThat(meters.counter("herald.audit.operator.events", "kind", "dead_letters", "result", "not_sent")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void deadLettersBelowTheThresholdAreCountedNotTold() throws Exception {
        OperatorNotices notices = notices(3, "ops-room");

        for (int i = 0; i < 3; i++) {
            DeadLetter dead = deadLetter(newId(), Outcome.PERMANENT);
            dead.setChannel(channel);
            dead.getNotification().setChannel(channel);
            // the notification row the threshold counts (stored directly: the recorder would tell this context's
            // own operator notices too, which would take the claim)
            audit.record(AuditEvents.deadLetter(dead));
            notices.judge(deadLetterSignal());
            if (i < 2) {
                verify(publisher, never()).publish(any());
            }
        }

        verify(publisher, times(1)).publish(any());
    }

    @Test
    void withoutAnOperatorsChannelEventsAreCountedAndLoggedOnly() throws Exception {
        OperatorNotices notices = notices(1, "");

        notices.judge(deadLetterSignal());

        verify(publisher, never()).publish(any());
        assertThat(meters.counter("herald.audit.operator.events", "kind", "dead_letters", "result", "logged")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void recordedDeadLettersAreJudgedOffTheListenersThread() throws Exception {
        OperatorNotices notices = notices(1, "ops-room");
        DeadLetter dead = deadLetter(newId(), Outcome.PERMANENT);
        dead.setChannel(channel);

        notices.recorded(List.of(dead));

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> verify(publisher).publish(any()));
    }

    private Signal deadLetterSignal() {
        return new Signal(
                OperatorEventKind.DEAD_LETTERS,
                channel,
                "dingtalk",
                "acme",
                T0.plusSeconds(60),
                "robot access token unknown (errcode 300001)");
    }

    private OperatorNotices notices(int threshold, String opsChannel) {
        OperatorsProperties properties = new OperatorsProperties(
                opsChannel,
                PAGE,
                Duration.ofMinutes(15),
                threshold,
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                100);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new OperatorNotices(store, channels, publisher, properties, meters, clock);
    }
}
