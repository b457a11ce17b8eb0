package io.herald.provider.spi.outcome;

import io.herald.contract.redaction.Redaction;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a provider's JSON answer without ever throwing: classifiers must judge any body, even HTML. */
public final class JsonBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBody() {}

    /** The body as a JSON object, or empty when it is not one. */
    public static Optional<JsonNode> object(ProviderAnswer answer) {
        try {
            JsonNode node = JSON.readTree(answer.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** An integral field (number, or digits in a string), or {@code null}. */
    public static Long integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value != null && value.isString() && value.stringValue().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.stringValue());
        }
        return null;
    }

    /** A text field, redacted, or {@code ""} when absent. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : Redaction.text(value.asString());
    }
}
