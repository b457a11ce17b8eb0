package io.herald.provider.tencentcloud;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.JsonBody;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Tencent Cloud API 3.0 answer: HTTP 200 with {@code {"Response":{...,"RequestId":..}}}; a failure carries
 * {@code Response.Error.Code} and {@code Message}
 * (<a href="https://www.tencentcloud.com/document/api/1140/51177">common error codes</a>).
 */
class TencentCloudClassifier implements OutcomeClassifier {

    /** "timestamp and server time cannot differ by more than five minutes": RESIGN. */
    static final String SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";

    @Override
    public Provider provider() {
        return Provider.of("tencentcloud");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        Optional<JsonNode> response =
                JsonBody.object(answer).map(body -> body.get("Response")).filter(JsonNode::isObject);
        if (response.isEmpty()) {
            return Classification.unexpectedBody(answer.status());
        }
        JsonNode error = response.get().get("Error");
        if (error == null || error.isNull()) {
            return new Classification(
                    Outcome.DELIVERED,
                    "HTTP " + answer.status() + ": Tencent Cloud OK",
                    answer.status(),
                    null,
                    null,
                    null);
        }
        String code = JsonBody.text(error, "Code");
        return Classification.providerCode(
                outcome(code), "Tencent Cloud", answer.status(), code, JsonBody.text(error, "Message"));
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        if (answer.status() >= 500) {
            return Optional.empty();
        }
        Classification fromBody = classify(answer);
        return fromBody.providerCode() == null ? Optional.empty() : Optional.of(fromBody);
    }

    /**
     * Every other {@code AuthFailure.*} (SignatureFailure, SecretIdNotFound, ...) and other codes (InvalidParameter,
     * ResourceNotFound, LimitExceeded quota, ...) are PERMANENT.
     */
    static Outcome outcome(String code) {
        if (code.equals(SIGNATURE_EXPIRE)) {
            return Outcome.RESIGN;
        }
        if (is(code, "RequestLimitExceeded") || is(code, "InternalError")) {
            return Outcome.RETRYABLE;
        }
        return Outcome.PERMANENT;
    }

    private static boolean is(String code, String family) {
        return code.equals(family) || code.startsWith(family + ".");
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return TencentCloudExplanations.explain(context);
    }
}
