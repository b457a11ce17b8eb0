package io.herald.cli.audit;

import io.herald.cli.Table;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A notification of {@code GET /v1/notifications/{id}} for people: a few lines of state, then the timeline as a table
 * (time, event, outcome, HTTP status, provider code, attempt, detail), then why each failed attempt failed (its
 * explanation: what happened, the likely cause, the provider's docs). Entry types it does not know show with their
 * type and time, so a newer audit service still prints.
 */
public final class TimelineView {

    private TimelineView() {}

    public static String render(JsonNode n) {
        StringBuilder out = new StringBuilder();
        field(out, "id", n.path("id").asString(""));
        field(out, "status", n.path("status").asString(""));
        field(
                out,
                "channel",
                n.path("channel").asString("") + " (" + n.path("provider").asString("?") + ")");
        field(out, "tenant", n.path("tenant").asString(""));
        field(out, "source", n.path("source").asString(""));
        field(out, "trace", n.path("traceId").asString(""));
        JsonNode replay = n.path("replay");
        if (replay.isObject()) {
            field(
                    out,
                    "replay of",
                    replay.path("originalId").asString("") + " (replay "
                            + replay.path("replayCount").asInt() + ", by "
                            + replay.path("requestedBy").asString("?") + ")");
        }
        if (n.path("replays").asInt() > 0) {
            field(
                    out,
                    "replays",
                    n.path("replays").asInt() + ", latest "
                            + n.path("lastReplayId").asString(""));
        }
        out.append(System.lineSeparator());
        Table table = new Table("TIME", "EVENT", "OUTCOME", "HTTP", "PROVIDER CODE", "ATTEMPT", "DETAIL");
        for (JsonNode e : n.path("timeline")) {
            table.row(
                    e.path("at").asString(""),
                    e.path("type").asString(""),
                    outcome(e),
                    text(e, "httpStatus"),
                    text(e, "providerCode"),
                    attempt(e),
                    detail(e));
        }
        out.append(table.render());
        explanations(out, n.path("timeline"));
        return out.toString();
    }

    /** {@code attempt 1 at ...: <text>}, then its likely cause and docs, indented; nothing when none failed. */
    private static void explanations(StringBuilder out, JsonNode timeline) {
        boolean first = true;
        for (JsonNode e : timeline) {
            JsonNode why = e.path("explanation");
            if (!"ATTEMPT".equals(e.path("type").asString("")) || !why.isObject()) {
                continue;
            }
            if (first) {
                out.append(System.lineSeparator()).append("Why attempts failed").append(System.lineSeparator());
                first = false;
            }
            out.append("attempt ")
                    .append(e.path("attempt").asInt())
                    .append(" at ")
                    .append(e.path("at").asString(""))
                    .append(": ")
                    .append(why.path("text").asString(""))
                    .append(System.lineSeparator());
            String cause = text(why, "likelyCause");
            if (cause != null) {
                out.append("  likely cause: ").append(cause).append(System.lineSeparator());
            }
            String docs = text(why, "docs");
            if (docs != null) {
                out.append("  docs: ").append(docs).append(System.lineSeparator());
            }
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null && !value.isBlank()) {
            out.append(String.format("%-10s %s%n", name, value));
        }
    }

    private static String outcome(JsonNode e) {
        return switch (e.path("type").asString("")) {
            case "ATTEMPT" -> text(e, "outcome");
            case "DEAD_LETTER" -> text(e, "finalOutcome");
            case "REPLAYED" -> text(e, "replayStatus");
            default -> null;
        };
    }

    private static String attempt(JsonNode e) {
        return switch (e.path("type").asString("")) {
            case "SIGNED", "ATTEMPT" -> text(e, "attempt");
            case "DEAD_LETTER" -> text(e, "attempts");
            case "REPLAYED" -> text(e, "replayCount");
            default -> null;
        };
    }

    private static String detail(JsonNode e) {
        List<String> parts = new ArrayList<>();
        switch (e.path("type").asString("")) {
            case "ACCEPTED" -> add(parts, "source ", text(e, "source"));
            case "REJECTED" -> {
                for (JsonNode v : e.path("violations")) {
                    parts.add(v.path("field").asString("?") + ": "
                            + v.path("message").asString(""));
                }
            }
            case "ATTEMPT" -> {
                add(parts, "", text(e, "providerMessage"));
                add(parts, "", text(e, "error"));
                add(parts, "", text(e, "latencyMs") == null ? null : text(e, "latencyMs") + " ms");
            }
            case "DEAD_LETTER" -> add(parts, "", text(e, "reason"));
            case "REPLAYED" -> {
                add(parts, "as ", text(e, "replayId"));
                add(parts, "by ", text(e, "requestedBy"));
            }
            case "WAITING" -> add(parts, "", text(e, "reason"));
            default -> {}
        }
        return String.join("; ", parts);
    }

    private static void add(List<String> parts, String prefix, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(prefix + value);
        }
    }

    /** The field as text, or null when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
