package io.herald.ingest.kafka;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.ViolationCode;
import java.util.Locale;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Says why a record on herald.requests could not be read, from the exception the listener container reports and
 * the record's bytes (which {@code ErrorHandlingDeserializer} keeps in the {@link DeserializationException}):
 *
 * <ul>
 *   <li>{@code not_avro}: no value, or not the Confluent wire format (magic byte 0 + 4-byte schema id);
 *   <li>{@code unknown_schema}: the schema registry answered that the schema id does not exist;
 *   <li>{@code undecodable}: Avro of another schema, or bytes that do not decode with their schema.
 * </ul>
 *
 * A schema registry that could not be asked is no fault of the record: that verdict is
 * {@link Verdict.RetryLater}, so a valid request is never rejected because of an outage.
 */
final class MalformedRecordClassifier {

    /** The violation field of a record that could not be read. */
    static final String FIELD = "record";

    /** What to do with a record that could not be read. */
    sealed interface Verdict {

        /** Reject it: write a RejectedNotification with this violation and the record's bytes (may be null). */
        record Reject(FieldViolation violation, byte[] payload) implements Verdict {}

        /** Not the record's fault: try it again later. */
        record RetryLater(String reason) implements Verdict {}
    }

    private MalformedRecordClassifier() {}

    static Verdict classify(Throwable failure) {
        DeserializationException deserialization = find(failure, DeserializationException.class);
        if (deserialization == null) {
            MalformedRecordException malformed = find(failure, MalformedRecordException.class);
            if (malformed != null) {
                return reject(ViolationCode.NOT_AVRO, malformed.getMessage(), null);
            }
            return reject(ViolationCode.UNDECODABLE, "the record could not be read as a NotificationRequest: "
                    + NotificationRequestDeserializer.summary(rootCause(failure)), null);
        }
        byte[] data = deserialization.getData();
        if (deserialization.isKey()) {
            return reject(ViolationCode.UNDECODABLE, "the record key could not be read as text: "
                    + NotificationRequestDeserializer.summary(rootCause(deserialization)), data);
        }
        if (data == null || data.length == 0) {
            return reject(ViolationCode.NOT_AVRO, "the record value is empty; expected an Avro NotificationRequest", data);
        }
        if (data[0] != 0) {
            return reject(ViolationCode.NOT_AVRO, String.format(Locale.ROOT,
                    "the record value (%d bytes) is not Avro in the Confluent wire format: "
                            + "its first byte is 0x%02x, not the magic byte 0",
                    data.length, data[0] & 0xff), data);
        }
        if (data.length < 5) {
            return reject(ViolationCode.NOT_AVRO, "the record value is " + data.length
                    + " bytes, too short for the Confluent wire format (magic byte 0 and a 4-byte schema id)", data);
        }
        RecordReadException read = find(deserialization, RecordReadException.class);
        if (read == null) {
            return reject(ViolationCode.UNDECODABLE, "the record value could not be decoded as a NotificationRequest: "
                    + NotificationRequestDeserializer.summary(rootCause(deserialization)), data);
        }
        return switch (read.reason()) {
            case UNKNOWN_SCHEMA -> reject(ViolationCode.UNKNOWN_SCHEMA, read.getMessage(), data);
            case REGISTRY_UNAVAILABLE -> new Verdict.RetryLater(read.getMessage());
            case WRONG_SCHEMA -> reject(ViolationCode.UNDECODABLE, read.getMessage(), data);
            case UNDECODABLE -> reject(ViolationCode.UNDECODABLE,
                    "the record value could not be decoded as a NotificationRequest: " + read.getMessage(), data);
        };
    }

    private static Verdict reject(String code, String message, byte[] payload) {
        return new Verdict.Reject(new FieldViolation(FIELD, code, message), payload);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
