package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class HeraldListenerDefaultsTest {

    @Test
    void offsetsAreCommittedEvery200msUnlessTheServiceSaysOtherwise() {
        StandardEnvironment plain = new StandardEnvironment();
        new HeraldListenerDefaults().postProcessEnvironment(plain, new SpringApplication());

        assertThat(plain.getProperty("spring.kafka.listener.ack-mode")).isEqualTo("count_time");
        assertThat(plain.getProperty("spring.kafka.listener.ack-time")).isEqualTo("200ms");
        assertThat(plain.getProperty("spring.kafka.listener.ack-count")).isEqualTo("2000");

        StandardEnvironment configured = new StandardEnvironment();
        configured
                .getPropertySources()
                .addFirst(new MapPropertySource("application.yml", Map.of("spring.kafka.listener.ack-mode", "batch")));
        new HeraldListenerDefaults().postProcessEnvironment(configured, new SpringApplication());

        assertThat(configured.getProperty("spring.kafka.listener.ack-mode")).isEqualTo("batch");
    }

    @Test
    void aStuckConsumerIsReportedWithin55sAndTheProbesWatchKafka() {
        StandardEnvironment plain = new StandardEnvironment();
        new HeraldListenerDefaults().postProcessEnvironment(plain, new SpringApplication());

        // checked every 10 s against 9 poll timeouts of 5 s (Spring Kafka's default poll timeout)
        assertThat(plain.getProperty("spring.kafka.listener.monitor-interval")).isEqualTo("10s");
        assertThat(plain.getProperty("spring.kafka.listener.no-poll-threshold")).isEqualTo("24");
        assertThat(plain.getProperty("management.endpoint.health.probes.enabled"))
                .isEqualTo("true");
        assertThat(plain.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,kafkaConsumers,kafkaProducer,channels");
        assertThat(plain.getProperty("management.endpoint.health.group.liveness.include"))
                .isEqualTo("livenessState,kafkaThreads");
        assertThat(plain.getProperty("management.endpoint.health.show-components"))
                .isEqualTo("always");
        assertThat(plain.getProperty("management.endpoint.health.show-details")).isNull();
    }

    @Test
    void everySpringApplicationWithTheSchemasModuleGetsThem() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .run()) {
            assertThat(context.getEnvironment().getProperty("spring.kafka.listener.ack-mode"))
                    .isEqualTo("count_time");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
