package io.herald.dispatcher.resilience;

import io.herald.contract.provider.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces each channel the way its provider counts: at most N sends in any window of the provider's length (DingTalk: 20
 * in any minute), so a burst of up to N goes at once and the next waits for the window to have room. Each channel keeps
 * the times of its recent sends and reserved slots; a request that is parked until its slot keeps its reservation
 * (claimed by its request id when it comes back, up to {@code margin} late), so successive parked requests get
 * successive slots.
 */
public final class ChannelPacing {

    /** What DingTalk, WeCom, Feishu and Slack count in: a channel's {@code ratePerMinute}. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    /** Added to the window: a send reaches the provider a little after it starts, the one N sends later too. */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(1);

    private final Duration window;
    private final Duration margin;
    private final MeterRegistry meters;
    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();

    /**
     * @param window the provider's window: N sends in any window this long (a minute for a {@code ratePerMinute})
     * @param margin added to the window between a send and the one N sends later
     */
    public ChannelPacing(Duration window, Duration margin, MeterRegistry meters) {
        if (window.isNegative() || window.isZero() || margin.isNegative()) {
            throw new IllegalArgumentException("the pacing window must be positive and its margin not negative");
        }
        this.window = window;
        this.margin = margin;
        this.meters = meters;
    }

    /** Per minute, as the providers publish their limits. */
    public static ChannelPacing perMinute(MeterRegistry meters) {
        return new ChannelPacing(MINUTE, DEFAULT_MARGIN, meters);
    }

    /** The length of the window the limit counts in. */
    public Duration window() {
        return window;
    }

    /**
     * Reserves the earliest slot at which {@code request} may be sent on {@code channel} with {@code limit} per window,
     * never before a slot reserved earlier (the channel's order holds). A request coming back to a slot it was parked
     * for takes that slot (or now, when it is at most the margin late; later, it gives it up and takes the next).
     *
     * @param now the time it asks; the slot is {@code now} when the window has room
     */
    Instant reserve(String channel, String request, int limit, Instant now) {
        Ledger ledger = ledgers.computeIfAbsent(channel, key -> new Ledger());
        synchronized (ledger) {
            ledger.forgetBefore(now.minus(window).minus(margin));
            Instant claimed = ledger.claims.remove(request);
            if (claimed != null) {
                if (!claimed.isBefore(now)) {
                    return claimed;
                }
                // a little late (the retry path's hops): the slot stays counted where it was; the margin between
                // slots a window apart keeps the provider's count right
                if (!claimed.plus(margin).isBefore(now)) {
                    return now;
                }
                // later: its slot is given up (removing a send never breaks the count) and it queues afresh
                ledger.slots.removeFirstOccurrence(claimed);
            }
            Instant slot = now;
            if (!ledger.slots.isEmpty() && ledger.slots.peekLast().isAfter(slot)) {
                slot = ledger.slots.peekLast();
            }
            if (ledger.slots.size() >= limit) {
                Instant nthLast = nth(ledger.slots, ledger.slots.size() - limit);
                Instant free = nthLast.plus(window).plus(margin);
                if (free.isAfter(slot)) {
                    slot = free;
                }
            }
            ledger.slots.addLast(slot);
            return slot;
        }
    }

    /** Keeps {@code slot} for {@code request}, which is parked until then. */
    void claim(String channel, String request, Instant slot) {
        Ledger ledger = ledgers.get(channel);
        if (ledger != null) {
            synchronized (ledger) {
                ledger.claims.put(request, slot);
            }
        }
    }

    /** Gives a reserved slot back: nothing was sent in it. */
    void release(String channel, Instant slot) {
        Ledger ledger = ledgers.get(channel);
        if (ledger != null) {
            synchronized (ledger) {
                ledger.slots.removeFirstOccurrence(slot);
            }
        }
    }

    /** Why a request waits: its channel's window is full until {@code slot}. */
    String full(String channel, int limit, Instant slot) {
        String per = window.equals(MINUTE) ? "minute" : window.toMillis() + " ms";
        return "channel " + channel + "'s window (" + limit + " per " + per + ") is full: waits for its slot at "
                + slot.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Counts a paced request ({@code herald.dispatcher.paced}: where it waited, lane or parked) and its wait. */
    void paced(Provider provider, String where, Duration wait) {
        counters.computeIfAbsent(
                        provider.id() + "/" + where,
                        key -> Counter.builder("herald.dispatcher.paced")
                                .description(
                                        "Requests that waited for their channel's rate window (a wait, not a failure),"
                                                + " by provider and where: in its lane, or parked until its slot")
                                .tag("provider", provider.id())
                                .tag("where", where)
                                .register(meters))
                .increment();
        waits.computeIfAbsent(
                        provider.id() + "/" + where,
                        key -> Timer.builder("herald.dispatcher.paced.wait")
                                .description("How long a paced request waited for its channel's rate window")
                                .tag("provider", provider.id())
                                .tag("where", where)
                                .register(meters))
                .record(wait);
    }

    private static Instant nth(Deque<Instant> slots, int index) {
        Iterator<Instant> it = slots.iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    /** A channel's sends and reserved slots in time order, and the slots parked requests will come back for. */
    private static final class Ledger {
        private final Deque<Instant> slots = new ArrayDeque<>();
        private final Map<String, Instant> claims = new HashMap<>();

        /** Sends that no longer count (and claims whose request did not come back within a window). */
        void forgetBefore(Instant oldest) {
            while (!slots.isEmpty() && slots.peekFirst().isBefore(oldest)) {
                slots.removeFirst();
            }
            claims.values().removeIf(slot -> slot.isBefore(oldest));
        }
    }
}
