package io.herald.dispatcher.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyRoutesTest {

    private final ProxyRoutes routes = new ProxyRoutes(new NetworkProperties.Proxy(
            URI.create("http://proxy.corp:3128"),
            Map.of("oapi.dingtalk.com", "http://cn-egress:8080", "hooks.slack.com", "direct"),
            List.of("*.internal", "127.0.0.1")));

    @Test
    void unlistedHostUsesTheDefaultProxy() {
        assertThat(routes.describe("open.feishu.cn")).isEqualTo("proxy proxy.corp:3128");
    }

    @Test
    void hostRouteWinsOverTheDefault() {
        assertThat(routes.describe("oapi.dingtalk.com")).isEqualTo("proxy cn-egress:8080");
        assertThat(routes.describe("hooks.slack.com")).isEqualTo("direct");
    }

    @Test
    void bypassedHostsGoDirect() {
        assertThat(routes.describe("alerts.internal")).isEqualTo("direct");
        assertThat(routes.describe("127.0.0.1")).isEqualTo("direct");
        assertThat(routes.select(URI.create("https://api.internal/x")))
                .singleElement()
                .isEqualTo(java.net.Proxy.NO_PROXY);
    }

    @Test
    void noDefaultProxyMeansDirect() {
        ProxyRoutes none = new ProxyRoutes(new NetworkProperties.Proxy(null, Map.of(), List.of()));

        assertThat(none.describe("open.feishu.cn")).isEqualTo("direct");
    }

    @Test
    void routesWithoutAnyProxyAreDirectOnly() {
        assertThat(new ProxyRoutes(new NetworkProperties.Proxy(null, Map.of(), List.of())).directOnly())
                .isTrue();
        assertThat(new ProxyRoutes(new NetworkProperties.Proxy(
                                null, Map.of("hooks.slack.com", "DIRECT"), List.of("*.internal")))
                        .directOnly())
                .isTrue();
        assertThat(new ProxyRoutes(new NetworkProperties.Proxy(
                                null, Map.of("oapi.dingtalk.com", "http://cn-egress:8080"), List.of()))
                        .directOnly())
                .isFalse();
        assertThat(routes.directOnly()).isFalse();
    }

    @Test
    void proxyWithoutPortFailsNamingTheProperty() {
        assertThatThrownBy(() -> new ProxyRoutes(
                        new NetworkProperties.Proxy(null, Map.of("a.example", "http://proxy"), List.of())))
                .hasMessageStartingWith(
                        "herald.dispatcher.network.proxy.hosts[a.example]: a proxy is http://host:port");
    }
}
