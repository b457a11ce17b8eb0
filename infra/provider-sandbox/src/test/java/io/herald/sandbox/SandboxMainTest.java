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

        assertThat(options.port()).isEqualTo(18080);
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
    void robotsPrintWithoutTheirSecrets() {
        assertThat(new Robot("0123456789", "SECsecret")).hasToString("Robot[01…89, signed]");
    }
}
