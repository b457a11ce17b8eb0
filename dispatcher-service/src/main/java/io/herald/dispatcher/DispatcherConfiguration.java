package io.herald.dispatcher;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelDirectory;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.channel.HeraldChannelsAutoConfiguration;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.KafkaErrorHandlers;
import io.herald.contract.kafka.MalformedRecords;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.tracing.RecordTracing;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.delivery.DeliveryService;
import io.herald.dispatcher.delivery.OutcomeWriter;
import io.herald.dispatcher.delivery.RetryPolicy;
import io.herald.dispatcher.kafka.SignedBatchListener;
import io.herald.dispatcher.kafka.SignedTopicContainers;
import io.herald.dispatcher.lanes.ChannelLanes;
import io.herald.dispatcher.network.NetworkProperties;
import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.dispatcher.network.TlsProfiles;
import io.herald.dispatcher.ordering.OrderedChannels;
import io.herald.dispatcher.ordering.OrderingLog;
import io.herald.dispatcher.resign.Freshness;
import io.herald.dispatcher.resign.HttpSignerClient;
import io.herald.dispatcher.resign.SignerClient;
import io.herald.dispatcher.resilience.ChannelGuards;
import io.herald.dispatcher.routes.Routes;
import io.herald.dispatcher.sealing.Unsealer;
import io.herald.dispatcher.transport.HttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** Wires the dispatcher: transport, classifiers, retry policy, outcome writer and one container per provider. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DispatcherProperties.class, NetworkProperties.class})
class DispatcherConfiguration {

    @Bean
    Clock dispatcherClock() {
        return Clock.systemUTC();
    }

