package io.herald.provider.dogecloud.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sandbox.MutableClock;
import io.herald.sandbox.ProviderSandbox;
import io.herald.sandbox.SandboxClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's DogeCloud API endpoint: AccessToken verification over the exact path, query and body. */
class DogeCloudTest {

    static final String ACCESS_KEY = "0123456789abcdef";
    static final String SECRET_KEY = "dogeSecretKey0123456789";
    static final String PATH = "/cdn/refresh/add.json?a=1&b=2";
    static final String BODY = "{\"rtype\":\"path\",\"urls\":[\"https://example.com/\"]}";
    // Computed outside Java:
    //   printf '/cdn/refresh/add.json?a=1&b=2\n{"rtype":"path","urls":["https://example.com/"]}' \
    //     | openssl dgst -sha1 -hmac dogeSecretKey0123456789
    static final String SIGN = "f9d7f45266dd46a755c47d909f88d5cb53048232";
    //   printf '/oss/bucket/list.json\n' | openssl dgst -sha1 -hmac dogeSecretKey0123456789
    static final String SIGN_NO_BODY = "d89fc5034136d33301580a8635b8c51c6d6ce6f3";

    static final String AUTH_ERROR = "{\"code\":403,\"msg\":\"AccessToken Error\"}";

    final SandboxClient client = new SandboxClient();
    ProviderSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ProviderSandbox.start(0, new MutableClock(Instant.parse("2026-11-24T03:00:00Z")));
        sandbox.verifier(DogeCloudVerifier.class).addKey(ACCESS_KEY, SECRET_KEY);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> post(String path, String authorization, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(sandbox.endpoint("dogecloud") + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void correctlySignedPostIsAccepted() {
        HttpResponse<String> response = post(PATH, "TOKEN " + ACCESS_KEY + ":" + SIGN, BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"code\":200,\"msg\":\"OK\",\"data\":{\"path\":\"" + PATH + "\",\"method\":\"POST\"}}");
        assertThat(response.headers().firstValue("Date")).isPresent();
        assertThat(sandbox.endpoint("dogecloud")).isEqualTo(URI.create(sandbox.baseUri() + "/dogecloud"));
    }

    @Test
    void vectorsAgreeWithTheSandboxSigner() {
        assertThat(DogeCloudVerifier.sign(SECRET_KEY, PATH, BODY.getBytes())).isEqualTo(SIGN);
        assertThat(DogeCloudVerifier.sign(SECRET_KEY, "/oss/bucket/list.json", new byte[0]))
                .isEqualTo(SIGN_NO_BODY);
    }

    @Test
    void getWithoutBodySignsAnEmptyBody() {
        HttpResponse<String> response =
                client.send(HttpRequest.newBuilder(URI.create(sandbox.endpoint("dogecloud") + "/oss/bucket/list.json"))
                        .header("Authorization", "TOKEN " + ACCESS_KEY + ":" + SIGN_NO_BODY)
                        .GET()
                        .build());

        assertThat(response.body()).startsWith("{\"code\":200,\"msg\":\"OK\"");
    }

    @Test
    void bodyDifferentFromTheSignedOneIsAccessTokenError() {
        HttpResponse<String> response = post(PATH, "TOKEN " + ACCESS_KEY + ":" + SIGN, BODY.replace("path", "dir"));

        assertThat(response.body()).isEqualTo(AUTH_ERROR);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("sign not match");
    }

    @Test
    void queryDifferentFromTheSignedOneIsAccessTokenError() {
        assertThat(post("/cdn/refresh/add.json?b=2&a=1", "TOKEN " + ACCESS_KEY + ":" + SIGN, BODY)
                        .body())
                .isEqualTo(AUTH_ERROR);
    }

    @Test
    void unknownAccessKeyIsAccessTokenError() {
        HttpResponse<String> response = post(PATH, "TOKEN nobody:" + SIGN, BODY);

        assertThat(response.body()).isEqualTo(AUTH_ERROR);
        assertThat(sandbox.received().getLast().verdict()).isEqualTo("access key not found");
    }

    @Test
    void missingAuthorizationIsRejected() {
        assertThat(client.post(URI.create(sandbox.endpoint("dogecloud") + PATH), BODY)
                        .body())
                .isEqualTo(AUTH_ERROR);
    }

    @Test
    void recordsMaskTheAuthorizationHeader() {
        post(PATH, "TOKEN " + ACCESS_KEY + ":" + SIGN, BODY);

        assertThat(sandbox.received().getLast().headers().get("Authorization")).isEqualTo("TO…32");
        assertThat(sandbox.received().getLast().provider()).isEqualTo("dogecloud");
    }

    @Test
    void faultsCanBeInjectedForDogeCloud() {
        sandbox.injectFaults("/dogecloud/", 1, 429, "{\"code\":429,\"msg\":\"Too Many Requests\"}");

        assertThat(post(PATH, "TOKEN " + ACCESS_KEY + ":" + SIGN, BODY).statusCode())
                .isEqualTo(429);
    }
}
