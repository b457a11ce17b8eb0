package io.herald.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ProviderSandbox#registerCatalog} did with a channel catalog, by channel name in catalog order.
 *
 * @param served  channel name to provider id, for the channels the sandbox now accepts correctly signed requests of
 * @param ignored channel name to why it was left alone (its endpoint is elsewhere)
 */
public record CatalogRegistration(Map<String, String> served, Map<String, String> ignored) {

    public CatalogRegistration {
        served = Collections.unmodifiableMap(new LinkedHashMap<>(served));
        ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
    }
}
