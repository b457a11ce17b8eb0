package io.herald.cli.clock;

import io.herald.cli.Durations;
import io.herald.cli.Table;
import tools.jackson.databind.JsonNode;

/** The clock component for people: a summary line, one row per source, one per provider. */
final class ClockView {

    private ClockView() {}

    static String render(JsonNode clock) {
        JsonNode d = clock.path("details");
        StringBuilder out = new StringBuilder();
        out.append("clock ").append(clock.path("status").asString("?"));
        if (d.path("host").isString()) {
            out.append(": ").append(d.path("host").asString());
        }
        out.append(System.lineSeparator());
        out.append("offset ")
                .append(seconds(d.path("offsetSeconds"), true))
                .append(", error bound ")
                .append(seconds(d.path("boundSeconds"), false));
        if (d.has("truechimers")) {
            out.append("; agreeing: ").append(names(d.path("truechimers")));
            out.append("; outvoted: ").append(names(d.path("falsetickers")));
        }
        out.append(System.lineSeparator()).append(System.lineSeparator());
        Table sources = new Table("SOURCE", "OFFSET", "ERROR", "BOUND NOW", "SAMPLED AT", "LAST TRY", "LAST ERROR");
        d.path("sources").properties().forEach(e -> {
            JsonNode s = e.getValue();
            sources.row(
                    e.getKey(),
                    s.has("offsetSeconds") ? seconds(s.path("offsetSeconds"), true) : null,
                    s.has("errorSeconds") ? seconds(s.path("errorSeconds"), false) : null,
                    s.has("boundNowSeconds") ? seconds(s.path("boundNowSeconds"), false) : null,
                    s.path("sampledAt").asString(null),
                    s.path("lastTry").asString(null),
                    s.path("lastError").asString(null));
        });
        out.append(sources.isEmpty() ? "no clock source configured" + System.lineSeparator() : sources.render());
        Table providers = new Table("PROVIDER", "SIGNABLE", "WHY");
        d.path("providers")
                .properties()
                .forEach(e -> providers.row(
                        e.getKey(),
                        e.getValue().path("signable").asBoolean() ? "yes" : "NO",
                        e.getValue().path("reason").asString(null)));
        if (!providers.isEmpty()) {
            out.append(System.lineSeparator()).append(providers.render());
        }
        return out.toString();
    }

    private static String names(JsonNode list) {
        java.util.List<String> names = new java.util.ArrayList<>();
        list.forEach(n -> names.add(n.asString()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String seconds(JsonNode value, boolean signed) {
        return value.isNumber() ? Durations.seconds(value.asDouble(), signed) : value.asString("unknown");
    }
}
