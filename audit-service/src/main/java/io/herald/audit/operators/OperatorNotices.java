package io.herald.audit.operators;

import io.herald.audit.consume.RecordedEventsListener;
import io.herald.audit.replay.AcceptedPublisher;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.provider.Provider;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ChannelState;
import io.herald.schema.ChatMessage;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Tells operators what needs them (dead letters, a circuit open too long, an untrusted clock, a gone endpoint): counted
 * as {@code herald.audit.operator.events}, logged once per quiet period, and delivered through Herald itself to the
 * operators' channel ({@code herald.audit.operators.channel}) as a notification like any other, with a link to the audit
 * page filtered on the cause. Judged off the listener's thread, one occurrence at a time.
 */
@Component
@EnableConfigurationProperties(OperatorsProperties.class)
class OperatorNotices implements RecordedEventsListener, DisposableBean {

    /** Marks a notification as an operator notice: its value is the event's kind. */
    static final String ATTRIBUTE = "herald.operator-event";

    private static final Logger log = LoggerFactory.getLogger(OperatorNotices.class);

    private final OperatorSignals signals;
    private final OperatorEventStore store;
    private final ChannelDirectory channels;
    private final AcceptedPublisher publisher;
    private final OperatorsProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ThreadPoolExecutor worker;

    @Autowired
    OperatorNotices(
            OperatorEventStore store,
            ChannelDirectory channels,
            AcceptedPublisher publisher,
            OperatorsProperties properties,
            MeterRegistry meters) {
        this(store, channels, publisher, properties, meters, Clock.systemUTC());
    }

    OperatorNotices(
            OperatorEventStore store,
            ChannelDirectory channels,
            AcceptedPublisher publisher,
            OperatorsProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.signals = new OperatorSignals(properties.channel(), properties.circuitOpenFor());
        this.store = store;
        this.channels = channels;
        this.publisher = publisher;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.maxPending()),
                Thread.ofPlatform().name("herald-operator-events").daemon().factory(),
                (task, executor) -> count("dropped", null));
    }

    @Override
    public void recorded(List<?> values) {
        for (Object value : values) {
            Optional<Signal> signal = signals.of(value);
            signal.ifPresent(s -> worker.execute(() -> judge(s)));
        }
    }

    /** Counts the occurrence and, when it is due and not told within the quiet period, tells operators. */
    void judge(Signal signal) {
        try {
            store.count(signal);
            if (signal.kind() == OperatorEventKind.DEAD_LETTERS
                    && properties.deadLetterThreshold() > 1
                    && store.deadLettersSince(signal.subject(), signal.at().minus(properties.deadLetterWindow()))
                            < properties.deadLetterThreshold()) {
                count("below_threshold", signal);
                return;
            }
            String noticeId = "operator-" + UUID.randomUUID();
            Instant now = clock.instant();
            Optional<OperatorEventStore.Claim> claim = store.claim(signal, now, properties.quietPeriod(), noticeId);
            if (claim.isEmpty()) {
                count("quiet", signal);
                return;
            }
            log.warn(
                    "operator event {} for {}: {}",
                    signal.kind().label(),
                    signal.subject(),
                    claim.get().detail());
            if (!properties.tellsChannel()) {
                count("logged", signal);
                return;
            }
            if (send(signal, claim.get(), noticeId, now)) {
                count("sent", signal);
            } else {
                store.unclaim(signal, noticeId);
                count("not_sent", signal);
            }
        } catch (RuntimeException e) {
            // the database is away: this occurrence is lost to the notices, not to the audit (it is stored)
            log.warn(
                    "operator event {} for {} not judged: {}",
                    signal.kind().label(),
                    signal.subject(),
                    e.getClass().getSimpleName());
            count("failed", signal);
        }
    }

    private boolean send(Signal signal, OperatorEventStore.Claim claim, String noticeId, Instant now) {
        Optional<ChannelEntry> ops =
                channels.entry(properties.channel()).filter(entry -> entry.state() == ChannelState.ACTIVE);
        if (ops.isEmpty() || ops.get().channel().providerType().kind() != Provider.Kind.CHAT) {
            log.warn(
                    "operators not told of {} for {}: channel {} (herald.audit.operators.channel) is not an active chat"
                            + " channel",
                    signal.kind().label(),
                    signal.subject(),
                    properties.channel());
            return false;
        }
        AcceptedNotification notice = AcceptedNotification.newBuilder()
                .setNotificationId(noticeId)
                .setChannel(ops.get().name())
                .setProvider(ops.get().channel().providerType().id())
                .setTenant(ops.get().tenant())
                .setContent(ChatMessage.newBuilder()
                        .setTitle(OperatorNotice.title(signal))
                        .setText(OperatorNotice.text(signal, claim, properties.pageUrl()))
                        .setFormat(MessageFormat.TEXT)
                        .build())
                .setAttributes(Map.of(ATTRIBUTE, signal.kind().label()))
                .setSource(Source.HTTP)
                .setAcceptedAt(now.truncatedTo(ChronoUnit.MILLIS))
                .build();
        try {
            publisher.publish(notice);
            log.info(
                    "operators told of {} for {} as notification {}",
                    signal.kind().label(),
                    signal.subject(),
                    noticeId);
            return true;
        } catch (AcceptedPublisher.NotAcknowledgedException | RuntimeException e) {
            log.warn(
                    "operators not told of {} for {}: the notice was not written to Kafka ({})",
                    signal.kind().label(),
                    signal.subject(),
                    e instanceof AcceptedPublisher.NotAcknowledgedException
                            ? e.getMessage()
                            : e.getClass().getSimpleName());
            return false;
        }
    }

    /** {@code herald.audit.operator.events}: by kind and what came of it (sent, quiet, logged, ...). */
    private void count(String result, Signal signal) {
        Counter.builder("herald.audit.operator.events")
                .description("Operator events seen, by kind and what came of them (sent, quiet, logged, not_sent, ...)")
                .tag("kind", signal == null ? "unknown" : signal.kind().label())
                .tag("result", result)
                .register(meters)
                .increment();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
