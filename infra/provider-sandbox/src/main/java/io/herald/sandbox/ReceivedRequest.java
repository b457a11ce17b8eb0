package io.herald.sandbox;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the sandbox received, as tests and people see it: what came in, what the sandbox answered and
 * why ({@code verdict}). Credentials are already masked: the {@code access_token} in {@code maskedQuery} and
 * credential-bearing headers show only their first and last two characters; the {@code sign} query value is kept
 * as received (a signature is not a secret).
 *
 * @param provider     provider id ("dingtalk"), or "unknown" for a path no provider serves
 * @param receivedAt   arrival time on the sandbox clock
 * @param path         the request path, without the query
 * @param maskedQuery  the raw query with credentials masked, or {@code null} when there was none
 * @param headers      request headers (multiple values joined with ", "), credentials masked
 * @param body         the request body as UTF-8 text (very large bodies are truncated)
 * @param status       the HTTP status the sandbox answered with; 0 when an injected reset gave no answer
 * @param responseBody the body the sandbox answered with ({@code null} when none)
 * @param verdict      why: "ok", "sign not match", "rate limited", ..., or "fault injected[: connection reset]" and
 *                     "ok, fault injected: delayed 10000 ms" for an answer an injected fault shaped
 * @param fault        the id of the injected fault that shaped the answer ({@code "f3"}), or {@code null}
 */
public record ReceivedRequest(
        String provider,
        Instant receivedAt,
        String method,
        String path,
        String maskedQuery,
        Map<String, String> headers,
        String body,
        int status,
        String responseBody,
        String verdict,
        String fault) {

    public ReceivedRequest {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A request no fault touched. */
    public ReceivedRequest(
            String provider,
            Instant receivedAt,
            String method,
            String path,
            String maskedQuery,
            Map<String, String> headers,
            String body,
            int status,
            String responseBody,
            String verdict) {
        this(provider, receivedAt, method, path, maskedQuery, headers, body, status, responseBody, verdict, null);
    }
}
