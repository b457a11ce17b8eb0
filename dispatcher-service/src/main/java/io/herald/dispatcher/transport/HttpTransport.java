package io.herald.dispatcher.transport;

import io.herald.contract.redaction.Redaction;
import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.dispatcher.network.TlsProfiles;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.HttpCall;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Sends a signed request exactly as the signer built it (method, URL, headers, body bytes) and reports the answer or
 * the failure with its latency, never judging it ({@code DeliveryClassifier} does). It never follows redirects (that
 * would resend a signed request somewhere the signer did not sign for) nor retries (a signed POST is sent once per
 * try). Apache HttpClient 5's blocking client on the caller's virtual thread, because it costs far less CPU per
 * request than the JDK {@code HttpClient} (docs/performance.md).
 */
public class HttpTransport implements AutoCloseable {

    private final Clock clock;
    private final ProfileClients clients;

    public HttpTransport(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this(connectTimeout, requestTimeout, clock, null, null, 64);
    }

    /**
     * @param tls TLS profiles per channel and host, {@code null} for the JDK defaults
     * @param proxies proxy routes, {@code null} for direct connections
     * @param maxConnectionsPerHost kept-alive connections per host and route: the bulkhead's limit, so a request the
     *        bulkhead let through never waits for a connection
     */
    public HttpTransport(
            Duration connectTimeout,
            Duration requestTimeout,
            Clock clock,
            TlsProfiles tls,
            ProxyRoutes proxies,
            int maxConnectionsPerHost) {
        this.clock = clock;
        this.clients = new ProfileClients(connectTimeout, requestTimeout, tls, proxies, maxConnectionsPerHost);
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
            Received received = clients.clientFor(channel, uri.getHost())
                    .execute(SignedRequests.request(uri, call), HttpTransport::receive);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Instant responseDate = received.date() == null ? null : responseDate(received.date());
            ProviderAnswer answer = new ProviderAnswer(
                    received.status(),
                    received.contentType(),
                    received.body(),
                    received.retryAfter() == null
                            ? null
                            : retryAfter(received.retryAfter(), responseDate != null ? responseDate : clock.instant()));
            return new TransportResult.Answered(startedAt, latency, answer, responseDate);
        } catch (IOException | RuntimeException e) {
            // named only on failure: redacting the URL is work a delivered request does not need
            String named = target.hostAndPort() != null ? target.hostAndPort() : Redaction.url(call.getUrl());
            if (Thread.interrupted()) {
                // a blocked virtual thread that is interrupted sees its socket closed: that is a stop, not a failure
                throw new InterruptedException("stopped while sending to " + named);
            }
            return new TransportResult.Failed(
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - start),
                    named,
                    asJdkFailure(e),
                    clients.route(channel, target.host()));
        }
    }

    /** What is kept of an answer: read inside the client's handler, so the connection goes back to the pool. */
    private record Received(int status, String contentType, byte[] body, String date, String retryAfter) {}

    private static Received receive(ClassicHttpResponse response) throws IOException {
        byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
        return new Received(
                response.getCode(),
                value(response.getFirstHeader("Content-Type")),
                body,
                value(response.getFirstHeader("Date")),
                value(response.getFirstHeader("Retry-After")));
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
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
