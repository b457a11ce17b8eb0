package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The benchmark's loss check asks the audit API with the stack's reader token. */
class AuditCheckTest {

    private static final String READ_TOKEN = "reader-bench-test-token-0123456789";

    @Test
    void countsAndSearchAreAskedWithTheReaderToken() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", exchange -> {
            received.add(exchange.getRequestURI().getPath() + ": "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String body = exchange.getRequestURI().getPath().equals("/v1/counts")
                    ? "{\"total\":1,\"byStatus\":{\"DELIVERED\":1}}"
                    : "{\"items\":[{\"id\":\"bench-m-0\",\"status\":\"DELIVERED\"}],\"nextCursor\":null}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            AuditCheck audit =
                    new AuditCheck("http://127.0.0.1:" + server.getAddress().getPort(), READ_TOKEN);

            assertThat(audit.awaitFinished(1, System.nanoTime() + 5_000_000_000L))
                    .isEqualTo(1);
            audit.account("bench-run", "bench-m-", 1);
        } finally {
            server.stop(0);
        }
        assertThat(received)
                .containsExactly("/v1/counts: Bearer " + READ_TOKEN, "/v1/notifications: Bearer " + READ_TOKEN);
    }
}
