package io.herald.provider.spi.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request as a provider handler sees it: method, path, the query parameters decoded the way a typical server
 * decodes them ({@link QueryString}), headers and the raw body. Handlers never touch the HTTP exchange.
 *
 * @param params     decoded query parameters; for a repeated name only the first occurrence counts, like a
 *                   servlet's {@code getParameter}
 * @param headers    header name to all its values, as received
 * @param receivedAt arrival time on the sandbox clock
 */
public record SandboxRequest(
        String method,
        String path,
        String rawQuery,
        Map<String, String> params,
        Map<String, List<String>> headers,
        byte[] body,
        Instant receivedAt) {

    /** The decoded value of a query parameter, or {@code null} when absent. */
    public String param(String name) {
        return params.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
