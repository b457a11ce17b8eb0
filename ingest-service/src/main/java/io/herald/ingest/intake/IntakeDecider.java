package io.herald.ingest.intake;

import io.herald.contract.channel.Channel;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.idempotency.IdempotencyLedger;
import io.herald.ingest.idempotency.IdempotencyLedger.Holder;
import io.herald.ingest.publish.RecordSize;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import io.herald.schema.RejectedNotification;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Decides what to write for a request, writing nothing: the accepted notification (with its idempotency key and
 * request fingerprint), or the rejection naming every violation. A request whose notification would be larger than
 * its topic takes ({@code herald.ingest.max-record-size}) is rejected like an invalid one (field {@code request}).
 */
final class IntakeDecider {

    /**
     * Rejections carry the request for inspection only while it is this small (characters of text, title and
     * body), so that an oversized request can still be rejected without exceeding the broker's record size.
     */
    static final int MAX_REQUEST_CHARS_IN_REJECTION = 256 * 1024;

    /** The bytes of an unreadable record kept in its rejection when all of them would not fit the topic. */
    static final int MAX_RAW_BYTES_IN_REJECTION = 64 * 1024;

    private final RequestValidator validator;
    private final Clock clock;
    private final long maxRecordSize;

    IntakeDecider(RequestValidator validator, Clock clock, IngestProperties properties) {
        this.validator = validator;
        this.clock = clock;
        this.maxRecordSize = properties.maxRecordSize().toBytes();
    }

    IntakeDecision decide(IntakeRequest request) {
        if (request.unreadable() != null) {
            return rejection(request, request.readProblems());
        }
        RequestValidator.Checked checked = validator.check(request);
        if (!checked.violations().isEmpty()) {
            return rejection(request, checked.violations());
        }
        Channel channel = checked.channel().orElseThrow();
        String id = request.notificationId() != null
                ? request.notificationId()
                : UUID.randomUUID().toString();
        AcceptedNotification accepted = AcceptedNotification.newBuilder()
                .setNotificationId(id)
                .setIdempotencyKey(request.idempotencyKey())
                .setChannel(request.channel())
                .setProvider(channel.provider())
                .setTenant(request.tenant())
                .setContent(request.content())
                .setAttributes(request.attributes())
                .setSource(request.source())
                .setAcceptedAt(clock.instant())
                .setReplay(null)
                .build();
        long size = RecordSize.of(accepted);
        if (size > maxRecordSize) {
            return rejection(
                    request,
                    List.of(
                            new FieldViolation(
                                    FieldViolation.REQUEST,
                                    ViolationCode.TOO_LARGE,
                                    "the notification is " + size + " bytes as a Kafka record; at most " + maxRecordSize
                                            + " are accepted (herald.ingest.max-record-size): shorten the text, body or attributes")),
                    false);
        }
        IdempotencyLedger.Key key = request.deduplicationKey();
        return new IntakeDecision.Accept(request, accepted, key, key == null ? null : RequestFingerprint.of(request));
    }

    /** The rejection of a Kafka request whose key is held by a different request. */
    IntakeDecision.Reject conflict(IntakeDecision.Accept accept, Holder original) {
        IntakeRequest request = accept.request();
        String field = request.idempotencyKey() != null ? "idempotencyKey" : "notificationId";
        return rejection(
                request,
                List.of(new FieldViolation(
                        field,
                        ViolationCode.IDEMPOTENCY_KEY_CONFLICT,
                        field + " '" + RequestValidator.abbreviate(accept.key().value())
                                + "' was already used by notification "
                                + original.notificationId() + " for a different request (the content differs); "
                                + "use a new key for a new request")),
                true);
    }

    private IntakeDecision.Reject rejection(IntakeRequest request, List<FieldViolation> violations) {
        return rejection(request, violations, false);
    }

    /**
     * @param freshId under a new id even when the caller's is well formed (a conflict: the caller's id may be the
     *     accepted notification's own)
     */
    private IntakeDecision.Reject rejection(IntakeRequest request, List<FieldViolation> violations, boolean freshId) {
        boolean callerIdUsable = !freshId
                && request.notificationId() != null
                && RequestValidator.NOTIFICATION_ID
                        .matcher(request.notificationId())
                        .matches();
        String id =
                callerIdUsable ? request.notificationId() : UUID.randomUUID().toString();
        String key = request.idempotencyKey();
        RejectedNotification rejected = RejectedNotification.newBuilder()
                .setNotificationId(id)
                .setIdempotencyKey(
                        key != null && key.length() <= RequestValidator.MAX_IDEMPOTENCY_KEY_LENGTH ? key : null)
                .setChannel(request.channel() != null ? RequestValidator.abbreviate(request.channel()) : null)
                .setTenant(request.tenant() != null ? RequestValidator.abbreviate(request.tenant()) : null)
                .setSource(request.source())
                .setViolations(violations.stream().map(FieldViolation::toAvro).toList())
                .setRequest(request.toAvro().filter(IntakeDecider::smallEnough).orElse(null))
                .setRawPayload(
                        request.unreadable() == null || request.unreadable().payload() == null
                                ? null
                                : ByteBuffer.wrap(request.unreadable().payload()))
                .setOrigin(request.origin())
                .setRejectedAt(clock.instant())
                .build();
        if (rejected.getRequest() != null && RecordSize.of(rejected) > maxRecordSize) {
            rejected.setRequest(null); // the rejection must fit its topic: it names the problem without the request
        }
        if (rejected.getRawPayload() != null && RecordSize.of(rejected) > maxRecordSize) {
            // an unreadable record as large as the topic allows: keep its first bytes, enough to see what it was
            ByteBuffer first = rejected.getRawPayload().duplicate();
            first.limit(first.position() + MAX_RAW_BYTES_IN_REJECTION);
            rejected.setRawPayload(first.slice());
        }
        return new IntakeDecision.Reject(rejected, new IntakeOutcome.Rejected(id, violations));
    }

    private static boolean smallEnough(NotificationRequest request) {
        long chars = 0;
        if (request.getContent() instanceof ChatMessage message) {
            chars += length(message.getText()) + length(message.getTitle());
        } else if (request.getContent() instanceof ApiCall call) {
            chars += length(call.getBody()) + length(call.getPath());
        }
        for (var attribute : request.getAttributes().entrySet()) {
            chars += length(attribute.getKey()) + length(attribute.getValue());
        }
        return chars <= MAX_REQUEST_CHARS_IN_REJECTION;
    }

    private static long length(String value) {
        return value == null ? 0 : value.length();
    }
}
