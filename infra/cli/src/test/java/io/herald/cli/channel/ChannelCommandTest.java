package io.herald.cli.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.cli.ExitCode;
import io.herald.cli.FakeHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code herald channel …} against a stub of the audit service's channel API. */
class ChannelCommandTest {

    private static final Map<String, String> TOKENS = Map.of("HERALD_OPERATOR_TOKEN", "op", "HERALD_READ_TOKEN", "rd");
    private static final String SECRET = "whsec_c2VjcmV0LW9mLXRoZS1jaGFubmVsLXRlc3Q=";
    private static final String HOOKS = """
            {"name":"partner-hooks","tenant":"acme","state":"ACTIVE","provider":"webhook",
             "endpoint":"https://partner.example.com/hooks","credentials":{},
             "secrets":{"secret":[{"id":"s1","addedBy":"operator","addedAt":"2026-12-01T10:00:00Z"}]},
             "maxMessageBytes":null,"ratePerMinute":600,"maxAttempts":null,"maxAge":"PT30M","origin":"API",
             "version":3,"changedBy":"operator","changedAt":"2026-12-01T10:00:00Z"}""";

    @TempDir
    Path dir;

    @Test
    void listFiltersOnTheServerAndShowsSecretIdsCountedNeverValues() throws Exception {
        String page = "[" + HOOKS + """
                ,{"name":"demo-dingtalk","tenant":null,"state":"DISABLED","provider":"dingtalk",
                  "endpoint":"http://127.0.0.1:18080/dingtalk/robot/send","origin":"SEED","version":1}]""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/channels", new FakeHerald.Answer(200, page)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "list", "--provider", "webhook", "--state", "ACTIVE");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(herald.calls.getFirst().uri()).isEqualTo("/v1/channels?provider=webhook&state=ACTIVE");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer rd");
            assertThat(run.out())
                    .contains("NAME", "partner-hooks", "acme", "webhook", "API")
                    .contains("demo-dingtalk", "(shared)", "DISABLED", "SEED");
        }
    }

    @Test
    void anEmptyListAndAnEmptyHistorySaySoInsteadOfAnEmptyTable() throws Exception {
        // the audit answers both as a JSON array (ChannelController: List<ChannelView>, List<HistoryEntry>)
        try (FakeHerald herald = new FakeHerald(Map.of(
                "/v1/channels", new FakeHerald.Answer(200, "[]"),
                "/v1/channels/gone/history", new FakeHerald.Answer(200, "[]")))) {
            FakeHerald.Run list = herald.run(TOKENS, "channel", "list", "--tenant", "nobody");
            FakeHerald.Run history = herald.run(TOKENS, "channel", "history", "gone");

            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).isEqualToIgnoringNewLines("no channel matches");
            assertThat(history.code()).as(history.err()).isZero();
            assertThat(history.out()).isEqualToIgnoringNewLines("no history");
        }
    }

    @Test
    void showPrintsReferencesAndSecretIdsAndLimits() throws Exception {
        try (FakeHerald herald =
                new FakeHerald(Map.of("/v1/channels/partner-hooks", new FakeHerald.Answer(200, HOOKS)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "show", "partner-hooks");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains("ACTIVE (version 3, origin API, changed by operator at 2026-12-01T10:00:00Z)")
                    .contains("secret: s1 (added by operator at 2026-12-01T10:00:00Z)")
                    .contains("rate-per-minute 600", "max-age PT30M")
                    .doesNotContain("max-message-bytes");
        }
    }

    @Test
    void createSendsTheApisPropertiesWithTheSecretFromAFileAndNeverPrintsIt() throws Exception {
        Path secretFile = dir.resolve("whsec");
        Files.writeString(secretFile, SECRET + "\n");
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels",
                new FakeHerald.Answer(
                        201, HOOKS, Map.of("ETag", "\"1\"", "Location", "/v1/channels/partner-hooks"))))) {
            FakeHerald.Run run = herald.run(
                    TOKENS,
                    "channel",
                    "create",
                    "partner-hooks",
                    "--provider",
                    "webhook",
                    "--endpoint",
                    "https://partner.example.com/hooks",
                    "--tenant",
                    "acme",
                    "--secret-file",
                    "secret=" + secretFile,
                    "--credential",
                    "extra=env:PARTNER_EXTRA",
                    "--rate-per-minute",
                    "600",
                    "--max-age",
                    "30m");

            assertThat(run.code()).as(run.err()).isZero();
            FakeHerald.Call call = herald.calls.getFirst();
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.authorization()).isEqualTo("Bearer op");
            JsonNode sent = Cli.JSON.readTree(call.body());
            assertThat(sent.path("name").asString()).isEqualTo("partner-hooks");
            assertThat(sent.path("provider").asString()).isEqualTo("webhook");
            assertThat(sent.path("tenant").asString()).isEqualTo("acme");
            assertThat(sent.path("secrets").path("secret").asString()).isEqualTo(SECRET); // trailing newline trimmed
            assertThat(sent.path("credentials").path("extra").asString()).isEqualTo("env:PARTNER_EXTRA");
            assertThat(sent.path("ratePerMinute").asInt()).isEqualTo(600);
            assertThat(sent.path("maxAge").asString()).isEqualTo("PT30M");
            assertThat(run.out()).contains("created channel partner-hooks (version 3)");
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void aRouteIsGivenInOrderAndShownAsAPath() throws Exception {
        String routed = HOOKS.replace(
                "\"origin\":\"API\"",
                "\"fallbacks\":[\"wecom-ops\",\"hooks-ops\"],\"fallbackAfterOpen\":\"PT5M\",\"origin\":\"API\"");
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels",
                new FakeHerald.Answer(201, routed, Map.of("ETag", "\"1\"")),
                "/v1/channels/partner-hooks",
                new FakeHerald.Answer(200, routed)))) {
            FakeHerald.Run created = herald.run(
                    TOKENS,
                    "channel",
                    "create",
                    "partner-hooks",
                    "--provider",
                    "webhook",
                    "--endpoint",
                    "https://partner.example.com/hooks",
                    "--fallback",
                    "wecom-ops,hooks-ops",
                    "--fallback-after-open",
                    "5m");
            FakeHerald.Run shown = herald.run(TOKENS, "channel", "show", "partner-hooks");

            assertThat(created.code()).as(created.err()).isZero();
            JsonNode sent = Cli.JSON.readTree(herald.calls.getFirst().body());
            assertThat(sent.path("fallbacks").valueStream().map(JsonNode::asString))
                    .containsExactly("wecom-ops", "hooks-ops");
            assertThat(sent.path("fallbackAfterOpen").asString()).isEqualTo("PT5M");
            assertThat(shown.out())
                    .contains("partner-hooks → wecom-ops → hooks-ops (also after the circuit is open PT5M)");
        }
    }

    @Test
    void orderingIsGivenOnCreateShownAndKeptByAnUpdateOfSomethingElse() throws Exception {
        String ordered = HOOKS.replace(
                "\"origin\":\"API\"",
                "\"ordering\":\"strict\",\"onDeadLetter\":\"stop\",\"orderResumedAt\":\"2026-12-01T11:00:00Z\","
                        + "\"origin\":\"API\"");
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels",
                new FakeHerald.Answer(201, ordered, Map.of("ETag", "\"1\"")),
                "GET /v1/channels/partner-hooks",
                new FakeHerald.Answer(200, ordered, Map.of("ETag", "\"3\"")),
                "PUT /v1/channels/partner-hooks",
                new FakeHerald.Answer(200, ordered)))) {
            FakeHerald.Run created = herald.run(
                    TOKENS,
                    "channel",
                    "create",
                    "partner-hooks",
                    "--provider",
                    "webhook",
                    "--endpoint",
                    "https://partner.example.com/hooks",
                    "--ordering",
                    "STRICT",
                    "--on-dead-letter",
                    "stop");
            FakeHerald.Run shown = herald.run(TOKENS, "channel", "show", "partner-hooks");
            FakeHerald.Run updated =
                    herald.run(TOKENS, "channel", "update", "partner-hooks", "--on-dead-letter", "release");

            assertThat(created.code()).as(created.err()).isZero();
            JsonNode sent = Cli.JSON.readTree(herald.calls.getFirst().body());
            assertThat(sent.path("ordering").asString()).isEqualTo("strict");
            assertThat(sent.path("onDeadLetter").asString()).isEqualTo("stop");
            assertThat(shown.out())
                    .contains("strict, on-dead-letter stop: a dead letter stops the rest until herald channel resume"
                            + " (last resumed at 2026-12-01T11:00:00Z)");
            assertThat(updated.code()).as(updated.err()).isZero();
            JsonNode put = Cli.JSON.readTree(herald.calls.getLast().body());
            assertThat(put.path("ordering").asString()).as("kept").isEqualTo("strict");
            assertThat(put.path("onDeadLetter").asString()).isEqualTo("release");
            assertThat(put.has("orderResumedAt"))
                    .as("not a property of a change")
                    .isFalse();
            assertThat(updated.out()).contains("changed --on-dead-letter");
        }
    }

    @Test
    void aBadOrderingIsAUsageErrorNamingTheFlagAndSendsNothing() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of())) {
            FakeHerald.Run run = herald.run(
                    TOKENS,
                    "channel",
                    "create",
                    "x",
                    "--provider",
                    "webhook",
                    "--endpoint",
                    "https://example.com/x",
                    "--ordering",
                    "fifo");
            assertThat(run.code()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("--ordering: 'fifo' is not one of strict, none");
            assertThat(herald.calls).isEmpty();
        }
    }

    @Test
    void resumeCallsTheResumeEndpointAndShowsTheRefusalOfAnUnorderedChannel() throws Exception {
        String resumed = HOOKS.replace("\"version\":3", "\"version\":4");
        String refusal = """
                {"title":"Channel not ordered","status":409,"detail":"channel 'plain' keeps no order (ordering none), so nothing waits to be resumed"}""";
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels/partner-hooks/ordering/resume",
                new FakeHerald.Answer(200, resumed),
                "POST /v1/channels/plain/ordering/resume",
                new FakeHerald.Answer(409, refusal)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "resume", "partner-hooks", "--if-version", "3");
            FakeHerald.Run json = herald.run(TOKENS, "channel", "resume", "partner-hooks", "--json");
            FakeHerald.Run refused = herald.run(TOKENS, "channel", "resume", "plain");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("resumed channel partner-hooks (version 4): the notifications held");
            assertThat(herald.calls.getFirst().ifMatch()).isEqualTo("\"3\"");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer op");
            assertThat(Cli.JSON.readTree(json.out()).path("version").asInt()).isEqualTo(4);
            assertThat(refused.code()).isEqualTo(ExitCode.FAILED);
            assertThat(refused.err())
                    .contains("audit answered 409 Channel not ordered: channel 'plain' keeps no order");
        }
    }

    @Test
    void aSecretOnTheCommandLineWorksButWarnsAndAProblemIsShownByProperty() throws Exception {
        String problem = """
                {"title":"Bad Request","status":400,"detail":"Invalid channel",
                 "violations":[{"field":"endpoint","message":"an absolute http(s) URL is required"}]}""";
        try (FakeHerald herald = new FakeHerald(Map.of("POST /v1/channels", new FakeHerald.Answer(400, problem)))) {
            FakeHerald.Run run = herald.run(
                    TOKENS,
                    "channel",
                    "create",
                    "x",
                    "--provider",
                    "webhook",
                    "--endpoint",
                    "nowhere",
                    "--secret",
                    "secret=" + SECRET);

            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err())
                    .contains("warning: --secret puts a secret in the process list")
                    .contains("endpoint: an absolute http(s) URL is required")
                    .doesNotContain(SECRET);
            assertThat(run.out()).doesNotContain(SECRET);
        }
    }

    @Test
    void updateReplacesTheDefinitionKeepingWhatWasNotGivenWithTheVersionReadAsIfMatch() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "GET /v1/channels/partner-hooks",
                new FakeHerald.Answer(200, HOOKS, Map.of("ETag", "\"3\"")),
                "PUT /v1/channels/partner-hooks",
                new FakeHerald.Answer(200, HOOKS.replace("\"version\":3", "\"version\":4"))))) {
            FakeHerald.Run run = herald.run(
                    TOKENS, "channel", "update", "partner-hooks", "--endpoint", "https://partner.example.com/v2");

            assertThat(run.code()).as(run.err()).isZero();
            FakeHerald.Call put = herald.calls.get(1);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.ifMatch()).isEqualTo("\"3\"");
            JsonNode sent = Cli.JSON.readTree(put.body());
            assertThat(sent.path("endpoint").asString()).isEqualTo("https://partner.example.com/v2");
            assertThat(sent.path("provider").asString()).isEqualTo("webhook");
            assertThat(sent.path("tenant").asString()).isEqualTo("acme");
            assertThat(sent.path("ratePerMinute").asInt()).isEqualTo(600);
            assertThat(sent.path("maxAge").asString()).isEqualTo("PT30M");
            assertThat(sent.has("secrets")).as("secrets omitted: kept").isFalse();
            assertThat(sent.has("maxMessageBytes")).isFalse();
            assertThat(run.out()).contains("updated channel partner-hooks (version 4; changed --endpoint)");
        }
    }

    @Test
    void aStaleUpdateSaysTheChannelChangedMeanwhile() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "GET /v1/channels/partner-hooks",
                new FakeHerald.Answer(200, HOOKS, Map.of("ETag", "\"3\"")),
                "PUT /v1/channels/partner-hooks",
                new FakeHerald.Answer(
                        412, "{\"title\":\"Precondition Failed\",\"detail\":\"version 4 is current\"}")))) {
            FakeHerald.Run run = herald.run(
                    TOKENS, "channel", "update", "partner-hooks", "--max-attempts", "10", "--if-version", "2");

            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(herald.calls.get(1).ifMatch()).isEqualTo("\"2\"");
            assertThat(run.err())
                    .contains("channel partner-hooks changed since version 2 was read")
                    .contains("audit answered 412 Precondition Failed: version 4 is current");
        }
    }

    @Test
    void updateWithNothingToChangeIsAUsageErrorAndSendsNothing() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of())) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "update", "partner-hooks");
            assertThat(run.code()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("nothing to change");
            assertThat(herald.calls).isEmpty();
        }
    }

    @Test
    void disableEnableAndDeleteCallTheirEndpointsAndSayWhatHappensInFlight() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels/partner-hooks/disable",
                new FakeHerald.Answer(
                        200, HOOKS.replace("ACTIVE", "DISABLED").replace("\"version\":3", "\"version\":4")),
                "POST /v1/channels/partner-hooks/enable",
                new FakeHerald.Answer(200, HOOKS.replace("\"version\":3", "\"version\":5")),
                "DELETE /v1/channels/partner-hooks",
                new FakeHerald.Answer(
                        200, HOOKS.replace("ACTIVE", "DELETED").replace("\"version\":3", "\"version\":6"))))) {
            FakeHerald.Run disabled = herald.run(TOKENS, "channel", "disable", "partner-hooks");
            FakeHerald.Run enabled = herald.run(TOKENS, "channel", "enable", "partner-hooks", "--if-version", "4");
            FakeHerald.Run deleted = herald.run(TOKENS, "channel", "delete", "partner-hooks");

            assertThat(disabled.out()).contains("disabled channel partner-hooks (version 4): its notifications wait");
            assertThat(enabled.out()).contains("enabled channel partner-hooks (version 5)");
            assertThat(deleted.out())
                    .contains("deleted channel partner-hooks (version 6): new notifications are rejected");
            assertThat(herald.calls)
                    .extracting(c -> c.method() + " " + c.uri() + " " + c.ifMatch())
                    .containsExactly(
                            "POST /v1/channels/partner-hooks/disable null",
                            "POST /v1/channels/partner-hooks/enable \"4\"",
                            "DELETE /v1/channels/partner-hooks null");
            assertThat(herald.calls)
                    .allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer op"));
        }
    }

    @Test
    void deletingASeedChannelShowsTheRefusal() throws Exception {
        String refusal = """
                {"title":"Conflict","status":409,"detail":"channel 'demo-dingtalk' is defined by the seed file config/channels.yml: disable it, or remove it from the file"}""";
        try (FakeHerald herald =
                new FakeHerald(Map.of("DELETE /v1/channels/demo-dingtalk", new FakeHerald.Answer(409, refusal)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "delete", "demo-dingtalk");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err())
                    .contains("audit answered 409 Conflict: channel 'demo-dingtalk' is defined by the seed file");
        }
    }

    @Test
    void testWaitsOnTheServerAndShowsEachAttemptWithTheProvidersCodeOrItsError() throws Exception {
        String failed = """
                {"notificationId":"n-1","status":"DEAD_LETTERED","inFlight":false,"attempts":[
                 {"attempt":1,"outcome":"RETRYABLE","httpStatus":null,"providerCode":null,"providerMessage":null,
                  "error":"TLS handshake with 127.0.0.1 failed"},
                 {"attempt":2,"outcome":"PERMANENT","httpStatus":200,"providerCode":"310000","providerMessage":"sign not match",
                  "error":null}]}""";
        try (FakeHerald herald =
                new FakeHerald(Map.of("POST /v1/channels/demo-dingtalk/test", new FakeHerald.Answer(200, failed)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "test", "demo-dingtalk", "--wait", "10s");

            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(herald.calls.getFirst().uri()).isEqualTo("/v1/channels/demo-dingtalk/test?wait=PT10S");
            assertThat(herald.calls.getFirst().body()).isEqualTo("{}");
            assertThat(run.out())
                    .contains("test of demo-dingtalk: DEAD_LETTERED (notification n-1)")
                    .contains("attempt 1: RETRYABLE, TLS handshake with 127.0.0.1 failed")
                    .contains("attempt 2: PERMANENT, HTTP 200, provider code 310000, sign not match");
        }
    }

    @Test
    void testOfAnApiChannelSendsTheCallAndExitsZeroWhenDelivered() throws Exception {
        String delivered = """
                {"notificationId":"n-2","status":"DELIVERED","attempts":[{"outcome":"DELIVERED","httpStatus":200}]}""";
        try (FakeHerald herald = new FakeHerald(
                Map.of("POST /v1/channels/demo-alibabacloud/test", new FakeHerald.Answer(200, delivered)))) {
            FakeHerald.Run run = herald.run(
                    TOKENS,
                    "channel",
                    "test",
                    "demo-alibabacloud",
                    "--api-call",
                    "{\"action\":\"DescribeDomainRecords\",\"version\":\"2015-01-09\",\"body\":{\"DomainName\":\"example.com\"}}");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(herald.calls.getFirst().uri()).endsWith("/test?wait=PT30S");
            assertThat(Cli.JSON
                            .readTree(herald.calls.getFirst().body())
                            .path("apiCall")
                            .path("action")
                            .asString())
                    .isEqualTo("DescribeDomainRecords");
            assertThat(run.out()).contains("test of demo-alibabacloud: DELIVERED");
        }
    }

    @Test
    void testStillInFlightAtTheDeadlineSaysHowToFollowIt() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels/demo-webhook/test",
                new FakeHerald.Answer(202, "{\"notificationId\":\"n-3\",\"status\":\"RETRYING\"}")))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "test", "demo-webhook");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("still in flight at the deadline: follow it with herald audit show n-3");
        }
        assertThat(FakeHerald.runWith(TOKENS, "channel", "test", "x", "--wait", "5m")
                        .code())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void addSecretReadsStandardInputAndPrintsOnlyTheNewId() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "POST /v1/channels/partner-hooks/secrets/secret", new FakeHerald.Answer(201, "{\"id\":\"s2\"}")))) {
            FakeHerald.Run run =
                    herald.runWithInput(SECRET + "\n", TOKENS, "channel", "add-secret", "partner-hooks", "secret");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(Cli.JSON
                            .readTree(herald.calls.getFirst().body())
                            .path("value")
                            .asString())
                    .isEqualTo(SECRET);
            assertThat(run.out())
                    .contains("added secret s2 to partner-hooks/secret")
                    .contains("herald channel retire-secret partner-hooks secret <old id>");
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void addSecretWithNothingOnStandardInputSendsNothing() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of())) {
            FakeHerald.Run run = herald.runWithInput("", TOKENS, "channel", "add-secret", "partner-hooks", "secret");
            assertThat(run.code()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("no secret: pipe it to standard input or give --file PATH");
            assertThat(herald.calls).isEmpty();
        }
    }

    @Test
    void retireSecretDeletesItById() throws Exception {
        try (FakeHerald herald = new FakeHerald(
                Map.of("DELETE /v1/channels/partner-hooks/secrets/secret/s1", new FakeHerald.Answer(200, HOOKS)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "retire-secret", "partner-hooks", "secret", "s1");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(herald.calls.getFirst().method()).isEqualTo("DELETE");
            assertThat(run.out()).contains("retired secret s1 of partner-hooks/secret");
        }
    }

    @Test
    void historyListsEveryVersionWithTheFieldsItChanged() throws Exception {
        String history = """
                [{"version":1,"action":"CREATED","by":"operator","at":"2026-12-01T10:00:00Z","changedFields":[]},
                 {"version":2,"action":"SECRET_ADDED","by":"operator","at":"2026-12-01T11:00:00Z","changedFields":["secrets.secret"]},
                 {"version":3,"action":"UPDATED","by":"ops-bot","at":"2026-12-01T12:00:00Z","changedFields":["endpoint","ratePerMinute"]}]""";
        try (FakeHerald herald =
                new FakeHerald(Map.of("/v1/channels/partner-hooks/history", new FakeHerald.Answer(200, history)))) {
            FakeHerald.Run run = herald.run(TOKENS, "channel", "history", "partner-hooks");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer rd");
            assertThat(run.out())
                    .contains("SECRET_ADDED", "secrets.secret")
                    .contains("ops-bot", "endpoint, ratePerMinute");
        }
    }

    @Test
    void changesNeedTheOperatorTokenAndSayWhichVariable() {
        FakeHerald.Run run =
                FakeHerald.runWith(Map.of("HERALD_READ_TOKEN", "rd"), "channel", "disable", "partner-hooks");
        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no credential: set HERALD_OPERATOR_TOKEN");
    }
}
