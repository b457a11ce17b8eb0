package io.herald.provider.alibabacloud;

import io.herald.provider.spi.signing.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud OpenAPI signature V3, ACS3-HMAC-SHA256, step by step as documented in "Request syntax and signature
 * method V3" (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature). Signed
 * headers are {@code host}, {@code content-type} and every {@code x-acs-*}; the HMAC key is the AccessKey secret
 * itself (V2 appended "&amp;"; V3 does not).
 */
final class Acs3 {

    static final String ALGORITHM = "ACS3-HMAC-SHA256";

    /** Everything the signature is made of, for tests and the preview. */
    record Signature(
            String canonicalRequest,
            String stringToSign,
            String signedHeaders,
            String signature,
            String authorization) {}

    private Acs3() {}

    /**
     * @param query   parameter name to its (unencoded) value
     * @param headers header name to value; those taking part in the signature are picked out here
     */
    static Signature sign(
            String accessKeyId,
            String accessKeySecret,
            String method,
            String canonicalUri,
            Map<String, String> query,
            Map<String, String> headers,
            byte[] body) {
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-type") || lower.startsWith("x-acs-")) {
                signed.put(lower, value.trim());
            }
        });
        String canonicalHeaders = signed.entrySet().stream()
                .map(header -> header.getKey() + ":" + header.getValue() + "\n")
                .collect(Collectors.joining());
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method.toUpperCase(Locale.ROOT) + "\n" + canonicalUri + "\n" + canonicalQuery(query)
                + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + Crypto.sha256Hex(body);
        String stringToSign = ALGORITHM + "\n" + Crypto.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String signature =
                Crypto.hex(Crypto.hmacSha256(accessKeySecret.getBytes(StandardCharsets.UTF_8), stringToSign));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + signature;
        return new Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /** {@code name=value} pairs sorted by name, both encoded; also the query string to send, so both agree. */
    static String canonicalQuery(Map<String, String> query) {
        return new TreeMap<>(query)
                .entrySet().stream()
                        .map(parameter -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
                        .collect(Collectors.joining("&"));
    }

    /** RFC 3986: letters, digits and {@code - _ . ~} as they are, every other UTF-8 byte as {@code %XY}. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
