package io.herald.dispatcher.resign;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.herald.contract.secret.SecretResolver;
import io.herald.dispatcher.Fixtures;
import io.herald.schema.SignedDelivery;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The re-sign protocol against a real HTTP server playing the signer, which, as the signer does, answers 401
 * problem+json to a call without the expected bearer token.
 */
class HttpSignerClientTest {

    private static final String SERVICE_TOKEN = "service-token-7Hq2xV9kLm3P";

    private final HttpServer server;
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String expectedToken = SERVICE_TOKEN;
    private volatile int status = 200;
    private volatile byte[] answer = new byte[0];
    private volatile String answerType = HttpSignerClient.CONTENT_TYPE;

    HttpSignerClientTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/resign", exchange -> {
            try (exchange) {
                calls.incrementAndGet();
                contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                String bearer = exchange.getRequestHeaders().getFirst("Authorization");
                authorization.set(bearer);
                if (!("Bearer " + expectedToken).equals(bearer)) {
                    byte[] refusal = ("{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                                    + (bearer == null
                                            ? "This endpoint needs a credential: send 'Authorization: Bearer <token>'."
                                            : "The credential was not accepted: the token is not one of the configured tokens.")
                                    + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                    exchange.sendResponseHeaders(401, refusal.length);
                    exchange.getResponseBody().write(refusal);
                    return;
                }
                SignedDelivery received = SignedDelivery.getDecoder()
                        .decode(exchange.getRequestBody().readAllBytes());
                if (status == 200 && answer.length == 0) {
                    answer = bytes(SignedDelivery.getEncoder()
                            .encode(SignedDelivery.newBuilder(received)
                                    .setSignedAt(Instant.parse("2026-01-01T00:00:00Z"))
                                    .build()));
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

    @TempDir
    Path dir;

    private HttpSignerClient client() {
        return client("env:HERALD_SERVICE_TOKEN");
    }

    private HttpSignerClient client(String tokenReference) {
        return new HttpSignerClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                Duration.ofSeconds(2),
                tokenReference,
                new SecretResolver(Map.of("HERALD_SERVICE_TOKEN", SERVICE_TOKEN)::get));
    }

    @Test
    void freshSignatureIsReadFromTheAvroAnswer() throws Exception {
        SignerClient.ResignResult result = client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(contentType.get()).isEqualTo("application/vnd.herald.signed-delivery+avro");
        assertThat(result)
                .isInstanceOfSatisfying(
                        SignerClient.ResignResult.Fresh.class,
                        fresh -> assertThat(fresh.signed().getSignedAt())
                                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void theConfiguredTokenIsSentAsBearer() throws Exception {
        client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(authorization.get()).isEqualTo("Bearer " + SERVICE_TOKEN);
    }

    @Test
    void aRotatedTokenFileIsSentFromTheNextCallOnWithoutANewClient() throws Exception {
        Path file = dir.resolve("signer-token");
        Files.writeString(file, "old-token-1\n");
        HttpSignerClient client = client("file:" + file);
        expectedToken = "old-token-1";
        assertThat(client.resign(Fixtures.signed(1, Instant.now())))
                .isInstanceOf(SignerClient.ResignResult.Fresh.class);

        Files.writeString(file, "rotated-token-22\n");
        expectedToken = "rotated-token-22";

        assertThat(client.resign(Fixtures.signed(1, Instant.now())))
                .isInstanceOf(SignerClient.ResignResult.Fresh.class);
        assertThat(authorization.get()).isEqualTo("Bearer rotated-token-22");
    }

    @Test
    void aRefusedCredentialIsARefusalWorthWaitingForThatNamesTheProperty() throws Exception {
        expectedToken = "the-token-the-signer-knows";

        SignerClient.ResignResult result = client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(result)
                .isEqualTo(new SignerClient.ResignResult.Refused(
                        "the signer refused the dispatcher's credential"
                                + " (herald.dispatcher.signer-token): The credential was not accepted: the token is not one of the"
                                + " configured tokens.",
                        false));
        assertThat(result.toString()).doesNotContain(SERVICE_TOKEN);
    }

    @Test
    void aForbiddenCredentialIsTheSameRefusal() throws Exception {
        expectedToken = SERVICE_TOKEN;
        problem(
                403,
                "Not allowed for credential 'operator' (roles [OPERATOR]): POST /internal/v1/resign needs another role.");

        assertThat(client().resign(Fixtures.signed(1, Instant.now())))
                .isEqualTo(new SignerClient.ResignResult.Refused(
                        "the signer refused the dispatcher's credential (herald.dispatcher.signer-token): Not allowed for"
                                + " credential 'operator' (roles [OPERATOR]): POST /internal/v1/resign needs another role.",
                        false));
    }

    @Test
    void withoutAConfiguredTokenNoneIsSentAndTheRefusalSaysSo() throws Exception {
        SignerClient.ResignResult result = client(null).resign(Fixtures.signed(1, Instant.now()));

        assertThat(authorization.get()).isNull();
        assertThat(result)
                .isEqualTo(new SignerClient.ResignResult.Refused(
                        "the signer refused the dispatcher's credential"
                                + " (herald.dispatcher.signer-token): not set, so none was sent (give a SERVICE token of the signer,"
                                + " env:VARIABLE or file:/path)",
                        false));
    }

    @Test
    void aTokenThatCannotBeResolvedIsARefusalWithoutAskingTheSigner() throws Exception {
        SignerClient.ResignResult result =
                client("file:" + dir.resolve("missing")).resign(Fixtures.signed(1, Instant.now()));

        assertThat(calls.get()).isZero();
        assertThat(result)
                .isEqualTo(new SignerClient.ResignResult.Refused(
                        "the dispatcher's credential for the signer"
                                + " cannot be used: herald.dispatcher.signer-token: file " + dir.resolve("missing")
                                + " does not exist",
                        false));
    }

    @Test
    void serviceUnavailableIsARefusalWorthWaitingFor() throws Exception {
        problem(503, "clock error bound 40s exceeds the 5s tolerance of tencentcloud");

        SignerClient.ResignResult result = client().resign(Fixtures.signed(1, Instant.now()));

        assertThat(result)
                .isEqualTo(new SignerClient.ResignResult.Refused(
                        "signer refused to re-sign: clock error bound 40s exceeds the 5s tolerance of tencentcloud",
                        false));
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
                .isInstanceOfSatisfying(
                        SignerClient.ResignResult.Unavailable.class,
                        unavailable -> assertThat(unavailable.reason()).contains("unreachable"));
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
