package io.herald.provider.tencentcloud;

import io.herald.provider.spi.signing.Crypto;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256, as documented at https://cloud.tencent.com/document/api/213/30654
 * (English: https://www.tencentcloud.com/document/api/213/35012), for a POST with a JSON body and the signed headers
 * {@code content-type;host;x-tc-action}; the key is derived from the UTC date of the timestamp and the service.
 */
final class Tc3 {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String SIGNED_HEADERS = "content-type;host;x-tc-action";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** Everything the signature is made of, for tests and the preview endpoint. */
    public record Signature(
            String canonicalRequest,
            String stringToSign,
            String credentialScope,
            String signature,
            String authorization) {}

    private Tc3() {}

    public static Signature sign(
            String secretId,
            String secretKey,
            String service,
            String host,
            String contentType,
            String action,
            long timestampSeconds,
            byte[] body) {
        String canonicalRequest = "POST\n/\n\n"
                + "content-type:" + contentType.toLowerCase(Locale.ROOT) + "\n"
                + "host:" + host.toLowerCase(Locale.ROOT) + "\n"
                + "x-tc-action:" + action.toLowerCase(Locale.ROOT) + "\n\n"
                + SIGNED_HEADERS + "\n"
                + Crypto.sha256Hex(body);
        String date = DATE.format(Instant.ofEpochSecond(timestampSeconds));
        String scope = date + "/" + service + "/tc3_request";
        String stringToSign = ALGORITHM + "\n" + timestampSeconds + "\n" + scope + "\n"
                + Crypto.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] secretDate = Crypto.hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = Crypto.hmacSha256(secretDate, service);
        byte[] secretSigning = Crypto.hmacSha256(secretService, "tc3_request");
        String signature = Crypto.hex(Crypto.hmacSha256(secretSigning, stringToSign));
        String authorization = ALGORITHM + " Credential=" + secretId + "/" + scope + ", SignedHeaders=" + SIGNED_HEADERS
                + ", Signature=" + signature;
        return new Signature(canonicalRequest, stringToSign, scope, signature, authorization);
    }
}
