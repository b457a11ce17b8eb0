package io.herald.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Canned failures for retry tests: the next {@code count} requests under a path prefix get a fixed status and body
 * before any verification. Rules are used in the order they were added; each is dropped once used up.
 */
final class FaultInjector {

    record Fault(int status, String body, Map<String, String> headers) {}

    private static final class Rule {
        final String pathPrefix;
        final Fault fault;
        int remaining;

        Rule(String pathPrefix, int remaining, Fault fault) {
            this.pathPrefix = pathPrefix;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    synchronized void inject(String pathPrefix, int count, int httpStatus, String body, Map<String, String> headers) {
        if (pathPrefix == null || !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with '/', was " + pathPrefix);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (httpStatus < 200 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be 200..599, was " + httpStatus);
        }
        rules.add(new Rule(pathPrefix, count, new Fault(httpStatus, body == null ? "" : body, Map.copyOf(headers))));
    }

    /** Takes one use of the first rule matching the path, if any. */
    synchronized Optional<Fault> take(String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule rule = it.next();
            if (path.startsWith(rule.pathPrefix)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return Optional.of(rule.fault);
            }
        }
        return Optional.empty();
    }

    synchronized void clear() {
        rules.clear();
    }
}
