package io.herald.provider.dingtalk;

import io.herald.contract.provider.Provider;
import io.herald.contract.redaction.Redaction;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a DingTalk custom robot's answer: HTTP 200 whatever happened, with the verdict in
 * {@code {"errcode":..,"errmsg":..}}, so only {@code errcode 0} is delivered. Any code not known to be transient is
 * permanent: retrying an unknown rejection only repeats it.
 * Codes: <a href="https://open.dingtalk.com/document/orgapp/custom-robot-access">custom robot docs</a>.
 */
public class DingTalkClassifier implements OutcomeClassifier {

    static final long OK = 0;
    /** "sign not match" (wrong secret: permanent) or "invalid timestamp" (over an hour off: re-sign). */
    static final long SECURITY_CHECK_FAILED = 310_000;

    static final long TOKEN_NOT_FOUND = 300_001;
    static final long SEND_TOO_FAST = 130_101; // "send too fast, exceed 20 times per minute"

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Provider provider() {
        return Provider.of("dingtalk");
    }

    @Override
    public Classification classify(ProviderAnswer answer) {
        Long errcode = null;
        String errmsg = null;
        try {
            JsonNode body = JSON.readTree(answer.body());
            JsonNode code = body == null ? null : body.get("errcode");
            if (code != null && code.isIntegralNumber() && code.canConvertToLong()) {
                errcode = code.longValue();
            } else if (code != null && code.isString() && code.stringValue().matches("-?\\d{1,18}")) {
                errcode = Long.parseLong(code.stringValue());
            }
            JsonNode message = errcode == null ? null : body.get("errmsg");
            errmsg = message == null || message.isNull() ? "" : Redaction.text(message.asString());
        } catch (JacksonException e) {
            // not JSON: handled below like JSON without errcode
        }
        if (errcode == null) {
            // e.g. an HTML page from a proxy or captive portal: the robot never saw the message.
            return new Classification(
                    Outcome.RETRYABLE,
                    "HTTP " + answer.status() + ": unexpected response body",
                    answer.status(),
                    null,
                    null,
                    "unexpected response body");
        }
        return new Classification(
                outcome(errcode, errmsg),
                summary(errcode, errmsg),
                answer.status(),
                Long.toString(errcode),
                errmsg,
                null);
    }

    @Override
    public java.util.Optional<io.herald.provider.spi.outcome.Explanation> explain(
            io.herald.provider.spi.outcome.ExplainContext context) {
        return DingTalkExplanations.explain(context);
    }

    private static Outcome outcome(long errcode, String errmsg) {
        if (errcode == OK) {
            return Outcome.DELIVERED;
        }
        if (errcode == SECURITY_CHECK_FAILED) {
            return errmsg.toLowerCase(Locale.ROOT).contains("timestamp") ? Outcome.RESIGN : Outcome.PERMANENT;
        }
        if (errcode == SEND_TOO_FAST) {
            return Outcome.RETRYABLE;
        }
        return Outcome.PERMANENT; // includes TOKEN_NOT_FOUND and the 400xxx parameter errors
    }

    private static String summary(long errcode, String errmsg) {
        return "DingTalk errcode " + errcode + (errmsg.isEmpty() ? "" : ": " + errmsg);
    }
}
