package io.herald.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP server on 127.0.0.1 that stands in for the providers Herald delivers to: each provider's verifier (made by
 * its plug-in, {@link ProviderPlugin#sandboxVerifier}) checks requests exactly as the provider documents and answers in
 * its real shapes; every request is recorded with a verdict ({@code GET /_sandbox/requests}). Also the fault
 * injector of chaos tests ({@link #injectFault}). Runs in the local stack and tests, or alone ({@link SandboxMain}).
 */
public final class ProviderSandbox implements AutoCloseable {

    public static final int DEFAULT_MAX_RECORDS = 10_000;

    private final RequestLog requests;
    private final FaultInjector faults;
    private final Verifiers verifiers;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Consumer<ReceivedRequest>> receiptListeners = new CopyOnWriteArrayList<>();

    private ProviderSandbox(String host, int port, Clock clock, int maxRecords) throws IOException {
        Objects.requireNonNull(clock, "clock");
        JsonMapper json = JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        this.requests = new RequestLog(maxRecords);
        this.faults = new FaultInjector(clock, System::nanoTime);
        this.verifiers = new Verifiers(clock, json);
        ExchangeHandler handler = new ExchangeHandler(
                clock, verifiers, requests, faults, new AdminHandler(this, requests, json), receiptListeners);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler::handle);
        server.start();
    }

    /**
     * Starts a sandbox on 127.0.0.1; port 0 picks a free port. {@code clock} is the providers' clock: signature windows
     * and rate limits are judged and records stamped with it (the HTTP {@code Date} header is the JDK server's, from
     * the host clock; it cannot be overridden).
     */
    public static ProviderSandbox start(int port, Clock clock) {
        return start(port, clock, DEFAULT_MAX_RECORDS);
    }

    /** As {@link #start(int, Clock)}, keeping at most {@code maxRecords} received requests (oldest dropped). */
    public static ProviderSandbox start(int port, Clock clock, int maxRecords) {
        return start("127.0.0.1", port, clock, maxRecords);
    }

    /**
     * As {@link #start(int, Clock, int)} on another address, e.g. "0.0.0.0" in a container. {@link #baseUri()} still
     * names 127.0.0.1 (the address a client on the same host uses).
     */
    public static ProviderSandbox start(String host, int port, Clock clock, int maxRecords) {
        try {
            return new ProviderSandbox(host, port, clock, maxRecords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the provider sandbox on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * The URL of a provider's endpoint on the sandbox, {@code baseUri + endpointPath}, e.g. {@code /dingtalk/robot/send}
     * in place of {@code https://oapi.dingtalk.com/robot/send}; for providers served under a prefix
     * ({@code /feishu/open-apis/bot/v2/hook/}) that prefix.
     */
    public URI endpoint(String provider) {
        return baseUri().resolve(verifierOf(provider).endpointPath());
    }

    /** The URL of one endpoint under a provider's prefix, e.g. a Feishu bot's hook token or a Slack webhook's path. */
    public URI endpoint(String provider, String rest) {
        String prefix = verifierOf(provider).endpointPath();
        String tail = prefix.endsWith("/") && rest.startsWith("/") ? rest.substring(1) : rest;
        return baseUri().resolve(prefix + tail);
    }

    /** The verifier of a provider, for its own set-up methods: {@code verifier(DingTalkRobotVerifier.class).addRobot(…)}. */
    public <T extends SandboxVerifier> T verifier(Class<T> type) {
        return verifiers
                .ofType(type)
                .orElseThrow(() -> new IllegalArgumentException("the sandbox has no " + type.getSimpleName()));
    }

    /** The verifier serving a provider id, e.g. "dingtalk". */
    public Optional<SandboxVerifier> verifierFor(String provider) {
        return verifiers.forProvider(provider);
    }

    private SandboxVerifier verifierOf(String provider) {
        return verifierFor(provider)
                .orElseThrow(() -> new IllegalArgumentException(
                        "provider must be one of " + providerIds() + ", was '" + provider + "'"));
    }

    /**
     * Serves the channels of a Herald channel catalog file whose endpoint is this sandbox ({@code {{sandbox}}} in an
     * endpoint stands for {@link #baseUri()}), with credentials resolved from the process environment. See
     * {@link #registerCatalogContent(String, String, Function, URI)}.
     */
    public CatalogRegistration registerCatalog(Path file) {
        return registerCatalog(file, System::getenv);
    }

    /** As {@link #registerCatalog(Path)}, resolving {@code env:} references with {@code environment}. */
    public CatalogRegistration registerCatalog(Path file, Function<String, String> environment) {
        return registerCatalog(file, environment, baseUri());
    }

    /**
     * As {@link #registerCatalog(Path, Function)} for a sandbox the catalog's services reach at {@code sandboxUrl}
     * (e.g. {@code http://sandbox:18080} in a container network).
     */
    public CatalogRegistration registerCatalog(Path file, Function<String, String> environment, URI sandboxUrl) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the channel catalog " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return registerCatalogContent(yaml, file.toString(), environment, sandboxUrl);
    }

    /**
     * Makes this sandbox accept every channel of a Herald channel catalog (the YAML of {@code config/channels.yml})
     * whose endpoint is on {@code sandboxUrl}: each channel's DingTalk robot, Feishu bot, WeCom key, Slack webhook,
     * Standard Webhooks endpoint, Tencent Cloud or DogeCloud key is registered with the credentials its
     * {@code env:}/{@code file:} references resolve to, as the signer resolves them. {@code {{sandbox}}} in the
     * catalog stands for {@code sandboxUrl}. Channels elsewhere are skipped with one log line each.
     *
     * @param source      names the catalog in messages, e.g. its file name
     * @param environment looks up an environment variable for {@code env:} references ({@code null} when unset)
     * @param sandboxUrl  this sandbox's URL as the catalog's services reach it, usually {@link #baseUri()}
     * @return which channels are served and which were skipped
     * @throws IllegalArgumentException when the catalog cannot be served (not YAML, an unknown provider, a missing or
     *     unresolvable credential, an endpoint path the sandbox does not serve): every problem named with its
     *     property, e.g. {@code herald.channels.ops.credentials.secret: environment variable X is not set}; nothing
     *     is registered then
     */
    public CatalogRegistration registerCatalogContent(
            String yaml, String source, Function<String, String> environment, URI sandboxUrl) {
        return CatalogRegistrar.register(
                this,
                Objects.requireNonNull(yaml, "yaml"),
                source,
                Objects.requireNonNull(environment, "environment"),
                Objects.requireNonNull(sandboxUrl, "sandboxUrl"));
    }

    /** Every request received so far, oldest first (at most the configured number of records). */
    public List<ReceivedRequest> received() {
        return requests.snapshot();
    }

    public void clearReceived() {
        requests.clear();
    }

    /**
     * Calls {@code listener} with every provider request as it is recorded: on the request's own thread, after the
     * verdict and before the answer is sent. Lets a caller see every request even when there are far more than the
     * record keeps (a benchmark matching 100,000 receipts to their sends). The listener must be quick and
     * thread-safe; an exception it throws is logged and does not change the answer.
     */
    public void onReceipt(Consumer<ReceivedRequest> listener) {
        receiptListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Injects a fault (see {@link Fault}): from now on, requests it matches are answered with a status, delayed or
     * cut off, until it ends or is cleared. Faults are tried oldest first; a request takes the first that matches.
     *
     * @return the fault's id, e.g. {@code "f3"}, for {@link #clearFault} and the records' {@code fault}
     * @throws IllegalArgumentException naming the field, e.g. for a provider the sandbox does not serve
     */
    public String injectFault(Fault fault) {
        return inject(fault).id();
    }

    /** As {@link #injectFault}, answering the injected fault as it stands (the admin API shows it). */
    ActiveFault inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (fault.provider() != null && verifierFor(fault.provider()).isEmpty()) {
            String shown = fault.provider().length() > 40 ? fault.provider().substring(0, 40) + "…" : fault.provider();
            throw new IllegalArgumentException("provider must be one of " + providerIds() + ", was '" + shown + "'");
        }
        return faults.inject(fault);
    }

    /** The faults in force now, oldest first, with how many requests each hit. */
    public List<ActiveFault> faults() {
        return faults.list();
    }

    /** Ends one fault now; its last state, or empty when no such fault is in force (ended or never injected). */
    public Optional<ActiveFault> clearFault(String id) {
        return faults.clear(id);
    }

    /** Ends every injected fault now (e.g. the end of a simulated outage); their last states. */
    public List<ActiveFault> clearFaults() {
        return faults.clearAll();
    }

    /**
     * The next {@code count} requests whose path starts with {@code pathPrefix} get {@code httpStatus} and
     * {@code body} before any verification (e.g. 503 or 429 for retry tests). JSON-looking bodies are sent as
     * {@code application/json}, others as text. A {@code null} body answers the provider's own error shape for the
     * status, as {@link Fault} does.
     */
    public void injectFaults(String pathPrefix, int count, int httpStatus, String body) {
        injectFaults(pathPrefix, count, httpStatus, body, Map.of());
    }

    /** As {@link #injectFaults(String, int, int, String)}, with response headers such as {@code Retry-After}. */
    public void injectFaults(String pathPrefix, int count, int httpStatus, String body, Map<String, String> headers) {
        if (pathPrefix == null) {
            throw new IllegalArgumentException("pathPrefix must start with '/'");
        }
        injectFault(new Fault(null, pathPrefix, httpStatus, null, false, body, headers, count, null));
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

    /** The provider ids served, for messages: {@code dingtalk, feishu, …}. */
    String providerIds() {
        return verifiers.ids();
    }

    /** The path as records, logs and the admin API may show it: a credential in it (a hook token) masked. */
    String maskPath(String path) {
        return verifiers.maskPath(path);
    }
}