    @Bean
    ProviderClassifiers providerClassifiers(DispatcherProperties properties) {
        ProviderClassifiers classifiers = ProviderClassifiers.builtIn();
        for (Provider provider : properties.servedProviders()) {
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
    HttpTransport httpTransport(DispatcherProperties properties, NetworkProperties network, Clock dispatcherClock) {
        return new HttpTransport(
                properties.connectTimeout(),
                properties.requestTimeout(),
                dispatcherClock,
                new TlsProfiles(network.tls(), SecretResolver.fromSystemEnvironment()),
                new ProxyRoutes(network.proxy()),
                properties.maxInFlightPerHost());
    }

    @Bean
    RetryPolicy retryPolicy(
            DispatcherProperties properties,
            NetworkProperties network,
            HeraldKafkaProperties kafka,
            ChannelDirectory channels) {
        return new RetryPolicy(
                properties.maxAttempts(),
                properties.maxAge(),
                // looked up per record, deleted channels included: their in-flight work keeps the channel's limits
                channel -> channels.entry(channel)
                        .map(ChannelEntry::channel)
                        .map(c -> new RetryPolicy.Limits(c.maxAttempts(), c.maxAge(), c.fallbackAfterOpen()))
                        .orElse(RetryPolicy.Limits.NONE),
                kafka.retryTiers(),
                properties.retryJitter(),
                () -> ThreadLocalRandom.current().nextDouble(),
                network.tlsMaxAttempts(),
                new Routes(channels)::next);
    }

    @Bean
    Freshness freshness(DispatcherProperties properties) {
        return new Freshness(properties.resignMargins());
    }

    @Bean
    SignerClient signerClient(DispatcherProperties properties) {
        return new HttpSignerClient(
                properties.signerUrl(),
                properties.resignTimeout(),
                properties.signerToken(),
                SecretResolver.fromSystemEnvironment());
    }

    /** Opens sealed credentials with the sealer that {@code herald.sealing.active-key} configures, if any. */
    @Bean
    Unsealer unsealer(ObjectProvider<CredentialSealer> sealer) {
        return new Unsealer(sealer.getIfAvailable());
    }

    /**
     * Rate per channel: the channel's {@code ratePerMinute}, else the provider's default, looked up per record (each
     * channel paced in a rolling minute); a disabled or deleted channel's records are parked (the signer decides).
     */
    @Bean
    ChannelGuards channelGuards(
            DispatcherProperties properties, ChannelDirectory channels, Clock dispatcherClock, MeterRegistry meters) {
        ChannelGuards guards = new ChannelGuards(
                (provider, channel) -> channels.entry(channel)
                        .map(ChannelEntry::channel)
                        .map(Channel::ratePerMinute)
                        .orElse(properties.defaultRatePerMinute(provider)),
                channel -> channels.entry(channel).map(ChannelStates::heldBack).orElse(null),
                properties.permitWait(),
                properties.circuitBreaker().toConfig(),
                properties.maxInFlightPerHost(),
                dispatcherClock,
                meters);
        channels.onChange(entry -> guards.forget(entry.name(), entry.channel().endpoint()));
        guards.countParksOf(properties.servedProviders());
        return guards;
    }

    /**
     * Ordered channels: each channel's place read from the live catalog per record, where each stands read back from
     * {@code herald.ordering} with a consumer of no group.
     */
    @Bean
    OrderedChannels orderedChannels(
            DispatcherProperties properties,
            ChannelDirectory channels,
            Topics topics,
            ConsumerFactory<?, ?> consumerFactory,
            MeterRegistry meters,
            @Value("${spring.application.name:herald-dispatcher}") String applicationName) {
        Map<String, Object> config = HeraldChannelsAutoConfiguration.followerConfig(
                consumerFactory.getConfigurationProperties(), applicationName, "ordering");
        return new OrderedChannels(
                name -> channels.entry(name).map(ChannelEntry::channel),
                properties.ordering().rules(),
                properties.instanceId(),
                new OrderingLog(topics.ordering(), () -> new KafkaConsumer<>(config)),
                meters);
    }

    @Bean
    OutcomeWriter outcomeWriter(
            KafkaTemplate<String, Object> kafkaTemplate, Topics topics, HeraldKafkaProperties kafka) {
        return new OutcomeWriter(kafkaTemplate, topics, kafka.sendTimeout());
    }

    @Bean
    DeliveryService deliveryService(
            HttpTransport transport,
            DeliveryClassifier classifier,
            RetryPolicy policy,
            OutcomeWriter writer,
            Clock dispatcherClock,
            DispatcherProperties properties,
            MeterRegistry meters,
            Freshness freshness,
            SignerClient signerClient,
            Unsealer unsealer,
            ChannelGuards channelGuards,
            OrderedChannels orderedChannels) {
        return new DeliveryService(
                transport,
                classifier,
                policy,
                writer,
                dispatcherClock,
                properties.instanceId(),
                meters,
                freshness,
                signerClient,
                unsealer,
                channelGuards,
                orderedChannels);
    }

    /** Many requests in flight per instance: one virtual-thread lane per channel of each poll. */
    @Bean(destroyMethod = "close")
    ChannelLanes channelLanes(DeliveryService deliveries, DispatcherProperties properties, Clock dispatcherClock) {
        return new ChannelLanes(
                deliveries, properties.pollDeadline(), properties.pacing().maxWaitInLane(), dispatcherClock);
    }

    /**
     * Skips what can never be read, retries everything else (an outcome not written, the registry unavailable) from
     * its record, 1 s apart doubling to 30 s, until it works: see {@link KafkaErrorHandlers}.
     */
    @Bean
    DefaultErrorHandler signedTopicErrorHandler(MalformedRecords malformedRecords) {
        return KafkaErrorHandlers.untilItWorks(Duration.ofSeconds(1), Duration.ofSeconds(30), malformedRecords);
    }

    @Bean
    SignedTopicContainers signedTopicContainers(
            ConcurrentKafkaListenerContainerFactory<?, ?> kafkaListenerContainerFactory,
            Topics topics,
            DispatcherProperties properties,
            ChannelLanes channelLanes,
            MalformedRecords malformedRecords,
            RecordTracing tracing,
            DefaultErrorHandler signedTopicErrorHandler,
            OrderedChannels orderedChannels) {
        List<Provider> providers = properties.servedProviders();
        return new SignedTopicContainers(
                kafkaListenerContainerFactory,
                topics,
                providers,
                new SignedBatchListener.Readers(channelLanes, malformedRecords, tracing),
                signedTopicErrorHandler,
                orderedChannels);
    }
}
