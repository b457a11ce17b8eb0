package io.herald.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.sandbox.SandboxMain.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxMainTest {

    final Function<String, String> env = Map.of("DINGTALK_SECRET", "SECfromenv")::get;

    @Test
    void defaultsToPort18080WithoutCatalog() {
        Options options = SandboxMain.parse(new String[0], env);

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(18080);
        assertThat(options.sntpPort()).isEqualTo(-1);
        assertThat(options.channels()).isNull();
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
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port", "http"}, env))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"}, env))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--verbose"}, env))
                .hasMessageContaining("--verbose");
        // providers are set up through a catalog (--channels), never with provider-specific options
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--dingtalk-robot", "tok=SEC1"}, env))
                .hasMessageContaining("unknown argument '--dingtalk-robot'");
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
            var answer = new SandboxClient()
                    .post(
                            SandboxClient.signedUri(sandbox.endpoint("dingtalk"), "ops-robot-token", now, "SECfromenv"),
                            SandboxClient.TEXT_MESSAGE);
            assertThat(answer.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
    }

    @Test
    void channelsOptionsAreChecked() {
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--base-url", "http://sandbox:18080"}, env))
                .hasMessageContaining("--base-url only matters with --channels");
        assertThatThrownBy(() ->
                        SandboxMain.parse(new String[] {"--channels", "c.yml", "--base-url", "sandbox:18080"}, env))
                .hasMessageContaining("--base-url must be an http URL");
        assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--channels"}, env))
                .hasMessageContaining("needs a value");
        assertThat(SandboxMain.USAGE).contains("--channels FILE", "--base-url URL", "/_sandbox/faults");
    }

    private static void writeCatalog(Path file, String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
