package io.herald.ingest.http;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a request body into a JSON object tree, bounded before any tree is built: at most {@link #MAX_TOKENS} JSON
 * tokens (so a 1 MiB body of tiny values cannot become a tree many times its size), nesting at most
 * {@link #MAX_DEPTH} deep, and no duplicate field names (which value would count is ambiguous). A body that is not a
 * JSON object is a {@link MalformedRequestException} naming the line and column, in Jackson's words without its types.
 */
final class JsonBodyParser {

    /**
     * Tokens in one body; a chat message is ~20, an API call's body a few thousand at most. Bounds the JSON tree (and
     * what is made from it) to a few MiB: 100,000 tiny numbers took ~27 MiB of allocation to read.
     */
    static final long MAX_TOKENS = 50_000;

    static final int MAX_DEPTH = 64;

    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxTokenCount(MAX_TOKENS)
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numbers in an apiCall body keep their value exactly (1e400 is not Infinity, 0.1 not
            // 0.1000000000000000055)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The mapper the tree was read with, to write a part of it back as JSON text unchanged. */
    JsonMapper mapper() {
        return json;
    }

    JsonNode parse(byte[] body) {
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
            throw new MalformedRequestException(
                    "the request body is " + JsonFields.typeOf(root) + "; expected a JSON object");
        }
        return root;
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
}
