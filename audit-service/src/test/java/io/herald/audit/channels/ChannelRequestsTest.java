package io.herald.audit.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.contract.channel.Channel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** How a channel body's ordering settings are read: the API's words, any case, and every bad value named. */
class ChannelRequestsTest {

    private final ChannelRequests requests = new ChannelRequests(65_536, 4096);

    @Test
    void orderingAndOnDeadLetterAreReadInTheApisWordsAnyCase() {
        Channel channel = channel("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "ordering": "Strict", "onDeadLetter": "stop"}""");

        assertThat(channel.ordering()).isEqualTo(Channel.Ordering.STRICT);
        assertThat(channel.onDeadLetter()).isEqualTo(Channel.OnDeadLetter.STOP);
        assertThat(channel.orderResumedAt()).as("only a resume sets it").isNull();
    }

    @Test
    void omittedOrNullTheyMeanNoOrderAndRelease() {
        Channel omitted = channel("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager"}""");
        Channel nulls = channel("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "ordering": null, "onDeadLetter": null}""");
        Channel none = channel("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "ordering": "none", "onDeadLetter": "release"}""");

        for (Channel channel : new Channel[] {omitted, nulls, none}) {
            assertThat(channel.ordering()).isEqualTo(Channel.Ordering.NONE);
            assertThat(channel.onDeadLetter()).isEqualTo(Channel.OnDeadLetter.RELEASE);
        }
    }

    @Test
    void aBadValueIsNamedWithTheAllowedOnesNeverAJavaType() {
        ChannelProblem problem = problem("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "ordering": "fifo", "onDeadLetter": 1}""");

        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.problems())
                .containsExactly("ordering: must be one of strict, none", "onDeadLetter: must be one of release, stop");
        assertThat(problem.getMessage()).doesNotContain("Channel", "Ordering", "enum", "java");
    }

    @Test
    void stopWithoutStrictOrderingIsRefusedInWords() {
        ChannelProblem problem = problem("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "onDeadLetter": "stop"}""");

        assertThat(problem.problems())
                .singleElement()
                .asString()
                .startsWith("onDeadLetter: stop needs ordering strict");
    }

    @Test
    void orderResumedAtIsNotTakenFromABody() {
        ChannelProblem problem = problem("""
                {"name": "pager", "provider": "webhook", "endpoint": "https://hooks.example.com/pager",
                 "ordering": "strict", "orderResumedAt": "2026-12-01T10:00:00Z"}""");

        assertThat(problem.problems()).singleElement().asString().startsWith("orderResumedAt: unknown property");
    }

    private Channel channel(String body) {
        return requests.channel(requests.json(stream(body)), null).channel();
    }

    private ChannelProblem problem(String body) {
        return catchThrowableOfType(ChannelProblem.class, () -> requests.channel(requests.json(stream(body)), null));
    }

    private static ByteArrayInputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
