package io.herald.contract.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The channel catalog ({@code herald.channels.<name>.*}, usually in {@code config/channels.yml}): every
 * channel's provider, endpoint, credential references and limits. It is checked whole at start-up, and a
 * bad entry fails the start with a message naming the channel and the property.
 */
@ConfigurationProperties("herald")
public record ChannelCatalog(@DefaultValue Map<String, Channel> channels) {

    public ChannelCatalog {
        channels = Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        Map<String, Channel> all = channels;
        channels.forEach((name, channel) -> {
            problems.addAll(ChannelRules.problems(name, channel, ChannelRules.SEED_FILE));
            // the seed's channels are shared by every tenant
            problems.addAll(ChannelRules.routeProblems(
                    name,
                    null,
                    channel,
                    fallback -> Optional.ofNullable(all.get(fallback))
                            .map(c -> new ChannelRules.RouteMember(c.provider(), null)),
                    ChannelRules.SEED_FILE));
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid channel catalog: " + String.join("; ", problems));
        }
    }

    public Optional<Channel> find(String name) {
        return Optional.ofNullable(name).map(channels::get);
    }
}
