package io.herald.audit.operators;

import io.herald.schema.DeadLetter;
import io.herald.schema.DeliveryAttempt;
import io.herald.schema.FailureExplanation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks what operators must hear of from the recorded events: a dead letter; an attempt not sent because its channel's
 * circuit has been open for {@code circuit-open-for} (counted from the first such attempt since one was sent), because
 * the signer does not trust its clock, or because the endpoint is gone; a sent attempt answered 410. Events of the
 * operators' own channel are left out, so a broken ops channel cannot feed itself notices.
 */
final class OperatorSignals {

    static final String CIRCUIT_OPEN = "circuit_open";
    static final String CLOCK_UNTRUSTED = "clock_untrusted";
    static final String ENDPOINT_GONE = "endpoint_gone";
    private static final int GONE = 410;

    private final String opsChannel;
    private final Duration circuitOpenFor;
    // per audit instance: each sees the attempts of its partitions; a parked attempt comes back while the circuit is
    // open
    private final Map<String, Instant> circuitOpenSince = new ConcurrentHashMap<>();

    OperatorSignals(String opsChannel, Duration circuitOpenFor) {
        this.opsChannel = opsChannel;
        this.circuitOpenFor = circuitOpenFor;
    }

    Optional<Signal> of(Object value) {
        return switch (value) {
            case DeliveryAttempt attempt when !attempt.getChannel().equals(opsChannel) -> attempt(attempt);
            case DeadLetter dead
            when !dead.getChannel().equals(opsChannel) ->
                Optional.of(new Signal(
                        OperatorEventKind.DEAD_LETTERS,
                        dead.getChannel(),
                        dead.getProvider(),
                        dead.getTenant(),
                        dead.getDeadAt(),
                        deadLetterDetail(dead)));
            default -> Optional.empty();
        };
    }

    private Optional<Signal> attempt(DeliveryAttempt attempt) {
        String cause = attempt.getNotSentCause();
        String channel = attempt.getChannel();
        if (cause == null) {
            circuitOpenSince.remove(channel);
            return attempt.getHttpStatus() != null && attempt.getHttpStatus() == GONE
                    ? Optional.of(signal(OperatorEventKind.ENDPOINT_GONE, channel, attempt))
                    : Optional.empty();
        }
        return switch (cause) {
            case CIRCUIT_OPEN -> {
                Instant since =
                        circuitOpenSince.merge(channel, attempt.getStartedAt(), (a, b) -> a.isBefore(b) ? a : b);
                Duration open = Duration.between(since, attempt.getStartedAt());
                yield open.compareTo(circuitOpenFor) >= 0
                        ? Optional.of(new Signal(
                                OperatorEventKind.CIRCUIT_OPEN,
                                channel,
                                attempt.getProvider(),
                                attempt.getTenant(),
                                attempt.getStartedAt(),
                                "open since " + since + " (" + open.toMinutes() + " min): " + detail(attempt)))
                        : Optional.empty();
            }
            case CLOCK_UNTRUSTED ->
                Optional.of(new Signal(
                        OperatorEventKind.CLOCK_UNTRUSTED,
                        attempt.getProvider(),
                        attempt.getProvider(),
                        attempt.getTenant(),
                        attempt.getStartedAt(),
                        detail(attempt)));
            case ENDPOINT_GONE -> Optional.of(signal(OperatorEventKind.ENDPOINT_GONE, channel, attempt));
            default -> Optional.empty();
        };
    }

    private static Signal signal(OperatorEventKind kind, String channel, DeliveryAttempt attempt) {
        return new Signal(
                kind, channel, attempt.getProvider(), attempt.getTenant(), attempt.getStartedAt(), detail(attempt));
    }

    /** The attempt's explanation when it has one, else its own words (both free of credentials). */
    private static String detail(DeliveryAttempt attempt) {
        FailureExplanation explanation = attempt.getExplanation();
        if (explanation != null) {
            return explanation.getLikelyCause() == null
                    ? explanation.getText()
                    : explanation.getText() + " " + explanation.getLikelyCause();
        }
        if (attempt.getError() != null) {
            return attempt.getError();
        }
        return "HTTP " + attempt.getHttpStatus()
                + (attempt.getProviderCode() == null ? "" : ", code " + attempt.getProviderCode())
                + (attempt.getProviderMessage() == null ? "" : ": " + attempt.getProviderMessage());
    }

    private static String deadLetterDetail(DeadLetter dead) {
        if (dead.getAttempts().isEmpty()) {
            return dead.getReason();
        }
        DeliveryAttempt last = dead.getAttempts().getLast();
        return last.getExplanation() == null ? dead.getReason() : dead.getReason() + " — " + detail(last);
    }
}
