package io.herald.ingest.kafka;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Why {@link NotificationRequestDeserializer} could not read a record, in a form that survives the trip through
 * the record's headers: {@code ErrorHandlingDeserializer} Java-serializes the exception there, and the schema
 * registry client's own exceptions are not serializable (their HTTP status would be lost). So this exception
 * carries the verdict and a short message, and no cause.
 */
public class RecordReadException extends SerializationException {

    /** What went wrong. */
    public enum Reason {
        /** The registry answered that the schema id does not exist. */
        UNKNOWN_SCHEMA,
        /** Valid Avro, but of another schema than NotificationRequest. */
        WRONG_SCHEMA,
        /** The registry could not be asked (down, timing out, refusing): not the record's fault. */
        REGISTRY_UNAVAILABLE,
        /** The bytes do not decode with their schema. */
        UNDECODABLE
    }

    private final Reason reason;

    public RecordReadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the stack is the deserializer's, the same every time: keep the header small
    }
}
