package io.herald.provider.wecom;

import io.herald.contract.provider.Provider;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.JsonBody;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a WeCom (企业微信) group robot's answer: HTTP 200 with {@code {"errcode":0,"errmsg":"ok"}} when delivered,
 * another {@code errcode} otherwise. The robot URL's {@code key} is the only credential and nothing is time-stamped, so
 * there is no RESIGN. Every code not retryable is PERMANENT, e.g. 93000 "invalid webhook url"
 * (wes-lin/Cloud189Checkin#175), 40058 content over 4096 bytes (dromara/domain-admin#152).
 * See <a href="https://developer.work.weixin.qq.com/document/path/91770">WeCom group robot docs</a>.
 */
class WeComClassifier implements OutcomeClassifier {

    static final long OK = 0;
    static final long SYSTEM_BUSY = -1;
    /** "api freq out of limit": 20 messages/min per robot (WecomTeam/wecom-openclaw-plugin#48). */
    static final long FREQUENCY_LIMIT = 45_009;

    @Override
    public Provider provider() {
        return Provider.of("wecom");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        Optional<JsonNode> body = JsonBody.object(answer);
        Long errcode = body.map(node -> JsonBody.integer(node, "errcode")).orElse(null);
        if (errcode == null) {
            return Classification.unexpectedBody(answer.status());
        }
        Outcome outcome = errcode == OK
                ? Outcome.DELIVERED
                : errcode == FREQUENCY_LIMIT || errcode == SYSTEM_BUSY ? Outcome.RETRYABLE : Outcome.PERMANENT;
        return Classification.providerCode(
                outcome, "WeCom errcode", answer.status(), Long.toString(errcode), JsonBody.text(body.get(), "errmsg"));
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return WeComExplanations.TABLE.explain(
                context.result().providerCode(), context.result().providerMessage());
    }
}
