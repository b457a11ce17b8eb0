package io.herald.ingest.http;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.ViolationCode;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import io.herald.schema.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request's content, its {@code message} or its {@code apiCall} object, field by field. Wrong types go to the
 * body's {@link JsonFields}; an unknown message format and null mentions are the request's problems, for the validator
 * to report with the rest. An apiCall body is kept as the JSON text it was, numbers exactly.
 */
final class ContentReader {

    static final String DEFAULT_METHOD = "POST";
    static final String DEFAULT_PATH = "/";

    private static final Set<String> MESSAGE_FIELDS = JsonFields.names("format", "title", "text", "mentions");
    private static final Set<String> MENTION_FIELDS = JsonFields.names("mobiles", "userIds", "all");
    private static final Set<String> API_CALL_FIELDS =
            JsonFields.names("action", "version", "region", "method", "path", "body");

    private final JsonMapper json;

    /** @param json the mapper the tree was read with */
    ContentReader(JsonMapper json) {
        this.json = json;
    }

    ChatMessage message(JsonFields fields, JsonNode message, List<FieldViolation> problems) {
        fields.allowOnly(message, "message.", MESSAGE_FIELDS);
        String formatName = fields.string(message.get("format"), "format", "message.");
        MessageFormat format = MessageFormat.TEXT;
        if (formatName != null) {
            switch (formatName.toLowerCase(Locale.ROOT)) {
                case "text" -> format = MessageFormat.TEXT;
                case "markdown" -> format = MessageFormat.MARKDOWN;
                default ->
                    problems.add(new FieldViolation(
                            "message.format", ViolationCode.INVALID_FORMAT, "message format must be text or markdown"));
            }
        }
        String title = fields.string(message.get("title"), "title", "message.");
        String text = fields.string(message.get("text"), "text", "message.");
        JsonNode mentions = fields.objectValue(message.get("mentions"), "message.mentions");
        List<String> mobiles = List.of();
        List<String> userIds = List.of();
        boolean all = false;
        if (mentions != null) {
            fields.allowOnly(mentions, "message.mentions.", MENTION_FIELDS);
            mobiles = fields.strings(mentions.get("mobiles"), "message.mentions.mobiles", problems);
            userIds = fields.strings(mentions.get("userIds"), "message.mentions.userIds", problems);
            JsonNode everyone = mentions.get("all");
            if (everyone != null && !everyone.isNull()) {
                if (everyone.isBoolean()) {
                    all = everyone.booleanValue();
                } else {
                    fields.wrongType("message.mentions.all", "a boolean (true or false)", everyone);
                }
            }
        }
        return new ChatMessage(title, text, format, new Mentions(mobiles, userIds, all));
    }

    ApiCall apiCall(JsonFields fields, JsonNode call) {
        fields.allowOnly(call, "apiCall.", API_CALL_FIELDS);
        String action = fields.string(call.get("action"), "action", "apiCall.");
        String version = fields.string(call.get("version"), "version", "apiCall.");
        String region = fields.string(call.get("region"), "region", "apiCall.");
        String method = fields.string(call.get("method"), "method", "apiCall.");
        String path = fields.string(call.get("path"), "path", "apiCall.");
        JsonNode body = call.get("body");
        return new ApiCall(
                action,
                version,
                region,
                method != null ? method : DEFAULT_METHOD,
                path != null ? path : DEFAULT_PATH,
                body == null || body.isNull() ? null : json.writeValueAsString(body));
    }
}
