package io.herald.provider.dingtalk;

import io.herald.provider.spi.outcome.CodeTable;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * DingTalk custom robot codes, and the one that needs context: 310000 is the answer to four different security checks
 * (signature, timestamp, keywords, IP allow-list), told apart by its {@code errmsg}; for "sign not match" the trusted
 * clock's state says whether the timestamp could be the cause.
 */
final class DingTalkExplanations {

    static final String ROBOT_DOCS = "https://open.dingtalk.com/document/orgapp/custom-robot-access";
    static final String SECURITY_DOCS = "https://open.dingtalk.com/document/robots/customize-robot-security-settings";
    private static final long TOLERANCE_SECONDS = 3600;

    static final CodeTable TABLE = CodeTable.of("DingTalk", ROBOT_DOCS)
            .code(
                    "310000",
                    "the robot's security check failed",
                    "the robot's security settings (signature secret, keywords or IP allow-list) rejected the message",
                    SECURITY_DOCS)
            .code(
                    "300001",
                    "token is not exist: no robot has this access_token",
                    "the access_token in the channel's webhook URL is wrong, or the robot was removed from its group")
            .code(
                    "130101",
                    "send too fast: more than 20 messages a minute to this robot",
                    "DingTalk allows 20 messages per robot per minute; Herald retries when the window allows")
            .code(
                    "40035",
                    "a required parameter is missing",
                    "the webhook URL lacks access_token, or the body is not" + " the JSON DingTalk expects")
            .code("400105", "message type not supported", "the robot does not support this msgtype")
            .code("-1", "system busy", "a transient fault at DingTalk; Herald retries");

    private DingTalkExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        String code = context.result().providerCode();
        String message = context.result().providerMessage() == null
                ? ""
                : context.result().providerMessage();
        if (!"310000".equals(code)) {
            return TABLE.explain(code, message);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("timestamp") || message.contains("过期")) {
            return Optional.of(new Explanation(
                    "DingTalk 310000: invalid timestamp: the signature's time is not within an hour of DingTalk's clock",
                    clockCause(context),
                    SECURITY_DOCS));
        }
        if (lower.contains("keyword") || message.contains("关键词")) {
            return Optional.of(new Explanation(
                    "DingTalk 310000: keywords not in content",
                    "the robot requires a keyword the message does not contain: add one to the message or change the"
                            + " robot's keywords",
                    SECURITY_DOCS));
        }
        if (lower.contains("whitelist") || lower.contains("ip ") || message.contains("IP")) {
            return Optional.of(new Explanation(
                    "DingTalk 310000: the sending address is not in the robot's IP allow-list",
                    "add the address Herald's dispatcher (or its proxy) sends from to the robot's IP allow-list",
                    SECURITY_DOCS));
        }
        return Optional.of(signNotMatch(context));
    }

    private static Explanation signNotMatch(ExplainContext context) {
        Optional<Duration> age = context.signatureAgeAtProvider();
        String measured = age.map(a -> "; it was stamped "
                        + ExplainContext.seconds(a.abs().toMillis()) + " s from DingTalk's clock (its Date header)")
                .orElse("");
        boolean withinWindow =
                age.map(a -> a.abs().toSeconds() < TOLERANCE_SECONDS).orElse(true);
        if (context.trustedClock() && withinWindow) {
            return new Explanation(
                    "DingTalk 310000: sign not match: secret mismatch",
                    "the channel's secret is not the robot's: the signature was made by a trusted clock ("
                            + context.describeClock() + ", DingTalk accepts " + TOLERANCE_SECONDS + " s)" + measured
                            + ", so the time is not the cause. Copy the secret (SEC...) from the robot's security"
                            + " settings into the channel",
                    SECURITY_DOCS);
        }
        return new Explanation(
                "DingTalk 310000: sign not match",
                "the channel's secret, or the signature's time: " + context.describeClock() + measured
                        + ". Check the secret (SEC...) in the robot's security settings and the signer's clock",
                SECURITY_DOCS);
    }

    private static String clockCause(ExplainContext context) {
        String measured = context.signatureAgeAtProvider()
                .map(a -> "the signature was stamped "
                        + ExplainContext.seconds(a.abs().toMillis())
                        + " s from DingTalk's clock (its Date header); DingTalk accepts " + TOLERANCE_SECONDS + " s. ")
                .orElse("DingTalk accepts " + TOLERANCE_SECONDS + " s. ");
        return measured + context.describeClock()
                + ". A trusted clock rules this out: check the signer's time sources, or a request that waited"
                + " over an hour before it was sent";
    }
}
