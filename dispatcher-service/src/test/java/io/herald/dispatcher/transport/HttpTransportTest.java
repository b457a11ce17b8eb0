package io.herald.dispatcher.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.LoopbackProvider;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.network.NetworkProperties;
import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against a real HTTP server on 127.0.0.1, judged by the shared classifier: what a provider
 * receives, and what each kind of failure becomes.
 */
class HttpTransportTest {

    private final LoopbackProvider provider = LoopbackProvider.start();
    private final HttpTransport transport =
            new HttpTransport(Duration.ofSeconds(2), Duration.ofMillis(300), Clock.systemUTC());
    private final DeliveryClassifier classifier = new DeliveryClassifier(ProviderClassifiers.builtIn());

    @AfterEach
    void stopProvider() {
        transport.close();
        provider.close();
    }

    private static HttpCall post(String url, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("X-Herald-Notification", "n-1");
        return HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(url)
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
    }

    private Classification send(String url) throws InterruptedException {
        return classifier.classify(
                Provider.of("dingtalk"), transport.send(post(url, "{}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void requestReachesTheProviderExactlyAsSigned() throws InterruptedException {
        // bytes that are not valid UTF-8 too: the body is sent as bytes, never re-encoded
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x9C, (byte) 0x93, (byte) 0xFF, '"', '}'};
        String url = provider.endpoint() + "?access_token=t0k&timestamp=1717236000000&sign=a%2Bb%3D";

        transport.send(post(url, body));

        assertThat(provider.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.rawPathAndQuery())
                    .isEqualTo("/robot/send?access_token=t0k&timestamp=1717236000000&sign=a%2Bb%3D");
            assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(request.header("X-Herald-Notification")).isEqualTo("n-1");
            assertThat(request.header("Content-Length")).isEqualTo(Integer.toString(body.length));
            assertThat(request.body()).isEqualTo(body);
        });
    }

