package io.herald.cli.channel;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Durations;
import io.herald.cli.Endpoints;
import io.herald.cli.ExitCode;
import io.herald.cli.Service;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code herald channel test NAME}: a test notification through the whole pipeline ({@code POST
 * /v1/channels/{name}/test}), waiting for its outcome. Exits 0 when delivered, 1 when it failed or is still in flight
 * at the deadline; every attempt is shown with the provider's code and message.
 */
@Command(
        name = "test",
        description = "Send a test notification through the pipeline and show its outcome with the provider's code.",
        mixinStandardHelpOptions = true)
final class TestChannel implements Callable<Integer> {

    private static final Duration MAX_WAIT = Duration.ofSeconds(120);

    private final Cli cli;

    @Mixin
    Endpoints endpoints;

    @Parameters(paramLabel = "NAME", description = "The channel.")
    String name;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long the service waits for the outcome (default ${DEFAULT-VALUE}, at most 2m).")
    String wait;

    @Option(
            names = "--api-call",
            paramLabel = "JSON",
            description = "For API providers (tencentcloud, dogecloud, alibabacloud): the call to send, as"
                    + " POST /v1/notifications takes apiCall, e.g. '{\"action\":\"DescribeDomainRecords\","
                    + "\"version\":\"2015-01-09\",\"body\":{\"DomainName\":\"example.com\"}}'.")
    String apiCall;

    TestChannel(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Duration waitFor = Durations.parse("--wait", wait);
        if (waitFor.compareTo(MAX_WAIT) > 0) {
            throw CliException.usage("--wait: at most 2m, got " + wait);
        }
        if (endpoints.timeout().compareTo(waitFor.plusSeconds(10)) < 0) {
            endpoints.timeout = waitFor.plusSeconds(10).toSeconds() + "s"; // the answer comes after the wait
        }
        ObjectNode body = Cli.JSON.createObjectNode();
        if (apiCall != null) {
            try {
                body.set("apiCall", Cli.JSON.readTree(apiCall));
            } catch (JacksonException e) {
                throw CliException.usage("--api-call: not JSON (" + e.getOriginalMessage() + ")");
            }
        }
        Api api = endpoints.api(cli);
        Api.Answer answer = api.send(
                Service.AUDIT,
                "POST",
                ChannelCommand.path(name) + "/test" + Api.queryString(Map.of("wait", waitFor.toString())),
                ChannelCommand.operatorToken(cli, endpoints),
                body.toString());
        JsonNode outcome = api.ok(Service.AUDIT, answer);
        if (endpoints.json) {
            cli.out().println(outcome);
        } else {
            cli.out().print(render(name.strip(), outcome, answer.status() == 202));
        }
        return "DELIVERED".equals(outcome.path("status").asString()) ? ExitCode.OK : ExitCode.FAILED;
    }

    static String render(String channel, JsonNode outcome, boolean inFlight) {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder("test of ")
                .append(channel)
                .append(": ")
                .append(outcome.path("status").asString("?"))
                .append(" (notification ")
                .append(outcome.path("notificationId").asString("?"))
                .append(")")
                .append(nl);
        int n = 0;
        for (JsonNode attempt : outcome.path("attempts")) {
            n++;
            out.append("  attempt ")
                    .append(n)
                    .append(": ")
                    .append(attempt.path("outcome").asString("?"));
            append(out, "HTTP ", ChannelView.text(attempt, "httpStatus"));
            append(out, "provider code ", ChannelView.text(attempt, "providerCode"));
            append(out, "", ChannelView.text(attempt, "providerMessage"));
            append(out, "", ChannelView.text(attempt, "error")); // a try that got no answer: TLS, timeout, refusal
            out.append(nl);
        }
        if (inFlight) {
            out.append("still in flight at the deadline: follow it with herald audit show ")
                    .append(outcome.path("notificationId").asString("<id>"))
                    .append(nl);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.append(", ").append(label).append(value);
        }
    }
}
