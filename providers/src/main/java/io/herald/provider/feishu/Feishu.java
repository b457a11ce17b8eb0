package io.herald.provider.feishu;

import io.herald.contract.secret.SecretResolver;
import io.herald.provider.feishu.sandbox.FeishuBotVerifier;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu/Lark custom bots (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): signatures valid for an
 * hour; 100 messages a minute and 5 a second per bot (evenly spaced permits keep both).
 */
public final class Feishu extends PluginFacts {

    public Feishu() {
        super("feishu", Kind.CHAT, 20_000, Duration.ofHours(1), 100);
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new FeishuSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new FeishuClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new FeishuBotVerifier(clock, json);
    }
}
