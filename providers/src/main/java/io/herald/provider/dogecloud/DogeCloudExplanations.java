package io.herald.provider.dogecloud;

import io.herald.provider.spi.outcome.CodeTable;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import io.herald.provider.spi.outcome.SignedVsSent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DogeCloud API codes. A 403 {@code AccessToken Error} compares what the signer signed (its SHA-256, from the
 * signature's {@code SignedContent}) with the path and body the dispatcher sent: equal bytes leave only the keys.
 */
final class DogeCloudExplanations {

    static final String DOCS = "https://docs.dogecloud.com/oss/api-access-token";
    private static final Pattern COVERS = Pattern.compile("\\((/[^)]*)\\), a newline, the body \\((\\d+) bytes\\)");

    static final CodeTable TABLE = CodeTable.of("DogeCloud", DOCS)
            .code(
                    "403",
                    "AccessToken Error: the token does not match the request",
                    "the AccessKey/SecretKey pair is wrong, or the path or body changed after signing")
            .code(
                    "401",
                    "ERROR_UNAUTHORIZED: no valid token",
                    "the request carried no Authorization header (a proxy may have dropped it)")
            .code("400", "the request's parameters are invalid", "check the API call's path and body")
            .code("404", "no such API", "check the API call's path")
            .code("429", "too many requests", "DogeCloud's rate limit; Herald retries later")
            .code("500", "an internal error at DogeCloud", "a transient fault; Herald retries");

    private DogeCloudExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        String code = context.result().providerCode();
        Optional<SignedVsSent> signedVsSent = context.signedVsSent();
        if ("403".equals(code) && signedVsSent.isPresent()) {
            return Optional.of(new Explanation("DogeCloud 403: AccessToken Error", compare(signedVsSent.get()), DOCS));
        }
        return TABLE.explain(code, context.result().providerMessage());
    }

    /** Which of path and body differ between what was signed and what was sent, or neither. */
    private static String compare(SignedVsSent signedVsSent) {
        String signedCovers = signedVsSent.signed().getCovers();
        Matcher covers = COVERS.matcher(signedCovers);
        String sentPath = signedVsSent.sent().pathAndQuery();
        byte[] sentBody = signedVsSent.sent().body();
        if (!covers.find()) {
            return "the signature covers " + signedCovers + "; compare it with the request";
        }
        String signedPath = covers.group(1);
        long signedBodyBytes = Long.parseLong(covers.group(2));
        // the channel's endpoint may hold a path prefix (a gateway, the sandbox): DogeCloud signs the path below it
        if (!sentPath.endsWith(signedPath)) {
            return "the path sent (" + sentPath + ") is not the path signed (" + signedPath + ")";
        }
        if (signedVsSent.same(DogeCloudSigner.content(signedPath, sentBody))) {
            return "the bytes sent are the bytes signed (SHA-256 " + signedVsSent.signedSha256()
                    + " of the path and body): the AccessKey/SecretKey pair is wrong (or a proxy rewrote the request"
                    + " after Herald). Check the channel's access-key and secret-key against the DogeCloud console";
        }
        return "the path sent is the path signed (" + signedPath + "), but the body sent (" + sentBody.length
                + " bytes) is not the body signed (" + signedBodyBytes + " bytes, SHA-256 "
                + signedVsSent.signedSha256() + " with the path): it changed after signing";
    }
}
