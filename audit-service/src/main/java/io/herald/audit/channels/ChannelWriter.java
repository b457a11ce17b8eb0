package io.herald.audit.channels;

import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The single writer of {@code herald.channels}: inserts version N+1 of a channel and, in the same transaction, produces
 * its {@code ChannelDefinition} (key = name) and waits for the broker's acknowledgement (acks=all) before committing.
 * A version another change already took fails the insert ({@link org.springframework.dao.DuplicateKeyException}: a
 * concurrent insert waits for the first to commit, so the topic receives one name's versions in order even from two
 * audit instances); a broker that does not acknowledge rolls the version back ({@link ChannelProblem} 503).
 */
@Component
class ChannelWriter {

    private static final Logger log = LoggerFactory.getLogger(ChannelWriter.class);

    private final ChannelStore store;
    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    /** herald.kafka.send-timeout: the producer's delivery timeout is derived from it, so a version given up on is not written later. */
    private final Duration sendTimeout;

    private final TransactionTemplate transactions;

    ChannelWriter(
            ChannelStore store,
            KafkaTemplate<String, Object> kafka,
            Topics topics,
            HeraldKafkaProperties kafkaProperties,
            PlatformTransactionManager transactionManager) {
        this.store = store;
        this.kafka = kafka;
        this.topics = topics;
        this.sendTimeout = kafkaProperties.sendTimeout();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Stores and publishes {@code version}; on return both happened, on an exception neither (see the class doc). */
    void write(ChannelVersion version) {
        transactions.executeWithoutResult(tx -> {
            store.insert(version);
            publish(version);
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
        try {
            kafka.send(topics.channels(), version.name(), version.toAvro())
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(version, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw notWritten(version, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
    }

    private ChannelProblem notWritten(ChannelVersion version, Throwable cause) {
        log.warn(
                "channel {} version {} was not acknowledged by the broker, nothing was changed: {}",
                version.name(),
                version.version(),
                cause.toString());
        return ChannelProblem.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Channel not written",
                "the broker did not acknowledge the change of channel '" + version.name() + "' on "
                        + topics.channels() + " (" + cause.getClass().getSimpleName()
                        + "); nothing was changed, try again");
    }
}
