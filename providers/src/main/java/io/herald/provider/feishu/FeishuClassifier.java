package io.herald.provider.feishu;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.JsonBody;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Feishu (Lark) custom bot's answer: {@code {"code":0,"msg":"success",...}} when delivered, another
 * {@code code} otherwise, usually with HTTP 200 (older bots answer {@code StatusCode}/{@code StatusMessage}). Codes not
 * known to be transient (9499 bad request, 19024 keywords not found, 19022 IP not allowed, ...) are PERMANENT.
 * See <a href="https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot">Feishu custom bot docs</a>.
 */
class FeishuClassifier implements OutcomeClassifier {

    static final long OK = 0;
    /**
     * "sign match fail or timestamp is not within one hour from current time" (feiyu563/PrometheusAlert#422): Feishu
     * does not say which, so RESIGN; a second one right after a fresh signature is the secret, dead-lettered by the
     * retry policy.
     */
    static final long SIGN_OR_TIMESTAMP = 19_021;
    /** "frequency limited" (100/min and 5/s per bot), retryable as is 2200 (openclaw/openclaw#70879). */
    static final long FREQUENCY_LIMITED = 11_232;

    static final long INTERNAL_ERROR = 2_200;

    @Override
    public Provider provider() {
        return Provider.of("feishu");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        return fromBody(answer).orElseGet(() -> Classification.unexpectedBody(answer.status()));
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        // a 4xx with Feishu's own code (e.g. 400 with code 9499) says more than the status
        return answer.status() >= 500 ? Optional.empty() : fromBody(answer);
    }

    private static Optional<Classification> fromBody(ProviderAnswer answer) {
        Optional<JsonNode> body = JsonBody.object(answer);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Long code = JsonBody.integer(body.get(), "code");
        String message = JsonBody.text(body.get(), "msg");
        if (code == null) {
            code = JsonBody.integer(body.get(), "StatusCode");
            message = JsonBody.text(body.get(), "StatusMessage");
        }
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(Classification.providerCode(
                outcome(code), "Feishu code", answer.status(), Long.toString(code), message));
    }

    private static Outcome outcome(long code) {
        if (code == OK) {
            return Outcome.DELIVERED;
        }
        if (code == SIGN_OR_TIMESTAMP) {
            return Outcome.RESIGN;
        }
        if (code == FREQUENCY_LIMITED || code == INTERNAL_ERROR) {
            return Outcome.RETRYABLE;
        }
        return Outcome.PERMANENT;
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return FeishuExplanations.explain(context);
    }
}
