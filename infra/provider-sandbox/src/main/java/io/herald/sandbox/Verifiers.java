package io.herald.sandbox;

import io.herald.provider.spi.ProviderPlugin;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** The providers' verifiers, one per plug-in, and which one serves a path or an id. */
final class Verifiers {

    private final List<SandboxVerifier> all;

    Verifiers(Clock clock, JsonMapper json) {
        this.all = ProviderPlugin.all().stream()
                .map(plugin -> plugin.sandboxVerifier(clock, json))
                .toList();
    }

    Optional<SandboxVerifier> serving(String path) {
        return all.stream().filter(p -> p.serves(path)).findFirst();
    }

    Optional<SandboxVerifier> forProvider(String provider) {
        return all.stream().filter(p -> p.provider().equals(provider)).findFirst();
    }

    <T extends SandboxVerifier> Optional<T> ofType(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The provider ids served, for messages: {@code dingtalk, feishu, …}. */
    String ids() {
        return String.join(", ", all.stream().map(SandboxVerifier::provider).toList());
    }

    /** The path as records, logs and the admin API may show it: a credential in it (a hook token) masked. */
    String maskPath(String path) {
        return serving(path).map(p -> p.maskPath(path)).orElse(path);
    }
}
