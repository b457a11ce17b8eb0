package io.herald.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults {@code herald chaos} knows, by the name {@code --faults} takes, in the order the suite runs them. A kill is
 * instantaneous (the supervisor's restart is the recovery under test); the others are held for a while and then ended.
 */
enum FaultKind {
    KILL_INGEST("kill-ingest", "ingest"),
    KILL_SIGNER("kill-signer", "signer"),
    KILL_DISPATCHER("kill-dispatcher", "dispatcher"),
    KILL_AUDIT("kill-audit", "audit"),
    KILL_BROKER("kill-broker", "kafka"),
    POSTGRES_STOP("postgres-stop", "postgres"),
    REGISTRY_DOWN("registry-down", "registry"),
    PROVIDER_503("provider-503", "sandbox"),
    PROVIDER_SLOW("provider-slow", "sandbox");

    private final String id;
    private final String component;

    FaultKind(String id, String component) {
        this.id = id;
        this.component = component;
    }

    /** The name on the command line and in the report, e.g. {@code kill-broker}. */
    String id() {
        return id;
    }

    /** The stack component it hits: {@code ingest}, {@code kafka}, {@code postgres}, {@code sandbox}, … */
    String component() {
        return component;
    }

    boolean isKill() {
        return id.startsWith("kill-");
    }

    /** How long the fault is held by default (kills: none, the restart ends them). */
    Duration defaultHold() {
        return switch (this) {
            case POSTGRES_STOP, REGISTRY_DOWN, PROVIDER_SLOW -> Duration.ofSeconds(60);
            case PROVIDER_503 -> Duration.ofMinutes(3);
            default -> Duration.ZERO;
        };
    }

    /** The hold of the {@code --quick} profile (CI): long enough to matter, short enough for a build. */
    Duration quickHold() {
        return switch (this) {
            case POSTGRES_STOP, REGISTRY_DOWN, PROVIDER_SLOW -> Duration.ofSeconds(20);
            case PROVIDER_503 -> Duration.ofSeconds(30);
            default -> Duration.ZERO;
        };
    }

    static FaultKind byId(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.id.equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("--faults: unknown fault '" + id.strip() + "'; known: " + ids()));
    }

    /** Comma-separated names, in suite order; empty or {@code all} means every fault. */
    static List<FaultKind> parse(String names) {
        if (names == null || names.isBlank() || names.strip().equalsIgnoreCase("all")) {
            return List.of(values());
        }
        List<FaultKind> kinds = new ArrayList<>();
        for (String name : names.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            FaultKind kind = byId(name);
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--faults: name at least one fault; known: " + ids());
        }
        return List.copyOf(kinds);
    }

    static String ids() {
        return Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", "));
    }
}
