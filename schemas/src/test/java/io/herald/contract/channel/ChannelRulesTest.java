package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ordering rules of {@link ChannelRules}, in both spellings (the seed file's and the API's). */
class ChannelRulesTest {

    @Test
    void stopWithoutStrictOrderingIsAProblemNamedInWords() {
        Channel unordered = channel(null, Channel.OnDeadLetter.STOP);

        assertThat(ChannelRules.problems("pager", unordered, ChannelRules.API))
                .singleElement()
                .asString()
                .startsWith("onDeadLetter: stop needs ordering strict");
        assertThat(ChannelRules.problems("pager", unordered, ChannelRules.SEED_FILE))
                .singleElement()
                .asString()
                .startsWith("herald.channels.pager.on-dead-letter: stop needs ordering strict");
    }

    @Test
    void anOrderedChannelMayStopOrReleaseAndAnUnorderedOneReleases() {
        assertThat(ChannelRules.problems(
                        "pager", channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.STOP), ChannelRules.API))
                .isEmpty();
        assertThat(ChannelRules.problems(
                        "pager", channel(Channel.Ordering.STRICT, Channel.OnDeadLetter.RELEASE), ChannelRules.API))
                .isEmpty();
        assertThat(ChannelRules.problems("pager", channel(Channel.Ordering.NONE, null), ChannelRules.API))
                .isEmpty();
    }

    @Test
    void absentSettingsMeanNoOrderAndRelease() {
        Channel channel = channel(null, null);

        assertThat(channel.ordering()).isEqualTo(Channel.Ordering.NONE);
        assertThat(channel.onDeadLetter()).isEqualTo(Channel.OnDeadLetter.RELEASE);
        assertThat(channel.strictOrder()).isFalse();
    }

    private static Channel channel(Channel.Ordering ordering, Channel.OnDeadLetter onDeadLetter) {
        return new Channel(
                "webhook",
                URI.create("https://hooks.example.com/pager"),
                Map.of(),
                null,
                null,
                null,
                null,
                List.of(),
                null,
                ordering,
                onDeadLetter,
                null);
    }
}
