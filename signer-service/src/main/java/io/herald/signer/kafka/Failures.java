package io.herald.signer.kafka;

import io.herald.contract.redaction.Redaction;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/** Short, secret-free descriptions of listener failures for log lines. */
final class Failures {

    private Failures() {}

    /** The failure the listener raised, without the container's wrapper nor the batch listener's index. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ListenerExecutionFailedException || t.getClass() == BatchListenerFailedException.class)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code ExceptionType: message} of the unwrapped failure and its causes, credentials masked. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable t = unwrap(failure);
        for (int depth = 0; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return Redaction.text(text.toString());
    }
}
