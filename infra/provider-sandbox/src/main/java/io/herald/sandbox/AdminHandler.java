package io.herald.sandbox;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's own endpoints, for people and scripts (never recorded):
 * {@code GET /_sandbox/health}, {@code GET /_sandbox/requests[?provider=dingtalk]} (JSON, credentials masked, oldest
 * first) and {@code DELETE /_sandbox/requests}.
 */
final class AdminHandler {

    private final RequestLog requests;
    private final JsonMapper json;

    AdminHandler(RequestLog requests, JsonMapper json) {
        this.requests = requests;
        this.json = json;
    }

    SandboxResponse handle(String method, String path, String rawQuery) {
        return switch (path) {
            case "/_sandbox/health" -> "GET".equals(method)
                    ? SandboxResponse.json(200, "{\"status\":\"UP\"}", "health")
                    : notAllowed("GET");
            case "/_sandbox/requests" -> switch (method) {
                case "GET" -> list(QueryString.firstValues(rawQuery));
                case "DELETE" -> {
                    requests.clear();
                    yield new SandboxResponse(204, null, null, "cleared");
                }
                default -> notAllowed("GET, DELETE");
            };
            default -> SandboxResponse.json(404, "{\"error\":\"unknown sandbox endpoint\"}", "not found");
        };
    }

    private SandboxResponse list(Map<String, String> params) {
        String provider = params.get("provider");
        List<ReceivedRequest> records = requests.snapshot().stream()
                .filter(r -> provider == null || provider.equals(r.provider()))
                .toList();
        return SandboxResponse.json(200, json.writerWithDefaultPrettyPrinter().writeValueAsString(records), "list");
    }

    private static SandboxResponse notAllowed(String allowed) {
        return SandboxResponse.text(405, "allowed: " + allowed, "method not allowed");
    }
}
