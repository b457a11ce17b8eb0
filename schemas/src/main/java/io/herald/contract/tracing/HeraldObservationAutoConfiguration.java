package io.herald.contract.tracing;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Wraps Spring Boot's meter handler for observations in {@link RecordsUntimed}: per-record Kafka observations are
 * traced, not timed; every other observation is timed as before. (Boot 4 registers its handler unconditionally, so it
 * is wrapped rather than replaced.)
 */
@AutoConfiguration
public class HeraldObservationAutoConfiguration {

    @Bean
    static BeanPostProcessor heraldRecordsUntimed() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DefaultMeterObservationHandler timed ? new RecordsUntimed(timed) : bean;
            }
        };
    }
}
