package io.herald.dispatcher.transport;

import io.herald.contract.redaction.Redaction;
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
import java.util.concurrent.ConcurrentHashMap;
import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.dispatcher.network.TlsProfiles;

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
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Clock clock;
    private final TlsProfiles tls;
    private final ProxyRoutes proxies;
    private final Map<String, HttpClient> clientsByProfile = new ConcurrentHashMap<>();

    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this(connectTimeout, requestTimeout, clock, null, null);
    }

    /**
     * @param tls TLS profiles per channel and host, {@code null} for the JDK defaults
     * @param proxies proxy routes, {@code null} for direct connections
     */
    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock, TlsProfiles tls,
            ProxyRoutes proxies) {
        this.client = tls == null ? builder(connectTimeout, proxies).build() : null;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.tls = tls;
        this.proxies = proxies;
    }

    HttpTransport(HttpClient client, Duration requestTimeout, Clock clock) {
        this.client = client;
        this.connectTimeout = Duration.ofSeconds(5);
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.tls = null;
        this.proxies = null;
    }

    private static HttpClient.Builder builder(Duration connectTimeout, ProxyRoutes proxies) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (proxies != null) {
            builder.proxy(proxies);
        }
        return builder;
    }

    /** The client for a channel's TLS profile (one client per profile, built on first use). */
    private HttpClient clientFor(String channel, String host) {
        if (tls == null) {
            return client;
        }
        TlsProfiles.TlsProfile profile = tls.profileFor(channel, host);
        return clientsByProfile.computeIfAbsent(profile.name(), name -> builder(connectTimeout, proxies)
                .sslContext(profile.context())
                .sslParameters(profile.parameters())
                .build());
    }

    /** What a diagnostic says about the route: TLS profile offered and proxy used. */
    private String route(String channel, String host) {
        String proxy = proxies == null ? "direct" : proxies.describe(host);
        if (tls == null) {
            return "JDK default TLS, " + proxy;
        }
        TlsProfiles.TlsProfile profile = tls.profileFor(channel, host);
        return profile.name() + " TLS profile offering " + profile.describe() + ", " + proxy;
    }

    public TransportResult send(HttpCall call) throws InterruptedException {
        return send(null, call);
    }

    /**
     * Sends the request and waits for the whole answer (at most the request timeout for the headers).
     *
     * @throws InterruptedException when the listener is stopped mid-send; nothing is recorded then
     */
    public TransportResult send(String channel, HttpCall call) throws InterruptedException {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        String target = Redaction.url(call.getUrl());
        try {
            URI uri = URI.create(call.getUrl());
            target = target(uri, target);
            HttpResponse<byte[]> response = clientFor(channel, uri.getHost())
                    .send(request(uri, call), HttpResponse.BodyHandlers.ofByteArray());
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Instant responseDate = response.headers().firstValue("Date").map(this::responseDate).orElse(null);
            ProviderAnswer answer = new ProviderAnswer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body(),
                    response.headers().firstValue("Retry-After")
                            .map(value -> retryAfter(value, responseDate != null ? responseDate : clock.instant()))
                            .orElse(null));
            return new TransportResult.Answered(startedAt, latency, answer, responseDate);
        } catch (IOException | RuntimeException e) {
            String host = null;
            try {
                host = URI.create(call.getUrl()).getHost();
            } catch (IllegalArgumentException invalid) {
                // no host to route by
            }
            return new TransportResult.Failed(startedAt, Duration.ofNanos(System.nanoTime() - start), target, e,
                    route(channel, host));
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

    /**
     * {@code Retry-After} is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); a date is read against
     * the answer's own {@code Date}, so a skewed provider clock does not skew the delay.
     */
    static Duration retryAfter(String value, Instant now) {
        String trimmed = value.strip();
        if (trimmed.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Instant at = parseDate(trimmed);
        if (at == null) {
            return null;
        }
        Duration delay = Duration.between(now, at);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    /** The last {@code Date} header read: it changes once a second, and parsing an HTTP date is not cheap. */
    private record ParsedDate(String value, Instant instant) {}

    private volatile ParsedDate lastDate = new ParsedDate("", null);

    private Instant responseDate(String value) {
        ParsedDate last = lastDate;
        if (last.value().equals(value)) {
            return last.instant();
        }
        Instant parsed = parseDate(value);
        lastDate = new ParsedDate(value, parsed);
        return parsed;
    }

    private static Instant parseDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
