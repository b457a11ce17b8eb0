package io.herald.sandbox;

import io.herald.provider.spi.sandbox.QueryString;
import io.herald.provider.spi.sandbox.SandboxResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The sandbox's own endpoints under {@code /_sandbox/}, for people and scripts (never recorded, never faulted):
 * {@code health}; {@code requests[?provider=dingtalk]} (GET: JSON, credentials masked, oldest first; DELETE);
 * {@code faults[/{id}]} (POST a {@link Fault} as JSON → 201 with its {@code id}; GET those in force with their
 * {@code hits}; DELETE → the ended faults' last state). Bad input: 400 {@code {"error":"<message naming the field>"}}.
 */
final class AdminHandler {

    static final String FAULTS = ExchangeHandler.ADMIN_PREFIX + "faults";
    /** A fault is a few hundred bytes; anything much larger is a mistake. */
    static final int MAX_FAULT_BYTES = 64 * 1024;

    private final ProviderSandbox sandbox;
    private final RequestLog requests;
    private final JsonMapper json;
    private final FaultJson faultJson;

    AdminHandler(ProviderSandbox sandbox, RequestLog requests, JsonMapper json) {
        this.sandbox = sandbox;
        this.requests = requests;
        this.json = json;
        this.faultJson = new FaultJson(json, sandbox::maskPath);
    }

    SandboxResponse handle(String method, String path, String rawQuery, InputStream body) throws IOException {
        if (path.startsWith(FAULTS + "/")) {
            return fault(method, path.substring(FAULTS.length() + 1));
        }
        return switch (path) {
            case "/_sandbox/health" ->
                "GET".equals(method) ? SandboxResponse.json(200, "{\"status\":\"UP\"}", "health") : notAllowed("GET");
            case "/_sandbox/requests" ->
                switch (method) {
                    case "GET" -> list(QueryString.firstValues(rawQuery));
                    case "DELETE" -> {
                        requests.clear();
                        yield new SandboxResponse(204, null, null, "cleared");
                    }
                    default -> notAllowed("GET, DELETE");
                };
            case FAULTS ->
                switch (method) {
                    case "GET" -> faults(sandbox.faults(), 200);
                    case "POST" -> inject(body);
                    case "DELETE" -> faults(sandbox.clearFaults(), 200);
                    default -> notAllowed("GET, POST, DELETE");
                };
            default -> SandboxResponse.json(404, "{\"error\":\"unknown sandbox endpoint\"}", "not found");
        };
    }

    private SandboxResponse inject(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_FAULT_BYTES + 1);
        if (body.length > MAX_FAULT_BYTES) {
            return error(413, "a fault is at most " + MAX_FAULT_BYTES + " bytes of JSON");
        }
        ActiveFault injected;
        try {
            injected = sandbox.inject(faultJson.read(body));
        } catch (IllegalArgumentException badInput) {
            return error(400, badInput.getMessage());
        }
        return SandboxResponse.json(201, json.writeValueAsString(faultJson.write(injected)), "fault injected")
                .withHeader("Location", FAULTS + "/" + injected.id());
    }

    private SandboxResponse fault(String method, String id) {
        Optional<ActiveFault> fault = switch (method) {
            case "GET" ->
                sandbox.faults().stream().filter(f -> f.id().equals(id)).findFirst();
            case "DELETE" -> sandbox.clearFault(id);
            default -> null;
        };
        if (fault == null) {
            return notAllowed("GET, DELETE");
        }
        return fault.map(f -> SandboxResponse.json(200, json.writeValueAsString(faultJson.write(f)), "fault"))
                .orElseGet(
                        () -> error(404, "no fault with this id is in force (it ended, was cleared or never existed)"));
    }

    private SandboxResponse faults(List<ActiveFault> faults, int status) {
        ArrayNode array = json.createArrayNode();
        faults.forEach(f -> array.add(faultJson.write(f)));
        return SandboxResponse.json(
                status, json.writerWithDefaultPrettyPrinter().writeValueAsString(array), "faults");
    }

    private SandboxResponse list(Map<String, String> params) {
        String provider = params.get("provider");
        List<ReceivedRequest> records = requests.snapshot().stream()
                .filter(r -> provider == null || provider.equals(r.provider()))
                .toList();
        return SandboxResponse.json(200, json.writerWithDefaultPrettyPrinter().writeValueAsString(records), "list");
    }

    private SandboxResponse error(int status, String message) {
        return SandboxResponse.json(
                status, json.writeValueAsString(json.createObjectNode().put("error", message)), "bad request");
    }

    private static SandboxResponse notAllowed(String allowed) {
        return SandboxResponse.text(405, "allowed: " + allowed, "method not allowed")
                .withHeader("Allow", allowed);
    }
}
