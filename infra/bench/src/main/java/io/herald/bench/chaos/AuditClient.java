package io.herald.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the audit store, through its public API with the READ token, as an operator would: the status of every
 * notification of a tenant ({@code GET /v1/notifications?tenant=…}, 500 a page), and one notification's timeline
 * ({@code GET /v1/notifications/{id}}). The token is sent, never printed.
 */
final class AuditClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 500;

    /** What the timeline shows of one notification's tries. */
    record Tries(int attempts, int attemptEntries) {

        /** More than one try is on record: a duplicate delivery can be told from the timeline. */
        boolean showsRepeat() {
            return attempts > 1 || attemptEntries > 1;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auditUrl;
    private final String readToken;

    AuditClient(String auditUrl, String readToken) {
        this.auditUrl = auditUrl;
        this.readToken = readToken;
    }

    /** The audit status of every notification of {@code tenant}, by id. */
    Map<String, String> statuses(String tenant) throws IOException, InterruptedException {
        Map<String, String> statusById = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = get("/v1/notifications?tenant=" + encode(tenant) + "&limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            for (JsonNode item : page.path("items")) {
                statusById.put(item.path("id").asString(), item.path("status").asString());
            }
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        } while (cursor != null);
        return statusById;
    }

    /** The attempt count and the ATTEMPT entries of a notification's timeline. */
    Tries tries(String id) throws IOException, InterruptedException {
        JsonNode view = get("/v1/notifications/" + encode(id));
        int entries = 0;
        for (JsonNode entry : view.path("timeline")) {
            if ("ATTEMPT".equals(entry.path("type").asString())) {
                entries++;
            }
        }
        return new Tries(view.path("attempts").asInt(0), entries);
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(auditUrl + pathAndQuery))
                        .header("Authorization", "Bearer " + readToken)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(
                    "audit API " + pathAndQuery.replaceFirst("\\?.*", "") + " answered HTTP " + answer.statusCode());
        }
        return JSON.readTree(answer.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
