package io.herald.provider.webhook;

import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import java.util.Optional;

/** Standard Webhooks gives meaning to statuses only; 410 is its own (the endpoint disabled itself). */
final class StandardWebhooksExplanations {

    static final String DOCS =
            "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md";

    private StandardWebhooksExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        Integer status = context.result().httpStatus();
        if (status != null && status == 410) {
            return Optional.of(new Explanation(
                    "HTTP 410: the endpoint disabled itself",
                    "the receiver asked never to be sent to again; Herald disabled the channel: enable it once the"
                            + " receiver is fixed",
                    DOCS));
        }
        if (status != null && (status == 400 || status == 401 || status == 403)) {
            return Optional.of(new Explanation(
                    "HTTP " + status + ": the receiver rejected the request",
                    "a receiver that cannot verify the webhook-signature answers so: the channel's secret (whsec_...)"
                            + " is not the receiver's, or its clock is over 5 minutes from Herald's ("
                            + context.describeClock() + ")",
                    DOCS));
        }
        return Optional.empty();
    }
}
