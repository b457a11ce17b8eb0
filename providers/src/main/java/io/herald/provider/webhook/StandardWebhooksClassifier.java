package io.herald.provider.webhook;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;

/**
 * Reads a Standard Webhooks endpoint's answer. The
 * <a href="https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md">spec</a>
 * gives meaning to the status only: any 2xx is delivered, whatever the body; 410 Gone means the endpoint
 * is disabled and must not be retried (PERMANENT, "endpoint disabled"; the dispatcher then stops calling it,
 * see {@code ChannelGuards}); 429 and 5xx are retried, honouring
 * {@code Retry-After} (applied by {@code DeliveryClassifier}); other statuses follow the shared HTTP rules.
 */
class StandardWebhooksClassifier implements OutcomeClassifier {

    @Override
    public Provider provider() {
        return Provider.of("webhook");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        return Classification.httpStatus(Outcome.DELIVERED, answer.status());
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        if (answer.status() == 410) {
            return Optional.of(new Classification(
                    Outcome.PERMANENT, "HTTP 410: endpoint disabled", 410, null, null, "endpoint disabled (410 Gone)"));
        }
        return Optional.empty();
    }

    /** 410 Gone: "stop sending to this endpoint". */
    @Override
    public boolean endpointGone(Classification result) {
        return result.httpStatus() != null && result.httpStatus() == 410;
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return StandardWebhooksExplanations.explain(context);
    }
}
