package io.herald.provider.spi.sandbox;

import java.util.Locale;
import java.util.Set;

/**
 * Masks credentials before a request is recorded or logged: a credential shows only its first and last two
 * characters ({@code "ab…yz"}), so people can tell which robot was meant without the record holding the secret.
 */
public final class Masking {

    /** Query parameters that carry a credential, in any provider. */
    private static final Set<String> CREDENTIAL_PARAMS = Set.of("access_token", "key", "token");

    /** Headers that carry a credential, in any provider (lower case). */
    private static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "x-acs-dingtalk-access-token", "x-tc-token");

    private Masking() {}

    /** First two and last two characters around "…"; values of four characters or fewer are hidden entirely. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() <= 4) {
            return "…";
        }
        return value.substring(0, 2) + "…" + value.substring(value.length() - 2);
    }

    /** The raw query with credential parameters masked; the {@code sign} is kept (a signature is not a secret). */
    public static String maskQuery(String rawQuery) {
        return QueryString.rewrite(
                rawQuery,
                (name, rawValue) -> CREDENTIAL_PARAMS.contains(name) ? mask(QueryString.decode(rawValue)) : rawValue);
    }

    /**
     * The query for a log line: credentials and the {@code sign} masked. The house rule is that no sign value
     * appears in any log line.
     */
    public static String maskQueryForLog(String rawQuery) {
        return QueryString.rewrite(
                rawQuery,
                (name, rawValue) -> CREDENTIAL_PARAMS.contains(name) || name.equals("sign")
                        ? mask(QueryString.decode(rawValue))
                        : rawValue);
    }

    public static boolean isCredentialHeader(String name) {
        return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
