package io.herald.ingest.http;

import io.herald.ingest.IngestProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits what one HTTP request may cost before its body is read, so no input can exhaust the heap: a body over
 * {@code herald.ingest.max-request-body} is answered 413 (from {@code Content-Length}, or once a chunked body passes
 * it); past {@code max-concurrent-requests} in flight, or {@code max-concurrent-large-requests} with a body over
 * {@link #LARGE_BODY} or chunked, 503 with {@code Retry-After}. Runs after Spring Security: a request without a valid
 * credential is answered 401 before it counts against any limit.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10)
class RequestLimitFilter extends OncePerRequestFilter {

    /** Seconds a caller turned away by the bulkhead should wait: requests here take milliseconds. */
    static final String BUSY_RETRY_AFTER = "1";
    /**
     * Bodies above this (bytes) count as large: a chat message is a few hundred bytes, a provider's limit ~20 KiB. A
     * large body costs a few MiB while processed (bytes, JSON tree, record), so only few are let in at once.
     */
    static final long LARGE_BODY = 64 * 1024;

    private final long maxBody;
    private final int maxConcurrent;
    private final int maxConcurrentLarge;
    private final Semaphore inFlight;
    private final Semaphore largeInFlight;

    RequestLimitFilter(IngestProperties properties) {
        this.maxBody = properties.maxRequestBody().toBytes();
        this.maxConcurrent = properties.maxConcurrentRequests();
        this.maxConcurrentLarge = properties.maxConcurrentLargeRequests();
        this.inFlight = new Semaphore(maxConcurrent);
        this.largeInFlight = new Semaphore(maxConcurrentLarge);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            Problems.write(
                    response,
                    Problems.bodyTooLarge(
                            maxBody, "is " + declared + " bytes (Content-Length)", request.getRequestURI()));
            return;
        }
        boolean bulkhead = request.getRequestURI().startsWith(NotificationController.PATH);
        boolean large = bulkhead && (declared < 0 || declared > LARGE_BODY);
        if (bulkhead && !inFlight.tryAcquire()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER);
            Problems.write(response, Problems.busy(maxConcurrent, "", request.getRequestURI()));
            return;
        }
        if (large && !largeInFlight.tryAcquire()) {
            inFlight.release();
            response.setHeader(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER);
            Problems.write(response, Problems.busy(maxConcurrentLarge, "-large", request.getRequestURI()));
            return;
        }
        try {
            chain.doFilter(new LimitedBody(request, maxBody), response);
        } catch (BodyTooLargeException e) {
            // a path without Herald's problem handler read past the limit
            if (!response.isCommitted()) {
                response.resetBuffer();
                Problems.write(response, Problems.bodyTooLarge(maxBody, e.getMessage(), request.getRequestURI()));
            }
        } finally {
            if (large) {
                largeInFlight.release();
            }
            if (bulkhead) {
                inFlight.release();
            }
        }
    }

    /** Requests being processed now, for tests. */
    int inFlight() {
        return maxConcurrent - inFlight.availablePermits();
    }

    /** Large requests being processed now, for tests. */
    int largeInFlight() {
        return maxConcurrentLarge - largeInFlight.availablePermits();
    }

    /** The request with a body that fails as soon as more than the limit is read. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            return new java.io.BufferedReader(new java.io.InputStreamReader(
                    getInputStream(), getCharacterEncoding() != null ? getCharacterEncoding() : "UTF-8"));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException("is more than " + limit + " bytes (read so far: " + read + ")");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
