package io.herald.sandbox;

/**
 * What the sandbox answers to one request, with the verdict recorded alongside it.
 *
 * @param contentType {@code null} when there is no body
 * @param verdict     short reason kept in {@link ReceivedRequest#verdict()}
 */
public record SandboxResponse(int status, String contentType, String body, String verdict) {

    public static final String JSON = "application/json";

    public static SandboxResponse json(int status, String body, String verdict) {
        return new SandboxResponse(status, JSON, body, verdict);
    }

    public static SandboxResponse text(int status, String body, String verdict) {
        return new SandboxResponse(status, "text/plain; charset=utf-8", body, verdict);
    }
}
