package io.herald.contract.provider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The providers on the class path, loaded once; two with the same id are a packaging mistake and fail loudly. */
final class ProviderRegistry {

    private ProviderRegistry() {}

    private static final class Loaded {
        static final List<Provider> ALL = load();
    }

    static List<Provider> all() {
        return Loaded.ALL;
    }

    static Optional<Provider> byId(String id) {
        for (Provider provider : Loaded.ALL) {
            if (provider.id().equals(id)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    private static List<Provider> load() {
        List<Provider> providers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Provider provider : ServiceLoader.load(Provider.class, Provider.class.getClassLoader())) {
            if (!ids.add(provider.id())) {
                throw new IllegalStateException("two providers registered with id '" + provider.id() + "'");
            }
            providers.add(provider);
        }
        return List.copyOf(providers);
    }
}
