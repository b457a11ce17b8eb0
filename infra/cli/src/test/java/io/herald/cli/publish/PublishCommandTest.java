package io.herald.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.cli.ExitCode;
import io.herald.cli.FakeHerald;
import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.MessageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCommandTest {

    private static final Map<String, String> PUBLISHER = Map.of("HERALD_PUBLISH_TOKEN", "pub");

    @Test
    void flagsBecomeTheRequestAndTheAnswerShowsIdAndStatus() throws Exception {
        try (FakeHerald herald = new FakeHerald(
                Map.of("/v1/notifications", new FakeHerald.Answer(202, "{\"id\":\"n-1\",\"status\":\"ACCEPTED\"}")))) {
            FakeHerald.Run run = herald.run(
                    PUBLISHER,
                    "publish",
                    "--channel",
                    "ops",
                    "--markdown",
                    "**done**",
                    "--title",
                    "Deploy",
                    "--mention-mobile",
                    "138",
                    "--attribute",
                    "team=core",
                    "--idempotency-key",
                    "k-1");
            assertThat(run.code()).isZero();
            assertThat(run.out().strip()).isEqualTo("ACCEPTED n-1");
            var sent = Cli.JSON.readTree(herald.calls.getFirst().body());
            assertThat(sent.path("channel").asString()).isEqualTo("ops");
            assertThat(sent.path("idempotencyKey").asString()).isEqualTo("k-1");
            assertThat(sent.path("attributes").path("team").asString()).isEqualTo("core");
            assertThat(sent.path("message").path("format").asString()).isEqualTo("markdown");
            assertThat(sent.path("message").path("title").asString()).isEqualTo("Deploy");
            assertThat(sent.path("message")
                            .path("mentions")
                            .path("mobiles")
                            .get(0)
                            .asString())
                    .isEqualTo("138");
            assertThat(herald.calls.getFirst().authorization()).isEqualTo("Bearer pub");
        }
    }

    @Test
    void aRejectedRequestPrintsEachFieldAndExitsOne() throws Exception {
        String problem = """
                {"title":"Invalid notification request","detail":"2 fields are invalid: channel, message.text","violations":[
                 {"field":"channel","code":"unknown_channel","message":"no channel named 'nope'"},
                 {"field":"message.text","code":"too_long","message":"at most 20000 characters"}]}""";
        try (FakeHerald herald = new FakeHerald(Map.of("/v1/notifications", new FakeHerald.Answer(400, problem)))) {
            FakeHerald.Run run = herald.run(PUBLISHER, "publish", "--channel", "nope", "--text", "x");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.err())
                    .contains("ingest answered 400 Invalid notification request")
                    .contains("  channel: no channel named 'nope' (unknown_channel)")
                    .contains("  message.text: at most 20000 characters (too_long)");
        }
    }

    @Test
    void aFileIsSentAsIsAndCannotBeMixedWithContentFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.json");
        Files.writeString(file, "{\"channel\":\"ops\",\"message\":{\"text\":\"from a file\"}}");
        try (FakeHerald herald = new FakeHerald(
                Map.of("/v1/notifications", new FakeHerald.Answer(202, "{\"id\":\"n-2\",\"status\":\"ACCEPTED\"}")))) {
            FakeHerald.Run run = herald.run(PUBLISHER, "publish", "--file", file.toString(), "--json");
            assertThat(run.code()).isZero();
            assertThat(Cli.JSON.readTree(run.out()).path("id").asString()).isEqualTo("n-2");
            assertThat(herald.calls.getFirst().body()).contains("from a file");
            FakeHerald.Run mixed = herald.run(PUBLISHER, "publish", "--file", file.toString(), "--text", "x");
            assertThat(mixed.code()).isEqualTo(ExitCode.USAGE);
            assertThat(mixed.err()).contains("leave out --text");
        }
        FakeHerald.Run missing = FakeHerald.runWith(
                PUBLISHER, "publish", "--file", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void waitingWithoutAReadCredentialIsRefusedBeforePublishing() throws Exception {
        try (FakeHerald herald = new FakeHerald(
                Map.of("/v1/notifications", new FakeHerald.Answer(202, "{\"id\":\"n-3\",\"status\":\"ACCEPTED\"}")))) {
            FakeHerald.Run run = herald.run(PUBLISHER, "publish", "--channel", "ops", "--text", "x", "--wait");
            assertThat(run.code()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("HERALD_READ_TOKEN");
            assertThat(herald.calls).isEmpty();
        }
    }

    @Test
    void waitingFollowsTheNotificationUntilItIsFinal() throws Exception {
        try (FakeHerald herald = new FakeHerald(Map.of(
                "/v1/notifications/n-4",
                        new FakeHerald.Answer(
                                200,
                                "{\"id\":\"n-4\",\"status\":\"DEAD_LETTERED\",\"attempts\":3,\"lastOutcome\":\"PERMANENT\"}"),
                "/v1/notifications", new FakeHerald.Answer(202, "{\"id\":\"n-4\",\"status\":\"ACCEPTED\"}")))) {
            FakeHerald.Run run = herald.run(
                    Map.of("HERALD_PUBLISH_TOKEN", "pub", "HERALD_READ_TOKEN", "rd"),
                    "publish",
                    "--channel",
                    "ops",
                    "--text",
                    "x",
                    "--wait");
            assertThat(run.code()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("ACCEPTED n-4").contains("DEAD_LETTERED n-4");
            assertThat(run.err()).contains("… DEAD_LETTERED (attempt 3: PERMANENT)");
        }
    }

    @Test
    void aKafkaNobodyAnswersIsExitThreeNamingTheFlag() {
        FakeHerald.Run run = FakeHerald.runWith(
                Map.of(),
                "publish",
                "--kafka",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--registry-url",
                "http://127.0.0.1:1/apis/registry/v3",
                "--timeout",
                "2s",
                "--channel",
                "ops",
                "--text",
                "x");
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach Kafka at 127.0.0.1:1").contains("--bootstrap-servers");
    }

    @Test
    void theContentFlagsMustSayOneThing() {
        assertThat(FakeHerald.runWith(PUBLISHER, "publish", "--channel", "ops").err())
                .contains("--text, --markdown");
        assertThat(FakeHerald.runWith(PUBLISHER, "publish", "--channel", "ops", "--text", "a", "--markdown", "b")
                        .code())
                .isEqualTo(ExitCode.USAGE);
        assertThat(FakeHerald.runWith(PUBLISHER, "publish", "--channel", "ops", "--text", "a", "--api-call-action", "X")
                        .code())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void theJsonRequestBecomesAvro() throws Exception {
        var chat = AvroRequest.of(Cli.JSON.readTree("""
                {"channel":"ops","tenant":"acme","idempotencyKey":"k","attributes":{"a":"b"},
                 "message":{"format":"markdown","title":"T","text":"hi","mentions":{"userIds":["u1"],"all":true}}}"""), "id-1");
        assertThat(chat.getNotificationId()).isEqualTo("id-1");
        assertThat(chat.getTenant()).isEqualTo("acme");
        ChatMessage message = (ChatMessage) chat.getContent();
        assertThat(message.getFormat()).isEqualTo(MessageFormat.MARKDOWN);
        assertThat(message.getMentions().getUserIds()).containsExactly("u1");
        var call = AvroRequest.of(Cli.JSON.readTree("""
                {"channel":"dns","apiCall":{"action":"DescribeRecordList","body":{"Domain":"example.com","Limit":10}}}"""), "id-2");
        assertThat(((ApiCall) call.getContent()).getBody()).isEqualTo("{\"Domain\":\"example.com\",\"Limit\":10}");
        assertThat(((ApiCall) call.getContent()).getMethod()).isEqualTo("POST");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> AvroRequest.of(Cli.JSON.readTree("{\"channel\":\"x\",\"colour\":1}"), "id")))
                .hasMessageContaining("colour: not a field");
    }
}
