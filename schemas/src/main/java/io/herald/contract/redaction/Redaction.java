package io.herald.contract.redaction;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that masks credentials before a URL, a header map or a free text reaches a log line, an
 * exception message, an attempt or a dead letter. A signed request carries its credentials in the query
 * ({@code access_token}, {@code sign}, {@code key}, {@code token}, ...) or in an {@code Authorization} header; the
 * signer and the dispatcher put them on the wire but never repeat them anywhere else.
 */
public final class Redaction {

    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization");

    /** A {@code name=value} pair of a query string whose name is a credential, anywhere in a text. */
    private static final Pattern SECRET_QUERY_VALUE = Pattern.compile(
            "(?i)(?<=^|[?&;\\s\"'(])(access_token|sign|signature|key|token|secret|password)=([^&#\\s\"')]*)");

    /** An {@code Authorization: <scheme> <credentials>} header written into a text. */
    private static final Pattern AUTHORIZATION_TEXT =
            Pattern.compile("(?i)((?:proxy-)?authorization\\s*[:=]\\s*)([^\\r\\n]+)");

    private Redaction() {}

    /** The URL with the values of its credential query parameters masked; {@code null} stays {@code null}. */
    public static String url(String url) {
        return url == null ? null : maskQueryValues(url);
    }

    /** A copy of the headers with {@code Authorization} values masked (names compared case-insensitively). */
    public static Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> masked = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> masked.put(name, isSecretHeader(name) ? MASK : value));
        }
        return masked;
    }

    public static boolean isSecretHeader(String name) {
        return name != null && SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A free text (an exception message, a provider's message) with anything that looks like a credential
     * query value or an Authorization header masked.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String masked = maskQueryValues(text);
        return AUTHORIZATION_TEXT.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    private static String maskQueryValues(String text) {
        return SECRET_QUERY_VALUE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
    }
}
