package io.herald.ingest.http;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.ViolationCode;
import io.herald.schema.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON body of {@code POST /v1/notifications} (and its {@code Idempotency-Key} header) into an
 * {@link IntakeRequest}, so that every error names the field path and the JSON type expected
 * ({@code message.text: expected a string, got an object}), never a Java type. A body that is not JSON, or has unknown
 * fields or values of the wrong JSON type, is a {@link MalformedRequestException}; what the validator reports with the
 * rest (both message and apiCall, a non-string attribute, header and body keys that differ) are read problems.
 */
@Component
public class JsonRequestMapper {

    /** Problems listed in one answer; the rest are counted. */
    static final int MAX_PROBLEMS = 20;

    private static final Set<String> REQUEST_FIELDS = JsonFields.names(
            "channel", "notificationId", "idempotencyKey", "tenant", "attributes", "message", "apiCall");

    private final JsonBodyParser parser = new JsonBodyParser();
    private final ContentReader contentReader = new ContentReader(parser.mapper());

    /**
     * @throws MalformedRequestException when the body is not a JSON object of the documented shape
     */
    public IntakeRequest read(byte[] body, String idempotencyKeyHeader) {
        JsonNode root = parser.parse(body);
        JsonFields fields = new JsonFields();
        List<FieldViolation> problems = new ArrayList<>();
        fields.allowOnly(root, "", REQUEST_FIELDS);
        String channel = fields.string(root, "channel");
        String notificationId = fields.string(root, "notificationId");
        String keyInBody = fields.string(root, "idempotencyKey");
        String tenant = fields.string(root, "tenant");
        Map<String, String> attributes = attributes(fields, root.get("attributes"), problems);
        JsonNode message = fields.object(root, "message");
        JsonNode apiCall = fields.object(root, "apiCall");
        Object content = null;
        if (message != null && apiCall != null) {
            problems.add(new FieldViolation(
                    "content", ViolationCode.INVALID_FORMAT, "give exactly one of message and apiCall, not both"));
        } else if (message != null) {
            content = contentReader.message(fields, message, problems);
        } else if (apiCall != null) {
            content = contentReader.apiCall(fields, apiCall);
        }
        fields.throwIfAny();
        String idempotencyKey = idempotencyKey(keyInBody, idempotencyKeyHeader, problems);
        return new IntakeRequest(
                Source.HTTP,
                notificationId,
                idempotencyKey,
                channel,
                tenant,
                attributes,
                content,
                null,
                null,
                problems);
    }

    private static String idempotencyKey(String inBody, String inHeader, List<FieldViolation> problems) {
        if (inHeader == null) {
            return inBody;
        }
        if (inBody != null && !inBody.equals(inHeader)) {
            problems.add(new FieldViolation(
                    "idempotencyKey",
                    ViolationCode.INVALID_FORMAT,
                    "the Idempotency-Key header and the body's idempotencyKey differ; give one, or the same in both"));
        }
        return inHeader;
    }

    /** Non-string values are the validator's violations, not malformed bodies. */
    private static Map<String, String> attributes(JsonFields fields, JsonNode value, List<FieldViolation> problems) {
        JsonNode attributes = fields.objectValue(value, "attributes");
        if (attributes == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        int invalid = 0;
        for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
            if (attribute.getValue().isString()) {
                values.put(attribute.getKey(), attribute.getValue().stringValue());
            } else if (invalid++ < MAX_PROBLEMS) {
                problems.add(new FieldViolation(
                        "attributes." + JsonFields.shown(attribute.getKey()),
                        ViolationCode.INVALID_FORMAT,
                        "expected a string, got " + JsonFields.typeOf(attribute.getValue())
                                + "; attribute values are strings"));
            }
        }
        if (invalid > MAX_PROBLEMS) {
            problems.add(new FieldViolation(
                    "attributes",
                    ViolationCode.INVALID_FORMAT,
                    (invalid - MAX_PROBLEMS) + " more attribute values are not strings"));
        }
        return values;
    }
}
