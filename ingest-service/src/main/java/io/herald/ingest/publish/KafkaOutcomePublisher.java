package io.herald.ingest.publish;

import io.herald.contract.kafka.BatchSends;
import io.herald.contract.kafka.CallerWaitTimeouts;
import io.herald.contract.kafka.HeraldKafkaProperties;
import io.herald.contract.kafka.Topics;
import io.herald.ingest.IngestProperties;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Writes accepted notifications to herald.accepted (key = channel, so one channel's notifications keep their order and
 * rate limit within one partition) and rejections to herald.rejected (key = notification id), acknowledged
 * ({@code acks=all}) within {@code herald.kafka.send-timeout}. HTTP requests ({@link #forHttp()}) get a second
 * producer with short waits ({@link CallerWaitTimeouts}): a caller gets its 503 in about
 * {@code herald.ingest.http-send-timeout}, and the producer has given up on the record before the caller hears so (or,
 * when it has not decided by then, the caller waits for its verdict: a 503 for a record written after all would have the
 * client's retry publish it twice, even with the same Idempotency-Key, since a 503 leaves the key free).
 */
@Component
class KafkaOutcomePublisher implements OutcomePublisher, DisposableBean {

    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final Duration timeout;
    private final ProducerFactory<String, Object> httpProducers;
    private final KafkaTemplate<String, Object> httpKafka;
    private final Duration httpTimeout;

    public KafkaOutcomePublisher(
            KafkaTemplate<String, Object> kafka,
            ProducerFactory<String, Object> producers,
            Topics topics,
            HeraldKafkaProperties properties,
            IngestProperties ingest,
            ObjectProvider<ObservationRegistry> observations,
            @Value("${spring.kafka.template.observation-enabled:false}") boolean observed,
            @Value("${spring.application.name:herald-ingest}") String applicationName) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = properties.sendTimeout();
        this.httpTimeout = ingest.httpSendTimeout();
        Map<String, Object> overrides = CallerWaitTimeouts.within(httpTimeout, producers.getConfigurationProperties());
        overrides.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-http");
        this.httpProducers = producers.copyWithConfigurationOverride(overrides);
        this.httpKafka = new KafkaTemplate<>(httpProducers);
        // like the template Boot makes: each send observed, so the record carries the HTTP request's trace on
        httpKafka.setObservationEnabled(observed);
        httpKafka.setObservationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
        Thread.ofVirtual().name("herald-ingest-http-producer-warm-up").start(this::warmUpHttpProducer);
    }

    /**
     * Starts the HTTP producer and fetches its topics' metadata before the first request: with the short waits of
     * the HTTP path, a first request would otherwise spend them on connecting, the idempotent producer's id and the
     * metadata, and be answered 503. Best effort: tried for a minute, then the first request does it.
     */
    private void warmUpHttpProducer() {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                httpKafka.partitionsFor(topics.accepted());
                httpKafka.partitionsFor(topics.rejected());
                return;
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void publishAccepted(AcceptedNotification accepted) {
        Batch batch = batch();
        batch.accepted(0, accepted);
        awaitOne(batch);
    }

    @Override
    public void publishRejected(RejectedNotification rejected) {
        Batch batch = batch();
        batch.rejected(0, rejected);
        awaitOne(batch);
    }

    private static void awaitOne(Batch batch) {
        try {
            batch.awaitAcks();
        } catch (BatchListenerFailedException e) {
            throw new PublishException(e.getMessage(), e.getCause());
        }
    }

    @Override
    public OutcomePublisher forHttp() {
        return new OutcomePublisher() {
            @Override
            public void publishAccepted(AcceptedNotification accepted) {
                writeNow(topics.accepted(), accepted.getChannel(), accepted);
            }

            @Override
            public void publishRejected(RejectedNotification rejected) {
                writeNow(topics.rejected(), rejected.getNotificationId(), rejected);
            }
        };
    }

    private void writeNow(String topic, String key, Object value) {
        long deadline = System.nanoTime() + httpTimeout.toNanos();
        CompletableFuture<?> ack;
        try {
            ack = httpKafka.send(topic, key, value);
        } catch (RuntimeException e) {
            throw failure(topic, e);
        }
        try {
            CallerWaitTimeouts.await(ack, deadline, httpTimeout);
        } catch (ExecutionException e) {
            throw failure(topic, e.getCause() != null ? e.getCause() : e);
        } catch (TimeoutException e) {
            throw new PublishException(
                    "no acknowledgement from the broker for " + topic + " within " + httpTimeout.multipliedBy(2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for the broker", e);
        }
    }

    private static RuntimeException failure(String topic, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return new OutcomeTooLargeException(
                        topic + " refused the record as too large: " + t.getMessage(), cause);
            }
        }
        return new PublishException("could not write to " + topic + ": " + rootCause(cause), cause);
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    @Override
    public Batch batch() {
        BatchSends sends = new BatchSends(kafka, timeout);
        return new Batch() {
            @Override
            public void accepted(int index, AcceptedNotification accepted) {
                sends.send(index, topics.accepted(), accepted.getChannel(), accepted);
            }

            @Override
            public void rejected(int index, RejectedNotification rejected) {
                sends.send(index, topics.rejected(), rejected.getNotificationId(), rejected);
            }

            @Override
            public void awaitAcks() {
                sends.awaitAcks();
            }

            @Override
            public BatchListenerFailedException failedAt(int index, Throwable cause) {
                return sends.failedAt(index, cause);
            }
        };
    }

    @Override
    public void destroy() {
        if (httpProducers instanceof DisposableBean disposable) {
            try {
                disposable.destroy();
            } catch (Exception e) {
                // closing at shutdown: nothing left to do with a producer that cannot close
            }
        }
    }
}
