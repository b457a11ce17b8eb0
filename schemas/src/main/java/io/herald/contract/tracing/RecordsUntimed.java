package io.herald.contract.tracing;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Spring Boot's meter handler for observations, minus the observations of single Kafka records received or sent:
 * those carry the trace from record to record; timing each one cost 3-5 % of a service's CPU (flight recordings of
 * {@code ./herald bench}), and the Kafka clients' metrics and Herald's own meters already measure that traffic.
 */
final class RecordsUntimed implements MeterObservationHandler<Observation.Context> {

    private final MeterObservationHandler<Observation.Context> timed;

    RecordsUntimed(MeterObservationHandler<Observation.Context> timed) {
        this.timed = timed;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return !(context instanceof KafkaRecordReceiverContext || context instanceof KafkaRecordSenderContext)
                && timed.supportsContext(context);
    }

    @Override
    public void onStart(Observation.Context context) {
        timed.onStart(context);
    }

    @Override
    public void onError(Observation.Context context) {
        timed.onError(context);
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        timed.onEvent(event, context);
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
        timed.onScopeOpened(context);
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
        timed.onScopeClosed(context);
    }

    @Override
    public void onScopeReset(Observation.Context context) {
        timed.onScopeReset(context);
    }

    @Override
    public void onStop(Observation.Context context) {
        timed.onStop(context);
    }
}
