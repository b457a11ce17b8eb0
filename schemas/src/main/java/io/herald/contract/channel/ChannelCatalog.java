package io.herald.contract.channel;

import io.herald.contract.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The channel catalog ({@code herald.channels.<name>.*}, usually in {@code config/channels.yml}): every
 * channel's provider, endpoint, credential references and limits. It is checked whole at start-up, and a
 * bad entry fails the start with a message naming the channel and the property.
 */
@ConfigurationProperties("herald")
public record ChannelCatalog(@DefaultValue Map<String, Channel> channels) {

    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern CREDENTIAL_REFERENCE = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");

    public ChannelCatalog {
        channels = Map.copyOf(channels);
        List<String> problems = new ArrayList<>();
        channels.forEach((name, channel) -> problems.addAll(problemsOf(name, channel)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid channel catalog: " + String.join("; ", problems));
        }
    }

    public Optional<Channel> find(String name) {
        return Optional.ofNullable(name).map(channels::get);
    }

    private static List<String> problemsOf(String name, Channel channel) {
        String at = "herald.channels." + name;
        List<String> problems = new ArrayList<>();
        if (!CHANNEL_NAME.matcher(name).matches()) {
            problems.add(at + ": channel names are 1-63 of [a-z0-9_-], starting with a letter or digit");
        }
        if (channel.provider() == null || Provider.byId(channel.provider()).isEmpty()) {
            problems.add(at + ".provider: '" + channel.provider() + "' is not one of " + Provider.knownIds());
        }
        if (channel.endpoint() == null || !channel.endpoint().isAbsolute()) {
            problems.add(at + ".endpoint: an absolute http(s) URL is required");
        } else if (channel.endpoint().getQuery() != null) {
            problems.add(at + ".endpoint: put credentials under credentials, not in the URL query");
        }
        channel.credentials().forEach((key, reference) -> {
            if (reference == null || !CREDENTIAL_REFERENCE.matcher(reference).matches()) {
                // never echo the value: it may be a secret pasted by mistake
                problems.add(at + ".credentials." + key + ": must be a reference, env:VARIABLE or file:/path");
            }
        });
        if (channel.maxMessageBytes() != null && channel.maxMessageBytes() < 1) {
            problems.add(at + ".max-message-bytes: must be positive");
        }
        if (channel.ratePerMinute() != null && channel.ratePerMinute() < 1) {
            problems.add(at + ".rate-per-minute: must be positive");
        }
        if (channel.maxAttempts() != null && channel.maxAttempts() < 1) {
            problems.add(at + ".max-attempts: must be at least 1");
        }
        if (channel.maxAge() != null
                && (channel.maxAge().isNegative() || channel.maxAge().isZero())) {
            problems.add(at + ".max-age: must be positive");
        }
        return problems;
    }
}
