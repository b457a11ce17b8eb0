package io.herald.provider.spi.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Decodes a raw query string the way a typical Java server does ({@code application/x-www-form-urlencoded}):
 * {@code %XX} sequences are decoded as UTF-8 and {@code +} becomes a space. This matters for signatures: a client
 * that forgets to URL-encode a Base64 {@code sign} loses its {@code +} characters here, exactly as at the provider.
 */
public final class QueryString {

    private QueryString() {}

    /** One {@code name=value} pair as it appeared, raw (still encoded). */
    public record Pair(String rawName, String rawValue) {
        public String name() {
            return decode(rawName);
        }

        public String value() {
            return rawValue == null ? "" : decode(rawValue);
        }
    }

    public static List<Pair> pairs(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<Pair> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            pairs.add(eq < 0 ? new Pair(part, null) : new Pair(part.substring(0, eq), part.substring(eq + 1)));
        }
        return pairs;
    }

    /** Decoded parameters; for a repeated name only the first occurrence counts (like {@code getParameter}). */
    public static Map<String, String> firstValues(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Pair pair : pairs(rawQuery)) {
            params.putIfAbsent(pair.name(), pair.value());
        }
        return Collections.unmodifiableMap(params);
    }

    /**
     * Rebuilds the raw query with each value passed through {@code rewrite(decodedName, rawValue)}; pairs the
     * function leaves alone keep their exact encoding.
     */
    public static String rewrite(String rawQuery, BiFunction<String, String, String> rewrite) {
        if (rawQuery == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Pair pair : pairs(rawQuery)) {
            String value = pair.rawValue() == null ? null : rewrite.apply(pair.name(), pair.rawValue());
            parts.add(value == null ? pair.rawName() : pair.rawName() + "=" + value);
        }
        return String.join("&", parts);
    }

    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // A malformed %-sequence: keep the raw text, so it simply won't match anything it should.
            return raw;
        }
    }
}
