package io.herald.ingest.http;

import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.ViolationCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed values out of one body's JSON tree, collecting every wrong type and unknown field with its path (at most
 * {@link JsonRequestMapper#MAX_PROBLEMS}, the rest counted); {@link #throwIfAny} turns them into one
 * {@link MalformedRequestException}. Paths and types are named as a caller writes them, never as Java types.
 */
final class JsonFields {

    private final List<FieldViolation> typeErrors = new ArrayList<>();
    private int more;

    /** Field names in the order they are listed to the caller. */
    static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    void allowOnly(JsonNode object, String prefix, Set<String> known) {
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                fail(
                        prefix + shown(name),
                        ViolationCode.UNKNOWN_FIELD,
                        "unknown field; expected one of " + String.join(", ", known));
            }
        }
    }

    /** A string or absent/null; anything else is a type error. */
    String string(JsonNode parent, String name) {
        return string(parent.get(name), name, "");
    }

    String string(JsonNode value, String name, String prefix) {
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

    JsonNode objectValue(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            wrongType(path, "an object", value);
            return null;
        }
        return value;
    }

    /** An array of strings or absent/null; a null element is one of the request's {@code problems}. */
    List<String> strings(JsonNode value, String path, List<FieldViolation> problems) {
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

    void wrongType(String path, String expected, JsonNode actual) {
        fail(path, ViolationCode.INVALID_TYPE, "expected " + expected + ", got " + typeOf(actual));
    }

    private void fail(String path, String code, String message) {
        if (typeErrors.size() < JsonRequestMapper.MAX_PROBLEMS) {
            typeErrors.add(new FieldViolation(path, code, path + ": " + message));
        } else {
            more++;
        }
    }

    void throwIfAny() {
        if (typeErrors.isEmpty()) {
            return;
        }
        String detail = String.join(
                "; ", typeErrors.stream().map(FieldViolation::message).toList());
        if (more > 0) {
            detail += "; and " + more + " more";
        }
        throw new MalformedRequestException(detail, typeErrors);
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
        if (!name.isEmpty()
                && name.length() <= 64
                && name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
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
}
