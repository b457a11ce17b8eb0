package io.herald.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of faults for {@code /_sandbox/faults}: reads a request body into a {@link Fault} (every problem
 * reported with the field's name, never with a Java type) and writes {@link ActiveFault}s with the path masked.
 */
final class FaultJson {

    static final List<String> FIELDS =
            List.of("provider", "pathPrefix", "status", "delayMs", "reset", "body", "headers", "count", "durationMs");
    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private final JsonMapper json;
    private final UnaryOperator<String> maskPath;

    /** @param maskPath masks a credential in a path (a Feishu hook token, a Slack webhook secret) */
    FaultJson(JsonMapper json, UnaryOperator<String> maskPath) {
        this.json = json;
        this.maskPath = maskPath;
    }

    /** @throws IllegalArgumentException with a message naming the field */
    Fault read(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            // the position only: the parser's message may quote the input and name Java types
            throw new IllegalArgumentException("the request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "the request body must be a JSON object with the fields " + String.join(", ", FIELDS));
        }
        for (String name : root.propertyNames()) {
            if (!KNOWN.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                throw new IllegalArgumentException(
                        "unknown field '" + shown + "'; the fields are " + String.join(", ", FIELDS));
            }
        }
        Long delayMs = integer(root, "delayMs");
        Long durationMs = integer(root, "durationMs");
        Long status = integer(root, "status");
        Long count = integer(root, "count");
        return new Fault(
                text(root, "provider"),
                text(root, "pathPrefix"),
                status == null ? null : (int) Math.clamp(status, Integer.MIN_VALUE, Integer.MAX_VALUE),
                delayMs == null ? null : Duration.ofMillis(delayMs),
                bool(root, "reset"),
                body(root),
                headers(root),
                count == null ? null : (int) Math.clamp(count, Integer.MIN_VALUE, Integer.MAX_VALUE),
                durationMs == null ? null : Duration.ofMillis(durationMs));
    }

    ObjectNode write(ActiveFault active) {
        Fault fault = active.fault();
        ObjectNode node = json.createObjectNode();
        node.put("id", active.id());
        node.put("provider", fault.provider());
        node.put("pathPrefix", fault.pathPrefix() == null ? null : maskPath.apply(fault.pathPrefix()));
        node.put("status", fault.status());
        node.put("delayMs", fault.delay() == null ? null : fault.delay().toMillis());
        node.put("reset", fault.reset());
        node.put("body", fault.body());
        ObjectNode headers = node.putObject("headers");
        fault.headers().forEach(headers::put);
        node.put("count", fault.count());
        node.put(
                "durationMs", fault.duration() == null ? null : fault.duration().toMillis());
        node.put("injectedAt", active.injectedAt().toString());
        node.put("hits", active.hits());
        node.put("remaining", active.remaining());
        node.put(
                "expiresInMs",
                active.expiresIn() == null
                        ? null
                        : Math.max(0, active.expiresIn().toMillis()));
        return node;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new IllegalArgumentException(field + " must be a string or null");
        }
        return node.asString();
    }

    private static Long integer(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number or null");
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** A string as given; a JSON object or array is answered as its compact JSON text. */
    private String body(JsonNode root) {
        JsonNode node = root.get("body");
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isContainer()) {
            return json.writeValueAsString(node);
        }
        throw new IllegalArgumentException("body must be a string, a JSON object or array, or null");
    }

    private static Map<String, String> headers(JsonNode root) {
        JsonNode node = root.get("headers");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("headers must be an object of header name to text");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : node.properties()) {
            if (!header.getValue().isString() && !header.getValue().isNumber()) {
                throw new IllegalArgumentException("headers." + header.getKey() + " must be text");
            }
            headers.put(header.getKey(), header.getValue().asString());
        }
        return headers;
    }
}
