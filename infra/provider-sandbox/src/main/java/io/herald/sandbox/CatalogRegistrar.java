package io.herald.sandbox;

import io.herald.provider.spi.sandbox.SandboxChannel;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Makes the sandbox accept every channel of a Herald channel catalog ({@code config/channels.yml}) whose endpoint is
 * the sandbox: resolves the credentials from the same {@code env:}/{@code file:} references the signer uses and hands
 * each channel to its provider's verifier ({@link SandboxVerifier#registration}). Channels elsewhere are skipped with
 * one log line each. Problems name the property, never a credential.
 */
final class CatalogRegistrar {

    /** The catalog's placeholder for the sandbox's base URL, as in the local stack's catalogs. */
    static final String PLACEHOLDER = "{{sandbox}}";

    private static final Logger log = LoggerFactory.getLogger(CatalogRegistrar.class);

    private final ProviderSandbox sandbox;
    private final URI sandboxUrl;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private final List<Runnable> registrations = new ArrayList<>();
    private final Map<String, String> served = new LinkedHashMap<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();

    private CatalogRegistrar(ProviderSandbox sandbox, URI sandboxUrl, Function<String, String> environment) {
        this.sandbox = sandbox;
        this.sandboxUrl = sandboxUrl;
        this.environment = environment;
    }

    /**
     * Checks the whole catalog before anything is registered.
     *
     * @param source     names the catalog in messages (a file name)
     * @param sandboxUrl what {@value #PLACEHOLDER} stands for, and the origin that counts as this sandbox
     * @throws IllegalArgumentException listing every problem with its property; nothing is registered then
     */
    static CatalogRegistration register(
            ProviderSandbox sandbox, String yaml, String source, Function<String, String> environment, URI sandboxUrl) {
        String base = sandboxUrl.toString().replaceAll("/+$", "");
        CatalogRegistrar registrar = new CatalogRegistrar(sandbox, URI.create(base), environment);
        registrar.read(parse(yaml.replace(PLACEHOLDER, base), source));
        if (!registrar.problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid channel catalog " + source + " for the sandbox: " + String.join("; ", registrar.problems));
        }
        registrar.registrations.forEach(Runnable::run);
        return new CatalogRegistration(registrar.served, registrar.ignored);
    }

    private static Object parse(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // as Spring Boot reads it
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException(
                    "channel catalog " + source + " has a duplicate key" + at(e.getProblemMark()));
        } catch (MarkedYAMLException e) {
            // the position only: the parser's message quotes the offending text, which may be a pasted secret
            throw new IllegalArgumentException(
                    "channel catalog " + source + " is not valid YAML" + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("channel catalog " + source + " is not valid YAML");
        }
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private void read(Object root) {
        if (root == null) {
            return; // an empty file: no channels
        }
        if (!(root instanceof Map<?, ?> top)) {
            problems.add("the catalog must be a YAML mapping with herald.channels");
            return;
        }
        Object herald = top.get("herald");
        Object channels = herald instanceof Map<?, ?> h ? h.get("channels") : null;
        if (channels == null) {
            return;
        }
        if (!(channels instanceof Map<?, ?> byName)) {
            problems.add("herald.channels: must be a mapping of channel name to channel");
            return;
        }
        byName.forEach((name, channel) -> channel(String.valueOf(name), channel));
    }

    private void channel(String name, Object value) {
        String at = "herald.channels." + name;
        if (!(value instanceof Map<?, ?> properties)) {
            problems.add(at + ": must be a mapping with provider, endpoint and credentials");
            return;
        }
        String provider = properties.get("provider") instanceof String p ? p : null;
        if (provider == null || sandbox.verifierFor(provider).isEmpty()) {
            problems.add(at + ".provider: '" + provider + "' is not one of " + sandbox.providerIds());
            return;
        }
        URI endpoint = endpoint(at, properties.get("endpoint"));
        if (endpoint == null) {
            return;
        }
        if (!sameOrigin(endpoint, sandboxUrl)) {
            String origin = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
            ignored.put(name, "its endpoint is on " + origin + ", not on the sandbox " + sandboxUrl);
            log.info("Channel {} ({}) is not served by the sandbox: its endpoint is on {}", name, provider, origin);
            return;
        }
        Map<String, String> credentials = credentials(at, properties.get("credentials"));
        if (credentials == null) {
            return;
        }
        SandboxVerifier verifier = sandbox.verifierFor(provider).orElse(null);
        if (verifier == null) {
            problems.add(at + ".provider: '" + provider + "' is not one of " + sandbox.providerIds());
            return;
        }
        new Channel(at, endpoint, credentials).registrationFor(verifier).ifPresent(registration -> {
            registrations.add(registration);
            served.put(name, provider);
        });
    }

    private URI endpoint(String at, Object value) {
        URI endpoint = null;
        if (value instanceof String text) {
            try {
                endpoint = new URI(text);
            } catch (URISyntaxException e) {
                endpoint = null;
            }
        }
        if (endpoint == null
                || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            problems.add(at + ".endpoint: an absolute http(s) URL is required");
            return null;
        }
        return endpoint;
    }

    private Map<String, String> credentials(String at, Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> references)) {
            problems.add(at + ".credentials: must be a mapping of credential name to env:VARIABLE or file:/path");
            return null;
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        references.forEach(
                (key, reference) -> credentials.put(String.valueOf(key), reference instanceof String r ? r : null));
        return credentials;
    }

    /** Same scheme, host and port; the loopback names (127.0.0.1, localhost, ::1) count as one host. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && b.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && port(a) == port(b)
                && (a.getHost().equalsIgnoreCase(b.getHost()) || loopback(a.getHost()) && loopback(b.getHost()));
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** One channel being read; credential problems are collected, not thrown, so every one is reported. */
    private final class Channel implements SandboxChannel {
        private final String at;
        private final URI endpoint;
        private final Map<String, String> credentials;
        private String provider;

        Channel(String at, URI endpoint, Map<String, String> credentials) {
            this.at = at;
            this.endpoint = endpoint;
            this.credentials = credentials;
        }

        java.util.Optional<Runnable> registrationFor(SandboxVerifier verifier) {
            provider = verifier.provider();
            return verifier.registration(this);
        }

        @Override
        public String at() {
            return at;
        }

        @Override
        public String path() {
            return endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        }

        @Override
        public URI sandboxUrl() {
            return sandboxUrl;
        }

        @Override
        public Map<String, String> credentials() {
            return credentials;
        }

        @Override
        public String required(String key) {
            String property = at + ".credentials." + key;
            if (!credentials.containsKey(key)) {
                problems.add(property + ": not configured (give env:VARIABLE or file:/path)");
                return null;
            }
            try {
                return SecretReferences.resolve(property, credentials.get(key), environment);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        @Override
        public void problem(String message) {
            problems.add(message);
        }

        /** The path is not echoed: a Feishu endpoint carries its hook token there. */
        @Override
        public void wrongPath(String served) {
            problems.add(at + ".endpoint: the sandbox serves " + provider + " at " + PLACEHOLDER + served);
        }

        @Override
        public boolean onSandbox(URI uri) {
            return sameOrigin(uri, sandboxUrl);
        }
    }
}
