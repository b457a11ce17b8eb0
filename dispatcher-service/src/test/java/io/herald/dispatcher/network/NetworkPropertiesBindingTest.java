package io.herald.dispatcher.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.secret.SecretResolver;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.schema.HttpCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * A per-channel TLS profile set the way an operator sets it: {@code application.yml}'s defaults plus a command-line
 * option for a channel whose name has a dash, bound by Spring's {@link Binder} as at start-up, then used by the
 * transport. The other TLS tests build {@link NetworkProperties} by hand, so they cannot see a binding problem.
 */
class NetworkPropertiesBindingTest {

    private static NetworkProperties bind(String... commandLine) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(commandLine));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        return Binder.get(environment)
                .bind("herald.dispatcher.network", NetworkProperties.class)
                .get();
    }

    /** A port nothing listens on: the try fails at once, and the failure names the route it took. */
    private static HttpCall callToAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl("https://127.0.0.1:" + port + "/hooks/fe-tls")
                .setHeaders(Map.of("Content-Type", "application/json"))
                .setBody(ByteBuffer.wrap(new byte[] {'{', '}'}))
                .build();
    }

    @Test
    void commandLineProfileOfAChannelWithADashIsTheOneItsTriesOffer() throws Exception {
        NetworkProperties network = bind("--herald.dispatcher.network.tls.channels.fe-tls.protocols=TLSv1.2");
        assertThat(network.tls().channels()).containsOnlyKeys("fe-tls");

        TransportResult result;
        TransportResult otherChannel;
        try (HttpTransport transport = new HttpTransport(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Clock.systemUTC(),
                new TlsProfiles(network.tls(), new SecretResolver(name -> null)),
                new ProxyRoutes(network.proxy()),
                4)) {
            result = transport.send("fe-tls", callToAClosedPort());
            otherChannel = transport.send("fe-tls-2", callToAClosedPort());
        }

        assertThat(result)
                .isInstanceOfSatisfying(
                        TransportResult.Failed.class,
                        failed -> assertThat(failed.route())
                                .startsWith("channel fe-tls TLS profile offering protocols [TLSv1.2], ")
                                .endsWith(", direct"));
        assertThat(otherChannel)
                .isInstanceOfSatisfying(
                        TransportResult.Failed.class,
                        failed -> assertThat(failed.route())
                                .startsWith("default TLS profile offering protocols [")
                                .doesNotContain("fe-tls"));
    }
}
