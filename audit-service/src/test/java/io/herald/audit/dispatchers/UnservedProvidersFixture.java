package io.herald.audit.dispatchers;

import io.herald.contract.provider.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@link UnservedProviders} fed by a test's broker answer instead of a Kafka admin client, for other packages' tests. */
public final class UnservedProvidersFixture {

    private UnservedProvidersFixture() {}

    /** @param broker answers the members per provider, or throws as an unreachable broker does */
    public static UnservedProviders answering(Callable<Map<Provider, Integer>> broker, Clock clock) {
        return new UnservedProviders(providers -> broker.call(), Duration.ofSeconds(15), clock);
    }

    /** One look at the broker, as the schedule does. */
    public static void check(UnservedProviders unserved) {
        unserved.check();
    }
}
