package io.herald.provider.dingtalk;

import io.herald.contract.provider.ContentProblem;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.schema.ChatMessage;
import io.herald.schema.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * DingTalk custom robots (https://open.dingtalk.com/document/robots/custom-robot-access): text up to 20,000 bytes,
 * signatures valid for an hour, 20 messages a minute per robot.
 */
public final class DingTalk extends PluginFacts {

    public DingTalk() {
        super("dingtalk", Kind.CHAT, 20_000, Duration.ofHours(1), 20);
    }

    @Override
    public List<ContentProblem> problems(ChatMessage message) {
        return message.getFormat() == MessageFormat.MARKDOWN
                        && (message.getTitle() == null || message.getTitle().isBlank())
                ? List.of(ContentProblem.missing("message.title", "DingTalk markdown messages need a title"))
                : List.of();
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new DingTalkSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new DingTalkClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new DingTalkRobotVerifier(clock, json);
    }
}
