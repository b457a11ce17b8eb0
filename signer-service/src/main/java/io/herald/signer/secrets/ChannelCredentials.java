package io.herald.signer.secrets;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelEntry;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.schema.ChannelSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The credentials the provider signers are given: {@code env:}/{@code file:} references as always, and the sealed
 * secrets a channel holds from the channel API, opened for one signature. The provider signers only know
 * {@link SecretResolver} (a final class): for the duration of {@link #signing}, each credential with sealed secrets is
 * pointed at a reserved variable this resolver answers from the secrets just opened on this thread. The reserved
 * name ({@value #RESERVED}…) is not a valid {@code env:} reference, so no configured reference can reach it.
 */
public final class ChannelCredentials {

    static final String RESERVED = "herald.sealed/";

    private final ChannelSecrets secrets;
    private final UnaryOperator<String> environment;
    private final SecretResolver resolver;
    private final ThreadLocal<Map<String, String>> opened = new ThreadLocal<>();

    /** @param environment looks up an environment variable, {@code null} when unset (e.g. {@code System::getenv}) */
    public ChannelCredentials(ChannelSecrets secrets, UnaryOperator<String> environment) {
        this.secrets = secrets;
        this.environment = environment;
        this.resolver = new SecretResolver(this::variable);
    }

    /** The resolver to give the provider signers (and the start-up check). */
    public SecretResolver resolver() {
        return resolver;
    }

    /**
     * Runs {@code work} with the channel to sign with: the entry's channel, its sealed credentials opened for this
     * thread until {@code work} returns. A credential with several secrets gives all of them, comma-joined, when the
     * provider signs with every one ({@link Provider#signsWithEverySecret}), else the newest.
     *
     * @throws io.herald.contract.secret.SecretUnavailableException when a sealed secret cannot be opened
     */
    public <T> T signing(ChannelEntry entry, Provider provider, Function<Channel, T> work) {
        Channel channel = entry.channel();
        if (entry.secrets().values().stream().allMatch(List::isEmpty)) {
            return work.apply(channel);
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> references = new LinkedHashMap<>(channel.credentials());
        entry.secrets().forEach((credential, held) -> {
            if (held.isEmpty()) {
                return;
            }
            List<ChannelSecret> used = provider.signsWithEverySecret(credential) ? held : List.of(held.getLast());
            List<String> plain = new ArrayList<>(used.size());
            for (ChannelSecret secret : used) {
                plain.add(secrets.open(entry.name(), credential, secret));
            }
            values.put(credential, String.join(",", plain));
            references.put(credential, "env:" + RESERVED + credential);
        });
        Channel withSealed = new Channel(
                channel.provider(),
                channel.endpoint(),
                references,
                channel.maxMessageBytes(),
                channel.ratePerMinute(),
                channel.maxAttempts(),
                channel.maxAge());
        Map<String, String> outer = opened.get();
        opened.set(values);
        try {
            return work.apply(withSealed);
        } finally {
            if (outer == null) {
                opened.remove();
            } else {
                opened.set(outer);
            }
        }
    }

    private String variable(String name) {
        if (name.startsWith(RESERVED)) {
            Map<String, String> values = opened.get();
            return values == null ? null : values.get(name.substring(RESERVED.length()));
        }
        return environment.apply(name);
    }
}
