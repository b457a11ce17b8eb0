package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** What {@code herald up} prints once the stack is up: where everything listens and commands to try. */
final class Summary {

    /** The signer first: its preview and metrics are what an operator token is shown with. */
    private static final List<String> SERVICES = List.of("signer", "ingest", "dispatcher", "audit");

    private Summary() {}

    static String render(Properties state, Duration took, Path home) {
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("Herald is up (")
                .append(ProgressLine.seconds(took))
                .append("). Everything listens on 127.0.0.1:")
                .append(nl);
        String ingest = state.getProperty("ingest.address");
        String audit = state.getProperty("audit.address");
        String sandbox = state.getProperty("sandbox.url");
        line(out, "ingest HTTP API", ingest == null ? null : ingest + "/v1/notifications");
        line(
                out,
                "audit API",
                audit == null
                        ? null
                        : audit + "/v1/notifications/{id}  (state and timeline; " + audit + "/v3/api-docs)");
        line(out, "audit web page", audit == null ? null : audit + "/");
        String tokens = state.getProperty("tokens.file");
        boolean anyService = SERVICES.stream().anyMatch(service -> state.getProperty(service + ".address") != null);
        String tokensFile = tokens == null || !anyService ? null : ProgressLine.display(Path.of(tokens));
        line(
                out,
                "bearer tokens",
                tokensFile == null
                        ? null
                        : tokensFile
                                + "  (publisher, reader, operator, dispatcher; owner-only, new each run; values never printed)");
        line(out, "signer", state.getProperty("signer.health"));
        line(out, "dispatcher", state.getProperty("dispatcher.health"));
        line(
                out,
                "Prometheus scrape",
                SERVICES.stream()
                        .map(service -> management(state, service))
                        .filter(java.util.Objects::nonNull)
                        .map(base -> base + "/actuator/prometheus")
                        .reduce((a, b) -> a + "  " + b)
                        .orElse(null));
        line(
                out,
                "provider sandbox",
                sandbox + "/_sandbox/requests  (DingTalk robot: " + sandbox + "/dingtalk/robot/send)");
        line(
                out,
                "registry API",
                state.getProperty("registry.api") + "  (Confluent-compatible: " + state.getProperty("registry.base")
                        + "/apis/ccompat/v7)");
        line(
                out,
                "registry UI",
                "not part of the apicurio-registry-app distribution; browse " + state.getProperty("registry.api")
                        + "/search/artifacts");
        line(out, "Kafka bootstrap", state.getProperty("kafka.bootstrap"));
        line(
                out,
                "PostgreSQL",
                state.getProperty("postgres.jdbc-url") + "  (user " + state.getProperty("postgres.user")
                        + ("true".equals(state.getProperty("postgres.embedded"))
                                ? ", password postgres, embedded)"
                                : ", external)"));
        line(
                out,
                "channel catalog",
                ProgressLine.display(Path.of(state.getProperty("channels.file", home + "/config/channels.yml"))));
        List<HeraldService> started = SERVICES.stream()
                .filter(service -> state.getProperty(service + ".address") != null)
                .map(HeraldService::byName)
                .toList();
        if (!started.isEmpty()) {
            line(out, "AOT cache", AotCache.summary(home, started));
        }
        out.append(nl).append("Try:").append(nl);
        if (tokensFile != null) {
            out.append("  # the tokens every call but health needs, from the stack's owner-only file into this shell")
                    .append(nl);
            for (String token : List.of(StackTokens.PUBLISHER, StackTokens.READER, StackTokens.OPERATOR)) {
                String variable = StackTokens.variable(token);
                out.append("  export ")
                        .append(variable)
                        .append("=\"$(sed -n 's/^")
                        .append(variable)
                        .append("=//p' '")
                        .append(tokensFile)
                        .append("')\"")
                        .append(nl);
            }
        }
        if (ingest != null) {
            out.append("  # send a DingTalk text message through the pipeline (publisher token)")
                    .append(nl)
                    .append("  curl -s -X POST ")
                    .append(ingest)
                    .append("/v1/notifications -H \"Authorization: Bearer $HERALD_PUBLISH_TOKEN\" \\")
                    .append(nl)
                    .append(
                            "       -H 'Content-Type: application/json' -d '{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"Hello from Herald\"}}'")
                    .append(nl)
                    .append("  # → 202 {\"id\":\"<id>\",\"status\":\"ACCEPTED\"}")
                    .append(nl)
                    .append("  # every provider has a demo channel on the sandbox (demo-<provider>); with the CLI:")
                    .append(nl)
                    .append("  ./herald publish --channel demo-feishu --text 'Hello from Herald' --wait")
                    .append(nl)
                    .append("  ./herald channel list        # the channels, managed live: herald channel --help")
                    .append(nl);
        }
        if (audit != null) {
            out.append("  # its state and timeline, as the audit service recorded them (reader token)")
                    .append(nl)
                    .append("  curl -s ")
                    .append(audit)
                    .append("/v1/notifications/<id>")
                    .append(" -H \"Authorization: Bearer $HERALD_READ_TOKEN\"")
                    .append(nl);
        }
        if (tokensFile != null) {
            out.append("  # replay, the signer's preview and /actuator/* but health take the operator token, e.g.")
                    .append(nl)
                    .append("  curl -s ")
                    .append(anyManagement(state))
                    .append("/actuator/metrics")
                    .append(" -H \"Authorization: Bearer $HERALD_OPERATOR_TOKEN\"")
                    .append(nl);
        }
        out.append("  # what the provider sandbox received (credentials masked) and its verdicts")
                .append(nl)
                .append("  curl -s ")
                .append(sandbox)
                .append("/_sandbox/requests")
                .append(nl);
        out.append(nl)
                .append("Logs: ")
                .append(ProgressLine.display(home.resolve(".herald/logs")))
                .append("/")
                .append("   Status: ./herald status   Stop: ./herald down")
                .append(nl);
        return out.toString();
    }

    private static String anyManagement(Properties state) {
        return SERVICES.stream()
                .map(service -> management(state, service))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow();
    }

    /** A service's management port ({@code http://127.0.0.1:9082}), from the health URL the supervisor recorded. */
    private static String management(Properties state, String service) {
        String health = state.getProperty(service + ".health");
        return health == null ? null : health.substring(0, health.length() - HeraldService.HEALTH_PATH.length());
    }

    private static void line(StringBuilder out, String what, String where) {
        if (where != null) {
            out.append(String.format("  %-18s %s%n", what, where));
        }
    }
}
