package io.herald.dispatcher.resign;

import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import io.herald.schema.SignedDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SignerClient} over HTTP: request and answer bodies are the Avro single-object encoding of
 * {@link SignedDelivery} ({@value #CONTENT_TYPE}); a refusal is an {@code application/problem+json} with the
 * reason in {@code detail}. Reads {@code herald.dispatcher.signer-url}, and sends {@code herald.dispatcher.signer-token}
 * as {@code Authorization: Bearer} ({@link SignerToken}). The signer refusing that credential (401/403) is a refusal
 * worth waiting for, as an untrustworthy clock is: the try is parked and the retry path signs it afresh meanwhile.
 */
public class HttpSignerClient implements SignerClient {

    public static final String CONTENT_TYPE = "application/vnd.herald.signed-delivery+avro";
    static final String PATH = "/internal/v1/resign";
    static final String CREDENTIAL_REFUSED =
            "the signer refused the dispatcher's credential (" + SignerToken.PROPERTY + "): ";

    private static final Logger log = LoggerFactory.getLogger(HttpSignerClient.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;
    private final SignerToken token;
    private final AtomicBoolean credentialRefused = new AtomicBoolean();

    /**
     * @param tokenReference {@code herald.dispatcher.signer-token}: {@code env:VARIABLE} or {@code file:/path}; null
     *     when none is configured (one WARN line now, and the signer refuses every call)
     */
    public HttpSignerClient(URI signerUrl, Duration timeout, String tokenReference, SecretResolver secrets) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        String base = signerUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + PATH);
        this.timeout = timeout;
        this.token = new SignerToken(tokenReference, secrets);
    }

    @Override
    public ResignResult resign(SignedDelivery stale) throws InterruptedException {
        byte[] body;
        try {
            body = bytes(SignedDelivery.getEncoder().encode(stale));
        } catch (IOException e) {
            return new ResignResult.Unavailable("cannot encode the request for the signer: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE + ", application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token.configured()) {
            try {
                request.header("Authorization", "Bearer " + token.value());
            } catch (SecretUnavailableException e) {
                // the signer would refuse the call without it: not asked at all
                return new ResignResult.Refused(
                        "the dispatcher's credential for the signer cannot be used: " + e.getMessage(), false);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new ResignResult.Unavailable(
                    "signer at " + endpoint + " unreachable: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + Redaction.text(e.getMessage())));
        }
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            String reason = CREDENTIAL_REFUSED
                    + (token.configured()
                            ? detail(answer.body())
                            : "not set, so none was sent (give a SERVICE token of the signer, env:VARIABLE or file:/path)");
            if (credentialRefused.compareAndSet(false, true)) {
                log.warn(
                        "{} (HTTP {}); requests too close to their window are parked for the retry path meanwhile"
                                + " (logged once until the signer accepts it)",
                        reason,
                        status);
            }
            return new ResignResult.Refused(reason, false);
        }
        credentialRefused.set(false);
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
