package io.herald.provider.dogecloud;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.JsonBody;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a DogeCloud API answer: {@code {"code":200,"msg":"OK","data":...}} when it worked; otherwise
 * {@code code} is an HTTP-like number with a {@code msg}, e.g. {@code {"code":403,"msg":"AccessToken Error"}}
 * when the signed path or body differ from what was sent, or 401 {@code ERROR_UNAUTHORIZED} without a token
 * (<a href="https://docs.dogecloud.com/oss/api-access-token">API access token</a>). The token is an HMAC of
 * the request without a timestamp, so there is no RESIGN: 401/403 and other 4xx codes are PERMANENT; 429
 * and 5xx codes are RETRYABLE.
 */
class DogeCloudClassifier implements OutcomeClassifier {

    @Override
    public Provider provider() {
        return Provider.of("dogecloud");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        return fromBody(answer).orElseGet(() -> Classification.unexpectedBody(answer.status()));
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        return answer.status() >= 500 ? Optional.empty() : fromBody(answer);
    }

    private static Optional<Classification> fromBody(ProviderAnswer answer) {
        Optional<JsonNode> body = JsonBody.object(answer);
        Long code = body.map(node -> JsonBody.integer(node, "code")).orElse(null);
        if (code == null) {
            return Optional.empty();
        }
        Outcome outcome =
                code == 200 ? Outcome.DELIVERED : code == 429 || code >= 500 ? Outcome.RETRYABLE : Outcome.PERMANENT;
        return Optional.of(Classification.providerCode(
                outcome, "DogeCloud code", answer.status(), Long.toString(code), JsonBody.text(body.get(), "msg")));
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return DogeCloudExplanations.explain(context);
    }
}
