package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.cli.Cli;
import io.herald.cli.HeraldCli;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The operator CLI ({@code io.herald.cli.HeraldCli}, run in-process) against a real stack, as an operator uses it
 * with the tokens {@code ./herald up} prints in the environment: publish (HTTP and Kafka) and follow to DELIVERED,
 * read the timeline, find a dead letter of a channel whose robot has another secret, preview and replay it once the
 * robot is fixed, read the signer's clock; {@code --json} answers parse and no token is ever printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

    private static final String GOOD_ROBOT = "cli-it-good-robot";
    private static final String BAD_ROBOT = "cli-it-bad-robot";
    private static final String SECRET = "SECcli-it-channel-secret-0123456789";
    private static final String CATALOG = """
            herald:
              channels:
                cli-ok:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:CLI_IT_GOOD_TOKEN
                    secret: env:CLI_IT_SECRET
                cli-wrong-secret:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:CLI_IT_BAD_TOKEN
                    secret: env:CLI_IT_SECRET
            """;

    private LocalStack stack;
    private final List<String> printed = new ArrayList<>();

    @BeforeAll
    void startThePipeline() {
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/cli-it"))
                .freePorts()
                .channelCatalogContent(CATALOG)
                .sandboxSetup(s -> {
                    s.verifier(DingTalkRobotVerifier.class).addRobot(GOOD_ROBOT, SECRET);
                    s.verifier(DingTalkRobotVerifier.class).addRobot(BAD_ROBOT, "SECthe-robots-old-secret");
                })
                .env("CLI_IT_GOOD_TOKEN", GOOD_ROBOT)
                .env("CLI_IT_BAD_TOKEN", BAD_ROBOT)
                .env("CLI_IT_SECRET", SECRET)
                .everyServiceArgs("--herald.kafka.retry-tiers=1s,2s")
                .serviceArgs(HeraldService.DISPATCHER, "--herald.dispatcher.max-attempts=3")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOperatorPublishesReadsReplaysAndChecksTheClock() {
        // publish over HTTP and follow it to DELIVERED
        Run published =
                cli("publish", "--channel", "cli-ok", "--text", "deploy 42 finished", "--wait", "--wait-timeout", "3m");
        assertThat(published.code()).as(published.toString()).isZero();
        String id = published.out().lines().findFirst().orElseThrow().replaceFirst("^ACCEPTED ", "");
        assertThat(published.out()).contains("DELIVERED " + id);
        assertThat(published.err()).contains("… DELIVERED");

        // its timeline, for people and as JSON
        Run shown = cli("audit", "show", id);
        assertThat(shown.code()).isZero();
        assertThat(shown.out()).contains("status     DELIVERED").contains("channel    cli-ok (dingtalk)");
        assertThat(shown.out().lines().filter(l -> l.contains(" ATTEMPT ") && l.contains(" DELIVERED ")))
                .singleElement()
                .asString()
                .contains(" 200 ");
        JsonNode view = json(cli("audit", "show", id, "--json"));
        assertThat(view.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(json(cli("audit", "search", "--channel", "cli-ok", "--status", "DELIVERED", "--json"))
                        .path("items"))
                .extracting(n -> n.path("id").asString())
                .contains(id);

        // over Kafka, as Avro through the registry
        Run viaKafka = cli(
                "publish",
                "--kafka",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--registry-url",
                stack.registryUrl(),
                "--channel",
                "cli-ok",
                "--text",
                "over kafka",
                "--wait",
                "--wait-timeout",
                "3m");
        assertThat(viaKafka.code()).as(viaKafka.toString()).isZero();
        assertThat(viaKafka.out()).startsWith("SENT ").contains("DELIVERED");

        // an invalid request names the field
        Run refused = cli("publish", "--channel", "no-such-channel", "--text", "x");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("ingest answered 400").contains("  channel: ");

        // a channel whose robot has another secret ends as a dead letter
        Run dead = cli(
                "publish", "--channel", "cli-wrong-secret", "--text", "replay me", "--wait", "--wait-timeout", "3m");
        assertThat(dead.code()).as(dead.toString()).isEqualTo(1);
        String deadId = dead.out().lines().findFirst().orElseThrow().replaceFirst("^ACCEPTED ", "");
        assertThat(dead.out()).contains("DEAD_LETTERED " + deadId);
        Run listed = cli("dlq", "list", "--channel", "cli-wrong-secret", "--since", "1h");
        assertThat(listed.code()).isZero();
        assertThat(listed.out().lines().filter(l -> l.startsWith(deadId)))
                .singleElement()
                .asString()
                .contains("310000");
        assertThat(json(cli("dlq", "list", "--provider-code", "310000", "--json"))
                        .path("items"))
                .extracting(n -> n.path("id").asString())
                .containsExactly(deadId);
        assertThat(cli("dlq", "show", deadId).out()).contains("DEAD_LETTER").contains("310000");

        // fixed at the provider: preview, replay, and a second replay needs --force
        stack.sandbox().verifier(DingTalkRobotVerifier.class).addRobot(BAD_ROBOT, SECRET);
        Run preview = cli("dlq", "replay", "--channel", "cli-wrong-secret", "--dry-run");
        assertThat(preview.code()).isZero();
        assertThat(preview.out())
                .contains("WOULD_REPLAY")
                .contains(deadId + "-replay-1")
                .contains("dry run, nothing sent");
        Run replayed = cli("dlq", "replay", deadId);
        assertThat(replayed.code()).as(replayed.toString()).isZero();
        assertThat(replayed.out()).contains("REPLAYED").contains(deadId + "-replay-1");
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Run replay = cli("audit", "show", deadId + "-replay-1", "--json");
                    return replay.code() == 0
                            && json(replay).path("status").asString().equals("DELIVERED");
                });
        Run again = cli("dlq", "replay", deadId);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).contains("ALREADY_REPLAYED").contains("--force");

        // the signer's clock, each source
        Run clock = cli("clock");
        JsonNode health = json(cli("clock", "--json"));
        assertThat(clock.code()).isEqualTo(health.path("status").asString().equals("UP") ? 0 : 1);
        assertThat(health.path("details").path("sources").propertyNames()).isNotEmpty();
        health.path("details")
                .path("sources")
                .propertyNames()
                .forEach(source -> assertThat(clock.out()).contains(source));
        assertThat(clock.out()).contains("SOURCE").contains("dingtalk");

        // no token in anything the CLI printed
        String everything = String.join("\n", printed);
        stack.tokens().values().forEach(token -> assertThat(everything).doesNotContain(token));
    }

    record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_INGEST_URL", stack.httpUrl("ingest"));
        env.put("HERALD_AUDIT_URL", stack.httpUrl("audit"));
        env.put("HERALD_SIGNER_MANAGEMENT_URL", stack.managementUrl(HeraldService.SIGNER));
        env.put("HERALD_PUBLISH_TOKEN", stack.publishToken());
        env.put("HERALD_READ_TOKEN", stack.readToken());
        env.put("HERALD_OPERATOR_TOKEN", stack.operatorToken());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HeraldCli.run(Cli.of(env, new PrintWriter(out), new PrintWriter(err)), args);
        Run run = new Run(code, out.toString(), err.toString());
        System.out.println("$ herald " + String.join(" ", args) + "  → exit " + code + "\n" + run.out() + run.err());
        printed.add(run.out() + run.err());
        return run;
    }

    private static JsonNode json(Run run) {
        assertThat(run.code()).as(run.toString()).isZero();
        return Cli.JSON.readTree(run.out().lines().reduce((first, last) -> last).orElseThrow());
    }
}
