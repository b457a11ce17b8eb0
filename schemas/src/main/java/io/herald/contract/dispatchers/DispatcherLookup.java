package io.herald.contract.dispatchers;

import io.herald.contract.provider.Provider;
import java.util.List;
import java.util.Map;

/**
 * Asks who serves each provider: how many dispatchers consume its signed topic {@code herald.signed.<provider>} (the
 * members of {@link io.herald.contract.kafka.Topics#dispatcherGroup}) and how many signed requests wait there. A
 * provider nobody serves leaves its notifications waiting with nothing else saying so (issue 15). The signer shows the
 * answer in its health and gauges, the audit service on the timeline of a waiting notification.
 */
@FunctionalInterface
public interface DispatcherLookup {

    /**
     * The presence of every provider asked about.
     *
     * @throws Exception when the broker could not be asked: that says nothing about any provider
     */
    Map<Provider, Presence> presence(List<Provider> providers) throws Exception;

    /**
     * What the broker says of one provider's dispatchers.
     *
     * @param members consumers in the provider's dispatcher group; 0 when none runs (or the group never existed)
     * @param waiting signed requests of the provider its dispatchers have not consumed yet
     */
    record Presence(int members, long waiting) {}
}
