package io.herald.provider.tencentcloud.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tencent Cloud API 3.0 signature v3 (TC3-HMAC-SHA256), step by step as the provider documents it:
 * canonical request → string to sign → derived key (TC3+SecretKey → date → service → "tc3_request") → hex HMAC.
 * https://cloud.tencent.com/document/api/213/30654
 */
final class Tc3Signature {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Tc3Signature() {}

    /**
     * @param signedHeaders lower-case header names in the order the client listed them (e.g. content-type, host)
     * @param headerValue   header name (lower case) to its value as received
     */
    public static String canonicalRequest(
            String method,
            String canonicalUri,
            String canonicalQuery,
            List<String> signedHeaders,
            Map<String, String> headerValue,
            byte[] payload) {
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders) {
            String value = headerValue.get(name);
            // "头部 key 和 value 统一转成小写，并去掉首尾的空格" (names and values lower-cased and trimmed)
            headers.append(name)
                    .append(':')
                    .append(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))
                    .append('\n');
        }
        return method + "\n" + canonicalUri + "\n" + (canonicalQuery == null ? "" : canonicalQuery) + "\n" + headers
                + "\n" + String.join(";", signedHeaders) + "\n" + Hmac.sha256Hex(payload);
    }

    /** The UTC date ({@code yyyy-MM-dd}) of an X-TC-Timestamp, as used in the credential scope. */
    public static String date(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    public static String stringToSign(long timestamp, String date, String service, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + Hmac.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String signature(String secretKey, String date, String service, String stringToSign) {
        byte[] secretDate = Hmac.sha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = Hmac.sha256(secretDate, service);
        byte[] secretSigning = Hmac.sha256(secretService, "tc3_request");
        return HexFormat.of().formatHex(Hmac.sha256(secretSigning, stringToSign));
    }
}
