package io.herald.provider.feishu;

import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static io.herald.provider.spi.outcome.Contexts.trusted;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.Classification;
import org.junit.jupiter.api.Test;

class FeishuExplanationsTest {

    private final FeishuClassifier classifier = new FeishuClassifier();

    private Classification answered(int code, String msg) {
        return classifier.classify(answer(200, "{\"code\":" + code + ",\"data\":{},\"msg\":\"" + msg + "\"}"));
    }

    @Test
    void signMatchFailWithTrustedClockBlamesTheSecret() {
        var e = classifier
                .explain(of(
                        answered(19021, "sign match fail or timestamp is not within one hour from current time"),
                        trusted(3_600_000),
                        null))
                .orElseThrow();
        assertThat(e.text()).endsWith("secret mismatch");
        assertThat(e.docs()).isEqualTo(FeishuExplanations.DOCS);
    }

    @Test
    void keywordsAndAllowListHaveTheirOwnCauses() {
        assertThat(classifier
                        .explain(of(answered(19024, "Key Words Not Found"), null, null))
                        .orElseThrow()
                        .likelyCause())
                .contains("keyword");
        assertThat(classifier
                        .explain(of(answered(19022, "Ip Not Allowed"), null, null))
                        .orElseThrow()
                        .likelyCause())
                .contains("IP allow-list");
        assertThat(classifier
                        .explain(of(answered(11232, "frequency limited"), null, null))
                        .orElseThrow()
                        .text())
                .contains("100 messages a minute");
    }
}
