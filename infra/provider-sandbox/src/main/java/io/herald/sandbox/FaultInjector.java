package io.herald.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The faults in force, oldest first: a request takes the first fault that matches it. A fault ends once it was used
 * {@code count} times or {@code duration} after injection (measured on a monotonic timer, not the sandbox clock, which
 * tests may freeze); ended faults are dropped when next looked at.
 */
final class FaultInjector {

    /** The fault a request drew, with the id it is recorded under. */
    record Taken(String id, Fault fault) {}

    private static final class Rule {
        final ActiveFault injected;
        final long injectedNanos;
        int hits;

        Rule(ActiveFault injected, long injectedNanos) {
            this.injected = injected;
            this.injectedNanos = injectedNanos;
        }

        Fault fault() {
            return injected.fault();
        }
    }

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final List<Rule> rules = new ArrayList<>();
    private long lastId;

    FaultInjector(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    synchronized ActiveFault inject(Fault fault) {
        Rule rule = new Rule(
                new ActiveFault("f" + ++lastId, fault, clock.instant(), 0, fault.count(), fault.duration()),
                nanoTime.getAsLong());
        rules.add(rule);
        return view(rule, rule.injectedNanos);
    }

    /** Uses the first live fault matching the request, if any. */
    synchronized Optional<Taken> take(String provider, String path) {
        long now = nanoTime.getAsLong();
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (ended(rule, now)) {
                it.remove();
            } else if (rule.fault().matches(provider, path)) {
                rule.hits++;
                if (rule.fault().count() != null && rule.hits >= rule.fault().count()) {
                    it.remove();
                }
                return Optional.of(new Taken(rule.injected.id(), rule.fault()));
            }
        }
        return Optional.empty();
    }

    synchronized List<ActiveFault> list() {
        long now = nanoTime.getAsLong();
        rules.removeIf(rule -> ended(rule, now));
        return rules.stream().map(rule -> view(rule, now)).toList();
    }

    synchronized Optional<ActiveFault> get(String id) {
        return list().stream().filter(fault -> fault.id().equals(id)).findFirst();
    }

    /** Ends one fault now; its last state, or empty when there is no such live fault. */
    synchronized Optional<ActiveFault> clear(String id) {
        Optional<ActiveFault> cleared = get(id);
        rules.removeIf(rule -> rule.injected.id().equals(id));
        return cleared;
    }

    /** Ends every fault now; their last states. */
    synchronized List<ActiveFault> clearAll() {
        List<ActiveFault> cleared = list();
        rules.clear();
        return cleared;
    }

    private static boolean ended(Rule rule, long now) {
        Duration duration = rule.fault().duration();
        return duration != null && now - rule.injectedNanos >= duration.toNanos();
    }

    private static ActiveFault view(Rule rule, long now) {
        Fault fault = rule.fault();
        Integer remaining = fault.count() == null ? null : fault.count() - rule.hits;
        Duration expiresIn = fault.duration() == null ? null : fault.duration().minusNanos(now - rule.injectedNanos);
        return new ActiveFault(rule.injected.id(), fault, rule.injected.injectedAt(), rule.hits, remaining, expiresIn);
    }
}
