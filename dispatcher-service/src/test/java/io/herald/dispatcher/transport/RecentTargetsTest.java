package io.herald.dispatcher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentTargetsTest {

    private final RecentTargets targets = new RecentTargets();

    @Test
    void urlSeenBeforeIsNotParsedAgain() {
        Target first = targets.of("https://hooks.example.com/in/ch-1");

        // an equal URL decoded from another record: another String, the same target
        Target again = targets.of(new String("https://hooks.example.com/in/ch-1".toCharArray()));

        assertThat(again).isSameAs(first);
        assertThat(targets.of("https://hooks.example.com/in/ch-2")).isNotSameAs(first);
    }

    @Test
    void urlsThatChangeWithEveryRequestDoNotGrowItWithoutBound() {
        for (int i = 0; i < 3 * RecentTargets.MAX_URLS; i++) {
            targets.of("https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=" + i + "&sign=s" + i);
            assertThat(targets.size()).isLessThanOrEqualTo(RecentTargets.MAX_URLS);
        }

        // and it still serves a URL that comes again
        Target hook = targets.of("https://hooks.example.com/in/ch-1");
        assertThat(targets.of("https://hooks.example.com/in/ch-1")).isSameAs(hook);
    }

    @Test
    void keptUrlThatDoesNotParseStillFailsToSend() {
        targets.of("http://bad host/x?token=t0k");

        assertThatThrownBy(() -> targets.of("http://bad host/x?token=t0k").uri())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverShowsTheUrlsItKeeps() {
        targets.of("https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX?token=t0k");

        assertThat(targets.toString()).isEqualTo("RecentTargets[1 URLs]").doesNotContain("secret", "t0k");
    }
}
