package io.herald.contract.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.slf4j.MDC;

/**
 * The observation of processing one consumed record ({@link RecordTracing#start}): work run {@link #in} it is part of
 * the record's trace, and its log lines carry the notification id ({@value #LOG_FIELD}) next to the trace and span ids.
 * Ended once, by {@link #end()} or {@link #end(Throwable)}, after the record's outputs were acknowledged.
 */
public final class RecordTrace {

    /** The MDC key of the notification id in log lines. */
    public static final String LOG_FIELD = "notificationId";

    /** Work that may throw a checked exception. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private final Observation observation;
    private final String notificationId;
    private boolean ended;

    RecordTrace(Observation observation, String notificationId) {
        this.observation = observation;
        this.notificationId = notificationId;
    }

    /** A trace that observes nothing (unit tests, records outside any listener). */
    public static RecordTrace none() {
        return new RecordTrace(Observation.NOOP, null);
    }

    /** Calls {@code work} as this record's: inside its observation, with its notification id in the log's MDC. */
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        try (Observation.Scope scope = observation.openScope();
                MDC.MDCCloseable id = notificationId == null ? null : MDC.putCloseable(LOG_FIELD, notificationId)) {
            return work.run();
        }
    }

    /** Runs {@code work} as this record's. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** The trace id (32 hex digits) this record's processing belongs to; null when tracing is off. */
    public String traceId() {
        TracingContext tracing = observation.getContextView().get(TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        return span == null ? null : span.context().traceId();
    }

    /** Ends the observation, unless it has ended: the record was processed. */
    public synchronized void end() {
        if (!ended) {
            ended = true;
            observation.stop();
        }
    }

    /** Ends the observation, unless it has ended, with the failure that stopped the record's processing. */
    public synchronized void end(Throwable failure) {
        if (!ended) {
            observation.error(failure);
            end();
        }
    }
}
