package io.herald.stack;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

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

    /** The message a person reads for {@code e}: the cause under the wrappers, else its type's simple name. */
    static String reason(Throwable e) {
        Throwable shown = e;
        while ((shown instanceof UncheckedIOException || shown instanceof ExecutionException)
                && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage();
        return message == null || message.isBlank() ? shown.getClass().getSimpleName() : message;
    }
}
