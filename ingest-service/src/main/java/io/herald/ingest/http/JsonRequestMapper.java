package io.herald.ingest.http;

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
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON body of {@code POST /v1/notifications} (and its {@code Idempotency-Key} header) into an
 * {@link IntakeRequest}. The body is read as a JSON tree and checked field by field, so every error names the field
 * path and the JSON type expected ({@code message.text: expected a string, got an object}), never a Java type; a
 * body that is not JSON names the line and column. Such bodies, unknown fields and values of the wrong JSON type are
 * a {@link MalformedRequestException}. Problems the validator should report with the rest (both message and apiCall;
 * an unknown format; a non-string attribute; header and body keys that differ) become the request's read problems.
 *
 * <p>Hostile bodies are bounded before any tree is built: at most {@link #MAX_TOKENS} JSON tokens (so a 1 MiB body
 * of tiny values cannot become a tree many times its size), nesting at most {@link #MAX_DEPTH} deep, and no
 * duplicate field names (which value would count is ambiguous). The body's size itself is limited before it is read
 * ({@code herald.ingest.max-request-body}, {@link RequestLimitFilter}).
 */
@Component
public class JsonRequestMapper {

    static final String DEFAULT_METHOD = "POST";
    static final String DEFAULT_PATH = "/";
    /**
     * Tokens in one body; a chat message is ~20, an API call's body a few thousand at most. Bounds the JSON tree (and
     * what is made from it) to a few MiB: 100,000 tiny numbers took ~27 MiB of allocation to read.
     */
    static final long MAX_TOKENS = 50_000;
    static final int MAX_DEPTH = 64;
    /** Problems listed in one answer; the rest are counted. */
    static final int MAX_PROBLEMS = 20;

    private static final Set<String> REQUEST_FIELDS =
            orderedSet("channel", "notificationId", "idempotencyKey", "tenant", "attributes", "message", "apiCall");
    private static final Set<String> MESSAGE_FIELDS = orderedSet("format", "title", "text", "mentions");
    private static final Set<String> MENTION_FIELDS = orderedSet("mobiles", "userIds", "all");
    private static final Set<String> API_CALL_FIELDS = orderedSet("action", "version", "region", "method", "path", "body");

    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxTokenCount(MAX_TOKENS)
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numbers in an apiCall body keep their value exactly (1e400 is not Infinity, 0.1 not 0.1000000000000000055)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * @throws MalformedRequestException when the body is not a JSON object of the documented shape
     */
    public IntakeRequest read(byte[] body, String idempotencyKeyHeader) {
        JsonNode root = parse(body);
        Fields fields = new Fields();
        List<FieldViolation> problems = new ArrayList<>();
        fields.allowOnly(root, "", REQUEST_FIELDS);
        String channel = fields.string(root, "channel");
        String notificationId = fields.string(root, "notificationId");
        String keyInBody = fields.string(root, "idempotencyKey");
        String tenant = fields.string(root, "tenant");
        Map<String, String> attributes = fields.attributes(root.get("attributes"), problems);
        JsonNode message = fields.object(root, "message");
        JsonNode apiCall = fields.object(root, "apiCall");
        Object content = null;
        if (message != null && apiCall != null) {
            problems.add(new FieldViolation("content", ViolationCode.INVALID_FORMAT,
                    "give exactly one of message and apiCall, not both"));
        } else if (message != null) {
            content = fields.message(message, problems);
        } else if (apiCall != null) {
            content = fields.apiCall(apiCall);
        }
        fields.throwIfAny();
        String idempotencyKey = idempotencyKey(keyInBody, idempotencyKeyHeader, problems);
        return new IntakeRequest(
                Source.HTTP, notificationId, idempotencyKey, channel, tenant, attributes, content, null, null, problems);
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedRequestException("the request body is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedRequestException("the request body is not valid JSON: " + describe(e));
        } catch (NumberFormatException e) {
            // found by RequestMappingFuzzTest: a decimal whose exponent is out of range is not a JacksonException
            throw new MalformedRequestException(
                    "the request body has a number that cannot be read exactly (its exponent or length is out of range)");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedRequestException("the request body is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw new MalformedRequestException("the request body is " + typeOf(root) + "; expected a JSON object");
        }
        return root;
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

    /** Reads typed values out of the tree, collecting every wrong type and unknown field with its path. */
    private final class Fields {

        private final List<FieldViolation> typeErrors = new ArrayList<>();
        private int more;

        void allowOnly(JsonNode object, String prefix, Set<String> known) {
            for (String name : object.propertyNames()) {
                if (!known.contains(name)) {
                    fail(prefix + shown(name), ViolationCode.UNKNOWN_FIELD,
                            "unknown field; expected one of " + String.join(", ", known));
                }
            }
        }

        /** A string or absent/null; anything else is a type error. */
        String string(JsonNode parent, String name) {
            return string(parent.get(name), name, "");
        }

        private String string(JsonNode value, String name, String prefix) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString()) {
                wrongType(prefix + name, "a string", value);
                return null;
            }
            return value.stringValue();
        }

        JsonNode object(JsonNode parent, String name) {
            return objectValue(parent.get(name), name);
        }

        private JsonNode objectValue(JsonNode value, String path) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                wrongType(path, "an object", value);
                return null;
            }
            return value;
        }

        /** Non-string values are the validator's violations (as before), not malformed bodies. */
        Map<String, String> attributes(JsonNode value, List<FieldViolation> problems) {
            JsonNode attributes = objectValue(value, "attributes");
            if (attributes == null) {
                return Map.of();
            }
            Map<String, String> values = new LinkedHashMap<>();
            int invalid = 0;
            for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                if (attribute.getValue().isString()) {
                    values.put(attribute.getKey(), attribute.getValue().stringValue());
                } else if (invalid++ < MAX_PROBLEMS) {
                    problems.add(new FieldViolation("attributes." + shown(attribute.getKey()), ViolationCode.INVALID_FORMAT,
                            "expected a string, got " + typeOf(attribute.getValue()) + "; attribute values are strings"));
                }
            }
            if (invalid > MAX_PROBLEMS) {
                problems.add(new FieldViolation("attributes", ViolationCode.INVALID_FORMAT,
                        (invalid - MAX_PROBLEMS) + " more attribute values are not strings"));
            }
            return values;
        }

        ChatMessage message(JsonNode message, List<FieldViolation> problems) {
            allowOnly(message, "message.", MESSAGE_FIELDS);
            String formatName = string(message.get("format"), "format", "message.");
            MessageFormat format = MessageFormat.TEXT;
            if (formatName != null) {
                switch (formatName.toLowerCase(Locale.ROOT)) {
                    case "text" -> format = MessageFormat.TEXT;
                    case "markdown" -> format = MessageFormat.MARKDOWN;
                    default -> problems.add(new FieldViolation("message.format", ViolationCode.INVALID_FORMAT,
                            "message format must be text or markdown"));
                }
            }
            String title = string(message.get("title"), "title", "message.");
            String text = string(message.get("text"), "text", "message.");
            JsonNode mentions = objectValue(message.get("mentions"), "message.mentions");
            List<String> mobiles = List.of();
            List<String> userIds = List.of();
            boolean all = false;
            if (mentions != null) {
                allowOnly(mentions, "message.mentions.", MENTION_FIELDS);
                mobiles = strings(mentions.get("mobiles"), "message.mentions.mobiles", problems);
                userIds = strings(mentions.get("userIds"), "message.mentions.userIds", problems);
                JsonNode everyone = mentions.get("all");
                if (everyone != null && !everyone.isNull()) {
                    if (everyone.isBoolean()) {
                        all = everyone.booleanValue();
                    } else {
                        wrongType("message.mentions.all", "a boolean (true or false)", everyone);
                    }
                }
            }
            return new ChatMessage(title, text, format, new Mentions(mobiles, userIds, all));
        }

        private List<String> strings(JsonNode value, String path, List<FieldViolation> problems) {
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                wrongType(path, "an array of strings", value);
                return List.of();
            }
            List<String> strings = new ArrayList<>(value.size());
            boolean nulls = false;
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isNull()) {
                    nulls = true;
                } else if (element.isString()) {
                    strings.add(element.stringValue());
                } else {
                    wrongType(path + "[" + i + "]", "a string", element);
                }
            }
            if (nulls) {
                problems.add(new FieldViolation(path, ViolationCode.INVALID_FORMAT, path + " must not contain null"));
            }
            return strings;
        }

        ApiCall apiCall(JsonNode call) {
            allowOnly(call, "apiCall.", API_CALL_FIELDS);
            String action = string(call.get("action"), "action", "apiCall.");
            String version = string(call.get("version"), "version", "apiCall.");
            String region = string(call.get("region"), "region", "apiCall.");
            String method = string(call.get("method"), "method", "apiCall.");
            String path = string(call.get("path"), "path", "apiCall.");
            JsonNode body = call.get("body");
            return new ApiCall(
                    action,
                    version,
                    region,
                    method != null ? method : DEFAULT_METHOD,
                    path != null ? path : DEFAULT_PATH,
                    body == null || body.isNull() ? null : json.writeValueAsString(body));
        }

        private void wrongType(String path, String expected, JsonNode actual) {
            fail(path, ViolationCode.INVALID_TYPE, "expected " + expected + ", got " + typeOf(actual));
        }

        private void fail(String path, String code, String message) {
            if (typeErrors.size() < MAX_PROBLEMS) {
                typeErrors.add(new FieldViolation(path, code, path + ": " + message));
            } else {
                more++;
            }
        }

        void throwIfAny() {
            if (typeErrors.isEmpty()) {
                return;
            }
            String detail = String.join("; ", typeErrors.stream().map(FieldViolation::message).toList());
            if (more > 0) {
                detail += "; and " + more + " more";
            }
            throw new MalformedRequestException(detail, typeErrors);
        }
    }

    /** The JSON type of a value, as a caller would name it: "a string", "an object", "null". */
    static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        } else if (value.isArray()) {
            return "an array";
        } else if (value.isString()) {
            return "a string";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isBoolean()) {
            return "a boolean";
        } else if (value.isNull()) {
            return "null";
        }
        return "a JSON value";
    }

    /**
     * A caller-supplied field name as a path segment: as it is when it is a plain name, otherwise in double quotes
     * ({@code ""}, {@code "a.b"}), shortened and with control characters shown as {@code ?}.
     */
    static String shown(String name) {
        if (!name.isEmpty() && name.length() <= 64 && name.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
            return name;
        }
        String shown = name.length() <= 64 ? name : name.substring(0, 64) + "...";
        StringBuilder quoted = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                quoted.append('?');
            } else {
                if (c == '"' || c == '\\') {
                    quoted.append('\\');
                }
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }

    /**
     * "Unexpected character ('}' (code 125)): was expecting double-quote to start field name (line 2, column 5)":
     * Jackson's own words, first line only, without its source excerpt or the Java types it sometimes names.
     */
    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            message = "unreadable";
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        message = message.replaceAll("[:;,]?\\s*enable `[^`]*` to allow", "") // parser settings are not the caller's
                .replaceAll("\\s*\\(start marker at \\[[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "")
                .replaceAll("`?(tools\\.jackson|java|javax|io\\.herald)\\.[\\w.$]+`?", "the value")
                .replaceAll("\\s*\\(`?StreamReadConstraints[^)]*\\)", "")
                .replaceAll("\\s*\\(`?StreamReadFeature[^)]*\\)", "")
                .replace('`', '\'')
                .strip();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        TokenStreamLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }

    private static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(names)));
    }
}
