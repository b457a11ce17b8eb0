package io.herald.provider.wecom;

import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.wecom.sandbox.WeComRobotVerifier;
import java.time.Clock;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeCom group robots (https://developer.work.weixin.qq.com/document/path/91770): the key in the URL is the credential,
 * nothing is time-stamped; text up to 4,096 bytes, 20 messages a minute per robot.
 */
public final class WeCom extends PluginFacts {

    public WeCom() {
        super("wecom", Kind.CHAT, 4_096, Duration.ZERO, 20);
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new WeComSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new WeComClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new WeComRobotVerifier(clock, json);
    }
}
