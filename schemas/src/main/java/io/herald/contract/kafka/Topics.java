package io.herald.contract.kafka;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of Herald's topic names. Every service asks this class; nobody spells a topic name.
 *
 * @param prefix prepended to every name (e.g. {@code "staging."}), empty by default
 * @param retryTiers the delays of the retry tiers, shortest first; tier {@code i} is {@code herald.retry.<delay>}
 */
public record Topics(String prefix, List<Duration> retryTiers) {

    public Topics {
        prefix = prefix == null ? "" : prefix;
        retryTiers = List.copyOf(retryTiers);
        if (retryTiers.isEmpty()) {
            throw new IllegalArgumentException("herald.kafka.retry-tiers must name at least one delay");
        }
    }

    public String requests() {
        return prefix + "herald.requests";
    }

    public String accepted() {
        return prefix + "herald.accepted";
    }

    public String rejected() {
        return prefix + "herald.rejected";
    }

    public String attempts() {
        return prefix + "herald.attempts";
    }

    public String deadLetters() {
        return prefix + "herald.dead-letters";
    }

    /** The live channel catalog: compacted, one partition, keyed by channel name, written only by the audit service. */
    public String channels() {
        return prefix + "herald.channels";
    }

    /**
     * Where each ordered channel stands ({@code OrderingState}): compacted, one partition, keyed by channel name, written
     * only by the dispatchers (each channel's by the owner of its partition).
     */
    public String ordering() {
        return prefix + "herald.ordering";
    }

    public String signed(Provider provider) {
        return prefix + "herald.signed." + provider.id();
    }

    /** The consumer group of the dispatchers that deliver {@link #signed(Provider)} (not prefixed: groups are not topics). */
    public static String dispatcherGroup(Provider provider) {
        return "herald-dispatcher-" + provider.id();
    }

    /** The retry topic of tier {@code index}; indexes past the last tier use the last (longest) one. */
    public String retry(int index) {
        return prefix + "herald.retry." + tierName(retryTiers.get(Math.min(index, retryTiers.size() - 1)));
    }

    public List<String> retryTopics() {
        return retryTiers.stream()
                .map(d -> prefix + "herald.retry." + tierName(d))
                .toList();
    }

    public List<String> all() {
        List<String> all = new ArrayList<>(List.of(requests(), accepted(), rejected(), attempts(), deadLetters()));
        for (Provider provider : Provider.all()) {
            all.add(signed(provider));
        }
        all.addAll(retryTopics());
        return all;
    }

    /** 10s, 1m, 10m, 1h, 1500ms: the shortest exact spelling of the delay. */
    static String tierName(Duration delay) {
        long millis = delay.toMillis();
        if (millis % 3_600_000 == 0) return millis / 3_600_000 + "h";
        if (millis % 60_000 == 0) return millis / 60_000 + "m";
        if (millis % 1_000 == 0) return millis / 1_000 + "s";
        return millis + "ms";
    }
}
