package io.herald.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.sandbox.dingtalk.DingTalkRobotHandler;
import io.herald.sandbox.dingtalk.ErrmsgStyle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server on 127.0.0.1 that stands in for the providers Herald delivers to: it verifies each request exactly
 * as the provider documents, answers with the provider's real response shapes, and records every request (with a
 * verdict) for tests and for people ({@code GET /_sandbox/requests}).
 *
 * <p>Used in-process by the local stack and by tests, and standalone through {@link SandboxMain}. The injected
 * {@link Clock} is the provider's clock: signature windows and rate limits are judged against it and records are
 * stamped with it. (The HTTP {@code Date} header is set by the JDK server from the host clock; it cannot be
 * overridden.)
 *
 * <p>Providers are {@link ProviderHandler}s, one package each, registered in the constructor below.
 */
public final class ProviderSandbox implements AutoCloseable {

    public static final int DEFAULT_MAX_RECORDS = 10_000;
    static final String ADMIN_PREFIX = "/_sandbox/";
    /** Bodies longer than this are truncated in records (the answer is still based on the whole body). */
    static final int MAX_RECORDED_BODY_CHARS = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ProviderSandbox.class);

    private final Clock clock;
    private final JsonMapper json;
    private final RequestLog requests;
    private final FaultInjector faults = new FaultInjector();
    private final DingTalkRobotHandler dingTalk;
    private final List<ProviderHandler> providers;
    private final AdminHandler admin;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSandbox(int port, Clock clock, int maxRecords) throws IOException {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        this.requests = new RequestLog(maxRecords);
        this.dingTalk = new DingTalkRobotHandler(clock, json);
        // The one registration point: a new provider is a handler in its own package, added here.
        this.providers = List.of(dingTalk);
        this.admin = new AdminHandler(requests, json);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Starts a sandbox on 127.0.0.1; port 0 picks a free port. */
    public static ProviderSandbox start(int port, Clock clock) {
        return start(port, clock, DEFAULT_MAX_RECORDS);
    }

    /** As {@link #start(int, Clock)}, keeping at most {@code maxRecords} received requests (oldest dropped). */
    public static ProviderSandbox start(int port, Clock clock, int maxRecords) {
        try {
            return new ProviderSandbox(port, clock, maxRecords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider sandbox on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** {@code baseUri + "/dingtalk/robot/send"}: use it in place of {@code https://oapi.dingtalk.com/robot/send}. */
    public URI dingTalkEndpoint() {
        return baseUri().resolve(DingTalkRobotHandler.PATH);
    }

    /** Registers a DingTalk robot; a {@code null} or empty secret makes a robot without signing. */
    public void addDingTalkRobot(String accessToken, String secret) {
        dingTalk.addRobot(accessToken, secret);
    }

    /** Which generation of DingTalk's errmsg texts to answer with; {@link ErrmsgStyle#CURRENT} by default. */
    public void dingTalkErrmsgStyle(ErrmsgStyle style) {
        dingTalk.errmsgStyle(style);
    }

    /** Every request received so far, oldest first (at most the configured number of records). */
    public List<ReceivedRequest> received() {
        return requests.snapshot();
    }

    public void clearReceived() {
        requests.clear();
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get {@code httpStatus} and
     * {@code body} before any verification (e.g. 503 or 429 for retry tests). JSON-looking bodies are sent as
     * {@code application/json}, others as text.
     */
    public void injectFaults(String pathPrefix, int count, int httpStatus, String body) {
        faults.inject(pathPrefix, count, httpStatus, body);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith(ADMIN_PREFIX)) {
                String query = exchange.getRequestURI().getRawQuery();
                respond(exchange, admin.handle(exchange.getRequestMethod(), path, query));
                return;
            }
            SandboxRequest request = read(exchange);
            Optional<ProviderHandler> provider =
                    providers.stream().filter(p -> p.serves(request.path())).findFirst();
            SandboxResponse response = answer(request, provider);
            // Record before answering: once a client has its answer, the record is there for it to look at.
            record(request, provider.map(ProviderHandler::provider).orElse("unknown"), response);
            respond(exchange, response);
        }
    }

    private SandboxResponse answer(SandboxRequest request, Optional<ProviderHandler> provider) {
        Optional<FaultInjector.Fault> fault = faults.take(request.path());
        if (fault.isPresent()) {
            String body = fault.get().body();
            String trimmed = body.stripLeading();
            return trimmed.startsWith("{") || trimmed.startsWith("[")
                    ? SandboxResponse.json(fault.get().status(), body, "fault injected")
                    : SandboxResponse.text(fault.get().status(), body, "fault injected");
        }
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
                    request.path(),
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

    private void record(SandboxRequest request, String provider, SandboxResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            String joined = String.join(", ", values);
            headers.put(name, Masking.isCredentialHeader(name) ? Masking.mask(joined) : joined);
        });
        String body = request.bodyText();
        if (body.length() > MAX_RECORDED_BODY_CHARS) {
            body = body.substring(0, MAX_RECORDED_BODY_CHARS)
                    + "…[truncated, " + request.body().length + " bytes in all]";
        }
        requests.add(new ReceivedRequest(
                provider,
                request.receivedAt(),
                request.method(),
                request.path(),
                Masking.maskQuery(request.rawQuery()),
                headers,
                body,
                response.status(),
                response.body(),
                response.verdict()));
        log.info(
                "{} {} {}{} -> {} {}",
                provider,
                request.method(),
                request.path(),
                request.rawQuery() == null ? "" : "?" + Masking.maskQueryForLog(request.rawQuery()),
                response.status(),
                response.verdict());
    }

    private static void respond(HttpExchange exchange, SandboxResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
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
