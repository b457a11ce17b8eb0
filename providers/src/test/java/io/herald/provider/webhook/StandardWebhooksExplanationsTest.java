package io.herald.provider.webhook;

import static io.herald.provider.spi.outcome.Contexts.answer;
import static io.herald.provider.spi.outcome.Contexts.of;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandardWebhooksExplanationsTest {

    private final StandardWebhooksClassifier classifier = new StandardWebhooksClassifier();

    @Test
    void goneSaysTheChannelWasDisabledAndAnAuthFailureNamesTheSecret() {
        var gone = classifier
                .explain(of(classifier.classifyRejection(answer(410, "")).orElseThrow(), null, null))
                .orElseThrow();
        assertThat(gone.likelyCause()).contains("disabled the channel");

        var rejected = classifier
                .explain(of(
                        io.herald.provider.spi.outcome.Classification.httpStatus(
                                io.herald.schema.Outcome.PERMANENT, 401),
                        null,
                        null))
                .orElseThrow();
        assertThat(rejected.likelyCause()).contains("whsec_");
    }
}
