package io.herald.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox answers to one request, with the verdict recorded alongside it.
 *
 * @param contentType {@code null} when there is no body
 * @param verdict     short reason kept in {@link ReceivedRequest#verdict()}
 * @param headers     extra response headers (e.g. {@code Retry-After}); never {@code null}
 */
public record SandboxResponse(int status, String contentType, String body, String verdict, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public SandboxResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public SandboxResponse(int status, String contentType, String body, String verdict) {
        this(status, contentType, body, verdict, Map.of());
    }

    public static SandboxResponse json(int status, String body, String verdict) {
        return new SandboxResponse(status, JSON, body, verdict);
    }

    public static SandboxResponse text(int status, String body, String verdict) {
        return new SandboxResponse(status, "text/plain; charset=utf-8", body, verdict);
    }

    /** The same answer with one more response header. */
    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SandboxResponse(status, contentType, body, verdict, more);
    }
}
