package io.herald.dispatcher.kafka;

import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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
            CommonErrorHandler errorHandler) {
        for (Provider provider : providers) {
            ConcurrentMessageListenerContainer<?, ?> container = factory.createContainer(topics.signed(provider));
            ContainerProperties properties = container.getContainerProperties();
            properties.setGroupId(groupId(provider));
            properties.setClientId(groupId(provider));
            properties.setAckMode(ContainerProperties.AckMode.BATCH);
            properties.setMessageListener(new SignedBatchListener(provider, readers));
            container.setCommonErrorHandler(errorHandler);
            container.setBeanName("herald-signed-" + provider.id());
            containers.add(container);
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
