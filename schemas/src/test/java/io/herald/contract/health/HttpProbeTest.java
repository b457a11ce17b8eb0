package io.herald.contract.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health check the compose file runs in the images, against a loopback HTTP server. */
class HttpProbeTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/no-content", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"OUT_OF_SERVICE\"}"));
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/down");
            answer(exchange, 302, "");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTwoHundredAnswerIsHealthy() {
        assertThat(probe(url("/actuator/health/readiness"))).isZero();
        assertThat(probe(url("/no-content"))).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anyOtherAnswerIsUnhealthyAndSaysWhich() {
        assertThat(probe(url("/down"))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered 503");
        assertThat(probe(url("/missing"))).isEqualTo(1);
        assertThat(probe(url("/moved"))).as("a redirect to a 503").isEqualTo(1);
    }

    @Test
    void nothingListeningIsUnhealthyWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThat(probe("http://127.0.0.1:" + port + "/actuator/health/readiness", "500"))
                .isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("did not answer");
    }

    @Test
    void aServerThatNeverAnswersIsUnhealthyWhenTheTimeoutEnds() throws Exception {
        // accepts the connection (the backlog does) and never writes a byte
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            assertThat(probe("http://127.0.0.1:" + silent.getLocalPort() + "/", "300"))
                    .isEqualTo(1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SocketTimeoutException");
    }

    @Test
    void badArgumentsAreUnhealthyWithTheUsage() {
        assertThat(probe()).isEqualTo(1);
        assertThat(probe("not a url")).isEqualTo(1);
        assertThat(probe("https://127.0.0.1/", "100")).isEqualTo(1);
        assertThat(probe(url("/actuator/health/readiness"), "0")).isEqualTo(1);
        assertThat(probe(url("/actuator/health/readiness"), "soon")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: HttpProbe URL [TIMEOUT_MS]");
    }

    private int probe(String... args) {
        return HttpProbe.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
