package io.herald.dispatcher.transport;

import java.net.URI;

/**
 * A request's URL, parsed once for everyone who needs a part of it: the guards key their circuit breaker on
 * {@link #endpoint()} and their bulkhead on {@link #display()}, the transport sends to {@link #uri()}. Parsing it per
 * use cost several % of the dispatcher's CPU; {@link RecentTargets} keeps the targets of URLs that come again. The URL
 * may carry credentials (a token in the query, a Slack path): {@link #toString()} shows only {@code host:port}.
 */
public final class Target {

    private final String url;
    /** {@code null} when the URL does not parse. */
    private final URI uri;
    /** {@code host:port}, the port defaulted by scheme; {@code null} when the URL names no host. */
    private final String hostAndPort;
    /** Kept, not rebuilt per try: the guards look their circuit breaker up by it (its hash is kept too). */
    private final String endpoint;

    private Target(String url, URI uri, String hostAndPort) {
        this.url = url;
        this.uri = uri;
        this.hostAndPort = hostAndPort;
        this.endpoint = hostAndPort == null
                ? url
                : uri.getScheme() + "://" + hostAndPort + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Parses {@code url}; a URL that does not parse still makes a target (sending it fails as it always did). */
    public static Target of(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Target(url, null, null);
        }
        if (uri.getHost() == null) {
            return new Target(url, uri, null);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return new Target(url, uri, uri.getHost() + ":" + port);
    }

    /** The URL as signed (credentials included: never log it). */
    public String url() {
        return url;
    }

    /**
     * The parsed URL.
     *
     * @throws IllegalArgumentException the one {@link URI#create} throws, when the URL does not parse (parsed again
     *     here: a failure is rare, and its message would hold the URL, so it is not kept)
     */
    URI uri() {
        return uri != null ? uri : URI.create(url);
    }

    /** The host, or {@code null} when the URL does not parse or names none. */
    String host() {
        return uri == null ? null : uri.getHost();
    }

    /** {@code host:port} (port defaulted by scheme), or {@code null} when the URL does not parse or names no host. */
    String hostAndPort() {
        return hostAndPort;
    }

    /**
     * What the circuit breaker is kept per: {@code scheme://host:port/path} without the query, or the whole URL when it
     * does not parse or names no host.
     */
    public String endpoint() {
        return endpoint;
    }

    /** {@code host:port} only, or {@code "endpoint"} without a host: safe to show (a path may hold a credential). */
    public String display() {
        return hostAndPort != null ? hostAndPort : "endpoint";
    }

    @Override
    public String toString() {
        return display();
    }
}
