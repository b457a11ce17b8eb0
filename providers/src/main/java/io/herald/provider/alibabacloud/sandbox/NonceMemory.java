package io.herald.provider.alibabacloud.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@code x-acs-signature-nonce} values seen, each kept until the date it came with leaves the tolerance window:
 * after that the date alone rejects a replay, so the nonce need not be remembered. Alibaba's gateway keeps them about
 * as long (31 minutes, all accounts together: https://developer.aliyun.com/ask/561619).
 */
final class NonceMemory {

    private record Seen(String nonce, Instant until) {}

    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final Queue<Seen> byArrival = new ConcurrentLinkedQueue<>();

    /** True the first time {@code nonce} is used; it is then remembered until {@code until}. */
    boolean firstUse(String nonce, Instant until, Instant now) {
        forgetExpired(now);
        if (seen.putIfAbsent(nonce, until) != null) {
            return false;
        }
        byArrival.add(new Seen(nonce, until));
        return true;
    }

    int size() {
        return seen.size();
    }

    // dates arrive about in order, so the expired ones gather at the head
    private void forgetExpired(Instant now) {
        for (Seen head = byArrival.peek(); head != null && head.until().isBefore(now); head = byArrival.peek()) {
            if (byArrival.remove(head)) {
                seen.remove(head.nonce(), head.until());
            }
        }
    }
}
