package io.herald.dispatcher.kafka;

import com.microsoft.kiota.ApiException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the signed-topic containers do when a record fails, so that no delivery is lost and no bad record
 * blocks its partition:
 *
 * <ul>
 *   <li>a record that cannot be deserialized is skipped at once ({@link UndecodableRecords}) ...
 *   <li>... unless the schema registry could not be reached: the record is fine, so it is retried with
 *       back-off until the registry answers (skipping it would lose a delivery);
 *   <li>any other failure (in practice Kafka not acknowledging the outcome) is retried with back-off until
 *       it succeeds: the offset is never committed without the outcome;
 *   <li>failures spring-kafka knows cannot succeed on retry (e.g. {@code ClassCastException}) are skipped.
 * </ul>
 */
public final class SignedTopicErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(SignedTopicErrorHandler.class);

    private static final BackOff SKIP_AT_ONCE = new FixedBackOff(0, 0);

    private SignedTopicErrorHandler() {}

    public static DefaultErrorHandler create(UndecodableRecords undecodable) {
        DefaultErrorHandler handler = new DefaultErrorHandler(undecodable.recoverer(), untilItWorks());
        // Deserialization failures are judged one by one (see backOffFor) instead of never retried.
        handler.removeClassification(DeserializationException.class);
        handler.setBackOffFunction((record, exception) -> backOffFor(exception));
        handler.setRetryListeners((record, exception, deliveryAttempt) -> {
            if (backOffFor(exception) == null) {
                log.warn("record {}-{}@{} failed (try {}), will be retried with back-off: {}", record.topic(),
                        record.partition(), record.offset(), deliveryAttempt, UndecodableRecords.reason(exception));
            }
        });
        return handler;
    }

    /** {@code null} means the default: retry with back-off, without end. */
    static BackOff backOffFor(Throwable exception) {
        if (isDeserializationFailure(exception) && !isRegistryUnavailable(exception)) {
            return SKIP_AT_ONCE;
        }
        return null;
    }

    static BackOff untilItWorks() {
        ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }

    static boolean isDeserializationFailure(Throwable exception) {
        return find(exception, DeserializationException.class) != null;
    }

    /**
     * The deserializer could not reach the schema registry (network failure, timeout, or the registry
     * answered 5xx/429): the record itself may be perfectly good.
     */
    static boolean isRegistryUnavailable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof HttpTimeoutException
                    || t instanceof ClosedChannelException || t instanceof TimeoutException
                    || t instanceof SSLException) {
                return true;
            }
            if (t instanceof ApiException api
                    && (api.getResponseStatusCode() >= 500 || api.getResponseStatusCode() == 429)) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
