package io.herald.provider.alibabacloud.sandbox;

import io.herald.provider.spi.sandbox.Hmac;
import io.herald.provider.spi.sandbox.QueryString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receiving side of Alibaba Cloud's signature V3 (ACS3-HMAC-SHA256), rebuilt from the request as received and
 * following "Request syntax and signature method V3" step by step, with nothing of Herald's signer
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature):
 * canonical request (method, canonical URI, the received query decoded, re-encoded per RFC 3986 and sorted, the signed
 * headers lower-cased, trimmed and sorted, the sorted header names, the hex SHA-256 of the body as received) → string
 * to sign ({@code ACS3-HMAC-SHA256\n} + its hex SHA-256) → hex HMAC-SHA256 keyed with the AccessKey secret.
 */
final class Acs3Verification {

    static final String ALGORITHM = "ACS3-HMAC-SHA256";

    // "Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>"
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "ACS3-HMAC-SHA256\\s+Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

    /** What the Authorization header claims. */
    record Claim(String accessKeyId, List<String> signedHeaders, String signature) {}

    private Acs3Verification() {}

    /** The parts of an Authorization header, or empty when it is not of the ACS3 form. */
    static Optional<Claim> claim(String authorization) {
        Matcher matcher = authorization == null ? null : AUTHORIZATION.matcher(authorization.trim());
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Claim(matcher.group(1), List.of(matcher.group(2).split(";")), matcher.group(3)));
    }

    /**
     * @param signedHeaders the header names the client listed (lower case); sorted here, as the server does
     * @param headerValue   value received for each of those headers ({@code null} when absent)
     */
    static String canonicalRequest(
            String method,
            String canonicalUri,
            String rawQuery,
            List<String> signedHeaders,
            Map<String, String> headerValue,
            byte[] body) {
        List<String> names = signedHeaders.stream().sorted().toList();
        StringBuilder headers = new StringBuilder();
        for (String name : names) {
            String value = headerValue.get(name);
            headers.append(name)
                    .append(':')
                    .append(value == null ? "" : value.trim())
                    .append('\n');
        }
        return method + "\n" + canonicalUri + "\n" + canonicalQuery(rawQuery) + "\n" + headers + "\n"
                + String.join(";", names) + "\n" + Hmac.sha256Hex(body);
    }

    /** The received query decoded as a server decodes it, then encoded per RFC 3986 and sorted by name (then value). */
    static String canonicalQuery(String rawQuery) {
        List<String[]> parameters = new ArrayList<>();
        for (QueryString.Pair pair : QueryString.pairs(rawQuery)) {
            parameters.add(new String[] {percentEncode(pair.name()), percentEncode(pair.value())});
        }
        parameters.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        List<String> joined = parameters.stream().map(p -> p[0] + "=" + p[1]).toList();
        return String.join("&", joined);
    }

    static String stringToSign(String canonicalRequest) {
        return ALGORITHM + "\n" + Hmac.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    static String signature(String accessKeySecret, String stringToSign) {
        return HexFormat.of().formatHex(Hmac.sha256(accessKeySecret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /** RFC 3986 as Alibaba spells it out: {@code A-Z a-z 0-9 - _ . ~} kept, any other byte {@code %XY}, space {@code %20}. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            boolean unreserved = Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0;
            if (unreserved) {
                out.append(c);
            } else {
                out.append(String.format("%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
