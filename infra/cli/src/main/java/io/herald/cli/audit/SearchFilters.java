package io.herald.cli.audit;

import io.herald.cli.Cli;
import io.herald.cli.Durations;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The audit API's list filters as options, shared by {@code audit search}, {@code dlq list} and {@code dlq replay}. */
public final class SearchFilters {

    @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel.")
    public String channel;

    @Option(names = "--provider", paramLabel = "ID", description = "Only this provider (dingtalk, slack, …).")
    public String provider;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant (within the credential's).")
    public String tenant;

    @Option(
            names = "--class",
            paramLabel = "CLASS",
            description = "The last attempt's outcome class: DELIVERED, RETRYABLE, RESIGN, PERMANENT.")
    public String outcomeClass;

    @Option(names = "--provider-code", paramLabel = "CODE", description = "The provider's error code (e.g. 310000).")
    public String providerCode;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "From this time: 2025-03-01T08:00:00Z, 2025-03-01, or an age such as 2h or 7d.")
    public String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Up to this time (same forms as --since).")
    public String until;

    /** The query parameters of {@code GET /v1/notifications} and {@code /v1/dead-letters}; unset ones left out. */
    public Map<String, String> query(Cli cli) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("channel", channel);
        query.put("provider", provider);
        query.put("tenant", tenant);
        query.put("class", outcomeClass);
        query.put("providerCode", providerCode);
        query.put("from", iso(Durations.instant("--since", since, cli.clock())));
        query.put("to", iso(Durations.instant("--until", until, cli.clock())));
        query.values().removeIf(v -> v == null || v.isBlank());
        return query;
    }

    public boolean isEmpty(Cli cli) {
        return query(cli).isEmpty();
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
