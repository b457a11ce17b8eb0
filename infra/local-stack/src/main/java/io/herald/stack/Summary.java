package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** What {@code herald up} prints once the stack is up: where everything listens and commands to try. */
final class Summary {

    private Summary() {}

    static String render(Properties state, Duration took, Path home) {
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("Herald is up (").append(ProgressLine.seconds(took)).append("). Everything listens on 127.0.0.1:").append(nl);
        String ingest = state.getProperty("ingest.address");
        String audit = state.getProperty("audit.address");
        String sandbox = state.getProperty("sandbox.url");
        line(out, "ingest HTTP API", ingest == null ? null : ingest + "/v1/notifications");
        line(out, "audit API", audit == null ? null : audit + "/v1/notifications/{id}  (state and timeline; " + audit
                + "/v1/openapi.yaml)");
        line(out, "audit web page", audit == null ? null : audit + "/");
        Properties tokens = audit == null ? new Properties() : auditTokens(state, home);
        line(out, "audit READ token", tokens.getProperty("read"));
        line(out, "audit OPERATOR token", tokens.getProperty("operator"));
        line(out, "signer", health(state.getProperty("signer.address")));
        line(out, "dispatcher", health(state.getProperty("dispatcher.address")));
        line(out, "provider sandbox", sandbox + "/_sandbox/requests  (DingTalk robot: " + sandbox + "/dingtalk/robot/send)");
        line(out, "registry API", state.getProperty("registry.api")
                + "  (Confluent-compatible: " + state.getProperty("registry.base") + "/apis/ccompat/v7)");
        line(out, "registry UI", "not part of the apicurio-registry-app distribution; browse "
                + state.getProperty("registry.api") + "/search/artifacts");
        line(out, "Kafka bootstrap", state.getProperty("kafka.bootstrap"));
        line(out, "PostgreSQL", state.getProperty("postgres.jdbc-url") + "  (user " + state.getProperty("postgres.user")
                + ("true".equals(state.getProperty("postgres.embedded")) ? ", password postgres, embedded)" : ", external)"));
        line(out, "channel catalog", ProgressLine.display(Path.of(state.getProperty("channels.file", home + "/config/channels.yml"))));
        out.append(nl).append("Try:").append(nl);
        if (ingest != null) {
            out.append("  # send a DingTalk text message through the pipeline").append(nl)
                    .append("  curl -s -X POST ").append(ingest).append("/v1/notifications -H 'Content-Type: application/json' \\").append(nl)
                    .append("       -d '{\"channel\":\"demo-dingtalk\",\"message\":{\"text\":\"Hello from Herald\"}}'").append(nl)
                    .append("  # → 202 {\"id\":\"<id>\",\"status\":\"ACCEPTED\"}").append(nl);
        }
        if (audit != null) {
            out.append("  # its state and timeline, as the audit service recorded them").append(nl)
                    .append("  curl -s ").append(audit).append("/v1/notifications/<id>")
                    .append(" -H \"Authorization: Bearer $HERALD_AUDIT_READ_TOKEN\"").append(nl)
                    .append("  # (export HERALD_AUDIT_READ_TOKEN / HERALD_AUDIT_OPERATOR_TOKEN with the tokens above)").append(nl);
        }
        out.append("  # what the DingTalk sandbox received (credentials masked) and its verdicts").append(nl)
                .append("  curl -s ").append(sandbox).append("/_sandbox/requests").append(nl);
        out.append(nl).append("Logs: ").append(ProgressLine.display(home.resolve(".herald/logs"))).append("/")
                .append("   Status: ./herald status   Stop: ./herald down").append(nl);
        return out.toString();
    }

    /** The audit tokens the stack wrote next to its logs (see LocalStack#auditReadToken). */
    private static Properties auditTokens(Properties state, Path home) {
        String auditLog = state.getProperty("audit.log");
        Path workDir = auditLog == null ? home.resolve(".herald") : Path.of(auditLog).getParent().getParent();
        Properties tokens = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(workDir.resolve(LocalStack.AUDIT_TOKENS_FILE))) {
            tokens.load(in);
        } catch (java.io.IOException e) {
            // not written (audit not started): print no token line
        }
        return tokens;
    }

    private static String health(String address) {
        return address == null ? null : address + "/actuator/health";
    }

    private static void line(StringBuilder out, String what, String where) {
        if (where != null) {
            out.append(String.format("  %-18s %s%n", what, where));
        }
    }
}
