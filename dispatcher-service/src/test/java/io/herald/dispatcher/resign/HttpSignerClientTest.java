package io.herald.dispatcher.resign;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.herald.dispatcher.Fixtures;
import io.herald.schema.SignedDelivery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The re-sign protocol against a real HTTP server playing the signer. */
class HttpSignerClientTest {

    private final HttpServer server;
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private volatile int status = 200;
    private volatile byte[] answer = new byte[0];
    private volatile String answerType = HttpSignerClient.CONTENT_TYPE;

    HttpSignerClientTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/resign", exchange -> {
            try (exchange) {
                contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                SignedDelivery received = SignedDelivery.getDecoder().decode(exchange.getRequestBody().readAllBytes());
                if (status == 200 && answer.length == 0) {
                    answer = bytes(SignedDelivery.getEncoder().encode(SignedDelivery.newBuilder(received)
                            .setSignedAt(Instant.parse("2026-01-01T00:00:00Z")).build()));
                }
                exchange.getResponseHeaders().set("Content-Type", answerType);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpSignerClient client() {
        return new HttpSignerClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), Duration.ofSeconds(2));
    }

    @Test
    void freshSignatureIsReadFromTheAvroAnswer() throws Exception {
        SignerClient.ResignResult result = client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(contentType.get()).isEqualTo("application/vnd.herald.signed-delivery+avro");
        assertThat(result).isInstanceOfSatisfying(SignerClient.ResignResult.Fresh.class, fresh ->
                assertThat(fresh.signed().getSignedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void serviceUnavailableIsARefusalWorthWaitingFor() throws Exception {
        problem(503, "clock error bound 40s exceeds the 5s tolerance of tencentcloud");

        SignerClient.ResignResult result = client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(result).isEqualTo(new SignerClient.ResignResult.Refused(
                "signer refused to re-sign: clock error bound 40s exceeds the 5s tolerance of tencentcloud", false));
    }

    @Test
    void unprocessableIsAPermanentRefusal() throws Exception {
        problem(422, "channel ops-alerts is not in the catalog");

        assertThat(client().resign(Fixtures.signed(1, Instant.now())))
                .isInstanceOfSatisfying(SignerClient.ResignResult.Refused.class, refused -> {
                    assertThat(refused.permanent()).isTrue();
                    assertThat(refused.reason()).contains("not in the catalog");
                });
    }

    @Test
    void unreachableSignerIsUnavailable() throws Exception {
        server.stop(0);

        assertThat(client().resign(Fixtures.signed(1, Instant.now())))
                .isInstanceOfSatisfying(SignerClient.ResignResult.Unavailable.class, unavailable ->
                        assertThat(unavailable.reason()).contains("unreachable"));
    }

    private void problem(int code, String detail) {
        status = code;
        answerType = "application/problem+json";
        answer = ("{\"title\":\"refused\",\"status\":" + code + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
