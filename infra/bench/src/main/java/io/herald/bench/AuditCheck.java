package io.herald.bench;

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
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks loss against the audit store through its public API (READ token), as an operator would: waits until
 * {@code GET /v1/counts} shows as many finished (DELIVERED + DEAD_LETTERED) notifications as were published, then
 * reads every notification of the run's tenant ({@code GET /v1/notifications?tenant=…}, 500 a page) and accounts for
 * each id. The token is sent, never printed.
 */
final class AuditCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 500;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auditUrl;
    private final String readToken;

    AuditCheck(String auditUrl, String readToken) {
        this.auditUrl = auditUrl;
        this.readToken = readToken;
    }

    /**
     * Waits (up to {@code deadlineNanos}) until at least {@code finishedTotal} notifications of any tenant are
     * finished; returns how many are.
     */
    long awaitFinished(long finishedTotal, long deadlineNanos) throws IOException, InterruptedException {
        long finished = 0;
        while (true) {
            JsonNode byStatus = get("/v1/counts").path("byStatus");
            finished = byStatus.path("DELIVERED").asLong(0)
                    + byStatus.path("DEAD_LETTERED").asLong(0);
            if (finished >= finishedTotal || System.nanoTime() >= deadlineNanos) {
                return finished;
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Status of every notification of {@code tenant} whose id starts with {@code idPrefix}, accounted against {@code expected}. */
    LossAccount account(String tenant, String idPrefix, long expected) throws IOException, InterruptedException {
        Map<String, String> statusById = new HashMap<>();
        String cursor = null;
        do {
            String query = "/v1/notifications?tenant=" + encode(tenant) + "&limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page = get(query);
            for (JsonNode item : page.path("items")) {
                String id = item.path("id").asString();
                if (id.startsWith(idPrefix)) {
                    statusById.put(id, item.path("status").asString());
                }
            }
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        } while (cursor != null);
        return LossAccount.of(expected, statusById);
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(auditUrl + pathAndQuery))
                        .header("Authorization", "Bearer " + readToken)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("audit API " + pathAndQuery.replaceFirst("\\?.*", "") + " answered HTTP "
                    + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
