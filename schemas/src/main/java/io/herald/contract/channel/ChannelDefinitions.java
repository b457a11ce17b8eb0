package io.herald.contract.channel;

import io.herald.schema.ChannelDefinition;
import io.herald.schema.ChannelSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link ChannelDefinition} read from {@code herald.channels} into the {@link ChannelEntry} services look up,
 * checked with the channel API's rules ({@link ChannelRules#API}). Problems name the property, never a value that may
 * be secret (credential references are not echoed, sealed secrets never are).
 */
final class ChannelDefinitions {

    /** A definition as an entry, or why it cannot be one. */
    record Conversion(ChannelEntry entry, List<String> problems) {

        static Conversion invalid(String problem) {
            return new Conversion(null, List.of(problem));
        }

        boolean valid() {
            return entry != null;
        }
    }

    private ChannelDefinitions() {}

    /** {@code key} is the record's key: the channel name, which the definition must repeat. */
    static Conversion convert(String key, ChannelDefinition definition) {
        if (key == null || !key.equals(definition.getName())) {
            return Conversion.invalid("name: the record's key is not the definition's name");
        }
        if (definition.getState() == null) {
            return Conversion.invalid("state: missing");
        }
        URI endpoint;
        try {
            endpoint = definition.getEndpoint() == null ? null : new URI(definition.getEndpoint());
        } catch (URISyntaxException e) {
            return Conversion.invalid("endpoint: not a URL");
        }
        Channel channel = new Channel(
                definition.getProvider(),
                endpoint,
                definition.getCredentials() == null ? Map.of() : Map.copyOf(definition.getCredentials()),
                definition.getMaxMessageBytes(),
                definition.getRatePerMinute(),
                definition.getMaxAttempts(),
                definition.getMaxAgeMillis() == null ? null : Duration.ofMillis(definition.getMaxAgeMillis()),
                definition.getFallbacks() == null ? List.of() : List.copyOf(definition.getFallbacks()),
                definition.getFallbackAfterOpenMillis() == null
                        ? null
                        : Duration.ofMillis(definition.getFallbackAfterOpenMillis()),
                definition.getOrdering() == null
                        ? null
                        : Channel.Ordering.valueOf(definition.getOrdering().name()),
                definition.getOnDeadLetter() == null
                        ? null
                        : Channel.OnDeadLetter.valueOf(
                                definition.getOnDeadLetter().name()),
                definition.getOrderResumedAt());
        List<String> problems = ChannelRules.problems(key, channel, ChannelRules.API);
        if (!problems.isEmpty()) {
            return new Conversion(null, problems);
        }
        Map<String, List<ChannelSecret>> secrets = new LinkedHashMap<>();
        if (definition.getSecrets() != null) {
            definition.getSecrets().forEach((credential, list) -> secrets.put(credential, List.copyOf(list)));
        }
        return new Conversion(
                new ChannelEntry(
                        key, definition.getTenant(), definition.getState(), channel, secrets, definition.getVersion()),
                List.of());
    }
}
