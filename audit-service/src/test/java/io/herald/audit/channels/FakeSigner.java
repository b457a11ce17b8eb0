package io.herald.audit.channels;

import com.sun.net.httpserver.HttpServer;
import io.herald.contract.sealing.CredentialSealer;
import io.herald.schema.SealedSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signer's sealing door as the audit calls it, {@code POST /internal/v1/channel-secrets}: checks the SERVICE
 * token, seals the value with a known AES key (associated data {@code herald.channels/<channel>/<credential>}) so the
 * test can open what lands on the topic, or answers {@link #failWith} when set.
 */
final class FakeSigner implements AutoCloseable {

    static final String TOKEN = "service-token-" + java.util.UUID.randomUUID();
    static final String KEY_ID = "it-key";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final byte[] key = new byte[32];
    final CredentialSealer sealer;
    final AtomicInteger failWith = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    private final HttpServer server;

    FakeSigner() {
        new SecureRandom().nextBytes(key);
        sealer = new CredentialSealer(Map.of(KEY_ID, key), KEY_ID);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/channel-secrets", exchange -> {
            calls.incrementAndGet();
            byte[] answer;
            int status;
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                answer = "{\"title\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            } else if (failWith.get() != 0) {
                status = failWith.get();
                answer = "{\"title\":\"Unavailable\",\"detail\":\"channel-secrets key not configured\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                SealedSecrets sealed = sealer.seal(
                        Map.of("value", request.get("value").stringValue()),
                        associatedData(
                                request.get("channel").stringValue(),
                                request.get("credential").stringValue()));
                status = 200;
                answer = JSON.writeValueAsBytes(Map.of(
                        "keyId", sealed.getKeyId(),
                        "nonce", base64(sealed.getNonce()),
                        "ciphertext", base64(sealed.getCiphertext())));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    static String associatedData(String channel, String credential) {
        return "herald.channels/" + channel + "/" + credential;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What a sealed secret on the topic holds. */
    String open(SealedSecrets sealed, String channel, String credential) {
        return sealer.unseal(sealed, associatedData(channel, credential)).get("value");
    }

    private static String base64(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
