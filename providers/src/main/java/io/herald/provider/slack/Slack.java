package io.herald.provider.slack;

import io.herald.contract.secret.SecretResolver;
import io.herald.provider.slack.sandbox.SlackWebhookVerifier;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack incoming webhooks (https://api.slack.com/messaging/webhooks): the URL is the credential; about one message a
 * second per webhook.
 */
public final class Slack extends PluginFacts {

    public Slack() {
        super("slack", Kind.CHAT, 40_000, Duration.ZERO, 60);
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new SlackSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new SlackClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new SlackWebhookVerifier(clock, json);
    }
}
