package io.herald.dispatcher;

import io.herald.contract.Provider;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this dispatcher instance delivers ({@code herald.dispatcher.*}); documented with defaults in
 * {@code application.yml}.
 *
 * @param providers provider ids this instance consumes {@code herald.signed.<id>} for
 * @param maxAttempts tries per notification before it is dead-lettered
 * @param maxAge no retry once a notification was accepted this long ago
 * @param connectTimeout TCP (and TLS) connect timeout towards providers
 * @param requestTimeout time allowed from sending a request to the provider's answer
 * @param ackTimeout time allowed for Kafka to acknowledge the outcome records of one try
 * @param instanceId names this instance on every attempt; blank means {@code <hostname>-<pid>}
 */
@Validated
@ConfigurationProperties("herald.dispatcher")
public record DispatcherProperties(
        @DefaultValue("dingtalk") @NotEmpty List<String> providers,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("24h") @NotNull Duration maxAge,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration requestTimeout,
        @DefaultValue("30s") @NotNull Duration ackTimeout,
        @DefaultValue("") String instanceId) {

    public DispatcherProperties {
        providers = List.copyOf(new LinkedHashSet<>(providers == null ? List.of() : providers));
        for (String id : providers) {
            if (Provider.byId(id).isEmpty()) {
                throw new IllegalArgumentException("herald.dispatcher.providers: unknown provider '" + id
                        + "'; known: " + Provider.knownIds());
            }
        }
        requirePositive("herald.dispatcher.max-age", maxAge);
        requirePositive("herald.dispatcher.connect-timeout", connectTimeout);
        requirePositive("herald.dispatcher.request-timeout", requestTimeout);
        requirePositive("herald.dispatcher.ack-timeout", ackTimeout);
        instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId.strip();
    }

    /** The configured providers, in configuration order. */
    public List<Provider> providerList() {
        return providers.stream().map(id -> Provider.byId(id).orElseThrow()).toList();
    }

    private static void requirePositive(String property, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
