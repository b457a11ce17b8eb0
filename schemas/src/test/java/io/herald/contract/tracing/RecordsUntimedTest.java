package io.herald.contract.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/** Per-record Kafka observations are traced, not timed; every other observation is still timed. */
class RecordsUntimedTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();

    RecordsUntimedTest() {
        observations
                .observationConfig()
                .observationHandler(new RecordsUntimed(new DefaultMeterObservationHandler(
                        meters, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)));
    }

    @Test
    void recordsReceivedAndSentAreNotTimedOtherObservationsAre() {
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(new MockProducerFactory<>(
                () -> new MockProducer<>(true, null, new StringSerializer(), new StringSerializer())));
        kafka.setObservationEnabled(true);
        kafka.setObservationRegistry(observations);

        RecordTrace trace = new RecordTracing(observations)
                .start("herald-audit", new ConsumerRecord<>("herald.attempts", 0, 1L, "n-1", "v"), "n-1");
        trace.run(() -> kafka.send("herald.retry.1s", "n-1", "retry"));
        trace.end();
        Observation.createNotStarted("herald.replay", observations).observe(() -> {});

        assertThat(meters.getMeters())
                .extracting(
                        meter -> meter.getId().getName() + " " + meter.getId().getType())
                .containsExactly("herald.replay " + Meter.Type.TIMER);
    }

    @Test
    void itReplacesSpringBootsHandler() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(HeraldObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .run(context -> assertThat(context.getBeansOfType(MeterObservationHandler.class)
                                .values())
                        .singleElement()
                        .isInstanceOf(RecordsUntimed.class));
    }
}
