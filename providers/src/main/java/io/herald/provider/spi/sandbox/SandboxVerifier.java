package io.herald.provider.spi.sandbox;

import java.util.Optional;

/**
 * One emulated provider endpoint of the provider sandbox, made by the provider's plug-in
 * ({@code io.herald.provider.<name>.sandbox}). It verifies requests exactly as the provider documents, with code of
 * its own (never the signer's), and answers with the provider's real response shapes. Called concurrently.
 */
public interface SandboxVerifier {

    /** Provider id used in records and in {@code GET /_sandbox/requests?provider=}, e.g. "dingtalk". */
    String provider();

    /** Whether this verifier serves the given request path. */
    boolean serves(String path);

    /** The path of the provider's endpoint on the sandbox, e.g. {@code /dingtalk/robot/send}, or the prefix to append to. */
    String endpointPath();

    /**
     * Reads one catalog channel whose endpoint is the sandbox: checks its endpoint path and credentials (reporting
     * every problem through {@link SandboxChannel#problem}) and returns the registration to make once the whole
     * catalog is valid, or empty when there were problems.
     */
    Optional<Runnable> registration(SandboxChannel channel);

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
