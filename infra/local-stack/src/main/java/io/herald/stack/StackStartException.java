package io.herald.stack;

import java.nio.file.Path;
import java.util.Optional;

/** A {@link LocalStack} component did not start; everything started before it has been stopped. */
public final class StackStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String component;
    private final transient Path log;

    StackStartException(String component, Path log, String reason, Throwable cause) {
        super(component + " failed to start: " + reason + (log == null ? "" : " — see " + log), cause);
        this.component = component;
        this.log = log;
    }

    public String component() {
        return component;
    }

    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }
}
