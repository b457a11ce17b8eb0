package io.herald.contract.kafka;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryClientFacadeImpl;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.client.models.SortOrder;
import io.apicurio.registry.rest.client.models.VersionSearchResults;
import io.apicurio.registry.rest.client.models.VersionSortBy;
import io.kiota.http.jdk.JDKRequestAdapter;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The schema registry client of Herald's serdes: the JDK HTTP client with a connect timeout and a deadline on every
 * request. The registry client Apicurio builds on its own sets neither a request timeout nor a way to add one, and a
 * registry that accepts a connection but never answers held a consumer thread in {@code HttpClient.send} for good
 * (issue 15: herald.requests stopped on all partitions while health said UP).
 */
final class RegistryClients {

    /** Serde config keys, set by {@link HeraldKafkaAutoConfiguration} from {@code herald.kafka.registry-timeout}. */
    static final String CONNECT_TIMEOUT_MS = "herald.registry.connect-timeout-ms";

    static final String REQUEST_TIMEOUT_MS = "herald.registry.request-timeout-ms";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private RegistryClients() {}

    static RegistryClientFacade facade(Map<String, ?> configs) {
        return new RegistryClientFacadeImpl(client(configs));
    }

    static RegistryClient client(Map<String, ?> configs) {
        Object url = configs.get("apicurio.registry.url");
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("apicurio.registry.url is not set (herald.kafka.registry-url)");
        }
        Duration connect = duration(configs, CONNECT_TIMEOUT_MS);
        Duration request = duration(configs, REQUEST_TIMEOUT_MS);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .build();
        JDKRequestAdapter adapter = new JDKRequestAdapter(new WithRequestTimeout(http, request));
        adapter.setBaseUrl(url.toString());
        return new RegistryClient(adapter);
    }

    /** The highest global id of the registry's versions (0 when it has none), for {@link SchemaIdCeiling}. */
    static long highestGlobalId(RegistryClient client) {
        VersionSearchResults newest = client.search().versions().get(request -> {
            request.queryParameters.orderby = VersionSortBy.GlobalId;
            request.queryParameters.order = SortOrder.Desc;
            request.queryParameters.limit = 1;
        });
        return newest == null
                        || newest.getVersions() == null
                        || newest.getVersions().isEmpty()
                ? 0
                : newest.getVersions().getFirst().getGlobalId();
    }

    private static Duration duration(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Long.parseLong(value.toString()));
    }

    /** Gives every request without a timeout of its own {@code timeout}. */
    static final class WithRequestTimeout extends HttpClient {

        private final HttpClient delegate;
        private final Duration timeout;

        WithRequestTimeout(HttpClient delegate, Duration timeout) {
            this.delegate = delegate;
            this.timeout = timeout;
        }

        private HttpRequest timed(HttpRequest request) {
            return request.timeout().isPresent()
                    ? request
                    : HttpRequest.newBuilder(request, (name, value) -> true)
                            .timeout(timeout)
                            .build();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return delegate.send(timed(request), handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(timed(request), handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request,
                HttpResponse.BodyHandler<T> handler,
                HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
            return delegate.sendAsync(timed(request), handler, pushPromiseHandler);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return delegate.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
