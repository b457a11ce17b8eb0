package io.herald.contract.kafka;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Finds why a record handed to a batch listener could not be read. A record listener never sees such a record
 * (the container hands it to the error handler); a batch listener gets it in the batch, with a {@code null} key or
 * value and the failure, which {@link ErrorHandlingDeserializer} put in a header. The listener throws it as a
 * {@code BatchListenerFailedException} at the record's index so the error handler treats it as in record mode
 * ({@link DeserializationException} is not retryable by default).
 */
public final class UnreadableRecords {

    private static final LogAccessor LOG = new LogAccessor(UnreadableRecords.class);

    private UnreadableRecords() {}

    /** The failure to read the record's value or key, if there was one. */
    public static Optional<DeserializationException> failure(ConsumerRecord<?, ?> record) {
        if (record.value() == null) {
            DeserializationException value = SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            if (value != null) {
                return Optional.of(value);
            }
        }
        if (record.key() == null) {
            return Optional.ofNullable(SerializationUtils.getExceptionFromHeader(
                    record, SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER, LOG));
        }
        return Optional.empty();
    }
}
