package io.herald.provider.tencentcloud;

import io.herald.provider.spi.outcome.CodeTable;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import io.herald.provider.spi.outcome.SignedVsSent;
import java.util.Optional;

/**
 * Tencent Cloud API 3.0 common error codes. {@code AuthFailure.SignatureExpire} is explained with how far the
 * signature's time was from Tencent's clock (its {@code Date} header); {@code AuthFailure.SignatureFailure} with
 * whether the body sent is the body signed.
 */
final class TencentCloudExplanations {

    static final String CODES_DOCS = "https://www.tencentcloud.com/document/api/1140/51177";
    static final String SIGNING_DOCS = "https://www.tencentcloud.com/document/api/213/33224";
    private static final long TOLERANCE_SECONDS = 300;

    static final CodeTable TABLE = CodeTable.of("Tencent Cloud", CODES_DOCS)
            .code(
                    "AuthFailure.SignatureExpire",
                    "signature expired: the timestamp and Tencent's time differ by more than five minutes",
                    "the signer's clock, or a request that waited over five minutes before it was sent")
            .code(
                    "AuthFailure.SignatureFailure",
                    "invalid signature",
                    "the SecretKey does not belong to the SecretId, or the request changed after signing",
                    SIGNING_DOCS)
            .code(
                    "AuthFailure.SecretIdNotFound",
                    "the SecretId does not exist",
                    "the channel's secret-id is wrong, deleted or disabled in the CAM console (check for spaces)")
            .code(
                    "AuthFailure.InvalidSecretId",
                    "the key is not a Tencent Cloud API key",
                    "the channel's secret-id is not an API key")
            .code(
                    "AuthFailure.UnauthorizedOperation",
                    "the key is not authorised for this action",
                    "grant the key's CAM user a policy for the action and resource")
            .code("AuthFailure.InvalidAuthorization", "the Authorization header is invalid", "a proxy altered it")
            .code(
                    "RequestLimitExceeded",
                    "too many requests for this key and action",
                    "Tencent's frequency limit; Herald retries later")
            .code("InternalError", "an internal error at Tencent Cloud", "a transient fault; Herald retries")
            .code("InvalidAction", "the action does not exist", "check the API call's action and endpoint")
            .code("NoSuchVersion", "the API version does not exist", "check the API call's version")
            .code("InvalidParameter", "a parameter is wrong", "check the API call's body against the action")
            .code("InvalidParameterValue", "a parameter value is wrong", "check the API call's body")
            .code("ResourceNotFound", "the resource does not exist", "check the names in the API call (domain...)")
            .code("LimitExceeded", "a quota is exceeded", "raise the quota or remove resources");

    private TencentCloudExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        String code = context.result().providerCode();
        if (TencentCloudClassifier.SIGNATURE_EXPIRE.equals(code)) {
            return Optional.of(signatureExpire(context));
        }
        if ("AuthFailure.SignatureFailure".equals(code)) {
            return Optional.of(signatureFailure(context));
        }
        return TABLE.explain(code, context.result().providerMessage());
    }

    private static Explanation signatureExpire(ExplainContext context) {
        String measured = context.signatureAgeAtProvider()
                .map(age -> "the signature's timestamp was "
                        + ExplainContext.seconds(age.abs().toMillis())
                        + " s " + (age.isNegative() ? "ahead of" : "behind")
                        + " the provider's clock (its Date header);"
                        + " Tencent accepts " + TOLERANCE_SECONDS + " s. ")
                .orElse("Tencent accepts " + TOLERANCE_SECONDS + " s (no Date header to measure by). ");
        return new Explanation(
                "Tencent Cloud AuthFailure.SignatureExpire: signature expired",
                measured
                        + context.describeClock()
                        + (context.trustedClock()
                                ? ". The clock was trusted: the request most likely waited before it was sent"
                                : ". Check the signer's time sources"),
                CODES_DOCS);
    }

    private static Explanation signatureFailure(ExplainContext context) {
        String keyMismatch = "the channel's secret-key does not belong to its secret-id";
        String cause = context.signedVsSent()
                .map(signedVsSent -> compareBody(signedVsSent, keyMismatch))
                .orElse(keyMismatch);
        return new Explanation("Tencent Cloud AuthFailure.SignatureFailure: invalid signature", cause, SIGNING_DOCS);
    }

    /** TC3 signs the body's SHA-256 (in the canonical request): the same body leaves only the key. */
    private static String compareBody(SignedVsSent signedVsSent, String keyMismatch) {
        byte[] body = signedVsSent.sent().body();
        return signedVsSent.same(body)
                ? "the body sent is the body signed (SHA-256 " + signedVsSent.signedSha256() + "): " + keyMismatch
                        + " (or a proxy rewrote the request after Herald)"
                : "the body sent (SHA-256 " + SignedVsSent.sha256(body) + ") is not the body signed (SHA-256 "
                        + signedVsSent.signedSha256() + "): it changed after signing";
    }
}
