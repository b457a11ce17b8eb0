package io.herald.ingest.kafka;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.ingest.kafka.RecordReadException.Reason;
import io.herald.schema.NotificationRequest;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value deserializer of herald.requests: the shared Avro deserializer (Apicurio, Confluent wire format), plus
 *
 * <ul>
 *   <li>a check that the record really is a {@link NotificationRequest}: Avro of another schema decodes fine as
 *       that schema's class, and would otherwise reach the listener as the wrong type;
 *   <li>a verdict on each failure ({@link RecordReadException}): unknown schema id, wrong schema, registry
 *       unavailable, or undecodable, decided here where the registry client's exception and its HTTP status
 *       are still at hand.
 * </ul>
 *
 * Failing here (inside {@code ErrorHandlingDeserializer}) keeps the record's bytes for the rejection.
 */
public class NotificationRequestDeserializer implements Deserializer<NotificationRequest> {

    private static final Logger log = LoggerFactory.getLogger(NotificationRequestDeserializer.class);
    private static final int MAX_DETAIL = 300;
    private static final List<String> TRANSPORT_FAILURES = List.of(
            "ConnectException", "TimeoutException", "SSLException", "SSLHandshakeException", "ClosedChannelException");

    private final Deserializer<?> delegate;

    public NotificationRequestDeserializer() {
        this(new AvroKafkaDeserializer<>());
    }

    NotificationRequestDeserializer(Deserializer<?> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public NotificationRequest deserialize(String topic, byte[] data) {
        Object value;
        try {
            value = delegate.deserialize(topic, data);
        } catch (RuntimeException e) {
            throw verdict(e, data);
        }
        return check(value);
    }

    @Override
    public NotificationRequest deserialize(String topic, Headers headers, byte[] data) {
        Object value;
        try {
            value = delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            throw verdict(e, data);
        }
        return check(value);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static NotificationRequest check(Object value) {
        if (value == null || value instanceof NotificationRequest) {
            return (NotificationRequest) value;
        }
        String schema = value instanceof GenericContainer avro
                ? avro.getSchema().getFullName()
                : value.getClass().getName();
        throw new RecordReadException(Reason.WRONG_SCHEMA,
                "the record is Avro of schema " + schema + ", not " + NotificationRequest.getClassSchema().getFullName());
    }

    /** Turns the delegate's failure into a serializable verdict. */
    static RecordReadException verdict(RuntimeException failure, byte[] data) {
        log.debug("Could not deserialize a record", failure);
        String schemaId = data != null && data.length >= 5 ? String.valueOf(ByteBuffer.wrap(data, 1, 4).getInt()) : "?";
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException answer) {
                int status = answer.getResponseStatusCode();
                return status == 404
                        ? new RecordReadException(Reason.UNKNOWN_SCHEMA,
                                "schema id " + schemaId + " is not known to the schema registry")
                        : new RecordReadException(Reason.REGISTRY_UNAVAILABLE,
                                "the schema registry answered HTTP " + status + " when asked for schema id " + schemaId);
            }
            if (isTransportFailure(t)) {
                return new RecordReadException(Reason.REGISTRY_UNAVAILABLE,
                        "the schema registry could not be asked for schema id " + schemaId + ": " + summary(t));
            }
        }
        return new RecordReadException(Reason.UNDECODABLE, summary(rootCause(failure)));
    }

    private static boolean isTransportFailure(Throwable t) {
        if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                || t instanceof HttpTimeoutException || t instanceof SSLException || t instanceof TimeoutException) {
            return true;
        }
        String name = t.getClass().getSimpleName();
        return TRANSPORT_FAILURES.stream().anyMatch(name::endsWith);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The exception's type and first message line, cut short: enough to diagnose, never a dump of the data. */
    static String summary(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getSimpleName();
        if (message != null && !message.isBlank()) {
            int newline = message.indexOf('\n');
            text += ": " + (newline < 0 ? message : message.substring(0, newline));
        }
        text = text.replaceAll("\\p{Cntrl}", "?");
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
    }
}
