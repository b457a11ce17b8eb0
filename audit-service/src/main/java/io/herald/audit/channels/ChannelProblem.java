package io.herald.audit.channels;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A channel request that cannot be done, answered as {@code application/problem+json} with this status. Messages name
 * JSON properties and never hold a submitted secret.
 *
 * @param problems each {@code property: message}, for requests with one or more invalid properties
 */
final class ChannelProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<String> problems;

    private ChannelProblem(HttpStatus status, String title, String detail, List<String> problems) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.problems = List.copyOf(problems);
    }

    static ChannelProblem invalid(List<String> problems) {
        return new ChannelProblem(HttpStatus.BAD_REQUEST, "Invalid channel", String.join("; ", problems), problems);
    }

    static ChannelProblem invalid(String property, String message) {
        return invalid(List.of(property + ": " + message));
    }

    /** A property the caller may not set to this value (its tenants). */
    static ChannelProblem forbidden(String property, String message) {
        return new ChannelProblem(
                HttpStatus.FORBIDDEN, "Not allowed", property + ": " + message, List.of(property + ": " + message));
    }

    static ChannelProblem of(HttpStatus status, String title, String detail) {
        return new ChannelProblem(status, title, detail, List.of());
    }

    static ChannelProblem notFound(String name) {
        return of(HttpStatus.NOT_FOUND, "Unknown channel", "no channel named '" + name + "'");
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    List<String> problems() {
        return problems;
    }
}
