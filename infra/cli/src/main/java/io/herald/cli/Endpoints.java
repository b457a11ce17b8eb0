package io.herald.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options every operator command takes: where the services are, the credential, {@code --json} and the timeout. A
 * URL not given by flag comes from its environment variable, else the local stack's port.
 */
public final class Endpoints {

    @Option(
            names = "--ingest-url",
            paramLabel = "URL",
            description = "Ingest's base URL (env HERALD_INGEST_URL; default http://127.0.0.1:8080).")
    String ingestUrl;

    @Option(
            names = "--audit-url",
            paramLabel = "URL",
            description = "Audit's base URL (env HERALD_AUDIT_URL; default http://127.0.0.1:8084).")
    String auditUrl;

    @Option(
            names = "--signer-management-url",
            paramLabel = "URL",
            description =
                    "The signer's management URL, where its health and clock are (env HERALD_SIGNER_MANAGEMENT_URL; default http://127.0.0.1:9082).")
    String signerUrl;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description =
                    "Bearer credential; prefer the environment (HERALD_PUBLISH_TOKEN, HERALD_READ_TOKEN, HERALD_OPERATOR_TOKEN), since a flag shows in the process list.")
    public String token;

    @Option(names = "--json", description = "Print the API's answer as JSON (for scripts) instead of tables.")
    public boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to wait for an answer (e.g. 10s, 2m; default ${DEFAULT-VALUE}).")
    public String timeout;

    /** The service's base URL without a trailing slash; a bad one is a usage error naming its flag and variable. */
    public String url(Cli cli, Service service) {
        String flag = switch (service) {
            case INGEST -> ingestUrl;
            case AUDIT -> auditUrl;
            case SIGNER -> signerUrl;
        };
        String value = flag != null && !flag.isBlank() ? flag.strip() : cli.variable(service.variable());
        if (value == null) {
            value = service.localDefault();
        }
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw CliException.usage(service.flag() + " (or " + service.variable()
                    + "): expected an http:// or https:// URL, got '" + value + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    public Duration timeout() {
        return Durations.parse("--timeout", timeout);
    }

    public Api api(Cli cli) {
        return new Api(cli, this);
    }
}
