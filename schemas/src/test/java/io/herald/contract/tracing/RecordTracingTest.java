package io.herald.contract.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.ArrayListSpanProcessor;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * A record's trace as the services use it, on a real OpenTelemetry tracer: processing continues the trace in the
 * record's {@code traceparent} header, and what is sent inside it carries that trace on to the next hop.
 */
class RecordTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    private final ArrayListSpanProcessor spans = new ArrayListSpanProcessor();
    private final SdkTracerProvider provider =
            SdkTracerProvider.builder().addSpanProcessor(spans).build();
    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
    private final RecordTracing tracing;

    RecordTracingTest() {
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        OtelPropagator propagator =
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        kafka.setObservationEnabled(true);
        kafka.setObservationRegistry(registry);
        tracing = new RecordTracing(registry);
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aRecordsProcessingContinuesItsProducersTraceAndWhatItSendsCarriesItOn() {
        ConsumerRecord<String, String> record = consumed("00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01");

        RecordTrace trace = tracing.start("herald-signer-accepted", record, "n-1");
        trace.run(() -> kafka.send("herald.signed.dingtalk", "ops", "signed"));
        trace.end();

        assertThat(trace.traceId()).isEqualTo(TRACE_ID);
        SpanData processing = span("herald.accepted process");
        assertThat(processing.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(processing.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
        assertThat(processing.getAttributes().asMap().toString()).contains("herald.notification.id=n-1");
        SpanData send = span("herald.signed.dingtalk send");
        assertThat(send.getParentSpanId()).isEqualTo(processing.getSpanId());
        // the next hop reads this header: same trace, the send as its parent
        assertThat(traceparent(producer.history().getFirst()))
                .isEqualTo("00-" + TRACE_ID + "-" + send.getSpanId() + "-01");
    }

    @Test
    void aRecordWithoutTraceContextStartsATraceThatItsOutputsCarry() {
        RecordTrace trace = tracing.start("herald-audit", consumed(null), "n-2");
        trace.run(() -> kafka.send("herald.attempts", "n-2", "attempt"));
        trace.end();

        assertThat(trace.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
        assertThat(span("herald.accepted process").getParentSpanId()).isEqualTo("0000000000000000");
        assertThat(traceparent(producer.history().getFirst())).startsWith("00-" + trace.traceId() + "-");
    }

    @Test
    void logLinesInsideTheTraceNameTheNotificationAndItsTrace() {
        RecordTrace trace = tracing.start("herald-signer-accepted", consumed(null), "n-3");
        AtomicReference<String> inside = new AtomicReference<>();

        trace.run(() -> inside.set(MDC.get(RecordTrace.LOG_FIELD)));
        trace.end();

        assertThat(inside.get()).isEqualTo("n-3");
        assertThat(MDC.get(RecordTrace.LOG_FIELD)).isNull();
    }

    @Test
    void aFailedRecordsSpanSaysWhyAndEndsOnce() {
        RecordTrace trace = tracing.start("herald-signed-dingtalk", consumed(null), "n-4");

        trace.end(new IllegalStateException("outcome not acknowledged by Kafka"));
        trace.end();

        assertThat(spans.spans()).hasSize(1);
        SpanData span = spans.spans().peek();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getEvents().toString()).contains("outcome not acknowledged by Kafka");
    }

    @Test
    void withoutObservationsNothingIsTracedAndTheWorkStillRuns() {
        RecordTrace trace = RecordTracing.none().start("herald-audit", consumed(null), "n-5");
        AtomicReference<String> inside = new AtomicReference<>();

        trace.run(() -> inside.set(MDC.get(RecordTrace.LOG_FIELD)));
        trace.end();

        assertThat(trace.traceId()).isNull();
        assertThat(inside.get()).isEqualTo("n-5");
        assertThat(spans.spans()).isEmpty();
    }

    private SpanData span(String name) {
        List<SpanData> named =
                spans.spans().stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, spans.spans()).hasSize(1);
        return named.getFirst();
    }

    private static ConsumerRecord<String, String> consumed(String traceparent) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("herald.accepted", 0, 7L, "ops", "value");
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static String traceparent(ProducerRecord<?, ?> record) {
        return new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
    }
}
