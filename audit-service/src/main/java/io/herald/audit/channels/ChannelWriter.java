package io.herald.audit.channels;

import io.herald.contract.kafka.CallerWaitTimeouts;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.contract.redaction.Redaction;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The single writer of {@code herald.channels}: inserts version N+1 of a channel and, in the same transaction, produces
 * its {@code ChannelDefinition} (key = name) and waits for the broker's acknowledgement (acks=all) before committing.
 * A version another change already took fails the insert ({@link org.springframework.dao.DuplicateKeyException}: a
 * concurrent insert waits for the first to commit, so the topic receives one name's versions in order even from two
 * audit instances); a broker that does not acknowledge within {@code herald.kafka.send-timeout} rolls the version back
 * ({@link ChannelProblem} 503). Its own producer waits less than that ({@link CallerWaitTimeouts}).
 */
@Component
class ChannelWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChannelWriter.class);

    private final ChannelStore store;
    private final ProducerFactory<String, Object> producers;
    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration sendTimeout;
    private final TransactionTemplate transactions;

    ChannelWriter(
            ChannelStore store,
            ProducerFactory<String, Object> producers,
            Topics topics,
            HeraldKafkaProperties kafkaProperties,
            PlatformTransactionManager transactionManager,
            ObjectProvider<ObservationRegistry> observations,
            @Value("${spring.kafka.template.observation-enabled:false}") boolean observed,
            @Value("${spring.application.name:herald-audit}") String applicationName) {
        this.store = store;
        this.topics = topics;
        this.sendTimeout = kafkaProperties.sendTimeout();
        Map<String, Object> overrides = CallerWaitTimeouts.within(sendTimeout, producers.getConfigurationProperties());
        overrides.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-channels");
        this.producers = producers.copyWithConfigurationOverride(overrides);
        this.kafka = new KafkaTemplate<>(this.producers);
        // like the template Boot makes: the record carries the API request's trace on
        kafka.setObservationEnabled(observed);
        kafka.setObservationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Stores and publishes {@code version}; on return both happened, on an exception neither (see the class doc). */
    void write(ChannelVersion version) {
        transactions.executeWithoutResult(tx -> {
            store.insert(version);
            publish(version); // before the commit: a version the broker did not take is rolled back
        });
        log.info(
                "channel {} version {} written ({}, by {}, changed: {})",
                version.name(),
                version.version(),
                version.action(),
                version.changedBy(),
                version.changedFields());
    }

    private void publish(ChannelVersion version) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        try {
            CallerWaitTimeouts.await(
                    kafka.send(topics.channels(), version.name(), version.toAvro()), deadline, sendTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(version, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw notWritten(version, e);
        }
    }

    private ChannelProblem notWritten(ChannelVersion version, Throwable failure) {
        String cause = rootCause(failure);
        log.warn(
                "channel {} version {} was not acknowledged by the broker within {} ms, nothing was changed: {}",
                version.name(),
                version.version(),
                sendTimeout.toMillis(),
                cause);
        return ChannelProblem.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Channel catalog not written",
                "the channel catalog could not be written: the broker did not acknowledge version " + version.version()
                        + " of channel '" + version.name() + "' on " + topics.channels() + " within "
                        + sendTimeout.toMillis() + " ms (herald.kafka.send-timeout; " + cause
                        + "); nothing was changed, try again");
    }

    /** The innermost failure's message (Kafka's names what it waited for), or what it is when it has none. */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException) {
            return "no answer";
        }
        if (root instanceof InterruptedException) {
            return "interrupted";
        }
        return root.getMessage() != null
                ? Redaction.text(root.getMessage())
                : root.getClass().getSimpleName();
    }

    @Override
    public void destroy() {
        if (producers instanceof DisposableBean disposable) {
            try {
                disposable.destroy();
            } catch (Exception e) {
                // closing at shutdown: nothing left to do with a producer that cannot close
            }
        }
    }
}
