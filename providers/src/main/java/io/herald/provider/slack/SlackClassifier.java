package io.herald.provider.slack;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;

/**
 * Reads a Slack incoming webhook's answer, which is plain text: HTTP 200 {@code ok} when posted, otherwise
 * a status with a short error text (<a href="https://api.slack.com/messaging/webhooks#handling_errors">handling
 * errors</a>): 400 {@code invalid_payload}/{@code user_not_found}, 403 {@code invalid_token}/{@code
 * action_prohibited}, 404 {@code channel_not_found}/{@code no_service}, 410 {@code channel_is_archived}: all
 * PERMANENT; 429 (rate limited, about 1 message/s per webhook, with {@code Retry-After}) and 5xx such as
 * {@code rollup_error}: RETRYABLE. The webhook URL is the credential; nothing is time-stamped.
 */
class SlackClassifier implements OutcomeClassifier {

    @Override
    public Provider provider() {
        return Provider.of("slack");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        String text = text(answer);
        if (text.equals("ok")) {
            return new Classification(
                    Outcome.DELIVERED, "HTTP " + answer.status() + ": ok", answer.status(), "ok", null, null);
        }
        return Classification.unexpectedBody(answer.status());
    }

    @Override
    public Optional<Classification> classifyRejection(ProviderAnswer answer) {
        int status = answer.status();
        Outcome outcome = status == 429 || status == 408 || status >= 500 ? Outcome.RETRYABLE : Outcome.PERMANENT;
        String text = text(answer);
        if (text.isEmpty() || !text.matches("[a-z_]{1,64}")) {
            return Optional.of(Classification.httpStatus(outcome, status));
        }
        return Optional.of(new Classification(outcome, "Slack HTTP " + status + ": " + text, status, text, null, null));
    }

    private static String text(ProviderAnswer answer) {
        String text = Redaction.text(answer.text().strip());
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return SlackExplanations.TABLE.explain(
                context.result().providerCode(), context.result().providerMessage());
    }
}
