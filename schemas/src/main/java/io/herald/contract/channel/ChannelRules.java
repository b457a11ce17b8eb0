package io.herald.contract.channel;

import io.herald.contract.provider.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one set of rules a channel definition must satisfy, wherever it comes from (the seed file at start-up, the
 * channel API, the live topic). Problems name the property in the caller's spelling: {@link #SEED_FILE} for
 * {@code herald.channels.<name>.max-message-bytes}, {@link #API} for {@code maxMessageBytes}.
 */
public final class ChannelRules {

    /** Property names as the seed file spells them. */
    public static final Naming SEED_FILE = new Naming(name -> "herald.channels." + name, true);
    /** Property names as the channel API's JSON spells them. */
    public static final Naming API = new Naming(name -> "", false);

    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern CREDENTIAL_REFERENCE = Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)");

    private ChannelRules() {}

    /** True for a name of 1-63 of [a-z0-9_-] starting with a letter or digit. */
    public static boolean validName(String name) {
        return name != null && CHANNEL_NAME.matcher(name).matches();
    }

    /** True for {@code env:VARIABLE} or {@code file:/path}. */
    public static boolean isReference(String value) {
        return value != null && CREDENTIAL_REFERENCE.matcher(value).matches();
    }

    /** Every problem of {@code channel} named {@code name}, each naming its property; empty when it is valid. */
    public static List<String> problems(String name, Channel channel, Naming naming) {
        List<String> problems = new ArrayList<>();
        if (!validName(name)) {
            problems.add(naming.property(name, "name")
                    + ": channel names are 1-63 of [a-z0-9_-], starting with a letter or digit");
        }
        if (channel.provider() == null || Provider.byId(channel.provider()).isEmpty()) {
            problems.add(naming.property(name, "provider") + ": '" + channel.provider() + "' is not one of "
                    + Provider.knownIds());
        }
        if (channel.endpoint() == null || !channel.endpoint().isAbsolute()) {
            problems.add(naming.property(name, "endpoint") + ": an absolute http(s) URL is required");
        } else if (channel.endpoint().getQuery() != null) {
            problems.add(
                    naming.property(name, "endpoint") + ": put credentials under credentials, not in the URL query");
        }
        channel.credentials().forEach((key, reference) -> {
            if (!isReference(reference)) {
                // never echo the value: it may be a secret pasted by mistake
                problems.add(naming.property(name, "credentials") + "." + key
                        + ": must be a reference, env:VARIABLE or file:/path");
            }
        });
        if (channel.maxMessageBytes() != null && channel.maxMessageBytes() < 1) {
            problems.add(naming.property(name, "maxMessageBytes") + ": must be positive");
        }
        if (channel.ratePerMinute() != null && channel.ratePerMinute() < 1) {
            problems.add(naming.property(name, "ratePerMinute") + ": must be positive");
        }
        if (channel.maxAttempts() != null && channel.maxAttempts() < 1) {
            problems.add(naming.property(name, "maxAttempts") + ": must be at least 1");
        }
        if (channel.maxAge() != null
                && (channel.maxAge().isNegative() || channel.maxAge().isZero())) {
            problems.add(naming.property(name, "maxAge") + ": must be positive");
        }
        problems.addAll(fallbackProblems(name, channel, naming));
        if (channel.onDeadLetter() == Channel.OnDeadLetter.STOP && !channel.strictOrder()) {
            // only an ordered channel has notifications waiting behind the one dead-lettered: nothing to stop
            problems.add(naming.property(name, "onDeadLetter") + ": stop needs ordering strict (only an ordered"
                    + " channel holds later notifications behind a dead letter)");
        }
        return problems;
    }

    /** The longest route: a channel and this many fallbacks. */
    public static final int MAX_FALLBACKS = 3;

    private static List<String> fallbackProblems(String name, Channel channel, Naming naming) {
        List<String> problems = new ArrayList<>();
        String property = naming.property(name, "fallbacks");
        if (channel.fallbacks().size() > MAX_FALLBACKS) {
            problems.add(property + ": at most " + MAX_FALLBACKS + " channels");
        }
        Set<String> seen = new HashSet<>();
        for (String fallback : channel.fallbacks()) {
            if (!validName(fallback)) {
                problems.add(property + ": '" + fallback + "' is not a channel name");
            } else if (fallback.equals(name)) {
                problems.add(property + ": a channel cannot fall back to itself");
            } else if (!seen.add(fallback)) {
                problems.add(property + ": '" + fallback + "' is named twice");
            }
        }
        Duration afterOpen = channel.fallbackAfterOpen();
        if (afterOpen != null && (afterOpen.isNegative() || afterOpen.isZero())) {
            problems.add(naming.property(name, "fallbackAfterOpen") + ": must be positive");
        } else if (afterOpen != null && channel.fallbacks().isEmpty()) {
            problems.add(naming.property(name, "fallbackAfterOpen") + ": needs fallbacks to fall back to");
        }
        return problems;
    }

    /** A channel as a route sees it: its provider and the tenant that owns it (null: shared). */
    public record RouteMember(String provider, String tenant) {}

    /**
     * The problems of {@code channel}'s route, checked against the other channels: every fallback is a channel that
     * exists ({@code members} finds it; empty when unknown or deleted), a chat channel like this one (a message is
     * rendered for each provider; an API call means nothing to another), owned by this channel's tenant or shared.
     */
    public static List<String> routeProblems(
            String name,
            String tenant,
            Channel channel,
            Function<String, Optional<RouteMember>> members,
            Naming naming) {
        if (channel.fallbacks().isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String property = naming.property(name, "fallbacks");
        if (!chat(channel.provider())) {
            problems.add(
                    property + ": only chat channels have fallbacks ('" + channel.provider() + "' takes API calls)");
        }
        for (String fallback : channel.fallbacks()) {
            Optional<RouteMember> member = members.apply(fallback);
            if (member.isEmpty()) {
                problems.add(property + ": no channel named '" + fallback + "'");
            } else if (!chat(member.get().provider())) {
                problems.add(property + ": '" + fallback + "' is not a chat channel ('"
                        + member.get().provider() + "' takes API calls)");
            } else if (member.get().tenant() != null && !member.get().tenant().equals(tenant)) {
                problems.add(property + ": '" + fallback + "' belongs to another tenant");
            }
        }
        return problems;
    }

    private static boolean chat(String provider) {
        return Provider.byId(provider).map(p -> p.kind() == Provider.Kind.CHAT).orElse(false);
    }

    /** How problems spell a property of a channel. */
    public static final class Naming {
        private final Function<String, String> channelPrefix;
        private final boolean kebab;

        private Naming(Function<String, String> channelPrefix, boolean kebab) {
            this.channelPrefix = channelPrefix;
            this.kebab = kebab;
        }

        String property(String channel, String camelName) {
            String prefix = channelPrefix.apply(channel);
            if ("name".equals(camelName)) {
                return prefix.isEmpty() ? "name" : prefix;
            }
            String property = kebab ? camelName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) : camelName;
            return prefix.isEmpty() ? property : prefix + "." + property;
        }
    }
}
