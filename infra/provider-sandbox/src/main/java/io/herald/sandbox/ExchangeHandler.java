package io.herald.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.herald.provider.spi.sandbox.Masking;
import io.herald.provider.spi.sandbox.QueryString;
import io.herald.provider.spi.sandbox.SandboxRequest;
import io.herald.provider.spi.sandbox.SandboxResponse;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP exchange of the sandbox: the admin API, an injected fault, or the provider's verifier; records
 * every request (credentials masked) and tells the receipt listeners.
 */
final class ExchangeHandler {

    static final String ADMIN_PREFIX = "/_sandbox/";
    /** The provider id records carry for a path no provider serves. */
    static final String UNKNOWN_PROVIDER = "unknown";
    /** Bodies longer than this are truncated in records (the answer is still based on the whole body). */
    static final int MAX_RECORDED_BODY_CHARS = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ProviderSandbox.class);

    private final Clock clock;
    private final Verifiers verifiers;
    private final RequestLog requests;
    private final FaultInjector faults;
    private final AdminHandler admin;
    private final List<Consumer<ReceivedRequest>> receiptListeners;

    ExchangeHandler(
            Clock clock,
            Verifiers verifiers,
            RequestLog requests,
            FaultInjector faults,
            AdminHandler admin,
            List<Consumer<ReceivedRequest>> receiptListeners) {
        this.clock = clock;
        this.verifiers = verifiers;
        this.requests = requests;
        this.faults = faults;
        this.admin = admin;
        this.receiptListeners = receiptListeners;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(ADMIN_PREFIX)) {
                respond(
                        exchange,
                        admin.handle(
                                exchange.getRequestMethod(),
                                path,
                                exchange.getRequestURI().getRawQuery(),
                                exchange.getRequestBody()));
                return;
            }
            SandboxRequest request = read(exchange);
            Optional<SandboxVerifier> provider = verifiers.serving(request.path());
            String providerId = provider.map(SandboxVerifier::provider).orElse(UNKNOWN_PROVIDER);
            Optional<FaultInjector.Taken> fault = faults.take(providerId, request.path());
            if (fault.isEmpty()) {
                SandboxResponse response = answer(request, provider);
                // Record before answering: once a client has its answer, the record is there for it to look at.
                record(request, providerId, response, null);
                respond(exchange, response);
                return;
            }
            answerFaulted(exchange, request, provider, fault.get());
        }
    }

    /**
     * A status or a reset stands in for the provider, which never sees the request; a pure delay lets the provider
     * verify and answer as usual, and holds its answer. Recorded with a verdict saying what the fault did.
     */
    private void answerFaulted(
            HttpExchange exchange,
            SandboxRequest request,
            Optional<SandboxVerifier> provider,
            FaultInjector.Taken taken)
            throws IOException {
        Fault fault = taken.fault();
        String providerId = provider.map(SandboxVerifier::provider).orElse(UNKNOWN_PROVIDER);
        SandboxResponse verified = fault.status() == null && !fault.reset() ? answer(request, provider) : null;
        if (fault.delay() != null && !pause(fault.delay())) {
            return; // the sandbox is closing: drop the exchange
        }
        String after = fault.delay() == null ? "" : " after " + fault.delay().toMillis() + " ms";
        if (fault.reset()) {
            SandboxResponse none = new SandboxResponse(0, null, null, "fault injected: connection reset" + after);
            record(request, providerId, none, taken.id());
            return; // closing the exchange without an answer closes the connection
        }
        SandboxResponse response = verified != null
                ? verified.withVerdict(verified.verdict() + ", fault injected: delayed "
                        + fault.delay().toMillis() + " ms")
                : faultAnswer(fault, provider)
                        .withVerdict(after.isEmpty() ? "fault injected" : "fault injected: " + fault.status() + after);
        record(request, providerId, response, taken.id());
        respond(exchange, response);
    }

    /** Sleeps on the request's own (virtual) thread; false when interrupted because the sandbox is closing. */
    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The given body and headers, else the provider's own error shape for the status, else its reason phrase. */
    private static SandboxResponse faultAnswer(Fault fault, Optional<SandboxVerifier> provider) {
        int status = fault.status();
        SandboxResponse answer;
        if (fault.body() != null) {
            String trimmed = fault.body().stripLeading();
            answer = trimmed.startsWith("{") || trimmed.startsWith("[")
                    ? SandboxResponse.json(status, fault.body(), "fault injected")
                    : SandboxResponse.text(status, fault.body(), "fault injected");
        } else {
            answer = provider.flatMap(p -> p.refusal(status))
                    .orElseGet(
                            () -> SandboxResponse.text(status, SandboxResponse.statusText(status), "fault injected"));
        }
        for (Map.Entry<String, String> header : fault.headers().entrySet()) {
            answer = answer.withHeader(header.getKey(), header.getValue());
        }
        return answer;
    }

    private SandboxResponse answer(SandboxRequest request, Optional<SandboxVerifier> provider) {
        if (provider.isEmpty()) {
            return SandboxResponse.json(404, "{\"error\":\"no provider is served at this path\"}", "no such endpoint");
        }
        try {
            return provider.get().handle(request);
        } catch (RuntimeException bug) {
            log.error(
                    "Sandbox handler for {} failed on {} {}",
                    provider.get().provider(),
                    request.method(),
                    verifiers.maskPath(request.path()),
                    bug);
            return SandboxResponse.json(500, "{\"error\":\"sandbox handler failed\"}", "sandbox error: " + bug);
        }
    }

    private SandboxRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new SandboxRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                rawQuery,
                QueryString.firstValues(rawQuery),
                headers,
                body,
                Instant.now(clock));
    }

    private void record(SandboxRequest request, String provider, SandboxResponse response, String faultId) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            String joined = String.join(", ", values);
            headers.put(name, Masking.isCredentialHeader(name) ? Masking.mask(joined) : joined);
        });
        String body = request.bodyText();
        if (body.length() > MAX_RECORDED_BODY_CHARS) {
            body = body.substring(0, MAX_RECORDED_BODY_CHARS) + "…[truncated, " + request.body().length
                    + " bytes in all]";
        }
        ReceivedRequest received = new ReceivedRequest(
                provider,
                request.receivedAt(),
                request.method(),
                verifiers.maskPath(request.path()),
                Masking.maskQuery(request.rawQuery()),
                headers,
                body,
                response.status(),
                response.body(),
                response.verdict(),
                faultId);
        requests.add(received);
        for (Consumer<ReceivedRequest> listener : receiptListeners) {
            try {
                listener.accept(received);
            } catch (RuntimeException e) {
                log.warn("A receipt listener failed on {} {}", request.method(), received.path(), e);
            }
        }
        if (log.isInfoEnabled()) {
            // guarded: the masked path and query are worked out per request, and `./herald bench` runs at WARN
            log.info(
                    "{} {} {}{} -> {} {}",
                    provider,
                    request.method(),
                    received.path(),
                    request.rawQuery() == null ? "" : "?" + Masking.maskQueryForLog(request.rawQuery()),
                    response.status(),
                    response.verdict());
        }
    }

    private static void respond(HttpExchange exchange, SandboxResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(headers::set);
        byte[] body = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
        if (response.contentType() != null && body.length > 0) {
            headers.set("Content-Type", response.contentType());
        }
        boolean noBody = body.length == 0 || response.status() == 204 || response.status() == 304;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
