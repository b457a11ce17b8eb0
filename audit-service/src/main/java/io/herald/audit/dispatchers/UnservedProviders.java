package io.herald.audit.dispatchers;

import io.herald.contract.dispatchers.PeriodicCheck;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which providers no running dispatcher serves: their dispatcher group ({@link Topics#dispatcherGroup}) has no members,
 * so their accepted notifications wait on {@code herald.signed.<provider>} with nothing in their own events saying why.
 * Asks the broker for the members every {@code herald.audit.dispatchers.check-interval}; the timeline API shows the
 * answer on a notification that is not final. A failed check forgets the last answer: no provider is said to be
 * unserved, nor served, until the broker answers again.
 */
public class UnservedProviders extends PeriodicCheck {

    private static final Logger log = LoggerFactory.getLogger(UnservedProviders.class);
    private static final List<Provider> PROVIDERS = Provider.all();

    /**
     * At {@code checkedAt} no consumer was in the provider's dispatcher group.
     *
     * @param checkedAt when the broker said so (the last check)
     */
    public record Unserved(Provider provider, Instant checkedAt) {

        public String consumerGroup() {
            return Topics.dispatcherGroup(provider);
        }

        /** For a person reading the timeline: what is missing, in the broker's terms. */
        public String reason() {
            return "no running dispatcher serves provider " + provider.id() + ": consumer group " + consumerGroup()
                    + " has no members";
        }
    }

    /** Asks the broker how many consumers each provider's dispatcher group has; throws when it cannot be asked. */
    @FunctionalInterface
    interface Members {
        Map<Provider, Integer> members(List<Provider> providers) throws Exception;
    }

    private final Members lookup;
    private final Clock clock;
    /** By provider id; empty before the first answer and after a failed check. */
    private volatile Map<String, Unserved> unserved = Map.of();

    private volatile boolean failing;

    UnservedProviders(Members lookup, Duration interval, Clock clock) {
        super("herald-audit-unserved-providers", interval);
        this.lookup = lookup;
        this.clock = clock;
    }

    /**
     * The provider's state at the last check, if nobody served it then.
     *
     * @param providerId the provider's id as in the catalog and events ({@code webhook}); unknown ids are never unserved
     */
    public Optional<Unserved> unserved(String providerId) {
        return providerId == null ? Optional.empty() : Optional.ofNullable(unserved.get(providerId));
    }

    /** Asks the broker once and keeps the answer, or forgets the last one when the broker could not be asked. */
    @Override
    protected void check() {
        Map<Provider, Integer> members;
        try {
            members = lookup.members(PROVIDERS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            unserved = Map.of();
            if (!failing) {
                log.warn(
                        "Cannot ask the broker which providers have a running dispatcher ({}): no notification is"
                                + " shown waiting for one until it answers",
                        why(e));
            }
            failing = true;
            return;
        }
        Instant now = clock.instant();
        Map<String, Unserved> found = new HashMap<>();
        members.forEach((provider, count) -> {
            if (count == 0) {
                found.put(provider.id(), new Unserved(provider, now));
            }
        });
        unserved = Map.copyOf(found);
        if (failing) {
            log.info("The broker answers again which providers have a running dispatcher");
        }
        failing = false;
    }

    /** The failure in words: the Kafka client's message, or that the broker did not answer in time. */
    private static String why(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException && cause.getMessage() == null) {
            return "no answer in time";
        }
        return cause.getMessage() == null ? "no reason given" : cause.getMessage();
    }
}
