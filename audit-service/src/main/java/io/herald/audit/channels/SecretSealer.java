package io.herald.audit.channels;

import io.herald.contract.redaction.Redaction;
import io.herald.contract.secret.SecretResolver;
import io.herald.contract.secret.SecretUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Has the signer seal a submitted secret: {@code POST {herald.audit.signer-url}/internal/v1/channel-secrets} with
 * {@code {"channel","credential","value"}} and the SERVICE token, answered {@code {"keyId","nonce","ciphertext"}}
 * (Base64). The value is held in memory for this one call and never logged; a signer that cannot be reached is a 503
 * problem, one that refuses a 502 problem, each naming the signer and never the value.
 */
class SecretSealer {

    static final String PATH = "/internal/v1/channel-secrets";

    private static final Logger log = LoggerFactory.getLogger(SecretSealer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;
    private final SignerToken token;

    SecretSealer(SignerProperties properties, SecretResolver secrets) {
        this.timeout = properties.signerTimeout();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        this.endpoint = URI.create(properties.signerUrl().toString().replaceAll("/+$", "") + PATH);
        this.token = new SignerToken(properties.signerToken(), secrets);
    }

    /** The secret sealed for this channel's credential, as secret {@code id} added by {@code by} at {@code at}. */
    SealedSecret seal(String channel, String credential, String value, String id, String by, Instant at) {
        var body = JSON.createObjectNode()
                .put("channel", channel)
                .put("credential", credential)
                .put("value", value);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token.configured()) {
            try {
                request.header("Authorization", "Bearer " + token.value());
            } catch (SecretUnavailableException e) {
                throw unavailable("the audit's credential for the signer cannot be used: " + e.getMessage());
            }
        }
        HttpResponse<String> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = unreachable(e);
            log.warn("the signer at {} could not seal a secret of channel {}: {}", endpoint, channel, why);
            throw unavailable("the signer at " + endpoint + " could not seal the secret: " + why
                    + "; nothing was changed, try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while the signer sealed the secret; nothing was changed");
        }
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            throw refused("the signer refused the audit's credential (" + SignerToken.PROPERTY + ", HTTP " + status
                    + (token.configured() ? ")" : ": not set, so none was sent)") + "; nothing was changed");
        }
        if (status / 100 != 2) {
            throw refused("the signer at " + endpoint + " did not seal the secret (HTTP " + status
                    + detail(answer.body(), value) + "); nothing was changed");
        }
        try {
            JsonNode sealed = JSON.readTree(answer.body());
            String keyId = sealed.get("keyId").stringValue();
            String nonce = sealed.get("nonce").stringValue();
            String ciphertext = sealed.get("ciphertext").stringValue();
            Base64.getDecoder().decode(nonce);
            Base64.getDecoder().decode(ciphertext);
            if (keyId == null || keyId.isBlank()) {
                throw new IllegalArgumentException("no keyId");
            }
            return new SealedSecret(id, keyId, nonce, ciphertext, by, at);
        } catch (RuntimeException e) {
            throw refused("the signer at " + endpoint + " answered " + status
                    + " without {keyId, nonce, ciphertext} (Base64); nothing was changed");
        }
    }

    /** Why the signer gave no answer, for the caller and the log line. */
    private String unreachable(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "it did not answer within " + timeout.toMillis() + " ms (herald.audit.signer-timeout)";
        }
        if (e instanceof ConnectException) {
            return "it refused the connection";
        }
        return "it could not be reached (" + e.getClass().getSimpleName() + ")";
    }

    /** The signer's problem detail, unless it repeats the value (it must not, but the answer is ours to keep clean). */
    private static String detail(String body, String value) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                String detail = Redaction.text(problem.get("detail").asString());
                return detail.contains(value) ? "" : ": " + detail;
            }
        } catch (JacksonException e) {
            // not a problem document
        }
        return "";
    }

    private static ChannelProblem unavailable(String detail) {
        return ChannelProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "Signer unavailable", detail);
    }

    private static ChannelProblem refused(String detail) {
        return ChannelProblem.of(HttpStatus.BAD_GATEWAY, "Signer refused", detail);
    }
}
