package io.herald.signer.signing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an unsignable catalog as a short list instead of a stack trace when the signer fails to start. */
public class UnsignableCatalogFailureAnalyzer extends AbstractFailureAnalyzer<UnsignableCatalogException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsignableCatalogException cause) {
        return new FailureAnalysis(
                "The channel catalog has channels this signer cannot sign:\n  - "
                        + String.join("\n  - ", cause.problems()),
                "Fix the named properties in the channel catalog (herald.channels-file), or set the environment "
                        + "variables and create the files its credential references point to.",
                cause);
    }
}
