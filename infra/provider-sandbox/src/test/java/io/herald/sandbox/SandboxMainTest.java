package io.herald.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.sandbox.SandboxMain.Options;
import io.herald.sandbox.SandboxMain.Robot;
import io.herald.sandbox.dingtalk.ErrmsgStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMainTest {

    final Function<String, String> env = Map.of("DINGTALK_SECRET", "SECfromenv")::get;

    @Test
    void defaultsToPort18080AndCurrentTexts() {
        Options options = SandboxMain.parse(new String[0], env);

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(18080);
        assertThat(options.sntpPort()).isEqualTo(-1);
        assertThat(options.robots()).isEmpty();
        assertThat(options.errmsgStyle()).isEqualTo(ErrmsgStyle.CURRENT);
    }

    @Test
    void parsesRepeatedRobotsWithEveryKindOfSecretReference(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "SECfromfile\n");

        Options options = SandboxMain.parse(
                new String[] {
                    "--port", "0",
                    "--dingtalk-robot", "tok1=env:DINGTALK_SECRET",
                    "--dingtalk-robot=tok2=file:" + secretFile,
                    "--dingtalk-robot", "tok3=SEClit=eral",
                    "--dingtalk-robot", "tok4",
                    "--dingtalk-errmsg=legacy"
                },
                env);

        assertThat(options.port()).isZero();
        assertThat(options.robots())
                .containsExactly(
                        new Robot("tok1", "SECfromenv"),
                        new Robot("tok2", "SECfromfile"),
                        new Robot("tok3", "SEClit=eral"),
                        new Robot("tok4", null));
        assertThat(options.errmsgStyle()).isEqualTo(ErrmsgStyle.LEGACY);
    }

    @Test
    void parsesHostAndSntpPort() {
        Options options = SandboxMain.parse(new String[] {"--host", "0.0.0.0", "--sntp-port=12123"}, env);

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.sntpPort()).isEqualTo(12123);
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--sntp-port", "70000"}, env))
                .hasMessageContaining("--sntp-port must be 0..65535");
    }

    @Test
    void parsesEveryOtherProviderAndRegistersIt() {
        Function<String, String> env = Map.of("TC_KEY", "tc-secret", "WH", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")::get;

        Options options = SandboxMain.parse(
                new String[] {
                    "--feishu-bot", "fs-token=SECfs",
                    "--feishu-bot", "fs-plain",
                    "--wecom-robot", "wecom-key",
                    "--slack-webhook", "T1/B1/X1",
                    "--webhook", "orders=env:WH,whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkh",
                    "--tencentcloud-key", "AKIDxyz=env:TC_KEY",
                    "--dogecloud-key=dogeAK=dogeSK"
                },
                env);

        assertThat(options.registrations())
                .extracting(SandboxMain.Registration::option, SandboxMain.Registration::id)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("--feishu-bot", "fs-token"),
                        org.assertj.core.groups.Tuple.tuple("--feishu-bot", "fs-plain"),
                        org.assertj.core.groups.Tuple.tuple("--wecom-robot", "wecom-key"),
                        org.assertj.core.groups.Tuple.tuple("--slack-webhook", "T1/B1/X1"),
                        org.assertj.core.groups.Tuple.tuple("--webhook", "orders"),
                        org.assertj.core.groups.Tuple.tuple("--tencentcloud-key", "AKIDxyz"),
                        org.assertj.core.groups.Tuple.tuple("--dogecloud-key", "dogeAK"));
        assertThat(options.registrations().get(4).secrets()).hasSize(2);
        assertThat(options.registrations().get(5).secrets()).containsExactly("tc-secret");
        assertThat(options.registrations().toString()).doesNotContain("tc-secret", "SECfs", "dogeSK");
        try (ProviderSandbox sandbox = ProviderSandbox.start(0, java.time.Clock.systemUTC())) {
            options.registrations().forEach(r -> r.applyTo(sandbox));
        }
    }

    @Test
    void providerOptionsNeedTheirSecrets() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--tencentcloud-key", "AKID"}, env))
                .hasMessageContaining("--tencentcloud-key needs ID=SECRET_REF");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--wecom-robot", "k=x"}, env))
                .hasMessageContaining("takes no secret");
    }

    @Test
    void unsetEnvironmentVariableFailsNamingTheVariableNotTheSecret() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--dingtalk-robot", "tokentoken=env:NOPE"}, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOPE")
                .hasMessageContaining("to…en")
                .hasMessageNotContaining("tokentoken");
    }

    @Test
    void missingSecretFileFailsNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--dingtalk-robot", "tok=file:" + missing}, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port", "http"}, env))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"}, env)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--verbose"}, env)).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--dingtalk-robot", "=x"}, env))
                .hasMessageContaining("empty token");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--dingtalk-errmsg", "old"}, env))
                .hasMessageContaining("current or legacy");
    }

    @Test
    void channelsServesTheCatalogAtTheBaseUrlTheServicesUse(@TempDir Path dir) {
        Path catalog = dir.resolve("channels.yml");
        writeCatalog(catalog, """
                herald:
                  channels:
                    ops:
                      provider: dingtalk
                      endpoint: {{sandbox}}/dingtalk/robot/send
                      credentials:
                        access-token: env:OPS_TOKEN
                        secret: env:DINGTALK_SECRET
                    elsewhere:
                      provider: wecom
                      endpoint: http://127.0.0.1:18080/wecom/cgi-bin/webhook/send
                """);
        Function<String, String> env = Map.of("OPS_TOKEN", "ops-robot-token", "DINGTALK_SECRET", "SECfromenv")::get;

        Options options = SandboxMain.parse(
                new String[] {"--port", "0", "--channels", catalog.toString(), "--base-url=http://sandbox:18080"}, env);

        assertThat(options.channels()).isEqualTo(catalog);
        assertThat(options.baseUrl()).hasToString("http://sandbox:18080");
        try (ProviderSandbox sandbox = ProviderSandbox.start(0, java.time.Clock.systemUTC())) {
            CatalogRegistration registration = SandboxMain.serveCatalog(sandbox, options, env);

            assertThat(registration.served()).containsExactly(Map.entry("ops", "dingtalk"));
            assertThat(registration.ignored()).containsOnlyKeys("elsewhere");
            long now = System.currentTimeMillis();
            var answer = new SandboxClient().post(
                    SandboxClient.signedUri(sandbox.dingTalkEndpoint(), "ops-robot-token", now, "SECfromenv"),
                    SandboxClient.TEXT_MESSAGE);
            assertThat(answer.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
    }

    @Test
    void channelsOptionsAreChecked() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--base-url", "http://sandbox:18080"}, env))
                .hasMessageContaining("--base-url only matters with --channels");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--channels", "c.yml", "--base-url", "sandbox:18080"}, env))
                .hasMessageContaining("--base-url must be an http URL");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--channels"}, env)).hasMessageContaining("needs a value");
        assertThat(SandboxMain.USAGE).contains("--channels FILE", "--base-url URL", "/_sandbox/faults");
    }

    private static void writeCatalog(Path file, String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void robotsPrintWithoutTheirSecrets() {
        assertThat(new Robot("0123456789", "SECsecret")).hasToString("Robot[01…89, signed]");
    }
}
