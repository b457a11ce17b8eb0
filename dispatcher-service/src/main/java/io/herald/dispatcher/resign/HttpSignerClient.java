package io.herald.dispatcher.resign;

import io.herald.contract.redaction.Redaction;
import io.herald.schema.SignedDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SignerClient} over HTTP: request and answer bodies are the Avro single-object encoding of
 * {@link SignedDelivery} ({@value #CONTENT_TYPE}); a refusal is an {@code application/problem+json} with the
 * reason in {@code detail}. Reads {@code herald.dispatcher.signer-url}.
 */
public class HttpSignerClient implements SignerClient {

    public static final String CONTENT_TYPE = "application/vnd.herald.signed-delivery+avro";
    static final String PATH = "/internal/v1/resign";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;

    public HttpSignerClient(URI signerUrl, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        String base = signerUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + PATH);
        this.timeout = timeout;
    }

    @Override
    public ResignResult resign(SignedDelivery stale) throws InterruptedException {
        byte[] body;
        try {
            body = bytes(SignedDelivery.getEncoder().encode(stale));
        } catch (IOException e) {
            return new ResignResult.Unavailable("cannot encode the request for the signer: " + e.getMessage());
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(endpoint)
                            .timeout(timeout)
                            .header("Content-Type", CONTENT_TYPE)
                            .header("Accept", CONTENT_TYPE + ", application/problem+json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new ResignResult.Unavailable("signer at " + endpoint + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Redaction.text(e.getMessage())));
        }
        int status = answer.statusCode();
        if (status == 200) {
            try {
                return new ResignResult.Fresh(SignedDelivery.getDecoder().decode(answer.body()));
            } catch (IOException | RuntimeException e) {
                return new ResignResult.Unavailable("signer answered 200 with a body that is not a SignedDelivery: "
                        + e.getClass().getSimpleName());
            }
        }
        String detail = detail(answer.body());
        if (status == 422) {
            return new ResignResult.Refused("signer cannot sign the channel: " + detail, true);
        }
        if (status == 503) {
            return new ResignResult.Refused("signer refused to re-sign: " + detail, false);
        }
        return new ResignResult.Unavailable("signer answered HTTP " + status + ": " + detail);
    }

    private static String detail(byte[] body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return Redaction.text(problem.get("detail").asString());
            }
            if (problem != null && problem.hasNonNull("title")) {
                return Redaction.text(problem.get("title").asString());
            }
        } catch (JacksonException e) {
            // not a problem document
        }
        return "no detail";
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
