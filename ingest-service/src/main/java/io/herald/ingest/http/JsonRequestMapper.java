package io.herald.ingest.http;

import io.herald.ingest.http.NotificationJson.ApiCallJson;
import io.herald.ingest.http.NotificationJson.MentionsJson;
import io.herald.ingest.http.NotificationJson.MessageJson;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.ViolationCode;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON body of {@code POST /v1/notifications} (and its {@code Idempotency-Key} header) into an
 * {@link IntakeRequest}. A body that is not JSON, or has an unknown field or a value of the wrong JSON type, is
 * a {@link MalformedRequestException} naming the problem and where it is. Problems with the request's shape that
 * the validator should report with the rest (both message and apiCall; an unknown format; header and body
 * keys that differ) become the request's read problems.
 */
@Component
public class JsonRequestMapper {

    static final String DEFAULT_METHOD = "POST";
    static final String DEFAULT_PATH = "/";

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public IntakeRequest read(byte[] body, String idempotencyKeyHeader) {
        NotificationJson request = parse(body);
        List<FieldViolation> problems = new ArrayList<>();
        String idempotencyKey = idempotencyKey(request.idempotencyKey(), idempotencyKeyHeader, problems);
        Object content = content(request, problems);
        Map<String, String> attributes = attributes(request.attributes(), problems);
        return new IntakeRequest(
                Source.HTTP,
                request.notificationId(),
                idempotencyKey,
                request.channel(),
                request.tenant(),
                attributes,
                content,
                null,
                null,
                problems);
    }

    private NotificationJson parse(byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new MalformedRequestException("the request body is empty; expected a JSON object");
        }
        try {
            NotificationJson request = json.readValue(body, NotificationJson.class);
            if (request == null) {
                throw new MalformedRequestException("the request body is JSON null; expected a JSON object");
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw new MalformedRequestException("unknown field '" + e.getPropertyName() + "'" + where(e));
        } catch (JacksonException e) {
            throw new MalformedRequestException(firstLine(e.getOriginalMessage()) + where(e));
        }
    }

    private static String idempotencyKey(String inBody, String inHeader, List<FieldViolation> problems) {
        if (inHeader == null) {
            return inBody;
        }
        if (inBody != null && !inBody.equals(inHeader)) {
            problems.add(new FieldViolation("idempotencyKey", ViolationCode.INVALID_FORMAT,
                    "the Idempotency-Key header and the body's idempotencyKey differ; give one, or the same in both"));
        }
        return inHeader;
    }

    private Object content(NotificationJson request, List<FieldViolation> problems) {
        if (request.message() != null && request.apiCall() != null) {
            problems.add(new FieldViolation("content", ViolationCode.INVALID_FORMAT,
                    "give exactly one of message and apiCall, not both"));
            return null;
        }
        if (request.message() != null) {
            return message(request.message(), problems);
        }
        if (request.apiCall() != null) {
            return apiCall(request.apiCall());
        }
        return null;
    }

    private static ChatMessage message(MessageJson message, List<FieldViolation> problems) {
        MessageFormat format = MessageFormat.TEXT;
        if (message.format() != null) {
            switch (message.format().toLowerCase(Locale.ROOT)) {
                case "text" -> format = MessageFormat.TEXT;
                case "markdown" -> format = MessageFormat.MARKDOWN;
                default -> problems.add(new FieldViolation("message.format", ViolationCode.INVALID_FORMAT,
                        "message format must be text or markdown"));
            }
        }
        MentionsJson mentions = message.mentions() != null ? message.mentions() : new MentionsJson(null, null, null);
        List<String> mobiles = strings(mentions.mobiles(), "message.mentions.mobiles", problems);
        List<String> userIds = strings(mentions.userIds(), "message.mentions.userIds", problems);
        boolean all = Boolean.TRUE.equals(mentions.all());
        return new ChatMessage(message.title(), message.text(), format, new Mentions(mobiles, userIds, all));
    }

    private ApiCall apiCall(ApiCallJson call) {
        String body = call.body() == null || call.body().isNull() ? null : json.writeValueAsString(call.body());
        return new ApiCall(
                call.action(),
                call.version(),
                call.region(),
                call.method() != null ? call.method() : DEFAULT_METHOD,
                call.path() != null ? call.path() : DEFAULT_PATH,
                body);
    }

    private static List<String> strings(List<String> values, String field, List<FieldViolation> problems) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            problems.add(new FieldViolation(field, ViolationCode.INVALID_FORMAT, field + " must not contain null"));
            return values.stream().filter(Objects::nonNull).toList();
        }
        return List.copyOf(values);
    }

    private static Map<String, String> attributes(Map<String, JsonNode> attributes, List<FieldViolation> problems) {
        if (attributes == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (value != null && value.isString()) {
                values.put(key, value.asString());
            } else {
                problems.add(new FieldViolation("attributes." + key, ViolationCode.INVALID_FORMAT,
                        "attribute values must be strings"));
            }
        });
        return values;
    }

    /** " at message.mentions.mobiles[0] (line 3, column 17)" */
    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        StringBuilder where = new StringBuilder();
        if (!path.isEmpty()) {
            where.append(" at ").append(path);
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            where.append(" (line ").append(e.getLocation().getLineNr())
                    .append(", column ").append(e.getLocation().getColumnNr()).append(')');
        }
        return where.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the request body is not valid JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
