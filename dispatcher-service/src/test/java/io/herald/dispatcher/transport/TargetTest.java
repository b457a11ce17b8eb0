package io.herald.dispatcher.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * What the guards and the transport read from a URL parsed once: the circuit breaker's endpoint (no query), the
 * {@code host:port} that diagnostics show, and the URI sent to, as each of them used to compute it on its own.
 */
class TargetTest {

    @Test
    void explicitPortIsKept() {
        Target target = Target.of("http://127.0.0.1:8089/robot/send?access_token=t0k&sign=s1g");

        assertThat(target.endpoint()).isEqualTo("http://127.0.0.1:8089/robot/send");
        assertThat(target.display()).isEqualTo("127.0.0.1:8089");
        assertThat(target.hostAndPort()).isEqualTo("127.0.0.1:8089");
        assertThat(target.host()).isEqualTo("127.0.0.1");
        assertThat(target.uri()).isEqualTo(URI.create("http://127.0.0.1:8089/robot/send?access_token=t0k&sign=s1g"));
    }

    @Test
    void missingPortIsTheSchemesDefault() {
        assertThat(Target.of("https://oapi.dingtalk.com/robot/send").endpoint())
                .isEqualTo("https://oapi.dingtalk.com:443/robot/send");
        assertThat(Target.of("HTTPS://oapi.dingtalk.com/robot/send").display()).isEqualTo("oapi.dingtalk.com:443");
        assertThat(Target.of("http://hooks.example.com/in").display()).isEqualTo("hooks.example.com:80");
        assertThat(Target.of("http://hooks.example.com").endpoint()).isEqualTo("http://hooks.example.com:80");
    }

    @Test
    void credentialsInUserInfoQueryOrPathAreNeverShown() {
        Target target = Target.of("https://user:pa55@hooks.slack.com/services/T000/B000/XXXXsecretXXXX?token=t0k#frag");

        assertThat(target.display()).isEqualTo("hooks.slack.com:443");
        assertThat(target.toString()).isEqualTo("hooks.slack.com:443");
        // the circuit breaker is per endpoint, path included, never the query or the user info
        assertThat(target.endpoint()).isEqualTo("https://hooks.slack.com:443/services/T000/B000/XXXXsecretXXXX");
        assertThat(target.uri().getRawUserInfo()).isEqualTo("user:pa55");
    }

    @Test
    void escapedPathStaysEscapedInTheEndpoint() {
        assertThat(Target.of("http://h.example:81/a%2Fb/c d".replace(" ", "%20"))
                        .endpoint())
                .isEqualTo("http://h.example:81/a%2Fb/c%20d");
    }

    @Test
    void urlWithoutHostIsItsOwnEndpoint() {
        Target target = Target.of("mailto:ops@example.com");

        assertThat(target.endpoint()).isEqualTo("mailto:ops@example.com");
        assertThat(target.display()).isEqualTo("endpoint");
        assertThat(target.hostAndPort()).isNull();
        assertThat(target.host()).isNull();
        assertThat(target.uri()).isEqualTo(URI.create("mailto:ops@example.com"));
    }

    @Test
    void urlThatDoesNotParseIsGuardedWholeAndFailsToSendAsBefore() {
        String url = "http://bad host/robot/send?access_token=t0k-secret";

        Target target = Target.of(url);

        assertThat(target.endpoint()).isEqualTo(url);
        assertThat(target.display()).isEqualTo("endpoint").isEqualTo(target.toString());
        assertThat(target.hostAndPort()).isNull();
        assertThat(target.host()).isNull();
        // the transport gets what URI.create throws, message and all, as when it parsed the URL itself
        IllegalArgumentException expected = catchIllegalArgument(url);
        assertThatThrownBy(target::uri)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected.getMessage())
                .hasCauseInstanceOf(expected.getCause().getClass());
    }

    private static IllegalArgumentException catchIllegalArgument(String url) {
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            return e;
        }
        throw new AssertionError("expected " + url + " not to parse");
    }
}
