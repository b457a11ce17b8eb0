package io.herald.dispatcher.lanes;

import io.herald.contract.provider.Provider;
import io.herald.contract.tracing.RecordTrace;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.dispatcher.delivery.OutcomeWriter;
import io.herald.schema.SignedDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Delivers one poll of a signed topic with many requests in flight: its records are grouped by channel into lanes, each
 * sending its records in order on its own virtual thread (so a channel's order and pacing hold: a request waits in its
 * lane for its channel's rate window up to {@code max-wait-in-lane} after the poll started), all lanes at once (so a
 * slow or paced channel holds up only itself). {@link #deliver} returns when every outcome is acknowledged, so the
 * caller commits the poll's offsets only after them. A lane past the poll's deadline parks the rest of its records, so
 * a slow endpoint cannot keep the poll open past the consumer's {@code max.poll.interval.ms}.
 */
public class ChannelLanes implements AutoCloseable {

    /** By sequence (place in the channel's order); notifications without one keep their place in the poll. */
    private static final Comparator<Item> ACCEPTED_ORDER = Comparator.comparing(
            item -> item.signed().getNotification().getSequence(), Comparator.nullsFirst(Comparator.naturalOrder()));

    private final DeliveryService deliveries;
    private final Duration pollDeadline;
    private final Duration maxWaitInLane;
    private final Clock clock;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("herald-lane-", 0).factory());

    /** Lanes that never wait for a channel's window: a request it has no room for now is parked until its slot. */
    public ChannelLanes(DeliveryService deliveries, Duration pollDeadline, Clock clock) {
        this(deliveries, pollDeadline, Duration.ZERO, clock);
    }

    /**
     * @param maxWaitInLane how long after its poll started a lane may still wait for its channel's rate window; a
     *     request whose slot is later is parked until its slot. The partition's next poll waits for the slowest lane,
     *     so this bounds what pacing one channel costs the other channels of its partition.
     */
    public ChannelLanes(DeliveryService deliveries, Duration pollDeadline, Duration maxWaitInLane, Clock clock) {
        if (maxWaitInLane.isNegative() || maxWaitInLane.compareTo(pollDeadline) >= 0) {
            throw new IllegalArgumentException("herald.dispatcher.pacing.max-wait-in-lane must be at least 0 and"
                    + " shorter than herald.dispatcher.poll-deadline (" + pollDeadline + "), was " + maxWaitInLane);
        }
        this.deliveries = deliveries;
        this.pollDeadline = pollDeadline;
        this.maxWaitInLane = maxWaitInLane;
        this.clock = clock;
    }

    /** One record of the poll, with its position in it and its trace, in which it is delivered. */
    public record Item(int index, SignedDelivery signed, RecordTrace trace) {

        /** An item traced nowhere. */
        public Item(int index, SignedDelivery signed) {
            this(index, signed, RecordTrace.none());
        }
    }

    /** The first record (lowest index) whose outcome was not written, and why; later ones must be redelivered. */
    public record Failure(int index, Exception cause) {}

    /**
     * Delivers every item, one lane per channel, and waits for all of them.
     *
     * @return the lowest-index failure, if any: every item before it has its outcome written
     * @throws InterruptedException when stopped while waiting; lanes are interrupted and nothing is committed
     */
    public Optional<Failure> deliver(Provider provider, List<Item> items) throws InterruptedException {
        if (items.isEmpty()) {
            return Optional.empty();
        }
        deliveries.beforePoll(provider);
        Map<String, List<Item>> lanes = new LinkedHashMap<>();
        for (Item item : items) {
            lanes.computeIfAbsent(item.signed().getNotification().getChannel(), channel -> new ArrayList<>())
                    .add(item);
        }
        // in the order they were accepted: retries come back through the retry topics in whatever order they are due,
        // and an ordered channel's notifications waiting behind one that is through can all go in this poll
        lanes.values().forEach(lane -> lane.sort(ACCEPTED_ORDER));
        Instant started = clock.instant();
        Instant deadline = started.plus(pollDeadline);
        Instant paceUntil = started.plus(maxWaitInLane);
        List<Future<Optional<Failure>>> running = new ArrayList<>(lanes.size());
        for (List<Item> lane : lanes.values()) {
            running.add(threads.submit(() -> runLane(provider, lane, deadline, paceUntil)));
        }
        Failure first = null;
        try {
            for (Future<Optional<Failure>> lane : running) {
                Optional<Failure> failure = outcomeOf(lane);
                if (failure.isPresent() && (first == null || failure.get().index() < first.index())) {
                    first = failure.get();
                }
            }
        } catch (InterruptedException e) {
            running.forEach(lane -> lane.cancel(true));
            throw e;
        }
        return Optional.ofNullable(first);
    }

    /**
     * Sends a lane's records one after another without waiting for each outcome's acknowledgement (the sends, not
     * the outcome records, are what must stay in channel order), then waits for all of them; stops sending at the
     * first record whose outcome could not even be handed to the producer.
     */
    private Optional<Failure> runLane(Provider provider, List<Item> lane, Instant deadline, Instant paceUntil) {
        List<Map.Entry<Item, OutcomeWriter.Written>> written = new ArrayList<>(lane.size());
        Failure failure = null;
        for (int position = 0; position < lane.size(); position++) {
            Item item = lane.get(position);
            try {
                DeliveryService.Delivery delivery = item.trace()
                        .call(() -> clock.instant().isAfter(deadline)
                                ? deliveries.park(
                                        provider,
                                        item.signed(),
                                        "channel "
                                                + item.signed()
                                                        .getNotification()
                                                        .getChannel() + " took longer than " + pollDeadline
                                                + " for one poll; the rest of its records are parked")
                                : deliveries.deliverWithoutWaiting(provider, item.signed(), paceUntil));
                written.add(Map.entry(item, delivery.written()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failed(lane, position, e);
                break;
            } catch (RuntimeException e) {
                // a bug or a refused write: this record and the rest of its lane are redelivered
                failure = failed(lane, position, e);
                break;
            }
        }
        for (int position = 0; position < written.size(); position++) {
            Map.Entry<Item, OutcomeWriter.Written> sent = written.get(position);
            try {
                sent.getValue().await();
                sent.getKey().trace().end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(failed(lane, position, e));
            } catch (RuntimeException e) {
                return Optional.of(failed(lane, position, e));
            }
        }
        return Optional.ofNullable(failure);
    }

    /**
     * The failure of the lane's record at {@code position}: it and every later one of the lane are redelivered, so it
     * is reported at the lowest poll index among them (the lane is sorted, and the poll is committed up to the index).
     */
    private static Failure failed(List<Item> lane, int position, Exception cause) {
        lane.get(position).trace().end(cause);
        int index = lane.subList(position, lane.size()).stream()
                .mapToInt(Item::index)
                .min()
                .orElseThrow();
        return new Failure(index, cause);
    }

    private static Optional<Failure> outcomeOf(Future<Optional<Failure>> lane) throws InterruptedException {
        try {
            return lane.get();
        } catch (ExecutionException e) {
            // runLane catches every exception; an Error lands here
            throw new IllegalStateException("a delivery lane failed unexpectedly", e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
