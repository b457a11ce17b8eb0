package io.herald.stack;

import io.herald.sandbox.CatalogRegistration;
import io.herald.sandbox.ProviderSandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The provider sandbox, run inside the launcher's JVM (so tests can inspect what it received and inject
 * faults), with the configured DingTalk robots registered, and every channel of the stack's catalog that points at it
 * ({@link #serve}). Ready when {@code GET /_sandbox/requests} answers.
 */
final class SandboxComponent implements Component {

    private final int port;
    private final List<Consumer<ProviderSandbox>> setups;
    private final int maxRecords;
    private ProviderSandbox sandbox;

    SandboxComponent(int port, List<Consumer<ProviderSandbox>> setups, int maxRecords) {
        this.port = port;
        this.setups = List.copyOf(setups);
        this.maxRecords = maxRecords;
    }

    ProviderSandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the provider sandbox is not running");
        }
        return sandbox;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public void launch() {
        sandbox = ProviderSandbox.start(port, Clock.systemUTC(), maxRecords);
        setups.forEach(setup -> setup.accept(sandbox));
    }

    /**
     * Serves every channel of {@code catalog} whose endpoint is this sandbox, with the credentials its references
     * resolve to in {@code environment} (as the signer resolves them); the stack's sandbox set-ups run again after it, so
     * a test's own set-up (e.g. a robot whose real secret differs from the catalog's) wins.
     *
     * @throws IllegalArgumentException naming every channel property that cannot be served
     */
    CatalogRegistration serve(Path catalog, Function<String, String> environment) {
        CatalogRegistration registration = sandbox().registerCatalog(catalog, environment, sandbox.baseUri());
        setups.forEach(setup -> setup.accept(sandbox));
        return registration;
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until(
                "provider sandbox at " + address(),
                deadline,
                () -> {},
                () -> Http.get(address() + "/_sandbox/requests").status() == 200);
    }

    @Override
    public String address() {
        return sandbox == null ? "http://127.0.0.1:" + port : sandbox.baseUri().toString();
    }

    @Override
    public Optional<Path> log() {
        return Optional.empty();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public boolean isRunning() {
        return sandbox != null;
    }

    @Override
    public boolean stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
        return false;
    }
}
