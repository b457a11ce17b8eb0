package io.herald.signer.log;

import java.util.regex.Pattern;

/**
 * The one place that masks credentials before text reaches a log line or an exception message.
 *
 * <p>A signed request's URL carries the DingTalk {@code access_token} and {@code sign} (and other
 * providers put tokens and signatures in the query too), so any URL or text that may contain one goes
 * through {@link #url(String)} or {@link #text(String)} first.
 */
public final class Redaction {

    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    // query parameters whose values are credentials or signatures, in any provider's URL
    private static final Pattern SENSITIVE_QUERY_VALUE = Pattern.compile(
            "(?i)([?&](?:access_token|sign|signature|token|secret|key|password)=)[^&#\\s\"']*");

    private Redaction() {}

    /** The URL with the value of every credential-bearing query parameter masked; {@code null} stays null. */
    public static String url(String url) {
        return url == null ? null : SENSITIVE_QUERY_VALUE.matcher(url).replaceAll("$1" + MASK);
    }

    /** Free text (an error message, a log argument) with any credential-bearing URL query value masked. */
    public static String text(String text) {
        return url(text);
    }
}
