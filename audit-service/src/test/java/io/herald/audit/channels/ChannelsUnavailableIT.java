package io.herald.audit.channels;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The channel API when what it writes through is down, on real PostgreSQL: no Kafka broker listens
 * ({@link AuditItSupport} points the producer at a closed port) and the signer accepts connections but never answers.
 * Each change is answered with a clear 503 problem within its timeout, and nothing is stored.
 */
class ChannelsUnavailableIT extends AuditItSupport {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGNER_TIMEOUT = Duration.ofSeconds(1);
    private static final SilentServer SIGNER = new SilentServer();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @LocalServerPort
    int port;

    @Autowired
    ChannelStore store;

    @DynamicPropertySource
    static void silentSigner(DynamicPropertyRegistry registry) {
        registry.add("herald.kafka.send-timeout", SEND_TIMEOUT::toString);
        registry.add("herald.audit.signer-url", () -> "http://127.0.0.1:" + SIGNER.port());
        registry.add("herald.audit.signer-timeout", SIGNER_TIMEOUT::toString);
        registry.add("herald.audit.signer-token", () -> "file:" + tokenFile());
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @AfterAll
    static void stopSigner() {
        SIGNER.close();
    }

    @Test
    void aBrokerThatIsDownIsA503WithinTheSendTimeoutAndNothingIsStored() {
        String name = "down-" + UUID.randomUUID().toString().substring(0, 8);

        long started = System.nanoTime();
        HttpResponse<String> answer = create("""
                {"name": "%s", "provider": "wecom", "endpoint": "https://example.com/x",
                 "credentials": {"key": "env:WECOM_KEY"}}""".formatted(name));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(took).isLessThan(SEND_TIMEOUT);
        assertProblem(answer);
        DocumentContext problem = JsonPath.parse(answer.body());
        assertThat(problem.read("$.title", String.class)).isEqualTo("Channel catalog not written");
        assertThat(problem.read("$.detail", String.class))
                .startsWith("the channel catalog could not be written: the broker did not acknowledge version 1 of"
                        + " channel '" + name + "' on herald.channels within 10000 ms (herald.kafka.send-timeout; ")
                .endsWith("); nothing was changed, try again");
        assertThat(store.history(name)).isEmpty();
        assertThat(get(name).statusCode()).isEqualTo(404);
    }

    @Test
    void aSignerThatDoesNotAnswerIsA503WithinTheSignerTimeoutWithoutTheSecret() {
        String name = "mute-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "SEC" + UUID.randomUUID().toString().replace("-", "");
        int before = SIGNER.accepted.size();

        long started = System.nanoTime();
        HttpResponse<String> answer = create("""
                {"name": "%s", "provider": "webhook", "endpoint": "https://example.com/x",
                 "secrets": {"secret": "%s"}}""".formatted(name, secret));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(SIGNER.accepted).as("the signer was called").hasSizeGreaterThan(before);
        // the signer's timeout, plus what a loaded machine adds (a signer that hangs held the request for good)
        assertThat(took).isGreaterThanOrEqualTo(SIGNER_TIMEOUT).isLessThan(SIGNER_TIMEOUT.plusSeconds(9));
        assertProblem(answer);
        DocumentContext problem = JsonPath.parse(answer.body());
        assertThat(problem.read("$.title", String.class)).isEqualTo("Signer unavailable");
        assertThat(problem.read("$.detail", String.class))
                .isEqualTo("the signer at http://127.0.0.1:" + SIGNER.port() + SecretSealer.PATH
                        + " could not seal the secret: it did not answer within 1000 ms"
                        + " (herald.audit.signer-timeout); nothing was changed, try again");
        assertThat(answer.body())
                .doesNotContain(secret)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(secret));
        // (the Kafka clients' own lines about the closed broker port are not the request's)
        assertThat(logs.list.stream().filter(e -> e.getLoggerName().startsWith("io.herald")))
                .noneMatch(e -> e.getThrowableProxy() != null)
                .map(ILoggingEvent::getFormattedMessage)
                .contains("the signer at http://127.0.0.1:" + SIGNER.port() + SecretSealer.PATH
                        + " could not seal a secret of channel " + name + ": it did not answer within 1000 ms"
                        + " (herald.audit.signer-timeout)");
        assertThat(store.history(name)).isEmpty();
    }

    private HttpResponse<String> create(String body) {
        return new ApiClient(port, OPERATOR_TOKEN).post("/v1/channels", body);
    }

    private HttpResponse<String> get(String name) {
        return new ApiClient(port, OPERATOR_TOKEN).get("/v1/channels/" + name);
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Path tokenFile() {
        try {
            Path file = Files.createTempFile("audit-signer-token", "");
            Files.writeString(file, FakeSigner.TOKEN);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts connections on loopback and never answers: a signer that hangs. */
    private static final class SilentServer implements AutoCloseable {

        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        SilentServer() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().name("silent-signer").start(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
            } catch (IOException e) {
                // the test is over
            }
        }
    }
}
