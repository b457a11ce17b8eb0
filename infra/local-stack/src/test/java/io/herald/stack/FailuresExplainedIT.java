package io.herald.stack;

import static io.herald.stack.PipelineClient.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.dingtalk.sandbox.DingTalkRobotVerifier;
import io.herald.provider.dogecloud.sandbox.DogeCloudVerifier;
import io.herald.provider.tencentcloud.sandbox.TencentCloudVerifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Failures explained, through the whole stack and the provider sandbox: each rejected try's timeline entry says what
 * happened, the likely cause and the provider's documentation, built from the provider's code, the trusted clock and
 * the request. A DingTalk robot that knows another secret (secret mismatch, not the clock), a DogeCloud and a Tencent
 * Cloud key pair with the wrong secret (the bytes sent are the bytes signed), and a TLS handshake with a server that
 * does not speak TLS (what Herald offered, with the channel's own TLS profile set on the dispatcher's command line, what
 * came back, the route). No secret in any of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailuresExplainedIT {

    private static final String ROBOT_TOKEN = "fe-it-robot-token";
    private static final String ROBOT_SECRET = "SECfe-it-the-robots-own-secret-0123";
    private static final String WRONG_SECRET = "SECfe-it-a-secret-the-robot-does-not-know";
    private static final String DOGE_AK = "fe-it-doge-ak";
    private static final String DOGE_SK_WRONG = "fe-it-doge-wrong-sk";
    private static final String TC_ID = "AKIDfeit00000000000000000000000000";
    private static final String TC_KEY_WRONG = "feitwrongsecretkey00000000000000";
    private static final String CATALOG = """
            herald:
              channels:
                fe-ding:
                  provider: dingtalk
                  endpoint: {{sandbox}}/dingtalk/robot/send
                  credentials:
                    access-token: env:FE_ROBOT_TOKEN
                    secret: env:FE_WRONG_SECRET
                fe-doge:
                  provider: dogecloud
                  endpoint: {{sandbox}}/dogecloud
                  credentials:
                    access-key: env:FE_DOGE_AK
                    secret-key: env:FE_DOGE_SK
                fe-tencent:
                  provider: tencentcloud
                  endpoint: {{sandbox}}/tencentcloud/
                  credentials:
                    secret-id: env:FE_TC_ID
                    secret-key: env:FE_TC_KEY
                fe-tls:
                  provider: webhook
                  endpoint: https://127.0.0.1:%d/hooks/fe-tls
                  credentials:
                    secret: env:FE_WHSEC
            """;

    private LocalStack stack;
    private PipelineClient client;
    private RefusingTlsServer tlsServer;

    @BeforeAll
    void startThePipeline() throws Exception {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        tlsServer = new RefusingTlsServer();
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/failures-explained-it"))
                .freePorts()
                // a TLS server that refuses every handshake (alert handshake_failure), as one would whose protocols
                // and suites Herald's profile does not share
                .channelCatalogContent(CATALOG.formatted(tlsServer.port()))
                .sandboxSetup(s -> s.verifier(DingTalkRobotVerifier.class).addRobot(ROBOT_TOKEN, ROBOT_SECRET))
                .sandboxSetup(s -> s.verifier(DogeCloudVerifier.class).addKey(DOGE_AK, "fe-it-doge-the-real-sk"))
                .sandboxSetup(
                        s -> s.verifier(TencentCloudVerifier.class).addKey(TC_ID, "feitrealsecretkey0000000000000000"))
                .env("FE_ROBOT_TOKEN", ROBOT_TOKEN)
                .env("FE_WRONG_SECRET", WRONG_SECRET)
                .env("FE_DOGE_AK", DOGE_AK)
                .env("FE_DOGE_SK", DOGE_SK_WRONG)
                .env("FE_TC_ID", TC_ID)
                .env("FE_TC_KEY", TC_KEY_WRONG)
                .env("FE_WHSEC", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=dingtalk,dogecloud,tencentcloud,webhook",
                        // fe-tls's own TLS profile, as an operator would pin a legacy provider: the handshake and its
                        // explanation must both use it, not the default profile
                        "--herald.dispatcher.network.tls.channels.fe-tls.protocols=TLSv1.2")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() throws java.io.IOException {
        if (stack != null) {
            stack.close();
        }
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    @Test
    void dingTalkRobotWithAnotherSecretIsExplainedAsASecretMismatch() throws Exception {
        String id = client.post("fe-ding", "signed with a secret the robot does not know");

        JsonNode notification = client.awaitDeadLettered(id);

        JsonNode why = entries(notification, "ATTEMPT").getFirst().path("explanation");
        assertThat(why.path("text").asString()).isEqualTo("DingTalk 310000: sign not match: secret mismatch");
        assertThat(why.path("likelyCause").asString())
                .startsWith("the channel's secret is not the robot's: the signature was made by a trusted clock")
                .contains("DingTalk accepts 3600 s");
        assertThat(why.path("docs").asString())
                .isEqualTo("https://open.dingtalk.com/document/robots/customize-robot-security-settings");
        assertThat(notification.toString()).doesNotContain(WRONG_SECRET, ROBOT_SECRET, ROBOT_TOKEN);
    }

    @Test
    void dogeCloudAccessTokenErrorComparesTheSignedBytesWithTheSentOnes() throws Exception {
        String id = client.post("""
                {"channel":"fe-doge","apiCall":{"method":"POST","path":"/cdn/refresh/add.json",
                 "body":{"rtype":"path","urls":["https://demo.example/"]}}}""");

        JsonNode notification = client.awaitDeadLettered(id);

        JsonNode attempt = entries(notification, "ATTEMPT").getFirst();
        // DogeCloud answers HTTP 200 with its own code in the body
        assertThat(attempt.path("providerCode").asString()).isEqualTo("403");
        JsonNode why = attempt.path("explanation");
        assertThat(why.path("text").asString()).isEqualTo("DogeCloud 403: AccessToken Error");
        assertThat(why.path("likelyCause").asString())
                .startsWith("the bytes sent are the bytes signed (SHA-256 ")
                .contains("the AccessKey/SecretKey pair is wrong (or a proxy rewrote the request after Herald)");
        assertThat(why.path("docs").asString()).isEqualTo("https://docs.dogecloud.com/oss/api-access-token");
        assertThat(notification.toString()).doesNotContain(DOGE_SK_WRONG, "fe-it-doge-the-real-sk");
    }

    @Test
    void tencentCloudSignatureFailureSaysTheBodySentIsTheBodySigned() throws Exception {
        String id = client.post("""
                {"channel":"fe-tencent","apiCall":{"action":"DescribeRecordList","version":"2021-03-23",
                 "body":{"Domain":"failures-explained.example"}}}""");

        JsonNode notification = client.awaitDeadLettered(id);

        JsonNode why = entries(notification, "ATTEMPT").getFirst().path("explanation");
        assertThat(why.path("text").asString())
                .isEqualTo("Tencent Cloud AuthFailure.SignatureFailure: invalid signature");
        assertThat(why.path("likelyCause").asString())
                .startsWith("the body sent is the body signed")
                .contains("secret-key does not belong to its secret-id");
        assertThat(notification.toString()).doesNotContain(TC_KEY_WRONG);
    }

    @Test
    void tlsHandshakeFailureNamesWhatWasOfferedWhatCameBackAndTheRoute() throws Exception {
        String id = client.post("fe-tls", "to a server that does not speak TLS");

        JsonNode attempt = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            JsonNode n = client.notification(id);
                            List<JsonNode> attempts = n == null ? List.of() : entries(n, "ATTEMPT");
                            return attempts.isEmpty() ? null : attempts.getFirst();
                        },
                        a -> a != null);
        JsonNode why = attempt.path("explanation");
        assertThat(why.path("text").asString())
                .isEqualTo("TLS handshake with 127.0.0.1:" + tlsServer.port() + " failed");
        assertThat(why.path("likelyCause").asString())
                .startsWith("the server answered: ")
                .contains("Received fatal alert: handshake_failure. ")
                .contains("Herald offered the channel fe-tls TLS profile offering protocols [TLSv1.2], ")
                .contains("cipher suites")
                .contains(", direct.")
                .contains("herald.dispatcher.network.tls.channels.fe-tls")
                .doesNotContain("default TLS profile", "TLSv1.3");
        // what the server saw: the channel's profile was used for the handshake, not only named in the explanation.
        // The signer's Date probes of the channel's origin (herald.signer.clock.probe-channels) offer the JDK's
        // defaults too, so only a hello with TLSv1.2 alone is the dispatcher's
        assertThat(tlsServer.offeredVersions()).contains(List.of("TLSv1.2"));
    }

    /**
     * Answers every TLS ClientHello with a fatal {@code handshake_failure} alert, then closes; keeps the protocol
     * versions each hello offered (its {@code supported_versions} extension, else its legacy version, RFC 8446 4.1.2).
     */
    private static final class RefusingTlsServer implements AutoCloseable {
        private static final byte[] HANDSHAKE_FAILURE = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        private static final int SUPPORTED_VERSIONS = 43;
        private final java.net.ServerSocket socket;
        private final List<List<String>> offered = new java.util.concurrent.CopyOnWriteArrayList<>();

        RefusingTlsServer() throws java.io.IOException {
            socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket client = socket.accept()) {
                        java.io.InputStream in = client.getInputStream();
                        byte[] header = in.readNBytes(5); // record: type, version, length
                        if (header.length == 5 && header[0] == 0x16) {
                            int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                            offered.add(versions(java.nio.ByteBuffer.wrap(in.readNBytes(length))));
                        }
                        client.getOutputStream().write(HANDSHAKE_FAILURE);
                        client.getOutputStream().flush();
                    } catch (java.io.IOException | RuntimeException e) {
                        // closed, the client went away, or not a ClientHello: next one
                    }
                }
            });
        }

        /** The versions a ClientHello offers (a JDK hello fits one record). */
        private static List<String> versions(java.nio.ByteBuffer hello) {
            hello.position(4); // handshake type and length
            String legacy = name(hello.getShort());
            hello.position(hello.position() + 32); // random
            skip(hello, hello.get() & 0xff); // session id
            skip(hello, hello.getShort() & 0xffff); // cipher suites
            skip(hello, hello.get() & 0xff); // compression methods
            int end = hello.hasRemaining() ? (hello.getShort() & 0xffff) + hello.position() : 0;
            while (hello.position() < end) {
                int type = hello.getShort() & 0xffff;
                int length = hello.getShort() & 0xffff;
                if (type == SUPPORTED_VERSIONS) {
                    List<String> versions = new java.util.ArrayList<>();
                    for (int left = hello.get() & 0xff; left > 0; left -= 2) {
                        versions.add(name(hello.getShort()));
                    }
                    return versions;
                }
                skip(hello, length);
            }
            return List.of(legacy);
        }

        private static void skip(java.nio.ByteBuffer buffer, int bytes) {
            buffer.position(buffer.position() + bytes);
        }

        private static String name(short version) {
            return switch (version) {
                case 0x0304 -> "TLSv1.3";
                case 0x0303 -> "TLSv1.2";
                case 0x0302 -> "TLSv1.1";
                case 0x0301 -> "TLSv1";
                default -> String.format("0x%04x", version & 0xffff);
            };
        }

        List<List<String>> offeredVersions() {
            return List.copyOf(offered);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
