package io.herald.provider.alibabacloud;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API call's JSON body as the parameters of an RPC-style Alibaba Cloud API: each member of the top-level object is
 * one parameter; arrays and objects are flattened into indexed names the way Alibaba documents for V3 ("How do I pass
 * parameters of the array or object type?": {@code {"Tag":[{"Key":"a"}]}} becomes {@code Tag.1.Key=a}); {@code null}
 * members are left out; numbers keep their JSON text, booleans are {@code true}/{@code false}.
 */
final class RpcParameters {

    // floats as BigDecimal, so 0.1 is sent as 0.1 and not as the double nearest to it
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RpcParameters() {}

    /** The parameters of {@code body} ({@code null} or blank for none), or empty when it is not a JSON object. */
    static Optional<Map<String, String>> of(String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new TreeMap<>();
        root.properties().forEach(member -> flatten(parameters, member.getKey(), member.getValue()));
        return Optional.of(parameters);
    }

    /** Whether {@code body} is JSON at all (what is not is reported by the shared rules, not as a parameter problem). */
    static boolean isJson(String body) {
        try {
            JSON.readTree(body);
            return true;
        } catch (JacksonException notJson) {
            return false;
        }
    }

    private static void flatten(Map<String, String> parameters, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            int index = 1;
            for (JsonNode item : value.values()) {
                flatten(parameters, name + "." + index++, item);
            }
        } else if (value.isObject()) {
            value.properties().forEach(member -> flatten(parameters, name + "." + member.getKey(), member.getValue()));
        } else if (value.isNumber() && value.numberValue() instanceof BigDecimal decimal) {
            parameters.put(name, decimal.toPlainString());
        } else {
            parameters.put(name, value.asString());
        }
    }
}
