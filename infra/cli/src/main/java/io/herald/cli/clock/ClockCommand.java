package io.herald.cli.clock;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Endpoints;
import io.herald.cli.ExitCode;
import io.herald.cli.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/**
 * {@code herald clock}: the signer's trusted clock from its health component {@code clock} (offset, bound, each source,
 * each provider's verdict). Exits 1 when the component is not UP: the signer refuses to sign for some provider.
 */
@Command(
        name = "clock",
        description =
                "The signer's trusted clock: offset, error bound, each source and which providers it can sign for.",
        mixinStandardHelpOptions = true)
public final class ClockCommand implements Callable<Integer> {

    private final Cli cli;

    @Mixin
    Endpoints endpoints;

    public ClockCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Api api = endpoints.api(cli);
        // details may be shown only to an operator: present the credential when there is one
        String token = cli.optionalToken(endpoints.token, "HERALD_OPERATOR_TOKEN");
        Api.Answer answer = api.send(Service.SIGNER, "GET", "/actuator/health/clock", token, null);
        JsonNode clock;
        if (answer.status() == 404) {
            clock = api.get(Service.SIGNER, "/actuator/health", java.util.Map.of(), token)
                    .path("components")
                    .path("clock");
        } else if (answer.status() == 503) {
            clock = answer.json(); // DOWN is answered 503, with the details
        } else {
            clock = api.ok(Service.SIGNER, answer);
        }
        if (clock.isMissingNode() || !clock.path("details").isObject()) {
            throw CliException.failed("the signer at " + endpoints.url(cli, Service.SIGNER)
                    + " shows no clock details to this " + "credential: set HERALD_OPERATOR_TOKEN or pass --token");
        }
        cli.out().print(endpoints.json ? clock + System.lineSeparator() : ClockView.render(clock));
        return "UP".equals(clock.path("status").asString()) ? ExitCode.OK : ExitCode.FAILED;
    }
}
