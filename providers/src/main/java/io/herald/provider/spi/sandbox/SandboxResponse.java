package io.herald.provider.spi.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox answers to one request, with the verdict recorded alongside it.
 *
 * @param contentType {@code null} when there is no body
 * @param verdict     short reason kept in {@link ReceivedRequest#verdict()}
 * @param headers     extra response headers (e.g. {@code Retry-After}); never {@code null}
 */
public record SandboxResponse(
        int status, String contentType, String body, String verdict, Map<String, String> headers) {

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

    /** The same answer with another verdict (e.g. marked as shaped by an injected fault). */
    public SandboxResponse withVerdict(String newVerdict) {
        return new SandboxResponse(status, contentType, body, newVerdict, headers);
    }

    /** The reason phrase of an HTTP status ("Service Unavailable"), or "HTTP 5xx" for one without a common phrase. */
    public static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    /** The same answer with one more response header. */
    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SandboxResponse(status, contentType, body, verdict, more);
    }
}
