package io.herald.provider.alibabacloud;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.JsonBody;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads an Alibaba Cloud OpenAPI answer: success is a 2xx JSON object, a failure a 4xx/5xx with
 * {@code {"RequestId","HostId","Code","Message","Recommend"}}, judged by its {@code Code}. A 5xx without a code, or a
 * non-2xx that is not Alibaba's JSON, is left to the shared HTTP rules (retryable). Error codes: common
 * https://help.aliyun.com/document_detail/434846.html, Alidns https://help.aliyun.com/en/dns/error-code.
 */
final class AlibabaCloudClassifier implements OutcomeClassifier {

    private static final String NAME = "Alibaba Cloud";
    private static final Set<String> RESIGN = Set.of("InvalidTimeStamp.Expired", "SignatureNonceUsed");
    private static final Set<String> RETRYABLE = Set.of("ServiceUnavailable", "InternalError");

    @Override
    public Provider provider() {
        return Provider.of(AlibabaCloud.ID);
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        Optional<JsonNode> body = JsonBody.object(answer);
        if (body.isEmpty()) {
            return Classification.unexpectedBody(answer.status());
        }
        String code = JsonBody.text(body.get(), "Code");
        if (code.isEmpty()) {
            return new Classification(
                    Outcome.DELIVERED,
                    "HTTP " + answer.status() + ": " + NAME + " OK",
                    answer.status(),
                    null,
                    null,
                    null);
        }
        // a 2xx carrying an error code is not documented; judged by its code like a rejection
        return byCode(answer, body.get(), code);
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        return JsonBody.object(answer)
                .filter(body -> !JsonBody.text(body, "Code").isEmpty())
                .map(body -> byCode(answer, body, JsonBody.text(body, "Code")));
    }

    /**
     * Expired date (more than 15 minutes off) or reused nonce: RESIGN, a fresh date and nonce fix both. Throttling
     * (with its sub-codes, answered with HTTP 400), ServiceUnavailable, InternalError: RETRYABLE. Everything else
     * (SignatureDoesNotMatch, InvalidAccessKeyId.*, DomainRecordDuplicate, Forbidden.RAM ...): PERMANENT.
     */
    static Outcome outcome(String code) {
        if (RESIGN.contains(code)) {
            return Outcome.RESIGN;
        }
        if (RETRYABLE.contains(code) || code.equals("Throttling") || code.startsWith("Throttling.")) {
            return Outcome.RETRYABLE;
        }
        return Outcome.PERMANENT;
    }

    private static Classification byCode(ProviderAnswer answer, JsonNode body, String code) {
        return Classification.providerCode(outcome(code), NAME, answer.status(), code, JsonBody.text(body, "Message"));
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return AlibabaCloudExplanations.explain(context);
    }
}
