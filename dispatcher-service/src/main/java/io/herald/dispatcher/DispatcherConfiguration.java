package io.herald.dispatcher;

import io.herald.contract.Provider;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.dispatcher.delivery.OutcomeWriter;
import io.herald.dispatcher.delivery.RetryPolicy;
import io.herald.dispatcher.kafka.SignedTopicContainers;
import io.herald.dispatcher.kafka.SignedTopicErrorHandler;
import io.herald.dispatcher.kafka.UndecodableRecords;
import io.herald.dispatcher.transport.HttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Wires the dispatcher: transport, classifiers, retry policy, outcome writer and one container per provider. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DispatcherProperties.class)
class DispatcherConfiguration {

    @Bean
    Clock dispatcherClock() {
        return Clock.systemUTC();
    }

    @Bean
    ProviderClassifiers providerClassifiers(DispatcherProperties properties) {
        ProviderClassifiers classifiers = ProviderClassifiers.builtIn();
        for (Provider provider : properties.providerList()) {
            if (classifiers.find(provider).isEmpty()) {
                throw new IllegalStateException("herald.dispatcher.providers: this dispatcher cannot deliver to '"
                        + provider.id() + "' yet; supported: " + classifiers.supportedIds());
            }
        }
        return classifiers;
    }

    @Bean
    DeliveryClassifier deliveryClassifier(ProviderClassifiers providerClassifiers) {
        return new DeliveryClassifier(providerClassifiers);
    }

    @Bean
    HttpTransport httpTransport(DispatcherProperties properties, Clock dispatcherClock) {
        return new HttpTransport(properties.connectTimeout(), properties.requestTimeout(), dispatcherClock);
    }

    @Bean
    RetryPolicy retryPolicy(DispatcherProperties properties, HeraldKafkaProperties kafka) {
        return new RetryPolicy(properties.maxAttempts(), properties.maxAge(), kafka.retryTiers());
    }

    @Bean
    OutcomeWriter outcomeWriter(KafkaTemplate<String, Object> kafkaTemplate, Topics topics, DispatcherProperties properties) {
        return new OutcomeWriter(kafkaTemplate, topics, properties.ackTimeout());
    }

    @Bean
    DeliveryService deliveryService(HttpTransport transport, DeliveryClassifier classifier, RetryPolicy policy,
            OutcomeWriter writer, Clock dispatcherClock, DispatcherProperties properties, MeterRegistry meters) {
        return new DeliveryService(transport, classifier, policy, writer, dispatcherClock, properties.instanceId(), meters);
    }

    @Bean
    UndecodableRecords undecodableRecords(MeterRegistry meters) {
        return new UndecodableRecords(meters);
    }

    /** Skips undecodable records, retries everything else until it works: see {@link SignedTopicErrorHandler}. */
    @Bean
    DefaultErrorHandler signedTopicErrorHandler(UndecodableRecords undecodable) {
        return SignedTopicErrorHandler.create(undecodable);
    }

    @Bean
    SignedTopicContainers signedTopicContainers(ConcurrentKafkaListenerContainerFactory<?, ?> kafkaListenerContainerFactory,
            Topics topics, DispatcherProperties properties,
            DeliveryService deliveries, UndecodableRecords undecodable, DefaultErrorHandler signedTopicErrorHandler) {
        List<Provider> providers = properties.providerList();
        return new SignedTopicContainers(kafkaListenerContainerFactory, topics, providers, deliveries, undecodable,
                signedTopicErrorHandler);
    }
}
