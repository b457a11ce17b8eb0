package io.herald.provider.feishu;

import io.herald.provider.spi.outcome.CodeTable;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import java.util.Optional;

/**
 * Feishu (Lark) custom bot codes. 19021 is one answer for a wrong signature and a stale timestamp: the trusted clock's
 * state tells them apart.
 */
final class FeishuExplanations {

    static final String DOCS = "https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot";

    static final CodeTable TABLE = CodeTable.of("Feishu", DOCS)
            .code(
                    "19021",
                    "sign match fail or timestamp is not within one hour from current time",
                    "the channel's secret or the signature's time")
            .code(
                    "19022",
                    "ip not allowed: the sending address is not in the bot's IP allow-list",
                    "add the address Herald's dispatcher (or its proxy) sends from to the bot's IP allow-list")
            .code(
                    "19024",
                    "key words not found: the message lacks the bot's keyword",
                    "the bot requires a keyword the message does not contain: add one or change the bot's keywords")
            .code(
                    "19001",
                    "incoming webhook access token invalid",
                    "the hook token in the channel's webhook URL is wrong, or the bot was removed")
            .code("19002", "msg_type invalid", "the message type is not one Feishu bots accept")
            .code("9499", "bad request: the body is not what Feishu expects", "a malformed or oversized message")
            .code(
                    "11232",
                    "frequency limited: over 100 messages a minute or 5 a second to this bot",
                    "a burst above the bot's limit; Herald retries when the window allows")
            .code("2200", "internal error at Feishu", "a transient fault at Feishu; Herald retries");

    private FeishuExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        String code = context.result().providerCode();
        if (!"19021".equals(code)) {
            return TABLE.explain(code, context.result().providerMessage());
        }
        String measured = context.signatureAgeAtProvider()
                .map(a -> "; it was stamped " + ExplainContext.seconds(a.abs().toMillis())
                        + " s from Feishu's clock (its Date header)")
                .orElse("");
        boolean fresh = context.signatureAgeAtProvider()
                .map(a -> a.abs().toSeconds() < 3600)
                .orElse(true);
        if (context.trustedClock() && fresh) {
            return Optional.of(new Explanation(
                    "Feishu 19021: sign match fail: secret mismatch",
                    "the channel's secret is not the bot's: the signature was made by a trusted clock ("
                            + context.describeClock() + ", Feishu accepts 3600 s)" + measured
                            + ", so the time is not the cause. Copy the secret from the bot's security settings",
                    DOCS));
        }
        return Optional.of(new Explanation(
                "Feishu 19021: sign match fail or timestamp not within one hour",
                "the channel's secret, or the signature's time: " + context.describeClock() + measured,
                DOCS));
    }
}
