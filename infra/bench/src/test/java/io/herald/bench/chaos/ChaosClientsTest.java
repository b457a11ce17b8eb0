package io.herald.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chaos run's HTTP clients present the stack's tokens: the publisher's to ingest, the reader's to audit. */
class ChaosClientsTest {

    private static final String PUBLISH_TOKEN = "publisher-chaos-test-token-0123456789";
    private static final String READ_TOKEN = "reader-chaos-test-token-0123456789";

    /** "METHOD path: Authorization" of every request the fake services received. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    private HttpServer server;
    private String url;

    @BeforeEach
    void fakeIngestAndAudit() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/notifications", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + ": "
                            + exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            int status = exchange.getRequestMethod().equals("POST") ? 202 : 200;
            String body = status == 202
                    ? "{\"id\":\"x\",\"status\":\"ACCEPTED\"}"
                    : path.equals("/v1/notifications")
                            ? "{\"items\":[{\"id\":\"chaos-1\",\"status\":\"DELIVERED\"}],\"nextCursor\":null}"
                            : "{\"id\":\"chaos-1\",\"attempts\":2,\"timeline\":[{\"type\":\"ATTEMPT\"},{\"type\":\"ATTEMPT\"}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theLoadPostsWithThePublisherToken() throws Exception {
        try (ScenarioLoad load = new ScenarioLoad(
                new MockProducer<>(true, null, new StringSerializer(), (topic, v) -> new byte[0]),
                "herald.requests",
                url,
                PUBLISH_TOKEN,
                List.of("chaos-000"),
                "chaos-test",
                "chaos-test-",
                0,
                50)) {
            load.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 3);
            load.stop();

            assertThat(load.published()).isNotEmpty();
            assertThat(load.failures()).isZero();
        }
        assertThat(received)
                .allSatisfy(
                        request -> assertThat(request).isEqualTo("POST /v1/notifications: Bearer " + PUBLISH_TOKEN));
    }

    @Test
    void theAuditIsAskedWithTheReaderToken() throws Exception {
        AuditClient audit = new AuditClient(url, READ_TOKEN);

        assertThat(audit.statuses("chaos-test")).isEqualTo(Map.of("chaos-1", "DELIVERED"));
        assertThat(audit.tries("chaos-1").showsRepeat()).isTrue();
        assertThat(received)
                .containsExactly(
                        "GET /v1/notifications: Bearer " + READ_TOKEN,
                        "GET /v1/notifications/chaos-1: Bearer " + READ_TOKEN);
    }
}
