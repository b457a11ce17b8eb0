package io.herald.dispatcher.transport;

import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.dispatcher.network.TlsProfiles;
import io.herald.schema.HttpCall;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
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
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a signed request exactly as the signer built it (method, URL, headers, body bytes) over HTTP/1.1 with
 * Apache HttpClient 5's blocking client on the caller's (virtual) thread, and reports the answer or the failure
 * with its latency. It never follows redirects (a redirect would resend a signed request somewhere the signer
 * did not sign for), never retries on its own (a signed POST is sent once per try) and never judges the answer:
 * that is {@code DeliveryClassifier}'s job.
 *
 * <p>Why this client: the dispatcher sends one request per delivery, and measured on this project's machine the
 * JDK {@code HttpClient} spent ≈ 170 µs of CPU per request (its selector thread, executor hand-offs and futures)
 * against ≈ 45 µs for this blocking client on virtual threads (docs/performance.md). Its failures are reported
 * as the JDK's timeout types ({@link HttpConnectTimeoutException}, {@link HttpTimeoutException}) so the
 * classifier reads one vocabulary.
 */
public class HttpTransport implements AutoCloseable {

    /**
     * Headers the client sets itself from the URL and the body; taking them from the signed request as well
     * would send them twice (or refuse the request), and leaving them out changes nothing the provider sees.
     */
    private static final Set<String> CLIENT_MANAGED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    /** Methods sent without a body when the signed body is empty; any other gets {@code Content-Length: 0}. */
    private static final Set<String> BODILESS_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxConnectionsPerHost;
    private final Clock clock;
    private final TlsProfiles tls;
    private final ProxyRoutes proxies;
    /** One client (and connection pool) per TLS profile, built on first use. */
    private final Map<String, CloseableHttpClient> clientsByProfile = new ConcurrentHashMap<>();

    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this(connectTimeout, requestTimeout, clock, null, null, 64);
    }

    /**
     * @param tls TLS profiles per channel and host, {@code null} for the JDK defaults
     * @param proxies proxy routes, {@code null} for direct connections
     * @param maxConnectionsPerHost kept-alive connections per host and route: the bulkhead's limit, so a request the
     *        bulkhead let through never waits for a connection
     */
    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock, TlsProfiles tls,
            ProxyRoutes proxies, int maxConnectionsPerHost) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxConnectionsPerHost = maxConnectionsPerHost;
        this.clock = clock;
        this.tls = tls;
        this.proxies = proxies;
    }

    /** The client for a channel's TLS profile. */
    private CloseableHttpClient clientFor(String channel, String host) {
        if (tls == null) {
            return clientsByProfile.computeIfAbsent("default", name -> build(null));
        }
        TlsProfiles.TlsProfile profile = tls.profileFor(channel, host);
        return clientsByProfile.computeIfAbsent(profile.name(), name -> build(profile));
    }

    private CloseableHttpClient build(TlsProfiles.TlsProfile profile) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(maxConnectionsPerHost)
                .setMaxConnTotal(maxConnectionsPerHost * 16)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        // a kept-alive connection idle this long is checked before reuse: a provider that closed it
                        // would otherwise fail the try with "no response"
                        .setValidateAfterInactivity(Timeout.ofSeconds(1))
                        .build());
        // the profile's protocols and suites, or the JDK's defaults (javax.net.ssl.* system properties honoured); the
        // host name is checked by JSSE ("HTTPS" endpoint identification), as the JDK client does
        pool.setTlsSocketStrategy(profile == null ? DefaultClientTlsStrategy.createSystemDefault()
                : new DefaultClientTlsStrategy(profile.context(), profile.parameters().getProtocols(),
                        profile.parameters().getCipherSuites(), SSLBufferMode.STATIC, HostnameVerificationPolicy.BUILTIN,
                        null));
        var client = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching();
        // without any proxy configured, the client's default planner routes every request direct, as the proxy routes
        // would, without building a URI per request to ask them
        if (proxies != null && !proxies.directOnly()) {
            client.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        }
        return client.build();
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
     * Sends the request and waits for the whole answer (at most the request timeout between the request and the
     * answer's first bytes, and between any two reads of it).
     *
     * @throws InterruptedException when the listener is stopped mid-send; nothing is recorded then
     */
    public TransportResult send(String channel, HttpCall call) throws InterruptedException {
        return send(channel, call, Target.of(call.getUrl()));
    }

    /**
     * As {@link #send(String, HttpCall)}, with the call's URL already parsed.
     *
     * @param target {@code Target.of(call.getUrl())}
     */
    public TransportResult send(String channel, HttpCall call, Target target) throws InterruptedException {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        try {
            URI uri = target.uri();
            Received received = clientFor(channel, uri.getHost()).execute(request(uri, call), HttpTransport::receive);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Instant responseDate = received.date() == null ? null : responseDate(received.date());
            ProviderAnswer answer = new ProviderAnswer(received.status(), received.contentType(), received.body(),
                    received.retryAfter() == null ? null
                            : retryAfter(received.retryAfter(), responseDate != null ? responseDate : clock.instant()));
            return new TransportResult.Answered(startedAt, latency, answer, responseDate);
        } catch (IOException | RuntimeException e) {
            // named only on failure: redacting the URL is work a delivered request does not need
            String named = target.hostAndPort() != null ? target.hostAndPort() : Redaction.url(call.getUrl());
            if (Thread.interrupted()) {
                // a blocked virtual thread that is interrupted sees its socket closed: that is a stop, not a failure
                throw new InterruptedException("stopped while sending to " + named);
            }
            return new TransportResult.Failed(startedAt, Duration.ofNanos(System.nanoTime() - start), named,
                    asJdkFailure(e), route(channel, target.host()));
        }
    }

    /** What is kept of an answer: read inside the client's handler, so the connection goes back to the pool. */
    private record Received(int status, String contentType, byte[] body, String date, String retryAfter) {}

    private static Received receive(ClassicHttpResponse response) throws IOException {
        byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        return new Received(response.getCode(), value(response.getFirstHeader("Content-Type")), body,
                value(response.getFirstHeader("Date")), value(response.getFirstHeader("Retry-After")));
    }

    private static String value(Header header) {
        return header == null ? null : header.getValue();
    }

    /** Timeouts as the JDK's types, which the classifier knows; anything else as it came. */
    private static Throwable asJdkFailure(Exception e) {
        if (e instanceof ConnectTimeoutException) {
            HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("HTTP connect timed out");
            timeout.initCause(e);
            return timeout;
        }
        if (e instanceof SocketTimeoutException || e.getClass() == InterruptedIOException.class) {
            HttpTimeoutException timeout = new HttpTimeoutException("request timed out");
            timeout.initCause(e);
            return timeout;
        }
        return e;
    }

    private static HttpUriRequestBase request(URI uri, HttpCall call) {
        byte[] body = bytes(call.getBody());
        HttpUriRequestBase request = new HttpUriRequestBase(call.getMethod(), uri);
        if (body.length > 0 || !BODILESS_METHODS.contains(call.getMethod().toUpperCase(Locale.ROOT))) {
            // no content type here: the signed request's own Content-Type header is the one sent
            request.setEntity(new ByteArrayEntity(body, null));
        }
        for (Map.Entry<String, String> header : call.getHeaders().entrySet()) {
            if (!CLIENT_MANAGED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                request.addHeader(header.getKey(), header.getValue());
            }
        }
        return request;
    }

    /**
     * The body's bytes: the buffer's own array when the buffer spans all of it (as Avro decodes a {@code bytes}
     * field), so the body is not copied for every send; otherwise a copy. Nothing writes to either.
     */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
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

    @Override
    public void close() {
        clientsByProfile.values().forEach(client -> {
            try {
                client.close();
            } catch (IOException e) {
                // closing idle connections: nothing to do about a failure
            }
        });
    }
}
