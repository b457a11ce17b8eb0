package io.herald.provider.slack;

import static io.herald.provider.spi.outcome.Contexts.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.provider.spi.outcome.ProviderAnswer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlackExplanationsTest {

    private final SlackClassifier classifier = new SlackClassifier();

    private String causeOf(int status, String text) {
        var result = classifier
                .classifyRejection(new ProviderAnswer(status, "text/html", text.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow();
        var e = classifier.explain(of(result, null, null)).orElseThrow();
        assertThat(e.docs()).isEqualTo("https://api.slack.com/messaging/webhooks#handling_errors");
        return e.likelyCause();
    }

    @Test
    void invalidTokenAndChannelNotFoundSayWhatToFix() {
        assertThat(causeOf(403, "invalid_token")).contains("webhook URL is wrong or was revoked");
        assertThat(causeOf(404, "channel_not_found")).contains("deleted or renamed");
        assertThat(causeOf(410, "channel_is_archived")).contains("unarchive");
    }
}