    @Test
    void methodOtherThanPostIsSentAsSigned() throws InterruptedException {
        transport.send(HttpCall.newBuilder()
                .setMethod("PUT")
                .setUrl(provider.endpoint())
                .setHeaders(Map.of())
                .setBody(ByteBuffer.wrap(new byte[0]))
                .build());

        assertThat(provider.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.body()).isEmpty();
        });
    }

    @Test
    void headersTheClientDerivesItselfAreNotDuplicated() throws InterruptedException {
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(provider.endpoint())
                .setHeaders(Map.of("Host", "example.com", "Content-Length", "999", "Content-Type", "application/json"))
                .setBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .build();

        TransportResult result = transport.send(call);

        assertThat(result).isInstanceOf(TransportResult.Answered.class);
        assertThat(provider.received().getFirst().header("Content-Length")).isEqualTo("2");
    }

    @Test
    void requestGoesThroughTheConfiguredProxy() throws InterruptedException {
        URI proxy = URI.create(provider.endpoint()).resolve("/");
        HttpTransport proxied = new HttpTransport(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Clock.systemUTC(),
                null,
                new ProxyRoutes(new NetworkProperties.Proxy(proxy, Map.of(), List.of())),
                4);

        TransportResult result =
                proxied.send(post("http://provider.invalid/robot/send?access_token=t0k", new byte[] {'{', '}'}));

        // the loopback server stands in for the proxy: the request came to it, for the provider's host
        assertThat(result).isInstanceOf(TransportResult.Answered.class);
        assertThat(provider.received()).singleElement().satisfies(request -> {
            assertThat(request.header("Host")).isEqualTo("provider.invalid");
            assertThat(request.rawPathAndQuery()).isEqualTo("/robot/send?access_token=t0k");
        });
        proxied.close();
    }

    @Test
    void routesThatNameNoProxyGoDirect() throws InterruptedException {
        HttpTransport direct = new HttpTransport(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Clock.systemUTC(),
                null,
                new ProxyRoutes(new NetworkProperties.Proxy(null, Map.of("127.0.0.1", "direct"), List.of())),
                4);

        TransportResult result = direct.send(post(provider.endpoint() + "?access_token=t0k", new byte[] {'{', '}'}));

        assertThat(result).isInstanceOf(TransportResult.Answered.class);
        assertThat(provider.received())
                .singleElement()
                .satisfies(request -> assertThat(request.rawPathAndQuery()).isEqualTo("/robot/send?access_token=t0k"));
        direct.close();
    }

    @Test
    void bodyInPartOfABufferIsSentAloneAndTheBufferLeftAsItWas() throws InterruptedException {
        ByteBuffer slice = ByteBuffer.wrap("xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8), 2, 7);
        ByteBuffer readOnly =
                ByteBuffer.wrap("{\"b\":2}".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

        transport.send(HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(provider.endpoint())
                .setHeaders(Map.of())
                .setBody(slice)
                .build());
        transport.send(HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(provider.endpoint())
                .setHeaders(Map.of())
                .setBody(readOnly)
                .build());

        assertThat(provider.received())
                .extracting(request -> new String(request.body(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(slice.position()).isEqualTo(2);
        assertThat(slice.remaining()).isEqualTo(7);
        assertThat(readOnly.remaining()).isEqualTo(7);
    }

    @Test
    void successfulAnswerIsReadWithItsDateHeader() throws InterruptedException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        TransportResult result = transport.send(post(provider.endpoint(), new byte[] {'{', '}'}));

        assertThat(result).isInstanceOfSatisfying(TransportResult.Answered.class, answered -> {
            assertThat(answered.answer().status()).isEqualTo(200);
            assertThat(new String(answered.answer().body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
            assertThat(answered.responseDate())
                    .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
            assertThat(answered.latency()).isPositive();
        });
        assertThat(classifier.classify(Provider.of("dingtalk"), result).outcome())
                .isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void serviceUnavailableIsRetryable() throws InterruptedException {
        provider.answer(503, "text/html", "<html>maintenance</html>");

        Classification result = send(provider.endpoint());

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.summary()).isEqualTo("HTTP 503");
    }

    @Test
    void tooManyRequestsIsRetryable() throws InterruptedException {
        provider.answer(429, null, "");

        Classification result = send(provider.endpoint());

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.httpStatus()).isEqualTo(429);
    }

    @Test
    void notFoundIsPermanent() throws InterruptedException {
        provider.answer(404, "text/plain", "no such robot");

        assertThat(send(provider.endpoint()).outcome()).isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void signatureMismatchBodyIsPermanent() throws InterruptedException {
        provider.answer(200, "application/json", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");

        Classification result = send(provider.endpoint());

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("DingTalk errcode 310000: sign not match");
    }

    @Test
    void slowProviderIsRequestTimeoutAndRetryable() throws InterruptedException {
        provider.holdAnswers();

        TransportResult sent = transport.send(post(provider.endpoint(), new byte[] {'{', '}'}));
        Classification result = classifier.classify(Provider.of("dingtalk"), sent);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error())
                .isEqualTo("request timeout: no answer from 127.0.0.1:"
                        + URI.create(provider.endpoint()).getPort());
        assertThat(sent.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void closedPortIsConnectionRefusedAndRetryable() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Classification result = send("http://127.0.0.1:" + port + "/robot/send?access_token=t0k&sign=s1g");

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("connection refused by 127.0.0.1:" + port);
        assertThat(result.httpStatus()).isNull();
    }

    @Test
    void unresolvableHostIsDnsFailureAndRetryable() throws InterruptedException {
        Classification result = send("http://no-such-host.invalid/robot/send?access_token=t0k&sign=s1g");

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("DNS lookup failed for no-such-host.invalid");
    }

    @Test
    void malformedUrlIsPermanentWithoutLeakingIt() throws InterruptedException {
        Classification result = send("http://bad host/robot/send?access_token=t0k-secret&sign=s1g-secret");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.error()).startsWith("invalid request:").doesNotContain("t0k-secret", "s1g-secret");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("1994-11-06T08:49:30Z");

        assertThat(HttpTransport.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpTransport.retryAfter(" 7 ", now)).isEqualTo(Duration.ofSeconds(7));
        // RFC 9110's example date, read against the provider's own Date when it sent one
        assertThat(HttpTransport.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now))
                .isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon", now)).isNull();
        assertThat(HttpTransport.retryAfter("-5", now)).isNull();
    }
}
