package io.herald.dispatcher.transport;

import io.herald.dispatcher.network.ProxyRoutes;
import io.herald.dispatcher.network.TlsProfiles;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link HttpTransport}'s clients: one Apache HttpClient (and connection pool) per TLS profile, built on first use
 * with the timeouts, the pool size and the proxy routes, never redirecting or retrying on its own.
 */
final class ProfileClients implements AutoCloseable {

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxConnectionsPerHost;
    private final TlsProfiles tls;
    private final ProxyRoutes proxies;
    /** One client (and connection pool) per TLS profile, built on first use. */
    private final Map<String, CloseableHttpClient> clientsByProfile = new ConcurrentHashMap<>();

    ProfileClients(
            Duration connectTimeout,
            Duration requestTimeout,
            TlsProfiles tls,
            ProxyRoutes proxies,
            int maxConnectionsPerHost) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxConnectionsPerHost = maxConnectionsPerHost;
        this.tls = tls;
        this.proxies = proxies;
    }

    /** The client for a channel's TLS profile. */
    CloseableHttpClient clientFor(String channel, String host) {
        if (tls == null) {
            return clientsByProfile.computeIfAbsent("default", name -> build(null));
        }
        TlsProfiles.TlsProfile profile = tls.profileFor(channel, host);
        return clientsByProfile.computeIfAbsent(profile.name(), name -> build(profile));
    }

    private CloseableHttpClient build(TlsProfiles.TlsProfile profile) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(maxConnectionsPerHost)
                .setMaxConnTotal(maxConnectionsPerHost * 16)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        // a kept-alive connection idle this long is checked before reuse: a provider that closed it
                        // would otherwise fail the try with "no response"
                        .setValidateAfterInactivity(Timeout.ofSeconds(1))
                        .build());
        // the profile's protocols and suites, or the JDK's defaults (javax.net.ssl.* system properties honoured); the
        // host name is checked by JSSE ("HTTPS" endpoint identification), as the JDK client does
        pool.setTlsSocketStrategy(
                profile == null
                        ? DefaultClientTlsStrategy.createSystemDefault()
                        : new DefaultClientTlsStrategy(
                                profile.context(),
                                profile.parameters().getProtocols(),
                                profile.parameters().getCipherSuites(),
                                SSLBufferMode.STATIC,
                                HostnameVerificationPolicy.BUILTIN,
                                null));
        var client = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching();
        // without any proxy configured, the client's default planner routes every request direct, as the proxy routes
        // would, without building a URI per request to ask them
        if (proxies != null && !proxies.directOnly()) {
            client.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        }
        return client.build();
    }

    /** What a diagnostic says about the route: TLS profile offered and proxy used. */
    String route(String channel, String host) {
        String proxy = proxies == null ? "direct" : proxies.describe(host);
        if (tls == null) {
            return "JDK default TLS, " + proxy;
        }
        TlsProfiles.TlsProfile profile = tls.profileFor(channel, host);
        return profile.name() + " TLS profile offering " + profile.describe() + ", " + proxy;
    }

    @Override
    public void close() {
        clientsByProfile.values().forEach(client -> {
            try {
                client.close();
            } catch (IOException e) {
                // closing idle connections: nothing to do about a failure
            }
        });
    }
}
