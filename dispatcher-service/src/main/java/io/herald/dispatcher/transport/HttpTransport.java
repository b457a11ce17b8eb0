package io.herald.dispatcher.transport;

import io.herald.dispatcher.redaction.Redaction;
import io.herald.schema.HttpCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends a signed request exactly as the signer built it (method, URL, headers, body bytes) with the JDK
 * {@link HttpClient} over HTTP/1.1, and reports the answer or the failure with its latency. It never
 * follows redirects (a redirect would resend a signed request somewhere the signer did not sign for) and
 * never judges the answer: that is {@code DeliveryClassifier}'s job.
 */
public class HttpTransport {

    /**
     * Headers the JDK client sets itself and refuses to take from a caller; they follow from the URL and
     * the body, so leaving them out changes nothing the provider sees.
     */
    private static final Set<String> CLIENT_MANAGED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this(HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                requestTimeout,
                clock);
    }

    HttpTransport(HttpClient client, Duration requestTimeout, Clock clock) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /**
     * Sends the request and waits for the whole answer (at most the request timeout for the headers).
     *
     * @throws InterruptedException when the listener is stopped mid-send; nothing is recorded then
     */
    public TransportResult send(HttpCall call) throws InterruptedException {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        String target = Redaction.url(call.getUrl());
        try {
            URI uri = URI.create(call.getUrl());
            target = target(uri, target);
            HttpResponse<byte[]> response = client.send(request(uri, call), HttpResponse.BodyHandlers.ofByteArray());
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            ProviderAnswer answer = new ProviderAnswer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
            Instant responseDate = response.headers().firstValue("Date").map(HttpTransport::parseDate).orElse(null);
            return new TransportResult.Answered(startedAt, latency, answer, responseDate);
        } catch (IOException | RuntimeException e) {
            return new TransportResult.Failed(startedAt, Duration.ofNanos(System.nanoTime() - start), target, e);
        }
    }

    private HttpRequest request(URI uri, HttpCall call) {
        ByteBuffer bodyBuffer = call.getBody();
        byte[] body = new byte[bodyBuffer == null ? 0 : bodyBuffer.remaining()];
        if (bodyBuffer != null) {
            bodyBuffer.duplicate().get(body);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .method(call.getMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> header : call.getHeaders().entrySet()) {
            if (!CLIENT_MANAGED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                builder.header(header.getKey(), header.getValue());
            }
        }
        return builder.build();
    }

    private static String target(URI uri, String fallback) {
        if (uri.getHost() == null) {
            return fallback;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static Instant parseDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
