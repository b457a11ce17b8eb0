package io.herald.signer.clock;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.herald.signer.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateProbeTest {

    @Test
    void offsetIsTheMiddleOfTheDateSecondMinusTheMidpointAndErrorHalfTheRoundTripPlusOneSecond() {
        ClockSample sample = DateProbe.sample(
                "http:x",
                Instant.parse("2026-01-01T02:00:00Z"),
                Instant.parse("2026-01-01T02:00:00.200Z"),
                Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(sample.offset()).isEqualTo(Duration.ofHours(-2).plusMillis(400));
        assertThat(sample.error()).isEqualTo(Duration.ofMillis(1100));
        assertThat(sample.takenAt()).isEqualTo(Instant.parse("2026-01-01T02:00:00.200Z"));
    }

    @Test
    void originDropsPathQueryAndCredentials() {
        assertThat(DateProbe.origin(URI.create("https://oapi.dingtalk.com/robot/send?access_token=x")))
                .isEqualTo(URI.create("https://oapi.dingtalk.com/"));
        assertThat(DateProbe.origin(URI.create("https://hook-user:hook-password@hooks.example.com:8443/in")))
                .isEqualTo(URI.create("https://hooks.example.com:8443/"));
        assertThat(DateProbe.sourceName(URI.create("http://127.0.0.1:18080/")))
                .isEqualTo("http:http://127.0.0.1:18080");
    }

    @Test
    void probeReadsTheDateOfAnyAnswerEvenANotFound() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            // the JDK server stamps its own Date (the real time); this host clock is 2 hours ahead of it
            MutableClock host = new MutableClock(Instant.now().plus(Duration.ofHours(2)));
            DateProbe probe = new DateProbe(host, Duration.ofSeconds(3));

            ClockSample sample = probe.probe(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));

            assertThat(sample.offset())
                    .isBetween(
                            Duration.ofHours(-2).minusSeconds(3),
                            Duration.ofHours(-2).plusSeconds(3));
            assertThat(sample.error()).isEqualTo(Duration.ofSeconds(1));
            assertThat(sample.source()).startsWith("http:http://127.0.0.1:");
        } finally {
            server.stop(0);
        }
    }
}
