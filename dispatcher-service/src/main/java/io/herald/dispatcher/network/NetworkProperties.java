package io.herald.dispatcher.network;

import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * TLS and proxy settings of the dispatcher's connections to providers ({@code herald.dispatcher.network.*},
 * documented with defaults in {@code application.yml}). The channel catalog lives in {@code schemas}, so
 * per-channel network settings are keyed here by channel name (or by host, for every channel on it).
 *
 * @param tls TLS profiles: {@code default}, per channel, per host
 * @param proxy proxy routing by host, with a bypass list
 * @param tlsMaxAttempts consecutive TLS handshake failures after which a notification is dead-lettered
 */
@Validated
@ConfigurationProperties("herald.dispatcher.network")
public record NetworkProperties(
        @DefaultValue Tls tls,
        @DefaultValue Proxy proxy,
        @DefaultValue("2") @Min(1) int tlsMaxAttempts) {

    /**
     * @param defaults the profile of every connection without one of its own
     * @param channels profile per channel name (wins over a host profile)
     * @param hosts profile per host name ({@code hosts[api.example.com]})
     */
    public record Tls(
            @DefaultValue TlsSettings defaults,
            @DefaultValue Map<String, TlsSettings> channels,
            @DefaultValue Map<String, TlsSettings> hosts) {}

    /**
     * One TLS profile; empty lists keep the JDK defaults.
     *
     * @param protocols enabled protocol versions, e.g. TLSv1.2, TLSv1.3
     * @param cipherSuites enabled cipher suites (JSSE names)
     * @param trustStore a PKCS12 file whose certificates are trusted in addition to the JDK's
     * @param trustStorePassword reference to its password: {@code env:VARIABLE} or {@code file:/path}
     */
    public record TlsSettings(
            @DefaultValue List<String> protocols,
            @DefaultValue List<String> cipherSuites,
            String trustStore,
            String trustStorePassword) {

        public boolean isEmpty() {
            return protocols.isEmpty() && cipherSuites.isEmpty() && (trustStore == null || trustStore.isBlank());
        }
    }

    /**
     * @param defaults proxy for every host not listed ({@code http://host:port}); none when blank
     * @param hosts proxy per host ({@code hosts[api.example.com]=http://proxy:3128}, or {@code direct})
     * @param bypass hosts that never use a proxy: exact names, {@code *.suffix} patterns, IP addresses
     */
    public record Proxy(
            URI defaults,
            @DefaultValue Map<String, String> hosts,
            @DefaultValue List<String> bypass) {}
}
