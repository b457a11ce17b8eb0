package io.herald.cli.publish;

import io.herald.cli.CliException;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import io.herald.schema.NotificationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP request's JSON as an Avro {@link NotificationRequest} for {@code herald.requests}. Ingest validates the
 * record as it does an HTTP body; here only what Avro itself cannot hold is refused, naming the field.
 */
final class AvroRequest {

    private static final Set<String> FIELDS =
            Set.of("channel", "notificationId", "idempotencyKey", "tenant", "attributes", "message", "apiCall");

    private AvroRequest() {}

    /** @param id the notification id to send (a Kafka publisher learns no id from ingest, so it chooses one) */
    static NotificationRequest of(JsonNode json, String id) {
        json.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                throw CliException.usage(
                        name + ": not a field of a notification request (" + String.join(", ", FIELDS) + ")");
            }
        });
        String channel = required(json, "channel");
        NotificationRequest.Builder request = NotificationRequest.newBuilder()
                .setNotificationId(id)
                .setChannel(channel)
                .setIdempotencyKey(optional(json, "idempotencyKey"))
                .setTenant(optional(json, "tenant"));
        Map<String, String> attributes = new LinkedHashMap<>();
        json.path("attributes")
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
        request.setAttributes(new LinkedHashMap<>(attributes));
        JsonNode message = json.path("message");
        JsonNode call = json.path("apiCall");
        if (message.isObject() == call.isObject()) {
            throw CliException.usage("message, apiCall: give exactly one of them");
        }
        if (message.isObject()) {
            String format = optional(message, "format");
            JsonNode mentions = message.path("mentions");
            request.setContent(ChatMessage.newBuilder()
                    .setTitle(optional(message, "title"))
                    .setText(required(message, "text", "message.text"))
                    .setFormat(format == null ? MessageFormat.TEXT : format(format))
                    .setMentions(Mentions.newBuilder()
                            .setMobiles(strings(mentions.path("mobiles")))
                            .setUserIds(strings(mentions.path("userIds")))
                            .setAll(mentions.path("all").asBoolean(false))
                            .build())
                    .build());
        } else {
            JsonNode body = call.path("body");
            request.setContent(ApiCall.newBuilder()
                    .setAction(optional(call, "action"))
                    .setVersion(optional(call, "version"))
                    .setRegion(optional(call, "region"))
                    .setMethod(call.path("method").asString("POST"))
                    .setPath(call.path("path").asString("/"))
                    .setBody(body.isMissingNode() || body.isNull() ? null : body.toString())
                    .build());
        }
        return request.build();
    }

    private static MessageFormat format(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> MessageFormat.TEXT;
            case "markdown" -> MessageFormat.MARKDOWN;
            default -> throw CliException.usage("message.format: must be text or markdown, not '" + format + "'");
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    private static String required(JsonNode node, String field) {
        return required(node, field, field);
    }

    private static String required(JsonNode node, String field, String shown) {
        String value = optional(node, field);
        if (value == null) {
            throw CliException.usage(shown + ": required");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }
}
