package io.herald.ingest.intake;

import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RecordOrigin;
import io.herald.schema.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request as it arrived, before validation, whatever its way in (Kafka or HTTP). Fields may be absent or
 * wrong: the {@link RequestValidator} says what is. Content is the Avro {@link ChatMessage} or {@link ApiCall}
 * (or {@code null}), so an accepted request's content goes to {@code herald.accepted} unchanged.
 *
 * @param source how the request arrived
 * @param notificationId the caller's id, or {@code null} for Herald to assign one
 * @param idempotencyKey the caller's idempotency key, or {@code null}
 * @param channel channel name from the catalog
 * @param tenant the caller's tenant, or {@code null}
 * @param attributes free-form string attributes carried along
 * @param content a {@link ChatMessage}, an {@link ApiCall}, or {@code null}
 * @param requestedAt when the caller made the request, if it said
 * @param origin topic, partition and offset of a Kafka request; {@code null} for HTTP
 * @param readProblems problems found while reading the request's shape (e.g. both message and apiCall given),
 *     reported together with the validator's findings
 * @param unreadable set for a Kafka record that could not be read at all: it is rejected with its
 *     {@code readProblems} and its bytes, unvalidated; {@code null} for every request that could be read
 */
public record IntakeRequest(
        Source source,
        String notificationId,
        String idempotencyKey,
        String channel,
        String tenant,
        Map<String, String> attributes,
        Object content,
        Instant requestedAt,
        RecordOrigin origin,
        List<FieldViolation> readProblems,
        Unreadable unreadable) {

    /** What is kept of a record that could not be read: its value's bytes, when it had any. */
    public record Unreadable(byte[] payload) {}

    public IntakeRequest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        readProblems = readProblems == null ? List.of() : List.copyOf(readProblems);
    }

    /** A request that could be read. */
    public IntakeRequest(
            Source source,
            String notificationId,
            String idempotencyKey,
            String channel,
            String tenant,
            Map<String, String> attributes,
            Object content,
            Instant requestedAt,
            RecordOrigin origin,
            List<FieldViolation> readProblems) {
        this(
                source,
                notificationId,
                idempotencyKey,
                channel,
                tenant,
                attributes,
                content,
                requestedAt,
                origin,
                readProblems,
                null);
    }

    /** A record of herald.requests that could not be read, with why ({@code problem}) and its bytes (may be null). */
    public static IntakeRequest unreadable(RecordOrigin origin, FieldViolation problem, byte[] payload) {
        return new IntakeRequest(
                Source.KAFKA,
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                origin,
                List.of(problem),
                new Unreadable(payload));
    }

    /** A request read from herald.requests. */
    public static IntakeRequest fromKafka(NotificationRequest request, RecordOrigin origin) {
        return new IntakeRequest(
                Source.KAFKA,
                request.getNotificationId(),
                request.getIdempotencyKey(),
                request.getChannel(),
                request.getTenant(),
                request.getAttributes(),
                request.getContent(),
                request.getRequestedAt(),
                origin,
                List.of());
    }

    /** This request published as {@code tenant} (HTTP: the tenant its credential publishes for). */
    public IntakeRequest withTenant(String tenant) {
        return new IntakeRequest(
                source,
                notificationId,
                idempotencyKey,
                channel,
                tenant,
                attributes,
                content,
                requestedAt,
                origin,
                readProblems,
                unreadable);
    }

    /**
     * The key that makes a repeat a duplicate: the idempotency key within the request's tenant, or the caller's
     * notification id (across tenants: it names one notification) when there is no key; {@code null} when there is
     * neither.
     */
    public IdempotencyLedger.Key deduplicationKey() {
        if (idempotencyKey != null) {
            return IdempotencyLedger.Key.idempotencyKey(tenant, idempotencyKey);
        }
        return notificationId == null ? null : IdempotencyLedger.Key.notificationId(notificationId);
    }

    /**
     * The request as a {@link NotificationRequest}, for the rejection event; empty when required parts are
     * missing so that it could not be encoded.
     */
    public Optional<NotificationRequest> toAvro() {
        if (channel == null || !encodable(content)) {
            return Optional.empty();
        }
        return Optional.of(new NotificationRequest(
                notificationId, idempotencyKey, channel, tenant, content, attributes, requestedAt));
    }

    private static boolean encodable(Object content) {
        if (content instanceof ChatMessage message) {
            return message.getText() != null
                    && message.getFormat() != null
                    && message.getMentions() != null
                    && message.getMentions().getMobiles() != null
                    && message.getMentions().getUserIds() != null;
        }
        if (content instanceof ApiCall call) {
            return call.getMethod() != null && call.getPath() != null;
        }
        return false;
    }
}
