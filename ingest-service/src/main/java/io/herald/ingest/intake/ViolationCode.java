package io.herald.ingest.intake;

/** The machine-readable violation codes ingest writes into {@code herald.rejected} and HTTP problems. */
public final class ViolationCode {

    /** A required field is absent or blank. */
    public static final String MISSING = "missing";
    /** The channel is not in the channel catalog. */
    public static final String UNKNOWN_CHANNEL = "unknown_channel";
    /** The channel was deleted (through the channel API, or removed from the seed file). */
    public static final String CHANNEL_DELETED = "channel_deleted";
    /** The channel belongs to another tenant than the notification's. */
    public static final String CHANNEL_NOT_AVAILABLE = "channel_not_available";
    /**
     * The value is longer than allowed (message bytes for the channel, idempotency key length), or, for field
     * {@code request}, the whole notification is larger than its topic takes ({@code herald.ingest.max-record-size}).
     */
    public static final String TOO_LARGE = "too_large";
    /** The value does not have the required form (pattern, JSON, HTTP method, path). */
    public static final String INVALID_FORMAT = "invalid_format";
    /** A chat message was sent to an API channel, or an API call to a chat channel. */
    public static final String WRONG_CONTENT_KIND = "wrong_content_kind";
    /** An HTTP body has a value of the wrong JSON type (a string expected, an object given, ...). */
    public static final String INVALID_TYPE = "invalid_type";
    /** An HTTP body has a field the API does not define (a misspelt name, say). */
    public static final String UNKNOWN_FIELD = "unknown_field";
    /**
     * The idempotency key was already used for a different request (another body); the earlier request keeps the
     * key, this one is not accepted. Use a new key for a new request.
     */
    public static final String IDEMPOTENCY_KEY_CONFLICT = "idempotency_key_conflict";
    /** A Kafka record that is not Avro in the Confluent wire format (or has no value at all). */
    public static final String NOT_AVRO = "not_avro";
    /** A Kafka record whose schema id the schema registry does not know. */
    public static final String UNKNOWN_SCHEMA = "unknown_schema";
    /** A Kafka record with a known schema that cannot be read as a NotificationRequest. */
    /** A Kafka record that is valid Avro, but of another schema than NotificationRequest. */
    public static final String WRONG_SCHEMA = "wrong_schema";

    public static final String UNDECODABLE = "undecodable";

    private ViolationCode() {}
}
