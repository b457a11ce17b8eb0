package io.herald.provider.webhook;

import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standard Webhooks endpoints (https://www.standardwebhooks.com): receivers reject timestamps more than five minutes
 * off; no published rate.
 */
public final class StandardWebhooks extends PluginFacts {

    public StandardWebhooks() {
        super("webhook", Kind.CHAT, 256_000, Duration.ofMinutes(5), 0);
    }

    @Override
    public boolean signsWithEverySecret(String credential) {
        return StandardWebhookSigner.SECRET.equals(credential);
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new StandardWebhookSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new StandardWebhooksClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new StandardWebhookVerifier(clock);
    }
}
