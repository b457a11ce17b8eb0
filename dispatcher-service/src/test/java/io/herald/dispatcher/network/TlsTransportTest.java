package io.herald.dispatcher.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.herald.contract.provider.Provider;
import io.herald.contract.secret.SecretResolver;
import io.herald.dispatcher.classify.DeliveryClassifier;
import io.herald.dispatcher.classify.ProviderClassifiers;
import io.herald.dispatcher.transport.HttpTransport;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.schema.HttpCall;
import io.herald.schema.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS per channel against a real local HTTPS server (JDK {@link HttpsServer}, self-signed certificate made
 * with {@code keytool}) that accepts only TLSv1.2 with one cipher suite. The dispatcher's default profile
 * here is hardened to TLSv1.3 only, as an operator might set it: the handshake fails with a diagnostic; the
 * channel's own profile (TLSv1.2, that suite, the server's certificate in an extra trust store) succeeds.
 */
class TlsTransportTest {

    private static final String SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private static final String PASSWORD = "changeit-test";

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path trustStore;

    @BeforeAll
    static void startLegacyHttpsServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "legacy-provider",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters only = context.getDefaultSSLParameters();
                only.setProtocols(new String[] {"TLSv1.2"});
                only.setCipherSuites(new String[] {SUITE});
                params.setSSLParameters(only);
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] ok = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static NetworkProperties.TlsSettings profile(List<String> protocols, List<String> suites) {
        return new NetworkProperties.TlsSettings(protocols, suites, trustStore.toString(), "env:TRUST_PASSWORD");
    }

    private static HttpTransport transport(Map<String, NetworkProperties.TlsSettings> channels) {
        NetworkProperties.Tls tls =
                new NetworkProperties.Tls(profile(List.of("TLSv1.3"), List.of()), channels, Map.of());
        SecretResolver secrets = new SecretResolver(name -> name.equals("TRUST_PASSWORD") ? PASSWORD : null);
        return new HttpTransport(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Clock.systemUTC(),
                new TlsProfiles(tls, secrets),
                new ProxyRoutes(new NetworkProperties.Proxy(null, Map.of(), List.of())),
                8);
    }

    private static HttpCall call() {
        return HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl("https://127.0.0.1:" + server.getAddress().getPort() + "/robot/send?access_token=t0ken")
                .setHeaders(Map.of("Content-Type", "application/json"))
                .setBody(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static Classification classify(TransportResult result) {
        return new DeliveryClassifier(ProviderClassifiers.builtIn()).classify(Provider.of("dingtalk"), result);
    }

    @Test
    void handshakeTheDefaultProfileCannotMakeFailsWithADiagnostic() throws InterruptedException {
        TransportResult result = transport(Map.of()).send("legacy", call());

        Classification classification = classify(result);
        assertThat(classification.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(classification.error())
                .startsWith(
                        "TLS handshake with 127.0.0.1:" + server.getAddress().getPort() + " failed: ")
                .contains("offered default TLS profile offering protocols [TLSv1.3]", "direct")
                .doesNotContain("t0ken");

        // what the timeline shows: offered vs what the server said, the proxy (none here), the property to change
        io.herald.schema.FailureExplanation explained = new io.herald.dispatcher.explain.FailureExplainer()
                .explain(
                        Provider.of("dingtalk"),
                        io.herald.dispatcher.Fixtures.signed(1, java.time.Instant.now()),
                        classification,
                        null);
        assertThat(explained.getText())
                .isEqualTo("TLS handshake with 127.0.0.1:" + server.getAddress().getPort() + " failed");
        assertThat(explained.getLikelyCause())
                .startsWith("the server answered: ")
                .contains("Herald offered the default TLS profile offering protocols [TLSv1.3]", ", direct.")
                .contains("herald.dispatcher.network.tls.channels.");
    }

    @Test
    void channelProfileWithTheServersProtocolSuiteAndTrustStoreDelivers() throws InterruptedException {
        HttpTransport transport = transport(Map.of("legacy", profile(List.of("TLSv1.2"), List.of(SUITE))));

        TransportResult result = transport.send("legacy", call());

        assertThat(result).isInstanceOf(TransportResult.Answered.class);
        assertThat(classify(result).outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @Test
    void otherChannelsKeepTheDefaultProfile() throws InterruptedException {
        HttpTransport transport = transport(Map.of("legacy", profile(List.of("TLSv1.2"), List.of(SUITE))));

        assertThat(transport.send("modern", call())).isInstanceOf(TransportResult.Failed.class);
    }

    @Test
    void unknownProtocolFailsAtStartNamingTheProperty() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> transport(Map.of("legacy", profile(List.of("TLSv9"), List.of()))))
                .hasMessage(
                        "herald.dispatcher.network.tls.channels.legacy.protocols: 'TLSv9' is not supported by this JDK");
    }
}
