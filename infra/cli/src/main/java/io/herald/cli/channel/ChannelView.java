package io.herald.cli.channel;

import io.herald.cli.Table;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Channels for people: the list as a table, one channel as labelled lines, its history; never a secret value. */
final class ChannelView {

    private ChannelView() {}

    /** {@code channels}: the audit's answer to {@code GET /v1/channels}, a JSON array. */
    static String table(JsonNode channels) {
        Table table = new Table("NAME", "TENANT", "STATE", "PROVIDER", "ENDPOINT", "VERSION", "ORIGIN", "SECRETS");
        for (JsonNode c : channels) {
            table.row(
                    text(c, "name"),
                    tenant(c),
                    text(c, "state"),
                    text(c, "provider"),
                    text(c, "endpoint"),
                    text(c, "version"),
                    text(c, "origin"),
                    secretCount(c));
        }
        return table.isEmpty() ? "no channel matches" + System.lineSeparator() : table.render();
    }

    static String channel(JsonNode c) {
        StringBuilder out = new StringBuilder();
        line(out, "name", text(c, "name"));
        line(
                out,
                "state",
                text(c, "state") + " (version " + text(c, "version") + ", origin " + text(c, "origin") + ", changed by "
                        + text(c, "changedBy") + " at " + text(c, "changedAt") + ")");
        line(out, "tenant", tenant(c));
        line(out, "provider", text(c, "provider"));
        line(out, "endpoint", text(c, "endpoint"));
        List<String> credentials = new ArrayList<>();
        c.path("credentials")
                .properties()
                .forEach(e -> credentials.add(e.getKey() + ": " + e.getValue().asString()));
        line(out, "credentials", credentials.isEmpty() ? "-" : String.join(", ", credentials));
        List<String> secrets = new ArrayList<>();
        c.path("secrets").properties().forEach(e -> {
            List<String> ids = new ArrayList<>();
            for (JsonNode secret : e.getValue()) {
                ids.add(text(secret, "id") + " (added by " + text(secret, "addedBy") + " at " + text(secret, "addedAt")
                        + ")");
            }
            secrets.add(e.getKey() + ": " + String.join(", ", ids));
        });
        line(out, "secrets", secrets.isEmpty() ? "-" : String.join("; ", secrets) + " (sealed; never shown)");
        List<String> limits = new ArrayList<>();
        limit(limits, c, "maxMessageBytes", "max-message-bytes");
        limit(limits, c, "ratePerMinute", "rate-per-minute");
        limit(limits, c, "maxAttempts", "max-attempts");
        limit(limits, c, "maxAge", "max-age");
        line(
                out,
                "limits",
                limits.isEmpty() ? "the provider's and the dispatcher's defaults" : String.join(", ", limits));
        List<String> route = new ArrayList<>();
        route.add(text(c, "name"));
        c.path("fallbacks").forEach(f -> route.add(f.asString()));
        if (route.size() > 1) {
            line(
                    out,
                    "route",
                    String.join(" → ", route)
                            + (c.path("fallbackAfterOpen").isString()
                                    ? " (also after the circuit is open " + text(c, "fallbackAfterOpen") + ")"
                                    : ""));
        }
        String ordering = text(c, "ordering");
        if (ordering != null) {
            line(out, "ordering", ordering(ordering, text(c, "onDeadLetter"), text(c, "orderResumedAt")));
        }
        return out.toString();
    }

    /** "strict; a dead letter stops the rest until resumed (last resumed at …)", or "none". */
    private static String ordering(String ordering, String onDeadLetter, String resumedAt) {
        if (!"strict".equals(ordering)) {
            return ordering + " (no order kept across retries)";
        }
        String after = "stop".equals(onDeadLetter)
                ? "a dead letter stops the rest until herald channel resume"
                : "a dead letter lets the next go";
        return "strict, on-dead-letter " + onDeadLetter + ": " + after
                + (resumedAt == null ? "" : " (last resumed at " + resumedAt + ")");
    }

    /** {@code versions}: the audit's answer to {@code GET /v1/channels/{name}/history}, a JSON array. */
    static String history(JsonNode versions) {
        Table table = new Table("VERSION", "ACTION", "BY", "AT", "CHANGED");
        for (JsonNode v : versions) {
            table.row(text(v, "version"), text(v, "action"), text(v, "by"), text(v, "at"), changed(v));
        }
        return table.isEmpty() ? "no history" + System.lineSeparator() : table.render();
    }

    /** The fields a version changed ({@code changedFields} of the history answer), as a list of names. */
    private static String changed(JsonNode version) {
        List<String> names = new ArrayList<>();
        version.path("changedFields").forEach(name -> names.add(name.asString()));
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static String secretCount(JsonNode c) {
        int count = 0;
        for (JsonNode list : c.path("secrets")) {
            count += list.size();
        }
        return count == 0 ? null : Integer.toString(count);
    }

    private static String tenant(JsonNode c) {
        String tenant = text(c, "tenant");
        return tenant == null ? "(shared)" : tenant;
    }

    private static void limit(List<String> limits, JsonNode c, String field, String label) {
        String value = text(c, field);
        if (value != null) {
            limits.add(label + " " + value);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-12s %s%n", label, value == null ? "-" : value));
    }
}
