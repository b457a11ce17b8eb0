package io.herald.dispatcher.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses the proxy for a provider host: the bypass list first (never proxied), then a per-host route
 * ({@code direct} or a proxy URL), then the default proxy, else direct. Used as the HTTP client's
 * {@link ProxySelector} and to name the proxy in a TLS diagnostic.
 */
public final class ProxyRoutes extends ProxySelector {

    private final URI defaults;
    private final Map<String, String> hosts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> bypass;

    public ProxyRoutes(NetworkProperties.Proxy settings) {
        this.defaults =
                settings.defaults() == null || settings.defaults().toString().isBlank() ? null : settings.defaults();
        this.hosts.putAll(settings.hosts());
        this.bypass = settings.bypass().stream()
                .map(p -> p.strip().toLowerCase(Locale.ROOT))
                .toList();
        hosts.forEach((host, route) -> {
            if (!route.equalsIgnoreCase("direct")) {
                address(URI.create(route), "herald.dispatcher.network.proxy.hosts[" + host + "]");
            }
        });
        if (defaults != null) {
            address(defaults, "herald.dispatcher.network.proxy.defaults");
        }
    }

    @Override
    public List<Proxy> select(URI uri) {
        return List.of(proxyFor(uri.getHost()));
    }

    public Proxy proxyFor(String host) {
        if (host == null || bypassed(host.toLowerCase(Locale.ROOT))) {
            return Proxy.NO_PROXY;
        }
        String route = hosts.get(host);
        if (route != null) {
            return route.equalsIgnoreCase("direct")
                    ? Proxy.NO_PROXY
                    : new Proxy(Proxy.Type.HTTP, address(URI.create(route), "proxy route"));
        }
        return defaults == null ? Proxy.NO_PROXY : new Proxy(Proxy.Type.HTTP, address(defaults, "default proxy"));
    }

    /** Whether every host goes direct: no default proxy and no per-host proxy (only {@code direct} routes, if any). */
    public boolean directOnly() {
        return defaults == null && hosts.values().stream().allMatch(route -> route.equalsIgnoreCase("direct"));
    }

    /** {@code proxy host:port} or {@code direct}, for diagnostics. */
    public String describe(String host) {
        Proxy proxy = proxyFor(host);
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "direct";
        }
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return "proxy " + address.getHostString() + ":" + address.getPort();
    }

    private boolean bypassed(String host) {
        for (String pattern : bypass) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static InetSocketAddress address(URI proxy, String property) {
        if (proxy.getHost() == null || proxy.getPort() == -1) {
            throw new IllegalArgumentException(property + ": a proxy is http://host:port, was " + proxy);
        }
        return InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort());
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: the failure reaches the transport and becomes an attempt
    }
}
