package io.herald.signer.retry;

import io.herald.contract.kafka.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.stereotype.Component;

/**
 * One listener container per retry tier topic ({@link Topics#retryTopics()}), so a record waiting in a long
 * tier never holds up a short one. Each container is built from the application's listener container
 * factory (same consumer settings and error handler as {@code herald.accepted}), with MANUAL ack mode and
 * {@code max.poll.records=1} for {@link RetryTierListener}. Paused partitions are resumed by a single
 * scheduler thread.
 */
@Component
class RetryTierContainers implements SmartLifecycle, DisposableBean {

    private final List<ConcurrentMessageListenerContainer<String, Object>> containers = new ArrayList<>();
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "herald-signer-retry-resume");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    @SuppressWarnings("unchecked")
    public RetryTierContainers(
            ConcurrentKafkaListenerContainerFactory<?, ?> kafkaListenerContainerFactory,
            Topics topics,
            RetrySigning signing) {
        var factory = (ConcurrentKafkaListenerContainerFactory<String, Object>) kafkaListenerContainerFactory;
        for (String topic : topics.retryTopics()) {
            ConcurrentMessageListenerContainer<String, Object> container = factory.createContainer(topic);
            container.setBeanName("herald-signer-retry-" + topic.substring(topic.lastIndexOf('.') + 1));
            container.getContainerProperties().setAckMode(AckMode.MANUAL);
            Properties oneRecordPerPoll = new Properties();
            oneRecordPerPoll.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
            container.getContainerProperties().setKafkaConsumerProperties(oneRecordPerPoll);
            container.setupMessageListener(new RetryTierListener(signing, (partition, pause) -> {
                container.pausePartition(partition);
                long delay = Math.max(1, pause.toMillis());
                resumer.schedule(() -> container.resumePartition(partition), delay, TimeUnit.MILLISECONDS);
            }));
            containers.add(container);
        }
    }

    /** The containers, one per retry tier topic in tier order. */
    public List<ConcurrentMessageListenerContainer<String, Object>> containers() {
        return List.copyOf(containers);
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        containers.forEach(ConcurrentMessageListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts with, and stops with, the {@code @KafkaListener} containers. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE;
    }

    @Override
    public void destroy() {
        resumer.shutdownNow();
    }
}
