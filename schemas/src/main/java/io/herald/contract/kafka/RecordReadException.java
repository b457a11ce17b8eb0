package io.herald.contract.kafka;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Why {@link HeraldAvroDeserializer} could not read a record, decided where the registry client's answer is still at
 * hand. It survives the trip through the record's headers ({@code ErrorHandlingDeserializer} Java-serializes it
 * there; the registry client's own exceptions are not serializable), so it carries the verdict and a short message,
 * no cause and no stack.
 */
public class RecordReadException extends SerializationException {

    /** What went wrong; {@link #REGISTRY_UNAVAILABLE} is the only one that is not the record's fault. */
    public enum Reason {
        /** Empty, or not the Confluent wire format (magic byte 0 + 4-byte schema id). */
        NOT_AVRO("not_avro"),
        /** The registry answered that the schema id does not exist. */
        UNKNOWN_SCHEMA("unknown_schema"),
        /** Valid Avro, but of another schema than the topic carries. */
        WRONG_SCHEMA("wrong_schema"),
        /** The bytes do not decode with their schema. */
        UNDECODABLE("undecodable"),
        /** The registry could not be asked (down, timing out, 5xx, 429): try the record again later. */
        REGISTRY_UNAVAILABLE("registry_unavailable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The code used in log lines, metric tags and rejections. */
        public String code() {
            return code;
        }
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
