package io.herald.sandbox;

import java.util.Optional;

/**
 * One emulated provider endpoint. Each provider lives in its own package (e.g. {@code io.herald.sandbox.dingtalk})
 * and is registered in {@link ProviderSandbox}'s constructor, the only registration point.
 *
 * <p>Handlers are called concurrently and must be thread-safe. They verify the request exactly as the provider
 * documents and answer with the provider's real response shapes.
 */
public interface ProviderHandler {

    /** Provider id used in records and in {@code GET /_sandbox/requests?provider=}, e.g. "dingtalk". */
    String provider();

    /** Whether this handler serves the given request path. */
    boolean serves(String path);

    SandboxResponse handle(SandboxRequest request);

    /**
     * The provider's own answer with HTTP {@code status} when it turns a request away before looking at it (what an
     * injected status fault answers): its rate-limit answer for 429, its "system busy" answer for a 5xx. Empty when
     * the provider documents no shape for that status; the sandbox then answers the plain reason phrase.
     */
    default Optional<SandboxResponse> refusal(int status) {
        return Optional.empty();
    }

    /**
     * The path as it may be recorded and logged: providers that carry a credential in the path (Feishu's hook
     * token, Slack's webhook secret) mask it here. Query parameters and credential headers are masked centrally.
     */
    default String maskPath(String path) {
        return path;
    }
}
