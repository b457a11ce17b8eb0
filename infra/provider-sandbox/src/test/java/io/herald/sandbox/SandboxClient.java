package io.herald.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test-side client for the running sandbox, using java.net.http. It signs DingTalk URLs with its own HMAC code
 * (not the sandbox's) so the tests check the sandbox against an independent implementation.
 */
public final class SandboxClient {

    public static final String TEXT_MESSAGE = "{\"msgtype\":\"text\",\"text\":{\"content\":\"disk full on db-1\"}}";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public HttpResponse<String> post(URI uri, String body) {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    public HttpResponse<String> delete(URI uri) {
        return send(HttpRequest.newBuilder(uri).DELETE().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** endpoint?access_token=..&timestamp=..&sign=<URL-encoded Base64 HMAC>, as a correct client builds it. */
    public static URI signedUri(URI endpoint, String token, long timestamp, String secret) {
        String sign = URLEncoder.encode(hmacBase64(secret, timestamp + "\n" + secret), StandardCharsets.UTF_8);
        return URI.create(endpoint + "?access_token=" + token + "&timestamp=" + timestamp + "&sign=" + sign);
    }

    public static URI unsignedUri(URI endpoint, String token) {
        return URI.create(endpoint + "?access_token=" + token);
    }

    public static String hmacBase64(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
