package io.herald.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sandbox does wrong on purpose, for chaos and retry tests ({@link ProviderSandbox#injectFault}, or
 * {@code POST /_sandbox/faults}): requests matching {@code provider} and/or {@code pathPrefix} (neither: every provider
 * request) get a status, a delay or a reset, until {@code count} requests or {@code duration}, whichever comes first
 * (neither: until cleared). The constructor's messages name the field as the HTTP API spells it and never echo a path
 * (it may hold a credential).
 *
 * @param provider   provider id ("webhook", "dingtalk", ...), or {@code null} for any
 * @param pathPrefix request paths starting with this (e.g. {@code /webhook/orders}), or {@code null} for any
 * @param status     HTTP status to answer with, 200..599, without asking the provider; its own error body for the
 *                   status where one exists (429: rate limit, 5xx: "system busy"), or {@code null}
 * @param delay      how long to hold the answer (the provider answers as usual); before a status or reset, the
 *                   provider never sees the request (a gateway timing out), or {@code null}
 * @param reset      close the connection without an answer (what a dying proxy looks like to the client)
 * @param body       answer body instead of the provider's error shape; only with a status
 * @param headers    extra answer headers (e.g. {@code Retry-After}); only with a status
 * @param count      requests it applies to before it ends, or {@code null} for no limit
 * @param duration   how long it lasts from injection, or {@code null} for no limit
 */
public record Fault(
        String provider,
        String pathPrefix,
        Integer status,
        Duration delay,
        boolean reset,
        String body,
        Map<String, String> headers,
        Integer count,
        Duration duration) {

    /** Longest delay a fault may hold an answer: longer than any client's timeout, shorter than a test run. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Set by the server from the answer itself; a fault setting them would corrupt the HTTP framing. */
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding", "connection");

    public Fault {
        if (headers != null) {
            headers.forEach(Fault::checkHeader);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (pathPrefix != null && !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with '/'");
        }
        if (pathPrefix != null && pathPrefix.startsWith(ExchangeHandler.ADMIN_PREFIX)) {
            throw new IllegalArgumentException("pathPrefix must not be under " + ExchangeHandler.ADMIN_PREFIX
                    + " (the sandbox's own endpoints are never faulted)");
        }
        if (status == null && delay == null && !reset) {
            throw new IllegalArgumentException("a fault needs status, delayMs or reset");
        }
        if (status != null && (status < 200 || status > 599)) {
            throw new IllegalArgumentException("status must be 200..599, was " + status);
        }
        if (status != null && reset) {
            throw new IllegalArgumentException("status and reset exclude each other: a reset sends no answer");
        }
        if (delay != null && (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_DELAY) > 0)) {
            throw new IllegalArgumentException(
                    "delayMs must be 1.." + MAX_DELAY.toMillis() + ", was " + delay.toMillis());
        }
        if (status == null && body != null) {
            throw new IllegalArgumentException("body needs a status (the provider answers otherwise)");
        }
        if (status == null && !headers.isEmpty()) {
            throw new IllegalArgumentException("headers need a status (the provider answers otherwise)");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("durationMs must be at least 1, was " + duration.toMillis());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this fault applies to a request for {@code path} served by {@code requestProvider}. */
    boolean matches(String requestProvider, String path) {
        return (provider == null || provider.equals(requestProvider))
                && (pathPrefix == null || path.startsWith(pathPrefix));
    }

    private static void checkHeader(String name, String value) {
        if (name == null || !HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("headers: a header name must be an HTTP token of 1..100 characters");
        }
        if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("headers." + name + ": is set by the server, not by a fault");
        }
        if (value == null || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException("headers." + name + ": must be text without control characters");
        }
    }

    /** Builds a {@link Fault}; {@link #build()} checks it. */
    public static final class Builder {

        private String provider;
        private String pathPrefix;
        private Integer status;
        private Duration delay;
        private boolean reset;
        private String body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Integer count;
        private Duration duration;

        private Builder() {}

        /** Only requests to this provider ("webhook", "dingtalk", ...). */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** Only requests whose path starts with this. */
        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public Builder reset() {
            this.reset = true;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Ends after this many requests. */
        public Builder count(int count) {
            this.count = count;
            return this;
        }

        /** Ends this long after injection. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Fault build() {
            return new Fault(provider, pathPrefix, status, delay, reset, body, headers, count, duration);
        }
    }
}
