package io.herald.dispatcher.kafka;

import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import io.herald.dispatcher.ordering.OrderedChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * One listener container per configured provider, on {@code herald.signed.<provider>} with consumer group
 * {@code herald-dispatcher-<provider>}, so each provider's backlog, lag and scaling stay its own. The set
 * comes from configuration ({@code herald.dispatcher.providers}), hence containers built here rather than
 * {@code @KafkaListener}s. Each poll is delivered as a batch ({@link SignedBatchListener}); its offsets are
 * committed after the listener returned, i.e. after every outcome of the poll was acknowledged.
 */
public class SignedTopicContainers implements SmartLifecycle {

    private final List<ConcurrentMessageListenerContainer<?, ?>> containers = new ArrayList<>();
    private volatile boolean running;

    public SignedTopicContainers(
            ConcurrentKafkaListenerContainerFactory<?, ?> factory,
            Topics topics,
            List<Provider> providers,
            SignedBatchListener.Readers readers,
            CommonErrorHandler errorHandler,
            OrderedChannels ordering) {
        for (Provider provider : providers) {
            ConcurrentMessageListenerContainer<?, ?> container = factory.createContainer(topics.signed(provider));
            ContainerProperties properties = container.getContainerProperties();
            properties.setGroupId(groupId(provider));
            properties.setClientId(groupId(provider));
            properties.setAckMode(ContainerProperties.AckMode.BATCH);
            properties.setMessageListener(new SignedBatchListener(provider, readers));
            properties.setConsumerRebalanceListener(new OrderingOnAssignment(provider, ordering));
            container.setCommonErrorHandler(errorHandler);
            container.setBeanName("herald-signed-" + provider.id());
            containers.add(container);
        }
    }

    /** Tells the ordered channels which partitions this instance was given, so it reads where their channels stand. */
    private record OrderingOnAssignment(Provider provider, OrderedChannels ordering)
            implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            int count;
            try {
                count = consumer.partitionsFor(partitions.iterator().next().topic(), Duration.ofSeconds(5))
                        .size();
            } catch (RuntimeException e) {
                count = 0; // not known: every channel of the provider is read again
            }
            ordering.assigned(
                    provider, partitions.stream().map(TopicPartition::partition).toList(), count);
        }
    }

    public static String groupId(Provider provider) {
        return Topics.dispatcherGroup(provider);
    }

    public List<ConcurrentMessageListenerContainer<?, ?>> containers() {
        return List.copyOf(containers);
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Same phase as {@code @KafkaListener} containers: started last, stopped first. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }
}
